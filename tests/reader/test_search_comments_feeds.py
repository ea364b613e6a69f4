"""Search, comments with moderation, the Atom feeds and the sitemap, as readers and clients see them."""
from __future__ import annotations

import re

import feedparser
import pytest
from lxml import etree, html
from support import add_user, media_url

from runphys import cases as rules
from runphys.extensions import db
from runphys.models import Case, Clip, Comment, CommentStatus, Note

from .conftest import login


def hits(client, q: str) -> list[tuple[str, str]]:
    """(case title, first hit's link or '') per result of a search."""
    doc = html.fromstring(client.get("/search", query_string={"q": q}).data)
    out = []
    for li in doc.xpath("//ol[@class='results']/li"):
        link = li.xpath(".//a[@class='hit-link']/@href")
        out.append((li.xpath("string(h2)").strip(), link[0] if link else ""))
    return out


def test_search_finds_a_note_and_links_to_its_moment(client, make) -> None:
    case = make("Overstriding", notes=[(12.5, "The left knee wobbles as the foot loads")])
    make("Tight hamstrings", notes=[(2.0, "Pelvis tilts forward")])
    assert hits(client, "wobble") == [("Overstriding", f"/cases/{case.slug}?t=12.5#clip-{case.clip_uid}")]
    assert hits(client, "knee wobbl") == hits(client, "wobble")  # prefixes and stems match
    assert hits(client, "wobble -knee") == []
    # either word finds its case; the shorter note matches more densely, so BM25 ranks it first
    assert [t for t, _ in hits(client, "pelvis OR wobbles")] == ["Tight hamstrings", "Overstriding"]
    assert [t for t, _ in hits(client, "wobbles OR pelvis")] == ["Tight hamstrings", "Overstriding"]
    assert hits(client, "hamstrings")[0][0] == "Tight hamstrings"  # titles are searched
    page = client.get("/search?q=wobbles").data.decode()
    assert "<mark>wobbles</mark>" in page


@pytest.mark.parametrize("q", ['"', 'knee AND', '(', 'NEAR(a b)', '*', '-', 'a:b', "'; drop table cases; --"])
def test_search_never_fails_on_odd_input(client, make, q) -> None:
    make("Overstriding", notes=[(1.0, "knee")])
    assert client.get("/search", query_string={"q": q}).status_code == 200


def test_search_index_follows_edits_and_deletes(app, client, make) -> None:
    case = make("Overstriding", notes=[(1.0, "first wording")], caption="Side view")
    with app.app_context():
        note = db.session.scalar(db.select(Note).where(Note.clip_id == case.clip_id))
        note.text = "second wording <script>alert(1)</script>"
        db.session.get(Clip, case.clip_id).caption = "Treadmill from behind"
        db.session.commit()
    assert hits(client, "first") == []
    assert hits(client, "second")[0][0] == "Overstriding"
    assert hits(client, "treadmill behind")[0][1].endswith(f"#clip-{case.clip_uid}")
    assert "<script>alert" not in client.get("/search?q=second").data.decode()
    with app.app_context():
        db.session.delete(db.session.get(Case, case.id))
        db.session.commit()
    assert hits(client, "second") == []


@pytest.mark.postgres
def test_search_on_postgresql(tmp_path, pg_url) -> None:
    from support import base_config, setup_db

    from runphys import create_app
    from .conftest import make_case
    app = create_app({**base_config(tmp_path), "TESTING": True, "DATABASE_URL": pg_url})
    setup_db(app)
    author = add_user(app, "mike@example.com")
    case = make_case(app, author, "Overstriding", notes=[(12.5, "The left knee wobbles as the foot loads")])
    make_case(app, author, "Tight hamstrings", notes=[(2.0, "Pelvis tilts forward")])
    client = app.test_client()
    assert hits(client, "wobble") == [("Overstriding", f"/cases/{case.slug}?t=12.5#clip-{case.clip_uid}")]
    assert hits(client, '"left knee" -pelvis')[0][0] == "Overstriding"
    assert hits(client, "wobble -knee") == []
    assert "<mark>wobbles</mark>" in client.get("/search?q=wobbles").data.decode()
    for q in ('"', "(", "'; drop table cases; --"):
        assert client.get("/search", query_string={"q": q}).status_code == 200
    with app.app_context():
        db.engine.dispose()


def csrf_of(client, url: str) -> str:
    return html.fromstring(client.get(url).data).xpath("string(//input[@name='csrf_token']/@value)")


def test_comment_is_held_approved_in_the_studio_then_shown(app, client, make, author) -> None:
    case = make("Overstriding")
    form_url = f"/cases/{case.slug}/comment"
    token = csrf_of(client, form_url)
    sent = client.post(form_url, data={"csrf_token": token, "name": "Jo Runner", "email": "jo@example.com",
                                       "body": "Does this apply to <b>trail</b> running?\n\nThanks!", "website": ""})
    assert sent.status_code == 302 and sent.headers["Location"].endswith("?comment=held#comments")
    page = client.get(f"/cases/{case.slug}?comment=held").data.decode()
    assert "once it has been approved" in page and "Jo Runner" not in page

    with app.app_context():
        comment = db.session.scalar(db.select(Comment))
        assert comment.status == CommentStatus.PENDING
    studio = app.test_client()
    anonymous = studio.get("/studio/comments/")
    assert anonymous.status_code == 302 and "/auth/login" in anonymous.headers["Location"]  # login required
    login(studio, author)
    queue = studio.get("/studio/comments/").data.decode()
    assert "Jo Runner" in queue and "jo@example.com" in queue
    token = html.fromstring(queue.encode()).xpath("string(//input[@name='csrf_token']/@value)")
    assert studio.post(f"/studio/comments/{comment.id}", data={"action": "approve"}).status_code == 400  # no CSRF
    assert studio.post(f"/studio/comments/{comment.id}",
                       data={"csrf_token": token, "action": "approve"}).status_code == 302

    page = client.get(f"/cases/{case.slug}").data.decode()
    doc = html.fromstring(page)
    body = doc.xpath("//article[@class='comment']")[0]
    assert "Jo Runner" in body.text_content()
    assert "<b>trail</b>" not in page and "&lt;b&gt;trail&lt;/b&gt;" in page  # shown as text
    assert "jo@example.com" not in page  # email never shown
    assert "1 comment" in client.get("/").data.decode()


def test_only_editors_or_the_case_author_moderate(app, client, make) -> None:
    case = make("Overstriding")
    with app.app_context():
        db.session.add(Comment(case_id=case.id, name="Bot", body="buy now"))
        db.session.commit()
        comment_id = db.session.scalar(db.select(Comment.id))
    other = add_user(app, "other@example.com", "physio")
    editor = add_user(app, "ed@example.com", "editor")
    studio = app.test_client()
    login(studio, other)
    assert "Bot" not in studio.get("/studio/comments/").data.decode()
    token = csrf_of(studio, f"/cases/{case.slug}/comment")
    assert studio.post(f"/studio/comments/{comment_id}", data={"csrf_token": token, "action": "spam"}).status_code == 404
    login(studio, editor)
    assert studio.post(f"/studio/comments/{comment_id}", data={"csrf_token": token, "action": "spam"}).status_code == 302
    with app.app_context():
        assert db.session.get(Comment, comment_id).status == CommentStatus.SPAM
    assert "buy now" not in client.get(f"/cases/{case.slug}").data.decode()


def test_comment_spam_defences(app, client, make) -> None:
    case = make("Overstriding")
    url = f"/cases/{case.slug}/comment"
    # no CSRF token: refused
    assert client.post(url, data={"name": "A", "body": "hi"}).status_code == 400
    # honeypot filled: looks accepted, nothing kept
    token = csrf_of(client, url)
    assert client.post(url, data={"csrf_token": token, "name": "A", "body": "hi",
                                  "website": "http://spam.example"}).status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Comment)) == 0
    # missing text: the form says what is wrong
    bad = client.post(url, data={"csrf_token": token, "name": "A", "body": ""})
    assert bad.status_code == 400 and b"This field is required" in bad.data
    # flooding: rate limited
    codes = [client.post(url, data={"csrf_token": token, "name": "A", "body": f"hi {n}"}).status_code
             for n in range(8)]
    assert 429 in codes


ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "v": "http://www.google.com/schemas/sitemap-video/1.1"}


def test_atom_feeds_parse_and_list_newest_first(app, client, make) -> None:
    make("Older knee case", categories=["Knees"])
    newer = make("Newer hip case", categories=["Hips"], playable=True)
    feed = feedparser.parse(client.get("/feed.xml").data)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "RunPhys"
    assert [e.title for e in feed.entries] == ["Newer hip case", "Older knee case"]
    entry = feed.entries[0]
    assert entry.link == f"http://localhost/cases/{newer.slug}"
    assert entry.author == "Mike" and [t.term for t in entry.tags] == ["hips"]
    assert entry.summary == "Summary of newer hip case."
    knees = feedparser.parse(client.get("/category/knees/feed.xml").data)
    assert [e.title for e in knees.entries] == ["Older knee case"]
    assert client.get("/category/nope/feed.xml").status_code == 404
    doc = html.fromstring(client.get("/category/knees").data)
    assert doc.xpath("//link[@type='application/atom+xml']/@href")[-1] == "/category/knees/feed.xml"


def test_feed_entries_carry_video_only_where_consent_covers_sharing(app, client, make) -> None:
    shared = make("Shared hip case", playable=True, embeds=True)
    make("Site-only knee case", playable=True)
    make("Shared case without media", embeds=True)
    feed = feedparser.parse(client.get("/feed.xml").data)
    assert not feed.bozo, feed.bozo_exception
    entries = {e.title: e for e in feed.entries}
    assert set(entries) == {"Shared hip case", "Site-only knee case", "Shared case without media"}
    video = entries["Shared hip case"]
    media = media_url(app, f"media/{shared.clip_uid}/1/")
    assert video.link == f"http://localhost/cases/{shared.slug}"
    assert [(m["url"], m["medium"], m["type"], m["width"], m["height"], m["duration"])
            for m in video.media_content] == [(media + "360p.mp4", "video", "video/mp4", "640", "360", "20")]
    assert [(m["url"], m["width"], m["height"]) for m in video.media_thumbnail] == [(media + "poster.jpg", "640", "360")]
    for title in ("Site-only knee case", "Shared case without media"):
        entry = entries[title]
        assert "media_content" not in entry and "media_thumbnail" not in entry


def test_sitemap_has_video_entries_for_playable_clips(app, client, make) -> None:
    case = make("Hip case", notes=[(1.0, "Pelvis drops")], playable=True, caption="Behind view", embeds=True)
    site_only = make("Site-only case", playable=True)
    make("Without media")
    root = etree.fromstring(client.get("/sitemap.xml").data)
    locs = root.xpath("//s:url/s:loc/text()", namespaces=SITEMAP)
    assert "http://localhost/" in locs and f"http://localhost/cases/{case.slug}" in locs
    assert f"http://localhost/cases/{site_only.slug}" in locs  # listed, without its video
    assert "http://localhost/pages/about" in locs and "http://localhost/category/hips" in locs
    videos = root.xpath("//v:video", namespaces=SITEMAP)
    assert len(videos) == 1 and videos[0].getparent().findtext(f"{{{SITEMAP['s']}}}loc").endswith(case.slug)
    v = {re.sub(r"\{.*\}", "", child.tag): child.text for child in videos[0]}
    assert v["title"] == "Behind view"
    assert "Pelvis drops" in v["description"]
    assert v["thumbnail_loc"] == media_url(app, f"media/{case.clip_uid}/1/poster.jpg")
    assert v["content_loc"].endswith("360p.mp4")
    assert v["player_loc"] == f"http://localhost/embed/clips/{case.clip_uid}"
    assert v["duration"] == "20"
    robots = client.get("/robots.txt").data.decode()
    assert "Sitemap: http://localhost/sitemap.xml" in robots


def test_the_worker_s_writes_do_not_reindex_yet_the_case_page_shows_the_new_version(app, make, tmp_path,
                                                                                  monkeypatch) -> None:
    """Run the real worker job on a real clip: its many progress writes (and its publishing, which
    changes no text) re-index nothing, and the cached case page still shows the clip once ready."""
    from sqlalchemy import event
    from support import make_clip

    from runphys import search, tasks
    from runphys.models import ClipStatus
    case = make("Overstriding", notes=[(1.0, "knee")])
    source = make_clip(tmp_path / "run.mp4", seconds=3)
    progress_writes: list[str] = []
    reindexed: list[int] = []
    real_reindex = search.reindex_case

    def spy(session, case_id: int) -> None:
        reindexed.append(case_id)
        real_reindex(session, case_id)

    def count(conn, cursor, statement, *args) -> None:
        if statement.startswith("UPDATE clips SET progress"):
            progress_writes.append(statement)
    monkeypatch.setattr(search, "reindex_case", spy)
    monkeypatch.setattr(tasks, "PROGRESS_EVERY", 0.0)  # write every progress report the encoder makes
    with app.app_context():
        clip = db.session.get(Clip, case.clip_id)
        app.extensions["runphys.storage"].put_file(clip.original_key, source)
        clip.status = ClipStatus.QUEUED
        db.session.commit()
        slug = clip.case.slug
    before = app.test_client().get(f"/cases/{slug}").text  # cached while the clip is pending
    assert "still being prepared" in before
    with app.app_context():
        reindexed.clear()
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            tasks.process_clip(case.clip_id)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        assert db.session.get(Clip, case.clip_id).status == ClipStatus.READY
    assert len(progress_writes) >= 3
    assert reindexed == [], (len(progress_writes), reindexed)
    after = app.test_client().get(f"/cases/{slug}").text
    assert "still being prepared" not in after and "<video" in after
