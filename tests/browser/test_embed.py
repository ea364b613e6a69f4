"""Embeds framed by a page of another origin play in Debian's chromium; other pages refuse to be
framed; the case embed's switcher and the share box work."""
from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from embed.embed_site import build
from test_player import controls_rendered


@pytest.fixture(scope="module")
def es(tmp_path_factory):
    es = build(tmp_path_factory.mktemp("embed-browser"), full=False)
    yield es
    es.site.close()


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


def test_share_box_copies_a_timed_link_and_embed_code(es, browser) -> None:
    main = es.cases["main"]
    clip_id = main["clip_uids"][0]
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        page.goto(f"{es.url}/cases/{main['slug']}")
        page.wait_for_function(PLAYER_READY, timeout=15000)
        page.locator("details.share summary").click()
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
        page.get_by_role("button", name="Copy link").click()
        page.get_by_text("Link copied.").wait_for()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == f"{es.url}/clips/{clip_id}?t=2"
        page.get_by_label("Embed width").select_option("480")
        page.get_by_role("button", name="Copy embed code").click()
        page.get_by_text("Embed code copied.").wait_for()
        code = page.evaluate("navigator.clipboard.readText()")
        assert code.startswith(f'<iframe src="{es.url}/embed/clips/{clip_id}" width="480" height="270" ')
        page.get_by_label("What").select_option(label="The whole case: Back pain from weak hips")
        assert page.get_by_label("Link").input_value() == f"{es.url}/cases/{main['slug']}?t=2#clip-{clip_id}"
    finally:
        context.close()


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
