"""Every absolute URL the site hands out is built from PUBLIC_URL, whatever Host a request names and
whether PUBLIC_URL ends in a slash: pages, metadata, feeds, the sitemap and the API."""
from __future__ import annotations

import re

import feedparser
from lxml import etree, html
from support import add_token

PUBLIC = "https://runphys.example/"
HOST = {"Host": "attacker.example"}


def absolute_urls(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>\\]+", text)


def test_public_url_with_a_trailing_slash_gives_clean_absolute_urls(app, client, make) -> None:
    app.config["PUBLIC_URL"] = PUBLIC
    made = make("Knee wobble", playable=True)
    page = client.get(f"/cases/{made.slug}", headers=HOST).get_data(as_text=True)
    doc = html.fromstring(page)
    assert doc.xpath("//link[@rel='canonical']/@href") == [f"https://runphys.example/cases/{made.slug}"]
    assert doc.xpath("//meta[@property='og:url']/@content") == [f"https://runphys.example/cases/{made.slug}"]
    found = {
        "case page": absolute_urls(page),
        "clip page": absolute_urls(client.get(f"/clips/{made.clip_uid}", headers=HOST).get_data(as_text=True)),
        "feed": absolute_urls(client.get("/feed.xml", headers=HOST).get_data(as_text=True)),
        "sitemap": absolute_urls(client.get("/sitemap.xml", headers=HOST).get_data(as_text=True)),
        "robots": absolute_urls(client.get("/robots.txt", headers=HOST).get_data(as_text=True)),
    }
    ours = {k: [u for u in v if "runphys.example" in u or "attacker" in u or "localhost" in u]
            for k, v in found.items()}
    assert all(ours.values()), ours
    bad = {k: [u for u in v if not u.startswith("https://runphys.example/") or "//" in u[8:]]
           for k, v in ours.items()}
    assert bad == {k: [] for k in bad}
    feed = feedparser.parse(client.get("/feed.xml").data)
    assert feed.entries[0].link == f"https://runphys.example/cases/{made.slug}"
    root = etree.fromstring(client.get("/sitemap.xml").data)
    assert f"https://runphys.example/cases/{made.slug}" in root.xpath("//*[local-name()='loc']/text()")


def test_the_api_builds_urls_from_public_url_not_the_host(app, client, author) -> None:
    app.config["PUBLIC_URL"] = PUBLIC
    from support import add_user
    add_user(app, "api@example.com")
    auth = {"Authorization": f"Bearer {add_token(app, 'api@example.com')}", **HOST}
    case = client.post("/api/v1/cases", json={"title": "Hip drop"}, headers=auth).json
    assert case["url"] == "https://runphys.example/cases/hip-drop"
    assert client.get(f"/api/v1/cases/{case['id']}", headers=auth).json["url"] == case["url"]
    client.post(f"/api/v1/cases/{case['id']}/consent", json={"client_name": "Jo"}, headers=auth)
    published = client.post(f"/api/v1/cases/{case['id']}/publish", headers=auth).json
    assert published["url"] == "https://runphys.example/cases/hip-drop"
