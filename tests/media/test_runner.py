"""Running ffmpeg: side-by-side runs, announcements in the caller's thread, kills, timeouts."""

import threading
import time
from fractions import Fraction

import ffmpeg
import m3u8
import pytest

from runphys.media import EncodeProfile, MediaError, Rung, RungSpec
from runphys.media.graph import compile_run, rung_output
from runphys.media.runner import FFMPEG, run_ffmpeg
from runphys.media.settings import Limits
from runphys.media.transcode import LiveRung, ProgressReporter, run_side_by_side

from .conftest import hls_seconds


def lavfi_command(seconds: float, realtime: bool = False) -> list[str]:
    """Return an ffmpeg command that reads `seconds` of test pattern, reporting progress."""
    return [FFMPEG, "-nostdin", "-v", "error", *(["-re"] if realtime else []), "-f", "lavfi",
            "-i", f"testsrc2=s=64x48:r=10:d={seconds}", "-progress", "pipe:1", "-f", "null", "-"]


def test_quick_run_is_announced_in_the_callers_thread_while_main_runs(tmp_path):
    events = []
    progress = ProgressReporter(3.0, lambda fraction, eta: events.append(("progress", fraction)))

    def announce():
        events.append(("announce", threading.current_thread() is threading.main_thread()))

    announced = run_side_by_side(lavfi_command(0.2), lavfi_command(3.0, realtime=True),
                                  Limits(), 60.0, progress, announce, lambda: None, tmp_path)
    assert announced and events.count(("announce", True)) == 1
    at = events.index(("announce", True))
    assert [kind for kind, _ in events[at + 1:]].count("progress") >= 2  # main went on


def test_failing_quick_run_stops_the_main_run(tmp_path):
    began = time.monotonic()
    broken = [FFMPEG, "-nostdin", "-v", "error", "-f", "lavfi", "-i", "nosuchsource",
              "-f", "null", "-"]
    with pytest.raises(MediaError):
        run_side_by_side(broken, lavfi_command(20.0, realtime=True), Limits(), 60.0,
                          ProgressReporter(20.0, None), lambda: None, lambda: None, tmp_path)
    assert time.monotonic() - began < 10


def test_timeout_kills_ffmpeg_and_keeps_a_human_reason():
    began = time.monotonic()
    with pytest.raises(MediaError) as caught:
        run_ffmpeg(lavfi_command(30.0, realtime=True), timeout=1.0)
    assert time.monotonic() - began < 5
    assert "took too long" in caught.value.reason and "killed after" in caught.value.detail


def test_ffmpeg_failure_keeps_stderr_tail_as_detail():
    with pytest.raises(MediaError) as caught:
        run_ffmpeg([FFMPEG, "-nostdin", "-i", "/nonexistent/clip.mp4", "-f", "null", "-"], 30.0)
    assert caught.value.reason == "The video could not be converted."
    assert "No such file" in caught.value.detail


def test_live_rung_is_handed_over_segment_by_segment_while_it_encodes(tmp_path):
    """A realtime source, so segments finish at known times: 1 s segments over 3.5 s."""
    profile = EncodeProfile(rungs=(RungSpec(48, 200_000),), gop_seconds=1.0,
                            hls_segment_seconds=1.0)
    rung = Rung(name="48p", width=64, height=48, fps=Fraction(10), maxrate=200_000,
                bufsize=400_000, gop=10)
    source = ffmpeg.input("testsrc2=s=64x48:r=10:d=3.5", f="lavfi", re=None)
    quick = compile_run(rung_output(source.video, None, tmp_path / "48p.mp4", rung, Limits(),
                                    profile, live=True), Limits())
    handovers = []

    def playable(part):
        # Check at hand-over time: everything listed is whole and decodes.
        listed = m3u8.loads(part.playlist_text)
        assert part.files[:len(listed.segments) + 1] == [
            f"hls/48p/{name}" for name in ["init.mp4", *(seg.uri for seg in listed.segments)]]
        decoded = hls_seconds(tmp_path / "hls/48p", [seg.uri for seg in listed.segments])
        assert decoded == pytest.approx(sum(seg.duration for seg in listed.segments), abs=0.05)
        if not listed.is_endlist:  # a growing playlist is watched from its start
            assert (listed.start.time_offset, listed.start.precise) == (0, "YES")
        handovers.append((len(listed.segments), decoded, listed.is_endlist,
                          listed.playlist_type, part.mp4, threading.current_thread()))

    live = LiveRung(tmp_path, rung, playable)
    announced = run_side_by_side(quick, lavfi_command(5.0, realtime=True), Limits(), 60.0,
                                 ProgressReporter(5.0, None),
                                 lambda: live.complete("poster.jpg"), live.poll, tmp_path)
    assert announced
    growing, final = handovers[:-1], handovers[-1]
    assert len(growing) >= 2, handovers  # segments were handed over while ffmpeg still ran
    counts = [count for count, *_ in growing]
    assert counts == sorted(set(counts)) and counts[0] >= 1
    for count, decoded, ended, kind, mp4, thread in growing:
        assert decoded >= count - 0.5  # whole seconds, but for the last one at the very end
        assert kind == "event" and mp4 is None
        assert not ended or count == final[0]  # a poll may see the end before ffmpeg exits
        assert thread is threading.main_thread()
    assert final[0] == 4 and final[1] == pytest.approx(3.5, abs=0.05)
    assert final[2] and final[3] == "vod" and final[4] == "48p.mp4"


def test_no_hand_over_after_the_whole_rung_drops_its_mp4_and_poster(tmp_path):
    # A poll after complete() saw the last segment as new and handed over the rung again,
    # without its MP4 and poster: the site's record lost them until the clip was finished.
    rung = Rung(name="48p", width=64, height=48, fps=Fraction(10), maxrate=200_000,
                bufsize=400_000, gop=10)
    handovers = []
    live = LiveRung(tmp_path, rung, handovers.append)
    folder = tmp_path / "hls/48p"
    for name in ("init.mp4", "seg_000.m4s", "seg_001.m4s"):
        (folder / name).write_bytes(b"data")

    def playlist(segments: int, ended: bool) -> None:
        (folder / "index.m3u8").write_text(
            "#EXTM3U\n#EXT-X-PLAYLIST-TYPE:EVENT\n#EXT-X-TARGETDURATION:1\n"
            + "".join(f"#EXTINF:1.0,\nseg_{i:03d}.m4s\n" for i in range(segments))
            + ("#EXT-X-ENDLIST\n" if ended else ""))

    playlist(1, ended=False)
    live.poll()
    playlist(2, ended=True)
    live.complete("poster.jpg")
    live.poll()
    assert [(len(m3u8.loads(part.playlist_text).segments), part.mp4, part.poster)
            for part in handovers] == [(1, None, None), (2, "48p.mp4", "poster.jpg")]
