"""Embeds framed by a page of another origin play in Debian's chromium; other pages refuse to be
framed; the case embed's switcher and the share box work."""
from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest
import requests

from test_player import controls_rendered


@pytest.fixture(scope="module")
def es(embed_browser_site):
    return embed_browser_site


@pytest.fixture(scope="module")
def other_origin(tmp_path_factory):
    """A plain http.server on another port: the blog of a clinician who embeds RunPhys clips."""
    root = tmp_path_factory.mktemp("blog")
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def host_page(other_origin, name: str, frames: dict[str, str]) -> str:
    root, base = other_origin
    iframes = "\n".join(f'<iframe name="{n}" src="{src}" width="640" height="360" '
                        f'allow="autoplay; fullscreen" title="{n}"></iframe>' for n, src in frames.items())
    (root / name).write_text(f"<!doctype html><html lang=en><head><meta charset=utf-8><title>A clinician's blog</title>"
                             f"</head><body><h1>Embedded from RunPhys</h1>{iframes}</body></html>")
    return f"{base}/{name}"


# The player has taken over (it loads its video when used: ?t=, play, a frame step).
PLAYER_READY = ("() => { const p = window.RunPhysPlayer?.players.values().next().value;"
                " return p && p.controller.isConnected; }")
PLAYER_LOADED = ("() => { const p = window.RunPhysPlayer?.players.values().next().value;"
                 " return p && p.video.readyState >= 1 && p.pending == null; }")


def test_clip_and_comparison_play_inside_another_origin(es, other_origin, page) -> None:
    main = es.cases["main"]
    clip_id = main["clip_uids"][0]
    url = host_page(other_origin, "post.html", {
        "clip": f"{es.url}/embed/clips/{clip_id}?t=1.5",
        "compare": f"{es.url}/embed/compare/{es.comparison_uid}?t=0.75",
    })
    page.goto(url)
    clip = page.frame(name="clip")
    clip.wait_for_function(PLAYER_LOADED, timeout=15000)  # ?t= loads the clip
    start = clip.evaluate("window.RunPhysPlayer.players.values().next().value.video.currentTime")
    assert start == pytest.approx(1.5, abs=0.05)  # ?t= starts there
    clip.evaluate("() => { const v = document.querySelector('video'); v.muted = true; return v.play(); }")
    clip.wait_for_function("t => document.querySelector('video').currentTime > t + 0.5", arg=start, timeout=15000)
    assert clip.locator("a.embed-title").get_attribute("href") == f"{es.url}/cases/{main['slug']}"

    compare = page.frame(name="compare")
    compare.wait_for_function("() => window.RunPhysPlayer?.comparisons?.size === 1", timeout=15000)
    compare.wait_for_function("() => Math.abs([...window.RunPhysPlayer.comparisons.values()][0].time() - 0.75) < 0.01",
                              timeout=15000)  # ?t= of a comparison: shared time from the sync points
    compare.get_by_role("button", name="Play both").click()
    compare.wait_for_function("() => [...document.querySelectorAll('video')].every(v => !v.paused && v.currentTime > 0.9)",
                              timeout=15000)
    compare.get_by_role("button", name="Pause both").click()
    compare.wait_for_function("() => [...document.querySelectorAll('video')].every(v => v.paused && !v.seeking)")
    drift = compare.evaluate("""() => {
        const c = [...window.RunPhysPlayer.comparisons.values()][0];
        return Math.abs((c.after.video.currentTime - c.afterOffset) - (c.before.video.currentTime - c.beforeOffset));
    }""")
    assert drift < 1 / 300  # paused in step at their sync points (0.5 s and 0.2 s)


def test_portrait_led_case_embed_fits_640x360_on_another_origin(es, other_origin, page) -> None:
    slug = es.cases["portrait"]["slug"]
    data = requests.get(f"{es.url}/oembed", params={"url": f"{es.url}/cases/{slug}"}, timeout=10).json()
    root, base = other_origin
    (root / "portrait.html").write_text("<!doctype html><html lang=en><head><meta charset=utf-8><title>Blog</title>"
                                        f"</head><body><h1>A portrait case</h1>{data['html']}</body></html>")
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{base}/portrait.html")
    iframe = page.locator("iframe")
    frame_box = iframe.bounding_box()
    assert (frame_box["width"], frame_box["height"]) == (640, 360)
    frame = iframe.element_handle().content_frame()
    frame.wait_for_function(PLAYER_READY, timeout=15000)
    player = frame.locator("media-controller").bounding_box()
    assert player["height"] <= 360 and player["y"] + player["height"] <= frame_box["y"] + 360 + 0.5
    video = frame.locator("video").bounding_box()  # the portrait picture is pillarboxed inside the player
    assert video["height"] <= 360 and video["y"] + video["height"] <= frame_box["y"] + 360 + 0.5
    play = frame.locator("media-play-button")
    button = play.bounding_box()
    assert frame_box["y"] <= button["y"] and button["y"] + button["height"] <= frame_box["y"] + 360
    play.click()  # Playwright clicks only when the button itself receives the click
    frame.wait_for_function("() => { const v = document.querySelector('video'); return !v.paused && v.currentTime > 0.2; }",
                            timeout=15000)


def test_autoplay_and_loop_options(es, other_origin, page) -> None:
    clip_id = es.cases["main"]["clip_uids"][1]  # the portrait clip, 3 s
    page.goto(host_page(other_origin, "auto.html", {"auto": f"{es.url}/embed/clips/{clip_id}?autoplay=1&loop=1&t=2.5"}))
    frame = page.frame(name="auto")
    frame.wait_for_function("() => { const v = document.querySelector('video'); return v && !v.paused; }", timeout=15000)
    assert frame.evaluate("() => { const v = document.querySelector('video'); return [v.muted, v.loop]; }") == [True, True]
    # from 2.5 s of a 3 s clip it must wrap round to the start and keep playing
    frame.wait_for_function("() => { const v = document.querySelector('video'); return !v.paused && v.currentTime < 1.5; }",
                            timeout=15000)


def test_other_pages_refuse_to_be_framed(es, other_origin, page) -> None:
    main = es.cases["main"]
    page.goto(host_page(other_origin, "bad.html", {
        "case": f"{es.url}/cases/{main['slug']}", "clip-page": f"{es.url}/clips/{main['clip_uids'][0]}",
        "embed": f"{es.url}/embed/clips/{main['clip_uids'][0]}",
    }))
    page.frame(name="embed").wait_for_selector("figure.clip", timeout=15000)
    for name in ("case", "clip-page"):
        frame = page.frame(name=name)
        # chromium replaces a refused frame with its error page: none of the site's document loads
        assert frame.url.startswith("chrome-error://"), frame.url
        assert frame.evaluate("document.querySelector('figure.clip, .site-header, video')") is None


def test_case_embed_switches_clips(es, page) -> None:
    main = es.cases["main"]
    page.set_viewport_size({"width": 480, "height": 270})
    page.goto(f"{es.url}/embed/cases/{main['slug']}")
    page.wait_for_function(PLAYER_READY, timeout=15000)
    first, second = main["clip_uids"]
    assert page.locator("figure.clip").get_attribute("id") == f"clip-{first}"
    page.get_by_label("Choose a clip").select_option(str(second))
    page.wait_for_url(f"**/embed/cases/{main['slug']}?clip={second}")
    page.wait_for_function(PLAYER_READY, timeout=15000)
    assert page.locator("figure.clip").get_attribute("id") == f"clip-{second}"
    box = page.locator(".rp-player").bounding_box()  # the picture and its controls fill the frame
    assert box["width"] == pytest.approx(480, abs=1) and box["height"] == pytest.approx(270, abs=1)


def open_share_box(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function(PLAYER_READY, timeout=15000)
    page.locator("details.share summary").click()


def copied(page, button: str, done: str) -> str:
    """Click one of the share box's copy buttons; return what it put on the clipboard."""
    page.get_by_role("button", name=button).click()
    page.get_by_text(done).wait_for()
    return page.evaluate("navigator.clipboard.readText()")


def test_share_box_copies_a_timed_link_and_embed_code(es, browser) -> None:
    main = es.cases["main"]
    clip_id = main["clip_uids"][0]
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        open_share_box(page, f"{es.url}/cases/{main['slug']}")
        page.get_by_label("What").select_option(label="Clip: Side view on the treadmill")
        page.evaluate(f"""async () => {{
            await RunPhysPlayer.players.get('clip-{clip_id}').load();  // the reader uses the clip
            const v = document.querySelector('#clip-{clip_id} video');
            await new Promise(r => {{
                v.addEventListener('seeked', r, {{once: true}});
                v.currentTime = 2.0;
            }});
        }}""")
        page.get_by_label("At the current time").check()
        link = copied(page, "Copy link", "Link copied.")
        assert link == f"{es.url}/clips/{clip_id}?t=2"
        page.get_by_label("Embed width").select_option("480")
        code = copied(page, "Copy embed code", "Embed code copied.")
        assert code.startswith(f'<iframe src="{es.url}/embed/clips/{clip_id}" width="480" height="270" ')
        page.get_by_label("What").select_option(label="The whole case: Back pain from weak hips")
        assert page.get_by_label("Link").input_value() == f"{es.url}/cases/{main['slug']}?t=2#clip-{clip_id}"
    finally:
        context.close()


def test_share_box_offers_the_comparison_and_a_notes_moment(es, browser) -> None:
    main = es.cases["main"]
    clip_id = main["clip_uids"][0]
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    # the phone's share sheet: only navigator.share itself is stubbed, to record what it is given
    context.add_init_script("navigator.share = async (data) => { window.__shared = data; };")
    page = context.new_page()
    try:
        open_share_box(page, f"{es.url}/cases/{main['slug']}")
        page.get_by_label("What").select_option(label="Before and after: Before and after")
        link = copied(page, "Copy link", "Link copied.")
        assert link == f"{es.url}/cases/{main['slug']}#compare-{es.comparison_uid}"
        code = copied(page, "Copy embed code", "Embed code copied.")
        assert code.startswith(f'<iframe src="{es.url}/embed/compare/{es.comparison_uid}" width="640" height="360" ')
        reader = context.new_page()  # the link, opened by whoever it was sent to, shows the comparison
        reader.goto(link)
        section = reader.locator(f"#compare-{es.comparison_uid}")
        assert section.locator("video").count() == 2
        section.locator("video").first.wait_for()
        assert section.is_visible() and reader.evaluate("location.hash") == f"#compare-{es.comparison_uid}"

        page.get_by_label("What").select_option(label="Moment 0:02.5: Short stride on the right")
        assert page.get_by_label("At the current time").is_hidden()  # a moment has its own time
        moment = copied(page, "Copy link", "Link copied.")
        assert moment == f"{es.url}/clips/{clip_id}?t=2.5"
        assert copied(page, "Copy embed code", "Embed code copied.").startswith(
            f'<iframe src="{es.url}/embed/clips/{clip_id}?t=2.5" width="640" height="360" ')
        page.get_by_role("button", name="Share…").click()
        page.wait_for_function("() => window.__shared")
        assert page.evaluate("window.__shared.url") == moment
        reader.goto(moment)  # the moment's link starts the clip there
        reader.wait_for_function(PLAYER_READY, timeout=15000)
        reader.wait_for_function("() => Math.abs(document.querySelector('video').currentTime - 2.5) < 0.05",
                                 timeout=15000)
    finally:
        context.close()


def test_share_sheet_button_only_where_the_browser_has_one(es, page) -> None:
    page.goto(f"{es.url}/cases/{es.cases['main']['slug']}")
    page.locator("details.share summary").click()
    assert page.evaluate("typeof navigator.share") == "undefined"  # headless chromium on Linux
    assert page.get_by_role("button", name="Copy link").is_visible()
    assert page.get_by_role("button", name="Share…").count() == 0  # hidden: not in the accessibility tree


AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe.min.js"


@pytest.mark.parametrize("kind", ["clip", "case", "compare", "case-page"])
def test_embed_pages_and_share_box_pass_axe_within_the_csp(es, page, kind) -> None:
    main = es.cases["main"]
    path = {"clip": f"/embed/clips/{main['clip_uids'][0]}", "case": f"/embed/cases/{main['slug']}",
            "compare": f"/embed/compare/{es.comparison_uid}", "case-page": f"/cases/{main['slug']}"}[kind]
    page.set_viewport_size({"width": 640, "height": 360} if kind != "case-page" else {"width": 1100, "height": 900})
    page.goto(es.url + path)
    page.wait_for_function(PLAYER_READY, timeout=15000)
    if kind == "case-page":
        page.locator("details.share summary").click()
    controls_rendered(page)
    page.evaluate(AXE.read_text())
    violations = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']}))
        .violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))""")
    assert violations == []
    assert page.evaluate("window.__cspViolations") == []
