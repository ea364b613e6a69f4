"""A reader on the real site, in Debian's chromium: case page players, the before/after comparison,
search into a clip's moment, comments through moderation, accessibility and the phone layout.

One live site (app + real worker) per module, with two clips processed by the real pipeline.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
import requests
from lxml import etree
from support import LiveSite, api_token, local_env, make_clip, publish_case
from test_player import DRIFT_JS, controls_rendered

AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe.min.js"
NOTE_T = 1.5
NOTE_TEXT = "Left knee wobbles inward at loading"
BEFORE_OFFSET, AFTER_OFFSET = 0.5, 0.3


@pytest.fixture(scope="module")
def reader_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("reader")
    site = LiveSite(tmp, local_env(tmp))
    site.start_worker()
    try:
        headers = api_token(site)
        before = make_clip(tmp / "before.mp4", seconds=4, size="640x360")
        after = make_clip(tmp / "after.mp4", seconds=4, size="640x360")
        case, clips = publish_case(site, headers, [before, after], title="Knee wobble at loading",
                                   notes=[(NOTE_T, NOTE_TEXT), (3.0, "Heel lands ahead of the hip")])
        from runphys import cases as rules
        from runphys.extensions import db
        from runphys.models import Case, Clip, Comparison, User
        with site.app.app_context():
            row = db.session.get(Case, case["id"])
            row.categories = rules.categories_named(["Knees"])
            # The "after" clip is the case's drill: the page lists it under "Drill list".
            db.session.get(Clip, clips[1]["id"]).stage = rules.add_stage(row, "drill")
            db.session.add(Comparison(case_id=row.id, title="Before and after", before_clip_id=clips[0]["id"],
                                      after_clip_id=clips[1]["id"], before_offset=BEFORE_OFFSET,
                                      after_offset=AFTER_OFFSET))
            db.session.commit()
            author = db.session.get(User, row.author_id)
            # consent that covers sharing beyond the site: the feed and sitemap then carry the video
            rules.record_consent(row, author, "Private Name", date.today(), scope_embeds=True)
            other = rules.create_case(author, "Hip drop without clips", "A post about hips.", "", ["Hips"])
            rules.record_consent(other, author, "Someone", date.today())
            rules.publish_case(other, author)
            site.case = {"slug": row.slug, "id": row.id, "clips": [c["uid"] for c in clips],
                         "cmp": db.session.scalar(db.select(Comparison.public_id)), "author": author.id}
        yield site
    finally:
        site.close()


def open_case(page, site, query: str = "") -> None:
    page.goto(f"{site.url}/cases/{site.case['slug']}{query}")
    page.wait_for_function("() => window.RunPhysPlayer && RunPhysPlayer.players.size >= 4")


def prop(page, fig: str, expression: str):
    return page.evaluate(f"id => {{ const p = RunPhysPlayer.players.get(id); return {expression}; }}", fig)


def wait_metadata(page, fig: str) -> None:
    """Load the clip (a reader's first use does) and wait for its metadata."""
    page.evaluate("id => RunPhysPlayer.players.get(id).load()", fig)
    page.wait_for_function("id => { const p = RunPhysPlayer.players.get(id);"
                           " return p.video.readyState >= 1 && p.pending == null && !p.video.seeking; }", arg=fig)


def test_a_clip_plays_and_a_note_click_seeks_to_its_time(page, reader_site) -> None:
    open_case(page, reader_site)
    fig = f"clip-{reader_site.case['clips'][0]}"
    page.evaluate("id => { RunPhysPlayer.players.get(id).video.muted = true; }", fig)
    page.get_by_role("link", name="0:01.5").first.click()
    page.wait_for_function("id => { const v = RunPhysPlayer.players.get(id).video;"
                           " return !v.paused && v.currentTime >= 1.5 && v.currentTime < 3.0; }", arg=fig)
    page.wait_for_function("id => RunPhysPlayer.players.get(id).video.currentTime > 1.8", arg=fig)  # it plays on
    assert page.evaluate("location.search + location.hash") == f"?t=1.5#{fig}"


def test_quarter_speed_and_frame_steps(page, reader_site) -> None:
    open_case(page, reader_site)
    fig = f"clip-{reader_site.case['clips'][0]}"
    page.locator(f"#{fig} .rp-rate", has_text="0.25×").click()
    assert prop(page, fig, "p.video.playbackRate") == 0.25
    wait_metadata(page, fig)
    page.evaluate("id => { const p = RunPhysPlayer.players.get(id); p.video.pause(); p.seek(1.0); }", fig)
    page.wait_for_function("id => { const v = RunPhysPlayer.players.get(id).video;"
                           " return !v.seeking && Math.abs(v.currentTime - 1.0) < 1e-3; }", arg=fig)
    assert prop(page, fig, "p.fps") == 30
    start = shown_frame(page, fig)
    page.focus(f"#{fig} button[aria-label^='Next frame']")
    page.keyboard.press(".")
    assert settled_frame(page, fig, start + 1) == start + 1
    page.click(f"#{fig} button[aria-label^='Previous frame']")
    page.click(f"#{fig} button[aria-label^='Previous frame']")
    assert settled_frame(page, fig, start - 1) == start - 1
    # Two steps in a row, the second while the first one's seek still runs: both count.
    page.evaluate("id => { const p = RunPhysPlayer.players.get(id); p.stepFrames(-1); p.stepFrames(-1); }", fig)
    assert settled_frame(page, fig, start - 3) == start - 3
    assert prop(page, fig, "p.video.paused") is True


def shown_frame(page, fig: str) -> int:
    """Index of the frame on screen once the player settles (what the reader actually sees)."""
    page.wait_for_function("id => { const p = RunPhysPlayer.players.get(id);"
                           " return !p.video.seeking && p.shownFrame() != null; }", arg=fig)
    return prop(page, fig, "p.shownFrame()")


def settled_frame(page, fig: str, expected: int) -> int:
    """The frame on screen once a step has been presented (a step's seek starts asynchronously)."""
    try:
        page.wait_for_function("([id, n]) => { const p = RunPhysPlayer.players.get(id);"
                               " return !p.video.seeking && p.shownFrame() === n; }", arg=[fig, expected],
                               timeout=5000)
    except PlaywrightTimeout:  # report the frame actually shown instead of a timeout
        pass
    return shown_frame(page, fig)


def drift(page, cmp: str, frames: int = 0) -> list[float]:
    """How far "after" is from its sync point: now, or on each of the next `frames` frames."""
    return page.evaluate(DRIFT_JS, [cmp, BEFORE_OFFSET, AFTER_OFFSET, frames])


def test_comparison_keeps_both_clips_within_a_frame(page, reader_site) -> None:
    open_case(page, reader_site)
    cmp = reader_site.case["cmp"]
    before, after = f"compare-{cmp}-before", f"compare-{cmp}-after"
    page.wait_for_function("() => RunPhysPlayer.comparisons?.size === 1")
    wait_metadata(page, before)
    wait_metadata(page, after)
    frame = 1 / 30
    assert prop(page, before, "p.video.currentTime") == pytest.approx(BEFORE_OFFSET, abs=1e-3)
    assert prop(page, after, "p.video.currentTime") == pytest.approx(AFTER_OFFSET, abs=1e-3)
    controls = page.locator(f"#compare-{cmp} .compare-controls")
    page.evaluate("id => { RunPhysPlayer.players.get(id).video.muted = true; }", before)
    controls.get_by_role("button", name="Play both").click()
    page.wait_for_function("id => RunPhysPlayer.players.get(id).video.currentTime > 1.4", arg=before)
    samples = drift(page, cmp, 10)
    # While playing, "after" is nudged into step every frame: in step at most samples; on this
    # 2-core machine a decoder falling behind can open a gap of a few frames that closes again.
    assert sorted(abs(d) for d in samples)[len(samples) // 2] < frame, samples
    assert max(abs(d) for d in samples) < 4 * frame, samples
    controls.get_by_role("button", name="Pause both").click()
    page.wait_for_function("id => { const v = RunPhysPlayer.players.get(id).video; return v.paused && !v.seeking; }",
                           arg=after)
    assert abs(drift(page, cmp)[0]) < frame / 10  # paused: exactly in step
    controls.locator("input[type=range]").fill("1.5")
    page.wait_for_function("id => !RunPhysPlayer.players.get(id).video.seeking", arg=after)
    assert prop(page, before, "p.video.currentTime") == pytest.approx(1.5 + BEFORE_OFFSET, abs=1e-3)
    assert abs(drift(page, cmp)[0]) < frame
    controls.get_by_role("button", name="Next frame, both clips (.)").click()
    page.wait_for_function("id => !RunPhysPlayer.players.get(id).video.seeking", arg=after)
    assert abs(drift(page, cmp)[0]) < frame
    controls.get_by_role("button", name="0.25×").click()
    assert prop(page, before, "p.video.playbackRate") == 0.25 and prop(page, after, "p.video.playbackRate") == 0.25


def test_search_finds_a_note_and_opens_the_clip_there(page, reader_site) -> None:
    page.goto(f"{reader_site.url}/")
    page.fill("#site-search-q", "wobbles")
    page.press("#site-search-q", "Enter")
    page.wait_for_url("**/search?q=wobbles")
    hit = page.locator(".hit-note .hit-link").first
    assert NOTE_TEXT.split()[0] in page.locator(".hit-note").first.inner_text()
    hit.click()
    fig = f"clip-{reader_site.case['clips'][0]}"
    page.wait_for_function("id => window.RunPhysPlayer?.players.get(id)", arg=fig)
    page.wait_for_function("([id, t]) => Math.abs(RunPhysPlayer.players.get(id).video.currentTime - t) < 0.01",
                           arg=[fig, NOTE_T])
    assert page.evaluate("location.search + location.hash") == f"?t=1.5#{fig}"


def test_category_page_lists_the_right_cases(page, reader_site) -> None:
    page.goto(f"{reader_site.url}/category/knees")
    assert page.locator(".card h2").all_inner_texts() == ["Knee wobble at loading"]
    page.goto(f"{reader_site.url}/")
    assert page.locator(".card h2").all_inner_texts() == ["Hip drop without clips", "Knee wobble at loading"]


def test_a_comment_is_held_approved_in_the_studio_then_shown(page, reader_site) -> None:
    slug = reader_site.case["slug"]
    page.goto(f"{reader_site.url}/cases/{slug}")
    page.get_by_role("link", name="Leave a comment").last.click()
    page.fill("#name", "Pat Reader")
    page.fill("#body", "Which drill helped the knee most?")
    page.get_by_role("button", name="Send comment").click()
    assert "once it has been approved" in page.locator("#comments").inner_text()
    assert "Pat Reader" not in page.locator("#comments").inner_text()

    studio = reader_site.app.test_client()
    from runphys.extensions import db
    from runphys.models import User
    with reader_site.app.app_context():  # Flask-Login keeps "<id>:<session token>" in the session
        session_id = db.session.get(User, reader_site.case["author"]).get_id()
    with studio.session_transaction() as session:
        session["_user_id"] = session_id
    from lxml import html
    queue = html.fromstring(studio.get("/studio/comments/").data)
    form = queue.xpath("//form[.//input[@name='action'][@value='approve']]")[0]
    data = {i.get("name"): i.get("value") for i in form.xpath(".//input")}
    assert studio.post(form.get("action"), data=data).status_code == 302

    page.goto(f"{reader_site.url}/cases/{slug}")
    assert "Which drill helped the knee most?" in page.locator("#comments").inner_text()


def run_axe(page) -> list:
    page.evaluate(AXE.read_text())
    return page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
    }""")


@pytest.mark.parametrize("path", ["/", "/cases/{slug}", "/category/knees", "/search?q=knee"])
def test_pages_have_no_axe_violations(page, reader_site, path) -> None:
    page.goto(reader_site.url + path.format(slug=reader_site.case["slug"]))
    if "cases" in path:
        page.wait_for_function("() => window.RunPhysPlayer?.comparisons?.size === 1")
        controls_rendered(page)
    violations = run_axe(page)
    assert violations == [], "\n".join(map(str, violations))


def test_phone_gets_the_same_content_with_both_clips_at_once(browser, reader_site) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    try:
        page = context.new_page()
        open_case(page, reader_site)
        cmp = reader_site.case["cmp"]
        boxes = [page.locator(f"#compare-{cmp}-{side}").bounding_box() for side in ("before", "after")]
        # A phone opens the comparison in wipe: both pictures in one box, both on screen at once.
        assert all(b["height"] > 100 and b["x"] >= 0 and b["x"] + b["width"] <= 391 for b in boxes)
        assert boxes[1]["y"] < boxes[0]["y"] + boxes[0]["height"] and boxes[0]["y"] < boxes[1]["y"] + boxes[1]["height"]
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert page.locator(".notes .note-text", has_text=NOTE_TEXT).count() == 1
        drills = page.locator("#drill-list")
        assert drills.is_visible()
        drill = drills.get_by_role("link", name="after")
        assert drill.get_attribute("href") == f"#clip-{reader_site.case['clips'][1]}"
        box = drills.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    finally:
        context.close()


def test_without_javascript_clips_are_plain_mp4_videos(browser, reader_site) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{reader_site.url}/cases/{reader_site.case['slug']}")
        fig = f"#clip-{reader_site.case['clips'][0]}"
        assert page.locator("media-controller").count() == 0
        src = page.locator(f"{fig} > video[controls] > source[type='video/mp4']").first.get_attribute("src")
        assert requests.head(urljoin(reader_site.url, src), timeout=10).status_code == 200
    finally:
        context.close()


def test_feed_and_sitemap_describe_the_processed_clips(reader_site) -> None:
    feed = feedparser.parse(requests.get(f"{reader_site.url}/feed.xml", timeout=10).content)
    assert [e.title for e in feed.entries] == ["Hip drop without clips", "Knee wobble at loading"]
    root = etree.fromstring(requests.get(f"{reader_site.url}/sitemap.xml", timeout=10).content)
    ns = {"v": "http://www.google.com/schemas/sitemap-video/1.1"}
    videos = root.xpath("//v:video", namespaces=ns)
    assert len(videos) == 2
    for video in videos:
        content = video.xpath("string(v:content_loc)", namespaces=ns)
        thumb = video.xpath("string(v:thumbnail_loc)", namespaces=ns)
        assert requests.head(content, timeout=10).headers["Content-Type"] == "video/mp4"
        assert requests.head(thumb, timeout=10).headers["Content-Type"] == "image/jpeg"
        assert video.xpath("string(v:player_loc)", namespaces=ns).startswith(f"{reader_site.url}/embed/clips/")
        assert int(video.xpath("string(v:duration)", namespaces=ns)) == 4


def test_player_loads_when_a_clip_comes_into_view(browser, reader_site) -> None:
    """The page paints without the player; it loads when the reader reaches a clip."""
    context = browser.new_context(viewport={"width": 390, "height": 300})
    try:
        page = context.new_page()
        scripts = []
        page.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script" else None)
        page.goto(f"{reader_site.url}/cases/{reader_site.case['slug']}")
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.RunPhysPlayer") == "undefined"
        scrolled_at = page.evaluate("performance.now()")
        page.locator("figure.clip").first.scroll_into_view_if_needed()
        page.wait_for_function("() => window.RunPhysPlayer?.players.size >= 4")
        assert any("media-chrome" in url for url in scripts)
        # Nothing of the player was fetched before the reader scrolled to a clip.
        started = page.evaluate("() => performance.getEntriesByType('resource')"
                                ".filter(e => /media-chrome|player\\.js/.test(e.name)).map(e => e.startTime)")
        assert started and min(started) >= scrolled_at
    finally:
        context.close()
