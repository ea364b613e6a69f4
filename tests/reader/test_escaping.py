"""Text is escaped once: "Hips & knees: why 5 < 10" reads the same on cards, in meta tags, OpenGraph,
Twitter, Atom and JSON-LD, and the search index holds the words, not HTML entities."""
from __future__ import annotations

import json

import feedparser
from lxml import html

from runphys.extensions import db
from runphys.models import Case, SearchEntry

SUMMARY = "Hips & knees: why 5 < 10"


def test_a_summary_with_ampersand_and_less_than_reads_right_everywhere(app, client, make) -> None:
    made = make("Joint case", playable=True)
    with app.app_context():
        db.session.get(Case, made.id).summary = SUMMARY
        db.session.commit()
    card = html.fromstring(client.get("/").data).xpath("string(//article[contains(@class,'card')]//p[@class='excerpt'])")
    assert card.strip() == SUMMARY

    doc = html.fromstring(client.get(f"/cases/{made.slug}").data)
    meta = {(m.get("name") or m.get("property")): m.get("content") for m in doc.xpath("//meta[@content]")}
    assert meta["description"] == SUMMARY
    assert meta["og:description"] == SUMMARY
    assert meta["twitter:description"] == SUMMARY
    jsonld = [json.loads(s) for s in doc.xpath("//script[@type='application/ld+json']/text()")]
    assert [item["description"] for item in jsonld if item["@type"] == "Article"] == [SUMMARY]

    feed = feedparser.parse(client.get("/feed.xml").data)
    assert [e.summary for e in feed.entries] == [SUMMARY]


def test_the_search_index_holds_words_not_entities(app, client, make) -> None:
    made = make("Joint case")
    with app.app_context():
        db.session.get(Case, made.id).summary = SUMMARY
        db.session.commit()
        texts = db.session.scalars(db.select(SearchEntry.text).where(SearchEntry.kind == "case")).all()
    assert texts == [f"Joint case {SUMMARY}"]
    for entity_word in ("amp", "lt"):
        doc = html.fromstring(client.get("/search", query_string={"q": entity_word}).data)
        assert doc.xpath("//ol[@class='results']/li") == [], entity_word
    doc = html.fromstring(client.get("/search", query_string={"q": "knees"}).data)
    assert [li.xpath("string(h2)").strip() for li in doc.xpath("//ol[@class='results']/li")] == ["Joint case"]
