"""The clip player and the before/after comparison on the real case page, in a real chromium.

One live site (app + real worker) per module: a 240 fps side view (slow motion, subtitles, a note
with an end) and a 30 fps rear view, both with the frame number burnt in (tests/frames.py) and
processed by the real pipeline, and a comparison of the two. Frames are read back from pixels.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect
from frames import after, barcode_clip, seek_and_read
from support import LiveSite, api_token, local_env, publish_case

AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe.min.js"
SIDE_FPS, SIDE_PLAYED, SLOWMO_FACTOR = 240, 60, 8  # the side view's rungs play at 60, slow at 30
REAR_FPS = 30
BEFORE_OFFSET, AFTER_OFFSET = 1.20, 0.80
SUBTITLES = b"WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nTest caption\n"


@pytest.fixture(scope="module")
def site(player_site):
    """The player site (conftest.player_site: built once, for test_player, test_player_clock and
    test_compare, which only read it)."""
    return player_site


def build_site(tmp_path_factory):
    """A published case: side (240 fps, 2 s) and rear (30 fps, 4 s) views, notes, a comparison."""
    tmp = tmp_path_factory.mktemp("player")
    live = LiveSite(tmp, local_env(tmp))
    live.start_worker()
    try:
        headers = api_token(live)
        clips = [barcode_clip(tmp / "side.mp4", SIDE_FPS, 2), barcode_clip(tmp / "rear.mp4", REAR_FPS, 4)]
        case, (side, rear) = publish_case(live, headers, clips, title="Knee drive")
        api = live.url + "/api/v1"
        for clip, note in ((side, {"t": 1, "end": 1.6, "text": "left knee wobbles at loading"}),
                           (side, {"t": 1.5, "text": "heel strikes far ahead"}),
                           (rear, {"t": 2.5, "text": "pelvis drops on the right"})):
            assert requests.post(f"{api}/clips/{clip['id']}/notes", json=note, headers=headers,
                                 timeout=10).status_code == 201
        from runphys.extensions import db
        from runphys.models import Clip, Comparison
        from runphys.studio.edits import set_subtitles
        with live.app.app_context():
            set_subtitles(db.session.get(Clip, side["id"]), SUBTITLES)
            db.session.add(Comparison(case_id=case["id"], title="Before and after",
                                      before_clip_id=side["id"], after_clip_id=rear["id"],
                                      before_offset=BEFORE_OFFSET, after_offset=AFTER_OFFSET))
            db.session.commit()
            live.cmp = db.session.scalar(db.select(Comparison.public_id))
        live.path = f"/cases/{case['slug']}"
        live.side, live.rear = f"clip-{side['uid']}", f"clip-{rear['uid']}"
        yield live
    finally:
        live.close()


def open_player(page, site, query: str = "", clip: str | None = None) -> None:
    """Load the case page and wait until `clip` (default: the side view) is ready to play."""
    page.goto(site.url + site.path + query)
    page.locator("figure.clip").first.scroll_into_view_if_needed()  # the player loads on view
    page.wait_for_function("id => window.RunPhysPlayer?.players.get(id)", arg=clip or site.side)
    page.evaluate("id => RunPhysPlayer.players.get(id).load()", clip or site.side)  # a clip loads when used
    page.wait_for_function(
        "id => { const p = window.RunPhysPlayer?.players.get(id);"
        " return p && p.video.readyState >= 2 && p.pending == null; }", arg=clip or site.side)


def prop(page, clip, expression):
    """Evaluate `expression` with `p` bound to the player for `clip`."""
    return page.evaluate(f"id => {{ const p = RunPhysPlayer.players.get(id); return {expression}; }}", clip)


def video_of(page, clip):
    return page.evaluate_handle("id => RunPhysPlayer.players.get(id).video", clip)


def wait_time(page, clip, low, high=None, timeout=5000):
    """Wait until the clip's currentTime is within [low, high]."""
    page.wait_for_function(
        "([id, low, high]) => { const t = RunPhysPlayer.players.get(id).video.currentTime;"
        " return t >= low && (high === null || t <= high); }", arg=[clip, low, high], timeout=timeout)


def play_muted(page, clip) -> None:
    page.evaluate("id => { const v = RunPhysPlayer.players.get(id).video; v.muted = true; return v.play(); }", clip)


def controls_rendered(page) -> None:
    """Wait until every Media Chrome element on the page is defined and has rendered once."""
    page.evaluate("""async () => {
        const names = new Set([...document.querySelectorAll("*")].map((e) => e.localName)
          .filter((name) => name.startsWith("media-")));
        await Promise.all([...names].map((name) => customElements.whenDefined(name)));
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    }""")


def test_every_media_chrome_element_used_is_defined(page, site) -> None:
    """The player loads a bundle of only the Media Chrome elements it uses
    (static/vendor/media-chrome-4.19.4/media-chrome.core.js, scripts/vendor/build-media-chrome.sh):
    every media-* element in its markup is defined, rendered, and wired to its controller."""
    open_player(page, site)  # the side view: it has subtitles, so the captions button too
    names = page.evaluate("""id => [...new Set([...document.getElementById(id).querySelectorAll("*")]
        .map((e) => e.localName).filter((n) => n.startsWith("media-")))].sort()""", site.side)
    # The elements controls.js creates (Media Chrome adds the time range's preview elements inside
    # its shadow root, not here).
    assert names == ["media-captions-button", "media-controller", "media-fullscreen-button",
                     "media-mute-button", "media-play-button", "media-time-display", "media-time-range"]
    undefined = page.evaluate("""id => [...document.getElementById(id).querySelectorAll("*")]
        .filter((e) => e.localName.startsWith("media-") && !customElements.get(e.localName))
        .map((e) => e.localName)""", site.side)
    assert undefined == []
    controls_rendered(page)
    fig = f"#{site.side}"
    # Rendered: each control has its shadow content and takes room on screen.
    for name in ("media-play-button", "media-mute-button", "media-captions-button",
                 "media-fullscreen-button", "media-time-range", "media-time-display"):
        element = page.locator(f"{fig} {name}")
        assert element.evaluate("e => e.shadowRoot !== null && e.shadowRoot.childNodes.length > 0"), name
        size = element.bounding_box()
        assert size and size["width"] > 0 and size["height"] > 0, name
    # Wired: the controller tells the buttons the media state, and a click plays.
    expect(page.locator(f"{fig} media-play-button")).to_have_attribute("mediapaused", "")
    expect(page.locator(f"{fig} media-time-display")).to_contain_text("0:02")  # the duration
    page.evaluate("id => { RunPhysPlayer.players.get(id).video.muted = true; }", site.side)
    page.locator(f"{fig} media-play-button").click()
    page.wait_for_function("id => !RunPhysPlayer.players.get(id).video.paused", arg=site.side)


def test_without_hlsjs_the_player_plays_the_mp4(page, site) -> None:
    page.route("**/hls.light.min.mjs", lambda route: route.abort())
    open_player(page, site, clip=site.rear)
    assert prop(page, site.rear, "p.mode") == "mp4"
    assert prop(page, site.rear, "p.video.currentSrc").endswith("/240p.mp4")
    play_muted(page, site.rear)
    wait_time(page, site.rear, 0.5)
    assert prop(page, site.rear, "!p.video.paused && p.video.muted")


def test_hls_clip_uses_hlsjs_captions_and_storyboard(page, site) -> None:
    open_player(page, site)
    side = f"#{site.side}"
    assert prop(page, site.side, "p.mode") == "hls"
    assert prop(page, site.side, "p.video.currentSrc").startswith("blob:")
    play_muted(page, site.side)
    wait_time(page, site.side, 0.5)
    # Media Chrome took over the controls; captions button offered because a track exists.
    assert page.locator(f"{side} .rp-player media-captions-button").count() == 1
    assert page.locator(f"#{site.rear} media-captions-button").count() == 0
    # Storyboard preview from the thumbnails VTT while hovering the time range.
    page.hover(f"{side} media-time-range", position={"x": 120, "y": 5})
    page.wait_for_function("f => document.querySelector(f + ' media-time-range')"
                           ".getAttribute('mediapreviewimage')?.includes('/storyboard.jpg#xywh=')", arg=side)
    page.click(f"{side} media-captions-button")
    page.wait_for_function("id => [...RunPhysPlayer.players.get(id).video.textTracks]"
                           ".some(t => t.kind === 'subtitles' && t.mode === 'showing')", arg=site.side)
    assert prop(page, site.side, "p.video.controls") is False


def test_note_click_seeks_plays_and_marks_the_note(page, site) -> None:
    open_player(page, site, clip=site.rear)
    page.evaluate("id => { RunPhysPlayer.players.get(id).video.muted = true; }", site.rear)
    page.click(f"#{site.rear} .note-link")
    wait_time(page, site.rear, 2.5, 3.5)
    page.wait_for_selector(f"#{site.rear} .notes li.is-active .note-link[aria-current=true]")
    assert page.evaluate("location.search + location.hash") == f"?t=2.5#{site.rear}"
    # Notes became chapters on the time range.
    assert prop(page, site.rear, "[...p.video.textTracks].find(t => t.kind === 'chapters').cues.length") == 2


# Watch a playing loop on every presented frame: the clip times it shows, and how often it
# jumped back to the start.
WATCH_LOOP_JS = """([id, start]) => {
  const p = RunPhysPlayer.players.get(id);
  const seen = window.__loop = { wraps: 0, low: Infinity, high: -Infinity, last: null };
  const onFrame = (_now, meta) => {
    const t = meta.mediaTime / p.scale;
    if (seen.last === null && t < start - 0.05) { p.video.requestVideoFrameCallback(onFrame); return; }
    if (seen.last !== null && t < seen.last - 0.3) seen.wraps++;
    seen.low = Math.min(seen.low, t);
    seen.high = Math.max(seen.high, t);
    seen.last = t;
    p.video.requestVideoFrameCallback(onFrame);
  };
  p.video.requestVideoFrameCallback(onFrame);
}"""


def test_note_loop_repeats_its_range(page, site) -> None:
    open_player(page, site)
    page.evaluate("id => { RunPhysPlayer.players.get(id).video.muted = true; }", site.side)
    loop = page.locator(f"#{site.side} .note-loop").first
    assert loop.get_attribute("aria-label") == "Loop 0:01.0 to 0:01.6"
    page.evaluate(WATCH_LOOP_JS, [site.side, 1.0])
    loop.click()
    assert loop.get_attribute("aria-pressed") == "true"
    page.wait_for_function("() => window.__loop.wraps >= 2", timeout=10_000)
    seen = page.evaluate("window.__loop")
    assert 1.0 - 0.02 <= seen["low"] and seen["high"] <= 1.6 + 0.1, seen  # never left the range
    assert prop(page, site.side, "p.video.paused") is False


def test_quarter_speed_runs_at_a_quarter(page, site) -> None:
    open_player(page, site, clip=site.rear)
    button = page.locator(f"#{site.rear} .rp-rate", has_text="0.25×")
    button.click()
    assert prop(page, site.rear, "p.video.playbackRate") == 0.25
    expect(button).to_have_attribute("aria-pressed", "true")  # set on the ratechange event
    play_muted(page, site.rear)
    wait_time(page, site.rear, 0.05)
    start = prop(page, site.rear, "[p.video.currentTime, performance.now()]")
    wait_time(page, site.rear, start[0] + 0.5, timeout=10_000)
    end = prop(page, site.rear, "[p.video.currentTime, performance.now()]")
    advanced = (end[0] - start[0]) / ((end[1] - start[1]) / 1000)
    assert advanced == pytest.approx(0.25, abs=0.06)


def test_frame_step_keys_and_buttons_move_exactly_one_frame(page, site) -> None:
    open_player(page, site, clip=site.rear)
    video = video_of(page, site.rear)
    start = seek_and_read(page, video, 47.5 / REAR_FPS).frame
    assert start == 47
    page.focus(f"#{site.rear} media-play-button")
    assert after(page, video, lambda: page.keyboard.press(".")).frame == 48
    assert after(page, video, lambda: page.keyboard.press(",")).frame == 47
    assert after(page, video, lambda: page.click(f"#{site.rear} button[aria-label^='Previous frame']")).frame == 46
    # Held-down key: steps faster than frames are shown still count one frame each.
    for _ in range(3):
        page.keyboard.press(".")
    page.wait_for_function("id => { const p = RunPhysPlayer.players.get(id);"
                           " return !p.video.seeking && p.pending == null; }", arg=site.rear)
    assert seek_and_read(page, video, prop(page, site.rear, "p.video.currentTime")).frame == 49
    assert prop(page, site.rear, "p.video.paused") is True
    # Stepping while playing pauses first, and moves from the frame that was on screen.
    play_muted(page, site.rear)
    wait_time(page, site.rear, 2.0)
    shown = after(page, video, lambda: page.keyboard.press("."))
    assert prop(page, site.rear, "p.video.paused") is True
    assert shown.frame > 2.0 * REAR_FPS


@pytest.mark.parametrize(("query", "clip", "t"), [
    ("?t=1.5", "side", 1.5),
    ("#t=1.5", "side", 1.5),
    ("?t=3#{rear}", "rear", 3.0),
    ("#{rear}&t=0:01.5", "rear", 1.5),
])
def test_url_time_opens_the_clip_there(page, site, query, clip, t) -> None:
    ids = {"side": site.side, "rear": site.rear}
    page.goto(site.url + site.path + query.format(rear=site.rear))
    page.wait_for_function("id => window.RunPhysPlayer?.players.get(id)", arg=ids[clip])
    wait_time(page, ids[clip], t - 0.01, t + 0.01)
    other = ids["rear" if clip == "side" else "side"]
    assert prop(page, other, "p.video.currentTime") == 0


def test_slow_motion_keeps_the_moment_and_steps_captured_frames(page, site) -> None:
    open_player(page, site)
    video = video_of(page, site.side)
    assert seek_and_read(page, video, 1.0 + 0.5 / SIDE_FPS).frame == SIDE_FPS  # frame 60 of 60 fps
    slowmo = page.locator(f"#{site.side} .rp-slowmo")
    slowmo.click()
    assert slowmo.get_attribute("aria-pressed") == "true"
    target = (1.0 + 0.5 / SIDE_FPS) * SLOWMO_FACTOR
    wait_time(page, site.side, target - 0.01, target + 0.01)
    assert prop(page, site.side, "p.mode") == "slowmo"
    assert prop(page, site.side, "p.video.currentSrc").endswith("/slowmo.mp4")
    assert prop(page, site.side, "p.clipTime()") == pytest.approx(1.0 + 0.5 / SIDE_FPS, abs=1e-3)
    video = video_of(page, site.side)
    assert seek_and_read(page, video, target).frame == SIDE_FPS  # the same moment
    # A frame in slow motion is one captured frame: 1/240 s of the run.
    page.focus(f"#{site.side} .rp-slowmo")
    assert after(page, video, lambda: page.keyboard.press(".")).frame == SIDE_FPS + 1
    in_clip_time = prop(page, site.side, "p.clipTime()")
    assert in_clip_time == pytest.approx((SIDE_FPS + 1.5) / SIDE_FPS, abs=1e-4)
    slowmo.click()
    page.wait_for_function("id => RunPhysPlayer.players.get(id).mode === 'hls'"
                           " && RunPhysPlayer.players.get(id).video.readyState >= 1", arg=site.side)
    wait_time(page, site.side, in_clip_time - 0.001, in_clip_time + 0.001)


# Sample the comparison's drift on each of n frames "before" presents: how far (seconds)
# "after" is from where its offset says it should be.
DRIFT_JS = """([cmp, b, a, n]) => new Promise((resolve, reject) => {
  const [before, after] = ["before", "after"].map((side) => RunPhysPlayer.players.get(`compare-${cmp}-${side}`).video);
  const drift = () => (after.currentTime - a) - (before.currentTime - b);
  if (n === 0) { resolve([drift()]); return; }
  const samples = [];
  const state = (v) => `t=${v.currentTime} paused=${v.paused} ended=${v.ended} readyState=${v.readyState}`;
  setTimeout(() => reject(new Error(`before presented ${samples.length} of ${n} frames in 30 s:`
    + ` before ${state(before)}, after ${state(after)}`)), 30000);
  const onFrame = () => {
    samples.push(drift());
    if (samples.length === n) resolve(samples);
    else before.requestVideoFrameCallback(onFrame);
  };
  before.requestVideoFrameCallback(onFrame);
})"""


def drift(page, site, frames: int = 0) -> list[float]:
    return page.evaluate(DRIFT_JS, [site.cmp, BEFORE_OFFSET, AFTER_OFFSET, frames])


def test_compare_keeps_both_clips_in_step(page, site) -> None:
    before, after_ = f"compare-{site.cmp}-before", f"compare-{site.cmp}-after"
    open_player(page, site, clip=after_)
    page.wait_for_function("() => window.RunPhysPlayer.comparisons?.size === 1")
    page.evaluate("() => [...RunPhysPlayer.comparisons.values()][0].load()")  # used: both load
    page.wait_for_function("id => RunPhysPlayer.players.get(id).video.readyState >= 1", arg=before)
    frame = 1 / REAR_FPS
    # Both start at their sync points; each clip's own controls give way to the shared ones.
    assert prop(page, before, "p.video.currentTime") == pytest.approx(BEFORE_OFFSET, abs=1e-3)
    assert prop(page, after_, "p.video.currentTime") == pytest.approx(AFTER_OFFSET, abs=1e-3)
    assert page.locator(f"#{before} .rp-controls").is_hidden()
    controls = page.locator(f"#compare-{site.cmp} .compare-controls")

    page.evaluate("id => { RunPhysPlayer.players.get(id).video.muted = true; }", before)
    controls.get_by_role("button", name="Play both").click()
    wait_time(page, before, BEFORE_OFFSET + 0.3)
    drifts = drift(page, site, 10)
    # While playing, "after" is nudged into step each frame; a decoder falling behind on a busy
    # 2-core machine can open a gap of a few frames for a moment, which the nudging closes.
    assert sorted(abs(d) for d in drifts)[len(drifts) // 2] < frame, drifts
    assert max(abs(d) for d in drifts) < 4 * frame, drifts
    controls.get_by_role("button", name="Pause both").click()
    page.wait_for_function("id => RunPhysPlayer.players.get(id).video.paused"
                           " && !RunPhysPlayer.players.get(id).video.seeking", arg=after_)
    assert abs(drift(page, site)[0]) < frame / 10

    controls.locator("input[type=range]").fill("0.5")
    page.wait_for_function("id => !RunPhysPlayer.players.get(id).video.seeking", arg=after_)
    assert prop(page, before, "p.video.currentTime") == pytest.approx(0.5 + BEFORE_OFFSET, abs=1e-3)
    assert abs(drift(page, site)[0]) < frame / 10

    video = video_of(page, before)
    start = seek_and_read(page, video, prop(page, before, "p.video.currentTime")).frame
    page.focus(f"#compare-{site.cmp} .compare-controls input[type=range]")
    shown = after(page, video, lambda: page.keyboard.press("."))
    assert shown.frame == start + SIDE_FPS // SIDE_PLAYED
    page.wait_for_function("id => !RunPhysPlayer.players.get(id).video.seeking", arg=after_)
    assert abs(drift(page, site)[0]) < frame / 10
    page.keyboard.press(",")
    page.keyboard.press(",")
    page.wait_for_function("ids => ids.every(id => { const p = RunPhysPlayer.players.get(id);"
                           " return !p.video.seeking && p.pending == null; })", arg=[before, after_])
    assert abs(drift(page, site)[0]) < frame / 10
    assert prop(page, before, "p.video.paused") and prop(page, after_, "p.video.paused")

    controls.get_by_role("button", name="0.5×").click()
    assert prop(page, before, "p.video.playbackRate") == 0.5
    assert prop(page, after_, "p.video.playbackRate") == 0.5


def run_axe(page):
    page.evaluate(AXE.read_text())
    return page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations.map(v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(" ") + " :: " + n.failureSummary + " :: " + n.html.slice(0, 300))}));
    }""")


def test_case_page_with_every_player_control_has_no_axe_violations(page, site) -> None:
    open_player(page, site)
    page.wait_for_function("() => window.RunPhysPlayer.comparisons?.size === 1")
    controls_rendered(page)
    assert page.locator(f"#{site.side} .rp-slowmo").count() == 1
    violations = run_axe(page)
    assert violations == [], "\n".join(str(v) for v in violations)


def test_without_javascript_the_page_keeps_a_plain_playable_video(browser, site) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site.url + site.path)
        assert page.locator("media-controller").count() == 0
        assert page.locator(f"#{site.rear} > video[controls] > source[type='video/mp4']").count() == 1
        assert page.locator(f"#{site.rear} .note-link").get_attribute("href") == f"{site.path}?t=2.5#{site.rear}"
    finally:
        context.close()
