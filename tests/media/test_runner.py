"""Running ffmpeg: side-by-side runs, announcements in the caller's thread, kills, timeouts."""

import threading
import time

import pytest

from runphys.media import MediaError
from runphys.media.runner import FFMPEG, run_ffmpeg
from runphys.media.settings import Limits
from runphys.media.transcode import ProgressReporter, run_side_by_side


def lavfi_command(seconds: float, realtime: bool = False) -> list[str]:
    """Return an ffmpeg command that reads `seconds` of test pattern, reporting progress."""
    return [FFMPEG, "-nostdin", "-v", "error", *(["-re"] if realtime else []), "-f", "lavfi",
            "-i", f"testsrc2=s=64x48:r=10:d={seconds}", "-progress", "pipe:1", "-f", "null", "-"]


def test_quick_run_is_announced_in_the_callers_thread_while_main_runs():
    events = []
    progress = ProgressReporter(3.0, lambda fraction, eta: events.append(("progress", fraction)))

    def announce():
        events.append(("announce", threading.current_thread() is threading.main_thread()))

    announced = run_side_by_side(lavfi_command(0.2), lavfi_command(3.0, realtime=True),
                                  Limits(), 60.0, progress, announce)
    assert announced and events.count(("announce", True)) == 1
    at = events.index(("announce", True))
    assert [kind for kind, _ in events[at + 1:]].count("progress") >= 2  # main went on


def test_failing_quick_run_stops_the_main_run():
    began = time.monotonic()
    broken = [FFMPEG, "-nostdin", "-v", "error", "-f", "lavfi", "-i", "nosuchsource",
              "-f", "null", "-"]
    with pytest.raises(MediaError):
        run_side_by_side(broken, lavfi_command(20.0, realtime=True), Limits(), 60.0,
                          ProgressReporter(20.0, None), lambda: None)
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
