"""What a reader sees on the listing, category, author, page and case URLs, and what they never see."""
from __future__ import annotations

import json
import re

from lxml import html

from runphys.models import CaseStatus


def titles(response) -> list[str]:
    doc = html.fromstring(response.data)
    return [a.text_content().strip() for a in doc.xpath("//article[contains(@class,'card')]//h2/a")]


def test_header_nav_and_footer_come_from_config_and_pages(app, client) -> None:
    app.config.update(SITE_NAME="Stride Lab", TAGLINE="Watch, then run")
    doc = html.fromstring(client.get("/").data)
    assert doc.xpath("string(//header//*[@class='brand-name'])") == "Stride Lab"
    assert doc.xpath("string(//header//*[@class='tagline'])") == "Watch, then run"
    nav = [a.text_content() for a in doc.xpath("//nav[@aria-label='Main']//a")]
    assert nav == ["Blog", "Injury Prevention", "About", "Contact", "Log in"]  # the same for every visitor
    about = client.get("/pages/about")
    assert about.status_code == 200 and b"<h1>About</h1>" in about.data
    assert client.get("/pages/nothing-here").status_code == 404
    assert doc.xpath("//footer//a[@href='/feed.xml']")


def test_home_lists_newest_first_with_pages(app, client, make) -> None:
    app.config["PER_PAGE"] = 4
    for n in range(10):
        make(f"Case {n:02d}", categories=["Knees"] if n % 2 else ["Hips"])
    first = client.get("/")
    assert titles(first) == ["Case 09", "Case 08", "Case 07", "Case 06"]
    doc = html.fromstring(first.data)
    assert doc.xpath("string(//nav[@class='pagination']//*[@aria-current='page'])").strip().endswith("1")
    assert doc.xpath("//a[@rel='next']/@href") == ["/?page=2"]
    assert not doc.xpath("//a[@rel='prev']")
    third = client.get("/?page=3")
    assert titles(third) == ["Case 01", "Case 00"]
    assert html.fromstring(third.data).xpath("//a[@rel='prev']/@href") == ["/?page=2"]
    assert client.get("/?page=4").status_code == 404
    card = html.fromstring(first.data).xpath("//article[contains(@class,'card')]")[0]
    text = card.text_content()
    assert "by Mike" in text and "Knees" in text and "Leave a comment" in text and "Summary of case 09" in text


def test_category_and_author_pages_list_the_right_cases(app, client, make, author) -> None:
    make("Knee one", categories=["Knees"])
    make("Hip one", categories=["Hips"])
    make("Knee two", categories=["Knees", "Run Form"])
    assert titles(client.get("/category/knees")) == ["Knee two", "Knee one"]
    assert titles(client.get("/category/run-form")) == ["Knee two"]
    assert client.get("/category/nope").status_code == 404
    assert titles(client.get(f"/author/{author}")) == ["Knee two", "Hip one", "Knee one"]
    assert titles(client.get("/author/mike")) == ["Knee two", "Hip one", "Knee one"]
    assert client.get("/author/nobody").status_code == 404


def test_draft_is_404_withdrawn_410_unlisted_reachable_but_never_listed(app, client, make) -> None:
    make("Shown case", notes=[(1.0, "unique wobble word")])
    draft = make("Draft case", status=CaseStatus.DRAFT, notes=[(1.0, "unique wobble word")])
    gone = make("Gone case", status=CaseStatus.WITHDRAWN, notes=[(1.0, "unique wobble word")])
    hidden = make("Hidden case", status=CaseStatus.UNLISTED, notes=[(1.0, "unique wobble word")],
                  categories=["Knees"], playable=True)
    assert client.get(f"/cases/{draft.slug}").status_code == 404
    assert client.get(f"/cases/{gone.slug}").status_code == 410
    page = client.get(f"/cases/{hidden.slug}")
    assert page.status_code == 200 and page.headers["X-Robots-Tag"] == "noindex"
    for url in ("/", "/category/knees", "/feed.xml", "/category/knees/feed.xml", "/sitemap.xml",
                "/search?q=wobble", "/author/mike"):
        body = client.get(url).data.decode()
        for case in (draft, gone, hidden):
            assert case.slug not in body and case.title not in body, (url, case.title)
    assert "Shown case" in client.get("/search?q=wobble").data.decode()


def test_case_page_has_stages_notes_links_and_answers_304(app, client, make) -> None:
    case = make("Left knee wobble", notes=[(1.5, "Knee drifts in"), (3.0, "Heel lands far ahead")], playable=True)
    response = client.get(f"/cases/{case.slug}")
    doc = html.fromstring(response.data)
    assert doc.xpath("string(//section[contains(@class,'stage-initial')]//h2)").strip().startswith("Initial form")
    links = doc.xpath("//ol[@class='notes']//a[@class='note-link']")
    assert [(a.get("href"), a.get("data-t"), a.text) for a in links] == [
        (f"/cases/{case.slug}?t=1.5#clip-{case.clip_uid}", "1.5", "0:01.5"),
        (f"/cases/{case.slug}?t=3.0#clip-{case.clip_uid}", "3.0", "0:03")]
    assert doc.xpath("//figure[@class='clip']/video/source[@type='video/mp4']")
    assert response.headers["Cache-Control"].startswith("public")
    again = client.get(f"/cases/{case.slug}", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert "Set-Cookie" not in response.headers and "Cookie" not in response.headers.get("Vary", "")  # shared caches may keep it


def test_portrait_clips_are_narrower(app, client, make) -> None:
    case = make("Portrait", playable=True)
    from runphys.extensions import db
    from runphys.models import Clip
    with app.app_context():
        clip = db.session.get(Clip, case.clip_id)
        clip.width, clip.height = 360, 640
        clip.media = {**clip.media, "renditions": [{"name": "a.mp4", "width": 360, "height": 640, "kind": "mp4"}]}
        db.session.commit()
    doc = html.fromstring(client.get(f"/cases/{case.slug}").data)
    assert "is-portrait" in doc.xpath("//figure[starts-with(@id,'clip-')]/@class")[0]


def test_subtitles_are_offered_as_a_track_and_served(app, client, make) -> None:
    case = make("With subtitles", playable=True)
    from runphys.extensions import db
    from runphys.models import Clip
    clip_id = case.clip_id
    with app.app_context():
        storage = app.extensions["runphys.storage"]
        import io
        storage.put_stream("private/subtitles/x/en.vtt", io.BytesIO(b"WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n"))
        db.session.get(Clip, clip_id).subtitles_key = "private/subtitles/x/en.vtt"
        db.session.commit()
    doc = html.fromstring(client.get(f"/cases/{case.slug}").data)
    src = doc.xpath("//track[@kind='subtitles']/@src")
    assert src == [f"/clips/{case.clip_uid}/subtitles.vtt"]
    vtt = client.get(src[0])
    assert vtt.status_code == 200 and vtt.mimetype == "text/vtt" and b"Hello" in vtt.data
    assert client.get("/clips/999/subtitles.vtt").status_code == 404


def test_drill_list_summarises_drills_with_links(app, client, make) -> None:
    from runphys import cases as rules
    from runphys.extensions import db
    from runphys.models import Case
    case = make("With drills")
    with app.app_context():
        c = db.session.get(Case, case.id)
        stage = rules.add_stage(c, "drill", "Drills", "Twice a day.")
        clip = rules.new_clip(stage, "clam.mp4", "Side-lying clam", "side")
        clip.duration = 4.0
        db.session.commit()
        rules.add_note(clip, 1.0, "Heels together")
        clip_uid = clip.uuid
    doc = html.fromstring(client.get(f"/cases/{case.slug}").data)
    items = doc.xpath("//section[@id='drill-list']//ol/li")
    assert len(items) == 1
    assert items[0].xpath("a/@href") == [f"#clip-{clip_uid}"] and "Side-lying clam" in items[0].text_content()
    assert "Heels together" in items[0].text_content()
    assert re.search(r"\?t=1\.0#clip-", items[0].xpath(".//ul//a/@href")[0])


def test_case_page_shows_every_edit_at_once(app, client, make) -> None:
    """Pages are cached by content: an edit to a note, a caption or the case shows on the next view."""
    from runphys.extensions import db
    from runphys.models import Case, Clip, Note
    case = make("Cached case", notes=[(1.0, "Old note text")], playable=True)
    first = client.get(f"/cases/{case.slug}")
    assert b"Old note text" in first.data
    with app.app_context():
        db.session.scalar(db.select(Note)).text = "New note text"
        db.session.commit()
    assert b"New note text" in client.get(f"/cases/{case.slug}").data
    with app.app_context():
        db.session.get(Clip, case.clip_id).caption = "Renamed clip"
        db.session.get(Case, case.id).title = "Renamed case"
        db.session.commit()
    page = client.get(f"/cases/{case.slug}", headers={"If-None-Match": first.headers["ETag"]})
    assert page.status_code == 200 and b"Renamed clip" in page.data and b"Renamed case" in page.data
    # A drawing drawn, moved and deleted: the reader's picture follows each time.
    from runphys import drawings
    from runphys.models import Drawing

    def drawn() -> list:
        figure = html.fromstring(client.get(f"/cases/{case.slug}").text).xpath("//figure[@data-drawings]")
        return [d["points"] for n in json.loads(figure[0].get("data-drawings"))["notes"] for d in n["drawings"]] if figure else []

    assert drawn() == []
    with app.app_context():
        drawings.add(db.session.scalar(db.select(Note)), "line", [[0.1, 0.2], [0.3, 0.4]])
    assert drawn() == [[[0.1, 0.2], [0.3, 0.4]]]
    with app.app_context():
        drawings.update(db.session.scalar(db.select(Drawing)), points=[[0.5, 0.5], [0.6, 0.9]])
    assert drawn() == [[[0.5, 0.5], [0.6, 0.9]]]
    with app.app_context():
        drawings.delete(db.session.scalar(db.select(Drawing)))
    assert drawn() == []


def test_author_pages_exist_only_for_authors_of_published_cases_and_never_show_emails(app, client, make) -> None:
    from support import add_user

    from runphys.extensions import db
    from runphys.models import User
    from .conftest import make_case
    admin = add_user(app, "boss.admin@example.com", "admin")
    drafter = add_user(app, "drafts.only@example.com", "physio")
    make_case(app, drafter, "Never published", status=CaseStatus.DRAFT)
    nameless = add_user(app, "jane.private@example.com", "physio")
    with app.app_context():
        db.session.get(User, nameless).name = ""
        db.session.commit()
    published = make_case(app, nameless, "Published by a nameless account")
    for ident in (admin, "boss-admin", "Boss", drafter, "drafts-only", "Drafts"):
        assert client.get(f"/author/{ident}").status_code == 404, ident
    case_page = client.get(f"/cases/{published.slug}").get_data(as_text=True)
    author_link = html.fromstring(case_page).xpath("//p[@class='meta']/a[starts-with(@href, '/author/')]/@href")[0]
    assert client.get(author_link).status_code == 200
    pages = [case_page, client.get("/").get_data(as_text=True), client.get(author_link).get_data(as_text=True),
             client.get("/feed.xml").get_data(as_text=True)]
    assert [p for p in pages if re.search("jane|private@", p, re.I)] == []


def test_a_new_consent_scope_shows_on_the_cached_case_page_at_once(app, client, make) -> None:
    """The share box says a site-only case cannot be embedded; a consent that covers embeds ends that."""
    from datetime import date

    from runphys import cases
    from runphys.extensions import db
    from runphys.models import Case, User
    case = make("Consent scope case", playable=True)
    assert b"cannot be embedded elsewhere" in client.get(f"/cases/{case.slug}").data
    with app.app_context():
        row = db.session.get(Case, case.id)
        cases.record_consent(row, db.session.scalar(db.select(User)), "Private Person", date.today(),
                             scope_embeds=True)
    assert b"cannot be embedded elsewhere" not in client.get(f"/cases/{case.slug}").data
