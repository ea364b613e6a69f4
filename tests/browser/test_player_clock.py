"""The player's frame clock, A/B loop, phone layout and lazy loading, on the real case page.

The same live site as test_player.py (a 240 fps side view with a slow rendition and a 30 fps rear
view, frame numbers burnt in, processed by the real worker, and a comparison of the two).
"""
from __future__ import annotations

from frames import BITS, DECODE_JS, after
from test_player import SIDE_FPS, WATCH_LOOP_JS, prop, site, video_of, wait_time  # noqa: F401

VIDEO_URL = (".mp4", ".m3u8", ".m4s", "hls.light.min.mjs")


# Armed before a press that makes the player switch files: notes the frame of the still it holds on
# screen meanwhile, and every frame the video presents until `target`, with whether the still covered it.
WATCH_SWITCH_JS = """([video, bits, target]) => {
  const decode = %s;
  const picture = video.parentElement;
  const watch = video.__switch = { still: null, presented: [] };
  const still = () => { const s = picture.querySelector(".rp-still"); return s && !s.hidden ? s : null; };
  new MutationObserver(() => {
    const s = still();
    if (s && watch.still == null) watch.still = decode(s, s.width, s.height, bits).frame;
  }).observe(picture, { subtree: true, childList: true, attributes: true, attributeFilter: ["hidden"] });
  const onFrame = () => {
    const frame = decode(video, video.videoWidth, video.videoHeight, bits).frame;
    watch.presented.push([frame, Boolean(still())]);
    if (frame !== target) video.requestVideoFrameCallback(onFrame);
  };
  video.requestVideoFrameCallback(onFrame);
}""" % DECODE_JS


def open_case(page, site) -> None:
    page.goto(site.url + site.path)
    page.locator("figure.clip").first.scroll_into_view_if_needed()  # the player loads on view
    page.wait_for_function("() => window.RunPhysPlayer?.players.size === 4")


def clock(page, clip: str) -> str:
    return page.locator(f"#{clip} .rp-clock").text_content()


def test_stepping_a_240fps_clip_visits_every_captured_frame(page, site) -> None:
    open_case(page, site)
    video = video_of(page, site.side)
    page.locator(f"#{site.side} media-play-button").focus()
    # The first press loads the clip and moves to the captured frame after the one on screen.
    first = after(page, video, lambda: page.keyboard.press("."))
    assert first.frame == 1
    shown = [after(page, video, lambda: page.keyboard.press(".")).frame for _ in range(10)]
    assert shown == list(range(2, 12))  # every captured frame, in order (the file plays at 60)
    page.wait_for_function("id => document.querySelector(`#${id} .rp-clock`).dataset.frame === '11'", arg=site.side)
    assert clock(page, site.side) == "frame 11 · 0:00.046"  # capture time: 11 / 240 s
    back = [after(page, video, lambda: page.keyboard.press(",")).frame for _ in range(3)]
    assert back == [10, 9, 8]
    assert prop(page, site.side, "p.mode") == "slowmo" and prop(page, site.side, "p.video.paused")


def test_stepping_from_a_played_moment_continues_from_the_frame_on_screen(page, site) -> None:
    open_case(page, site)
    page.evaluate("id => { const p = RunPhysPlayer.players.get(id); p.seek(1.0 + 0.5 / 60); p.load(); }", site.side)
    page.wait_for_function("id => { const p = RunPhysPlayer.players.get(id);"
                           " return p.video.readyState >= 2 && p.pending == null && p.shownFrame() === 60; }",
                           arg=site.side)
    assert clock(page, site.side) == f"frame {SIDE_FPS} · 0:01.000"  # played frame 60 is captured frame 240
    video = video_of(page, site.side)
    page.locator(f"#{site.side} media-play-button").focus()
    # The first press switches to the slow rendition: the new file shows nothing, and often its
    # first frame, before its seek lands. A still of frame 240 covers the video until 241 is shown.
    page.evaluate(WATCH_SWITCH_JS, [video, BITS, SIDE_FPS + 1])
    shown = [after(page, video, lambda: page.keyboard.press(".")).frame for _ in range(4)]
    assert shown == [SIDE_FPS + 1, SIDE_FPS + 2, SIDE_FPS + 3, SIDE_FPS + 4]
    watch = page.evaluate("v => v.__switch", video)
    assert watch["still"] == SIDE_FPS
    assert [frame for frame, covered in watch["presented"] if not covered] in ([SIDE_FPS + 1], [])
    assert watch["presented"][-1][0] == SIDE_FPS + 1


def test_scrolling_the_case_page_fetches_no_video_until_a_clip_plays(browser, site) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        fetched: list[tuple[str, str]] = []
        page.on("response", lambda r: fetched.append((r.url, r.headers.get("content-type", ""))))
        page.goto(site.url + site.path)
        for figure in page.locator("figure.clip").all():
            figure.scroll_into_view_if_needed()
        page.wait_for_function("() => window.RunPhysPlayer?.players.size === 4")
        page.evaluate("() => RunPhysPlayer.ready")
        page.locator("#comments").scroll_into_view_if_needed()
        page.wait_for_load_state("networkidle")
        video = [url for url, kind in fetched if kind.startswith("video/") or url.endswith(VIDEO_URL)
                 or "mpegurl" in kind]
        assert video == []
        assert any(url.endswith("/static/js/player.js") for url, _ in fetched)  # the player did load
        # Playing one clip fetches that clip's video (and hls.js) only.
        page.locator(f"#{site.rear} media-play-button").click()
        page.wait_for_function("id => RunPhysPlayer.players.get(id).video.currentTime > 0.2", arg=site.rear)
        media = {url.split("/media/")[1].split("/")[0] for url, _ in fetched
                 if "/media/" in url and url.endswith((".m3u8", ".m4s", ".mp4"))}
        assert media == {site.rear.removeprefix("clip-")}
    finally:
        context.close()


# Every control of the player a finger can hit, with its box and the picture's box.
BOXES_JS = """id => {
  const figure = document.getElementById(id);
  const picture = figure.querySelector(".rp-picture").getBoundingClientRect();
  const controls = [...figure.querySelectorAll("button, media-play-button, media-mute-button,"
    + " media-captions-button, media-fullscreen-button, media-time-range, media-time-display, .rp-clock")]
    .map((node) => { const r = node.getBoundingClientRect();
      return { name: node.getAttribute("aria-label") || node.localName, top: r.top, bottom: r.bottom,
               width: r.width, height: r.height, visible: r.width > 0 && r.height > 0 }; });
  return { top: picture.top, bottom: picture.bottom, controls };
}"""


def test_at_390px_paused_controls_leave_the_lower_half_of_the_picture_clear(browser, site) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        open_case(page, site)
        page.evaluate("() => RunPhysPlayer.ready")
        for clip in (site.side, site.rear):
            page.locator(f"#{clip}").scroll_into_view_if_needed()
            page.locator(f"#{clip} .rp-picture").tap()  # a tap on the picture plays...
            page.locator(f"#{clip} media-play-button").tap()  # ...and the button pauses
            page.wait_for_function("id => RunPhysPlayer.players.get(id).video.paused", arg=clip)
            boxes = page.evaluate(BOXES_JS, clip)
            shown = [c for c in boxes["controls"] if c["visible"]]
            assert len(shown) >= 10, shown
            middle = (boxes["top"] + boxes["bottom"]) / 2
            over_feet = [c for c in shown if c["bottom"] > middle and c["top"] < boxes["bottom"]]
            assert over_feet == []
            small = [c for c in shown if c["name"] not in ("media-time-display", "Frame and time")
                     and (c["width"] < 44 or c["height"] < 44)]
            assert small == []
        assert page.locator(".help-touch").is_visible() and page.locator(".help-keys").is_hidden()
    finally:
        context.close()


def test_keyboard_ab_loop_repeats_its_range(page, site) -> None:
    open_case(page, site)
    rear = site.rear
    page.evaluate("id => { const p = RunPhysPlayer.players.get(id); p.video.muted = true;"
                  " p.seek(1.0 + 0.5 / 30); p.load(); }", rear)
    page.wait_for_function("id => { const p = RunPhysPlayer.players.get(id);"
                           " return p.video.readyState >= 2 && p.pending == null && p.shownFrame() === 30; }", arg=rear)
    page.locator(f"#{rear} media-play-button").focus()
    page.keyboard.press("[")
    assert page.locator(f"#{rear} .rp-ab", has_text="A").get_attribute("aria-pressed") == "true"
    page.evaluate("id => RunPhysPlayer.players.get(id).seek(1.5 + 0.5 / 30)", rear)
    page.wait_for_function("id => { const p = RunPhysPlayer.players.get(id); return p.shownFrame() === 45; }", arg=rear)
    page.evaluate(WATCH_LOOP_JS, [rear, 1.0])
    page.keyboard.press("]")  # B: the range 1.0–1.5 s plays round and round
    page.wait_for_function("() => window.__loop.wraps >= 2", timeout=15_000)
    seen = page.evaluate("window.__loop")
    assert 1.0 - 0.02 <= seen["low"] and seen["high"] <= 1.5 + 0.1, seen
    page.keyboard.press("\\")  # cleared: it plays on past B
    assert page.locator(f"#{rear} .rp-ab", has_text="A").get_attribute("aria-pressed") == "false"
    wait_time(page, rear, 2.0, timeout=10_000)
