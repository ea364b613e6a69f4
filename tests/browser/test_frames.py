"""Which frame a reader sees, read back from pixels: the real pipeline, site and page templates.

Clips with the frame number burnt in (tests/browser/frames.py) at 30, 60, 120 and 240 fps and a
25i camcorder clip go through the real worker; a second copy of each is published early, as the
lowest rung written while the encode runs. Each is then played on the real case page (hls.js,
every HLS variant; the player's MP4 sources; the slow rendition) and the studio clip page's player.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from frames import after, barcode_clip, seek_and_read
from support import LiveSite, api_token, local_env, publish_case, studio_state

from runphys import cases, lifecycle, media, tasks
from runphys.extensions import db
from runphys.models import Case, Clip

pytestmark = pytest.mark.slow

SECONDS = 1.5
SIZE = "640x480"  # two rungs: 480p packaged from its MP4, 360p written live during the encode


@dataclass(frozen=True)
class Kind:
    """A test clip: its source rate (fields for interlaced) and the rate its renditions play."""

    name: str
    source_fps: int  # frame numbers burnt in count at this rate
    played_fps: int  # MP4s and HLS variants
    interlaced: bool = False

    @property
    def stride(self) -> int:
        """Return how many source frames one played frame stands for."""
        return self.source_fps // self.played_fps


KINDS = [Kind("30p", 30, 30), Kind("60p", 60, 60), Kind("120p", 120, 60), Kind("240p", 240, 60),
         Kind("25i", 50, 50, interlaced=True)]


@pytest.fixture(scope="module")
def frames_site(tmp_path_factory, browser):
    """A published case with every kind of clip processed, and a copy of each published early."""
    tmp = tmp_path_factory.mktemp("frames")
    site = LiveSite(tmp, local_env(tmp))
    site.start_worker()
    try:
        headers = api_token(site)
        sources = [barcode_clip(tmp / f"{kind.name}.mp4", kind.source_fps, SECONDS, SIZE,
                                interlaced=kind.interlaced) for kind in KINDS]
        case, ready = publish_case(site, headers, sources, title="Frames read back")
        site.slug = case["slug"]
        site.done = {kind.name: clip["id"] for kind, clip in zip(KINDS, ready)}  # studio URLs
        site.figure = {kind.name: f"clip-{clip['uid']}" for kind, clip in zip(KINDS, ready)}
        site.partial = {kind.name: publish_early(site, case["id"], kind, source, tmp)
                        for kind, source in zip(KINDS, sources)}
        site.studio_state = studio_state(browser, site)
        yield site
    finally:
        site.close()


def publish_early(site: LiveSite, case_id: int, kind: Kind, source: Path, tmp: Path) -> str:
    """Add a clip still processing whose lowest rung's first hand-over is published; its public id."""
    out = tmp / f"early-{kind.name}"
    parts: list[media.Playable] = []
    media.transcode_clip(source, out, media.probe_clip(source), on_playable=parts.append)
    assert parts, "the lowest rung was never handed over during the encode"
    with site.app.app_context():
        case = db.session.get(Case, case_id)
        clip = cases.new_clip(case.stages[0], source.name, f"{kind.name} early")
        clip.duration, clip.width, clip.height, clip.fps = SECONDS, 640, 480, kind.source_fps
        db.session.commit()
        job = lifecycle.claim(clip.id, clip.generation)  # as a worker does: processing, fenced
        tasks.EarlyPublisher(job, out)(parts[0])
        assert db.session.get(Clip, clip.id).media["partial"]
        return clip.uuid


def open_case(page, site: LiveSite) -> None:
    page.goto(f"{site.url}/cases/{site.slug}")
    page.wait_for_function("n => window.RunPhysPlayer?.players.size === n",
                           arg=2 * len(KINDS))


def player_video(page, fig: str):
    """Load the clip of figure `fig` (as a reader's first use does); its <video> once it shows a frame."""
    page.evaluate("id => RunPhysPlayer.players.get(id).load()", fig)
    page.wait_for_function("id => { const p = RunPhysPlayer.players.get(id);"
                           " return p.video.readyState >= 2 && p.pending == null; }", arg=fig)
    return page.evaluate_handle("id => RunPhysPlayer.players.get(id).video", fig)


def probe_times(kind: Kind) -> list[tuple[float, int]]:
    """Return (clip time, source frame a viewer must see) for a few frames of the clip.

    Each time is half a source frame into played frame k: where a note authored on the frame
    lands, on any rendition; the slow rendition shows the same captured frame there.
    """
    last = int(SECONDS * kind.played_fps) - 2
    frames = [0, 1, 2, 3, kind.played_fps // 2, last]
    return [(k / kind.played_fps + 0.5 / kind.source_fps, k * kind.stride) for k in frames]


# Switch hls.js to one variant (it flushes the buffer) and wait until that variant is buffered.
SWITCH_LEVEL_JS = """([id, level]) => new Promise((resolve) => {
  const { hls, Hls } = RunPhysPlayer.players.get(id);
  hls.on(Hls.Events.FRAG_BUFFERED, function buffered(_event, data) {
    if (data.frag.level !== level) return;
    hls.off(Hls.Events.FRAG_BUFFERED, buffered);
    resolve();
  });
  hls.currentLevel = level;
})"""


def read_all(page, video, times, scale: float = 1.0) -> list[int]:
    """Return the source frame shown at each clip time (scale: slow motion's factor)."""
    return [seek_and_read(page, video, t * scale).frame for t, _ in times]


@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_every_rendition_shows_the_same_frame_at_the_same_time(browser, page, frames_site,
                                                               kind) -> None:
    site, times = frames_site, probe_times(kind)
    expected = [frame for _, frame in times]
    seen: dict[str, list[int]] = {}
    open_case(page, site)

    partial = f"clip-{site.partial[kind.name]}"
    video = player_video(page, partial)
    assert page.evaluate("id => RunPhysPlayer.players.get(id).mode", partial) == "hls"
    seen["live partial (hls.js)"] = read_all(page, video, times)

    fig = site.figure[kind.name]
    video = player_video(page, fig)
    assert page.evaluate("id => RunPhysPlayer.players.get(id).mode", fig) == "hls"
    heights = page.evaluate("id => RunPhysPlayer.players.get(id).hls.levels.map(l => l.height)", fig)
    assert sorted(heights) == [360, 480]
    for level, height in enumerate(heights):
        page.evaluate(SWITCH_LEVEL_JS, [fig, level])
        seen[f"hls.js {height}p"] = read_all(page, video, times)
        assert page.evaluate("v => v.videoHeight", video) == height

    if kind.source_fps >= 100:
        factor = kind.source_fps // 30
        page.evaluate("id => RunPhysPlayer.players.get(id).setSlowmo(true)", fig)
        page.wait_for_function("id => RunPhysPlayer.players.get(id).mode === 'slowmo'", arg=fig)
        video = player_video(page, fig)
        seen["slow rendition"] = read_all(page, video, times, scale=factor)

    page.evaluate("id => { const p = RunPhysPlayer.players.get(id); p.setSlowmo(false);"
                  " p.source.useMp4(); p.attach(0); }", fig)
    page.wait_for_function("id => RunPhysPlayer.players.get(id).mode === 'mp4'", arg=fig)
    seen["player MP4"] = read_all(page, player_video(page, fig), times)

    studio = browser.new_context(storage_state=site.studio_state)
    try:
        physio = studio.new_page()
        physio.goto(f"{site.url}/studio/clips/{site.done[kind.name]}")
        physio.evaluate("() => RunPhysPlayer.ready.then((players) => players.get('studio-clip').load())")
        physio.wait_for_function("() => document.getElementById('studio-video').readyState >= 2")
        seen["studio player"] = read_all(physio, physio.locator("#studio-video").element_handle(),
                                      times)
    finally:
        studio.close()

    ways = {"live partial (hls.js)", "hls.js 360p", "hls.js 480p", "player MP4", "studio player"}
    assert set(seen) == ways | ({"slow rendition"} if kind.source_fps >= 100 else set())
    assert seen == {way: expected for way in seen}


@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_each_next_frame_press_shows_the_next_frame_of_the_file(page, frames_site,
                                                                kind) -> None:
    site = frames_site
    open_case(page, site)
    fig = site.figure[kind.name]
    video = player_video(page, fig)
    next_frame = page.locator(f"#{fig} button[aria-label^='Next frame']")
    start = seek_and_read(page, video, 3.5 / kind.played_fps).frame
    assert start == 3 * kind.stride
    shown = [after(page, video, next_frame.click).frame for _ in range(8)]
    if kind.source_fps < 100:
        assert shown == [start + step * kind.stride for step in range(1, 9)]
    else:  # a high-speed clip steps through every captured frame (on its slow rendition)
        assert shown == list(range(start + 1, start + 9))
        assert page.evaluate("id => RunPhysPlayer.players.get(id).mode", fig) == "slowmo"
