"""Turn a probed upload into the web renditions RunPhys serves.

Two ffmpeg runs decode the source side by side: a quick one makes the lowest rung and the
poster candidates, and the main one, at lower CPU priority, makes the other rungs, the
storyboard sprite and any slow-motion rendition from a single decode. The lowest rung is
written as growing HLS beside its MP4, so the clip plays a few seconds after the job starts.
The other rungs' HLS is then packaged from their finished MP4s by stream copy.
"""

import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from .errors import MediaError, RefusedInput
from .graph import (INIT_NAME, SLOWMO_NAME, VARIANT_PLAYLIST, EncodeJob, PosterPlan,
                    encode_command, variant_dir)
from .hls import EXTINF, HLS_DIR, MASTER_NAME, package_hls, strip_user_data, vod_playlist
from .ladder import Rung, SlowmoPlan, plan_ladder, plan_slowmo
from .poster import POSTER_NAME, choose_poster, plan_poster
from .probe import Probe
from .results import Playable, Rendition, TranscodeResult
from .runner import FfmpegRun, ffprobe_json
from .settings import DEFAULT_PROFILE, EncodeProfile, Limits
from .storyboard import (SPRITE_NAME, VTT_NAME, StoryboardPlan, plan_storyboard, tile_sprite,
                         write_vtt)

ProgressCallback = Callable[[float, float | None], None]
PlayableCallback = Callable[[Playable], None]
ENCODE_SHARE = 0.95  # of reported progress; measuring and packaging take the rest
QUICK_WEIGHT = 0.25  # share of encoding work the quick run stands for when reporting progress
POLL_SECONDS = 0.5  # how often to look for new live segments when ffmpeg says nothing
FAILURE = "The video could not be converted."
NICE = "/usr/bin/nice"


def transcode_clip(src: Path, out_dir: Path, probe: Probe, *, trim_in: float | None = None,
                   trim_out: float | None = None, strip_audio: bool = False,
                   limits: Limits = Limits(), profile: EncodeProfile = DEFAULT_PROFILE,
                   on_progress: ProgressCallback | None = None,
                   on_playable: PlayableCallback | None = None) -> TranscodeResult:
    """Encode ladder, poster, storyboard, slow motion and HLS into out_dir.

    on_playable gets the lowest rung's growing HLS each time a segment is finished, and once
    more with its MP4 and the poster when the quick run is done before the rest. Callbacks run
    in the calling thread. Raise MediaError with a human reason on failure.
    """
    src, out_dir = Path(src).absolute(), Path(out_dir).absolute()
    out_dir.mkdir(parents=True, exist_ok=True)
    start, duration = clip_window(probe, trim_in, trim_out)
    plan = plan_outputs(probe, duration, probe.has_audio and not strip_audio, profile)
    progress = ProgressReporter(plan.longest_output, on_progress)
    live = LiveRung(out_dir, plan.rungs[-1], on_playable)

    def command(job: EncodeJob) -> list[str]:
        return encode_command(src, out_dir, probe, start, duration, plan.fps, job, limits,
                              profile)

    def quick_done() -> None:
        live.complete(choose_poster(out_dir, plan.poster, profile))

    timeout = limits.timeout_for(plan.longest_output)
    if plan.quick is None:
        FfmpegRun(command(plan.main), timeout, FAILURE, cwd=out_dir).follow(
            lambda block: (progress.report(block), live.poll()))
        announced = False
    else:
        announced = run_side_by_side(command(plan.quick), command(plan.main), limits, timeout,
                                      progress, quick_done, live.poll, out_dir)
    if not announced:
        choose_poster(out_dir, plan.poster, profile)
    return _package(out_dir, plan, limits, profile, progress)


class LiveRung:
    """Hand the growing HLS of the rung encoded live to on_playable as segments finish."""

    def __init__(self, out_dir: Path, rung: Rung, on_playable: PlayableCallback | None) -> None:
        self.out_dir, self.rung, self.on_playable = out_dir, rung, on_playable
        self.folder = variant_dir(rung.name)
        (out_dir / self.folder).mkdir(parents=True, exist_ok=True)
        self.segments = 0

    def poll(self) -> None:
        """Hand over the playlist if it lists a new finished segment."""
        found = self._read()
        if found is not None and len(found[1]) > self.segments:
            self.segments = len(found[1])
            self._hand_over(*found)

    def complete(self, poster: str) -> None:
        """Hand over the whole rung: every segment, its MP4 and the poster."""
        if self.on_playable is None:
            return
        found = self._read()
        if found is None or "#EXT-X-ENDLIST" not in found[0]:
            raise MediaError(FAILURE, f"{self.folder} has no finished playlist")
        self.segments = len(found[1])  # a later poll must not hand over less (no MP4, poster)
        self._hand_over(vod_playlist(found[0]), found[1], f"{self.rung.name}.mp4", poster)

    def _read(self) -> tuple[str, list[str]] | None:
        """Return the playlist text and its segments, if whole and every segment is there.

        ffmpeg replaces the playlist by renaming (hls_flags temp_file) and lists a segment
        only once it is closed; the checks guard against anything else.
        """
        if self.on_playable is None:
            return None
        try:
            text = (self.out_dir / self.folder / VARIANT_PLAYLIST).read_text(encoding="ascii")
        except FileNotFoundError:
            return None
        names = [name.strip() for _, name in EXTINF.findall(text)]
        folder = self.out_dir / self.folder
        if (not names or not text.endswith("\n") or not (folder / INIT_NAME).exists()
                or not all((folder / name).exists() for name in names)):
            return None
        return text, names

    def _hand_over(self, text: str, names: list[str], mp4: str | None = None,
                   poster: str | None = None) -> None:
        strip_user_data(self.out_dir / self.folder / INIT_NAME)  # idempotent
        if "#EXT-X-ENDLIST" not in text:  # players (Safari) would start an EVENT at its end
            text = text.replace("#EXT-X-TARGETDURATION",
                                "#EXT-X-START:TIME-OFFSET=0,PRECISE=YES\n#EXT-X-TARGETDURATION", 1)
        files = [f"{self.folder}/{name}" for name in (INIT_NAME, *names)]
        files += [name for name in (mp4, poster) if name is not None]
        self.on_playable(Playable(files=files, playlist=f"{self.folder}/{VARIANT_PLAYLIST}",
                                  playlist_text=text, width=self.rung.width,
                                  height=self.rung.height, fps=float(self.rung.fps), mp4=mp4,
                                  poster=poster))


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
                         storyboard=storyboard, slowmo=slowmo, live=rungs[-1].name)
    else:
        quick = EncodeJob(rungs=(rungs[-1],), audio=audio, poster=poster, live=rungs[-1].name)
        main = EncodeJob(rungs=tuple(rungs[:-1]), audio=audio, storyboard=storyboard,
                         slowmo=slowmo)
    return OutputPlan(duration, rungs, fps, audio, poster, storyboard, slowmo, quick, main)


def _package(out_dir: Path, plan: OutputPlan, limits: Limits, profile: EncodeProfile,
             progress: "ProgressReporter") -> TranscodeResult:
    """Measure the encodes, package HLS, tile the storyboard; return what was written."""
    renditions = [_measure(out_dir, f"{rung.name}.mp4", rung.fps, "mp4", limits)
                  for rung in plan.rungs]
    progress.step(0.96)
    hls_files = package_hls(out_dir, renditions, plan.audio, limits, profile, plan.duration,
                            live=plan.rungs[-1].name)
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
                     announce: Callable[[], None], tick: Callable[[], None], cwd: Path) -> bool:
    """Run the quick and the (niced) main encode together; announce when quick is done.

    Two threads read ffmpeg's progress; this thread reports it, calls tick at least every
    POLL_SECONDS and announces the quick run's end. Return whether the announcement was made
    (not if the quick run ended last).
    """
    runs = {"quick": FfmpegRun(quick_cmd, timeout, FAILURE, cwd),
            "main": FfmpegRun([NICE, "-n", str(limits.ladder_nice), *main_cmd], timeout,
                              FAILURE, cwd)}
    events: queue.Queue = queue.Queue()

    def follow(name: str) -> None:
        try:
            runs[name].follow(lambda block: events.put((name, block)))
            events.put((name, None))
        except MediaError as exc:
            events.put((name, exc))

    watchers = [threading.Thread(target=follow, args=(name,), daemon=True) for name in runs]
    for watcher in watchers:
        watcher.start()
    running, quick_fraction, announced = set(runs), 0.0, False
    try:
        while running:
            try:
                name, item = events.get(timeout=POLL_SECONDS)
            except queue.Empty:
                tick()
                continue
            if isinstance(item, MediaError):
                raise item
            if item is None:
                running.discard(name)
                if name == "quick" and running:
                    announced = True
                    announce()
            elif name == "quick":
                quick_fraction = progress.fraction(item)
                tick()
            else:
                progress.report(item, quick_fraction)
    finally:
        for run in runs.values():
            run.kill()
        for watcher in watchers:
            watcher.join()
    return announced


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
