"""Turn a probed upload into the web renditions RunPhys serves.

Two ffmpeg runs decode the source side by side: a quick one makes the lowest rung and the
poster candidates (so a complete, playable MP4 exists early), and the main one, at lower CPU
priority, makes the other rungs, the storyboard sprite and any slow-motion rendition from a
single decode. HLS is then packaged from the finished rungs by stream copy.
"""

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from .errors import MediaError, RefusedInput
from .graph import SLOWMO_NAME, EncodeJob, PosterPlan, encode_command
from .hls import HLS_DIR, MASTER_NAME, package_hls
from .ladder import Rung, SlowmoPlan, plan_ladder, plan_slowmo
from .poster import POSTER_NAME, choose_poster, plan_poster
from .probe import Probe
from .results import Rendition, TranscodeResult
from .runner import FfmpegRun, ffprobe_json
from .settings import DEFAULT_PROFILE, EncodeProfile, Limits
from .storyboard import (SPRITE_NAME, VTT_NAME, StoryboardPlan, plan_storyboard, tile_sprite,
                         write_vtt)

ProgressCallback = Callable[[float, float | None], None]
PlayableCallback = Callable[[list[str]], None]
ENCODE_SHARE = 0.95  # of reported progress; measuring and packaging take the rest
QUICK_WEIGHT = 0.25  # share of encoding work the quick run stands for when reporting progress
FAILURE = "The video could not be converted."
NICE = "/usr/bin/nice"


def transcode_clip(src: Path, out_dir: Path, probe: Probe, *, trim_in: float | None = None,
                   trim_out: float | None = None, strip_audio: bool = False,
                   limits: Limits = Limits(), profile: EncodeProfile = DEFAULT_PROFILE,
                   on_progress: ProgressCallback | None = None,
                   on_playable: PlayableCallback | None = None) -> TranscodeResult:
    """Encode ladder, poster, storyboard, slow motion and HLS into out_dir.

    Callbacks run in the calling thread. Raise MediaError with a human reason on failure.
    """
    src, out_dir = Path(src), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    start, duration = clip_window(probe, trim_in, trim_out)
    plan = plan_outputs(probe, duration, probe.has_audio and not strip_audio, profile)
    progress = ProgressReporter(plan.longest_output, on_progress)

    def command(job: EncodeJob) -> list[str]:
        return encode_command(src, out_dir, probe, start, duration, plan.fps, job, limits,
                              profile)

    def announce() -> None:
        choose_poster(out_dir, plan.poster, profile)
        if on_playable is not None:
            on_playable([f"{plan.rungs[-1].name}.mp4", POSTER_NAME])

    timeout = limits.timeout_for(plan.longest_output)
    if plan.quick is None:
        FfmpegRun(command(plan.main), timeout, FAILURE).follow(progress.report)
        announced = False
    else:
        announced = run_side_by_side(command(plan.quick), command(plan.main), limits, timeout,
                                      progress, announce)
    if not announced:
        choose_poster(out_dir, plan.poster, profile)
    return _package(out_dir, plan, limits, profile, progress)


@dataclass(frozen=True)
class OutputPlan:
    """What one transcode makes, split into the quick run (if any) and the main run."""

    duration: float
    rungs: list[Rung]
    fps: Fraction
    audio: bool
    poster: PosterPlan
    storyboard: StoryboardPlan
    slowmo: SlowmoPlan | None
    quick: EncodeJob | None  # lowest rung + poster candidates, for an early playable file
    main: EncodeJob

    @property
    def longest_output(self) -> float:
        """Return the longest output duration: ffmpeg reports progress against it."""
        slow = self.slowmo.seconds * self.slowmo.factor if self.slowmo else 0.0
        return max(self.duration, slow)


def plan_outputs(probe: Probe, duration: float, audio: bool,
                 profile: EncodeProfile = DEFAULT_PROFILE) -> OutputPlan:
    """Plan every output, and which run makes it: one run when there is a single rung."""
    rungs = plan_ladder(probe, profile)
    fps = rungs[0].fps
    poster = plan_poster(duration, fps, probe.width, probe.height, profile)
    storyboard = plan_storyboard(duration, fps, probe.width, probe.height, profile)
    slowmo = plan_slowmo(probe, duration, profile)
    if len(rungs) == 1:
        quick = None
        main = EncodeJob(rungs=tuple(rungs), audio=audio, poster=poster,
                         storyboard=storyboard, slowmo=slowmo)
    else:
        quick = EncodeJob(rungs=(rungs[-1],), audio=audio, poster=poster)
        main = EncodeJob(rungs=tuple(rungs[:-1]), audio=audio, storyboard=storyboard,
                         slowmo=slowmo)
    return OutputPlan(duration, rungs, fps, audio, poster, storyboard, slowmo, quick, main)


def _package(out_dir: Path, plan: OutputPlan, limits: Limits, profile: EncodeProfile,
             progress: "ProgressReporter") -> TranscodeResult:
    """Measure the encodes, package HLS, tile the storyboard; return what was written."""
    renditions = [_measure(out_dir, f"{rung.name}.mp4", rung.fps, "mp4", limits)
                  for rung in plan.rungs]
    progress.step(0.96)
    hls_files = package_hls(out_dir, renditions, plan.audio, limits, profile, plan.duration)
    progress.step(0.98)
    tile_sprite(out_dir, plan.storyboard, limits, profile)
    write_vtt(plan.storyboard, plan.duration, out_dir / VTT_NAME)
    if plan.slowmo is not None:
        renditions.append(_measure(out_dir, SLOWMO_NAME, plan.slowmo.display_fps, "slowmo",
                                   limits))
    progress.step(1.0)
    return TranscodeResult(
        renditions=renditions, hls_master=f"{HLS_DIR}/{MASTER_NAME}", poster=POSTER_NAME,
        poster_width=plan.poster.width, poster_height=plan.poster.height,
        storyboard=SPRITE_NAME, thumbnails_vtt=VTT_NAME, duration=plan.duration,
        has_audio=plan.audio,
        files=[r.name for r in renditions] + [POSTER_NAME, SPRITE_NAME, VTT_NAME, *hls_files])


def clip_window(probe: Probe, trim_in: float | None, trim_out: float | None
                ) -> tuple[float, float]:
    """Return (start, duration) of the kept part, refusing an empty or inverted trim."""
    start = max(0.0, trim_in or 0.0)
    end = min(probe.duration, trim_out) if trim_out is not None else probe.duration
    if end - start < 0.1:
        raise RefusedInput("The trim leaves nothing to show: the out point must come after "
                           "the in point, inside the clip.",
                           f"trim {trim_in}–{trim_out} of {probe.duration:.3f} s")
    return start, end - start


def run_side_by_side(quick_cmd: list[str], main_cmd: list[str], limits: Limits,
                     timeout: float, progress: "ProgressReporter",
                     announce: Callable[[], None]) -> bool:
    """Run the quick and the (niced) main encode together; announce when quick is done.

    Progress and the announcement happen in this thread, driven by the main run's progress.
    Return whether the announcement was made (not if the quick run ended last).
    """
    quick = FfmpegRun(quick_cmd, timeout, FAILURE)
    main = FfmpegRun([NICE, "-n", str(limits.ladder_nice), *main_cmd], timeout, FAILURE)
    state: dict = {"fraction": 0.0, "announced": False}

    def follow_quick() -> None:
        try:
            quick.follow(lambda block: state.update(fraction=progress.fraction(block)))
        except MediaError as exc:
            state["error"] = exc

    watcher = threading.Thread(target=follow_quick, daemon=True)
    watcher.start()

    def on_main(block: dict[str, str]) -> None:
        if "error" in state:
            raise state["error"]
        if not watcher.is_alive() and not state["announced"]:
            state["announced"] = True
            announce()
        progress.report(block, state["fraction"])

    try:
        main.follow(on_main)
        watcher.join()
    finally:
        quick.kill()
        main.kill()
        watcher.join()
    if "error" in state:
        raise state["error"]
    return state["announced"]


class ProgressReporter:
    """Turn ffmpeg progress blocks into on_progress(fraction, eta seconds) calls."""

    def __init__(self, media_seconds: float, on_progress: ProgressCallback | None) -> None:
        self.media_seconds = media_seconds
        self.on_progress = on_progress
        self.began = time.monotonic()

    def fraction(self, block: dict[str, str]) -> float:
        """Return how far one run is, from its out_time_us ('N/A' before the first frame)."""
        try:
            done = int(block.get("out_time_us", "")) / 1e6
        except ValueError:
            return 0.0
        return min(1.0, max(0.0, done / self.media_seconds))

    def report(self, block: dict[str, str], quick_fraction: float | None = None) -> None:
        """Report the main run's block, blended with the quick run's fraction if any."""
        if self.on_progress is None:
            return
        done = self.fraction(block)
        if quick_fraction is not None:
            done = (1 - QUICK_WEIGHT) * done + QUICK_WEIGHT * quick_fraction
        elapsed = time.monotonic() - self.began
        eta = elapsed * (1 - done) / done if done > 0.01 else None
        self.on_progress(done * ENCODE_SHARE, eta)

    def step(self, fraction: float) -> None:
        """Report a fixed point of the packaging steps after the encode."""
        if self.on_progress is not None:
            self.on_progress(fraction, 0.0 if fraction >= 1.0 else None)


def _measure(out_dir: Path, name: str, fps: Fraction, kind: str, limits: Limits) -> Rendition:
    """Read a finished MP4's size back from the file and compute its bitrate."""
    info, stderr = ffprobe_json(out_dir / name, ["-show_format", "-show_streams",
                                                 "-select_streams", "v:0"], limits.probe_timeout)
    if not info or not info.get("streams"):
        raise MediaError("The converted video could not be verified.", stderr)
    stream = info["streams"][0]
    bitrate = round((out_dir / name).stat().st_size * 8 / float(info["format"]["duration"]))
    return Rendition(name=name, width=int(stream["width"]), height=int(stream["height"]),
                     bitrate=bitrate, fps=float(fps), kind=kind)
