"""Turn a probed upload into the web renditions RunPhys serves: one decode, one ffmpeg run."""

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import ffmpeg

from . import poster as poster_mod
from .errors import MediaError
from .ladder import Rung, plan_ladder
from .probe import Probe
from .runner import FFMPEG, ffprobe_json, run_ffmpeg
from .settings import CONTAINER_DEMUXERS, DEFAULT_PROFILE, EncodeProfile, Limits

ProgressCallback = Callable[[float, float | None], None]
PlayableCallback = Callable[[list[str]], None]
ENCODE_SHARE = 0.95  # of reported progress; packaging and the poster take the rest


@dataclass(frozen=True)
class Rendition:
    """One finished progressive MP4."""

    name: str  # file name relative to out_dir, e.g. "720p.mp4"
    width: int
    height: int
    bitrate: int  # bits/s, measured from the file
    fps: float
    kind: str = "mp4"  # "mp4" | "slowmo"


@dataclass(frozen=True)
class TranscodeResult:
    """Everything transcode_clip wrote, as paths relative to out_dir."""

    renditions: list[Rendition]
    hls_master: str | None
    poster: str
    poster_width: int
    poster_height: int
    storyboard: str | None
    thumbnails_vtt: str | None
    duration: float
    has_audio: bool
    files: list[str]


def transcode_clip(src: Path, out_dir: Path, probe: Probe, *, trim_in: float | None = None,
                   trim_out: float | None = None, strip_audio: bool = False,
                   limits: Limits = Limits(), profile: EncodeProfile = DEFAULT_PROFILE,
                   on_progress: ProgressCallback | None = None,
                   on_playable: PlayableCallback | None = None) -> TranscodeResult:
    """Encode the ladder and poster into out_dir; raise MediaError with a human reason."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    start, duration = clip_window(probe, trim_in, trim_out)
    rungs = plan_ladder(probe, profile)
    keep_audio = probe.has_audio and not strip_audio
    cmd = ladder_command(Path(src), out_dir, probe, rungs, start, duration, keep_audio,
                         limits, profile)
    run_ffmpeg(cmd, limits.timeout_for(duration),
               _progress_reporter(duration, on_progress), "The video could not be converted.")
    renditions = [_measure(out_dir, f"{rung.name}.mp4", rung.fps, "mp4", limits)
                  for rung in rungs]
    top = renditions[0]
    poster = poster_mod.make_poster(out_dir / top.name, out_dir / "poster.jpg", duration,
                                    top.width, top.height, limits, profile)
    if on_progress:
        on_progress(1.0, 0.0)
    return TranscodeResult(
        renditions=renditions, hls_master=None, poster="poster.jpg",
        poster_width=poster[0], poster_height=poster[1], storyboard=None, thumbnails_vtt=None,
        duration=duration, has_audio=keep_audio,
        files=[r.name for r in renditions] + ["poster.jpg"])


def clip_window(probe: Probe, trim_in: float | None, trim_out: float | None
                ) -> tuple[float, float]:
    """Return (start, duration) of the kept part, refusing an empty or inverted trim."""
    start = max(0.0, trim_in or 0.0)
    end = min(probe.duration, trim_out) if trim_out is not None else probe.duration
    if end - start < 0.1:
        raise MediaError("The trim leaves nothing to show: the out point must come after "
                         "the in point, inside the clip.", f"trim {trim_in}–{trim_out} "
                         f"of {probe.duration:.3f} s")
    return start, end - start


def open_source(src: Path, start: float, duration: float, limits: Limits):
    """Return an ffmpeg-python input restricted to local files and container demuxers."""
    options = {"protocol_whitelist": "file", "format_whitelist": ",".join(CONTAINER_DEMUXERS),
               "threads": limits.threads, "t": f"{duration:.6f}"}
    if start > 0:
        options["ss"] = f"{start:.6f}"
    return ffmpeg.input("file:" + str(src), **options)


def ladder_command(src: Path, out_dir: Path, probe: Probe, rungs: list[Rung], start: float,
                   duration: float, keep_audio: bool, limits: Limits,
                   profile: EncodeProfile) -> list[str]:
    """Build the single ffmpeg run that decodes once and splits into every rung."""
    source = open_source(src, start, duration, limits)
    video = source[str(probe.video_index)].filter("fps", fps=str(rungs[0].fps))
    branches = video.filter_multi_output("split", len(rungs))
    audio = source[str(probe.audio_index)] if keep_audio else None
    outputs = []
    for index, rung in enumerate(rungs):
        picture = (branches[index].filter("scale", rung.width, rung.height)
                   .filter("setsar", 1).filter("format", profile.pix_fmt))
        streams = [picture, audio] if audio is not None else [picture]
        outputs.append(ffmpeg.output(*streams, "file:" + str(out_dir / f"{rung.name}.mp4"),
                                     **video_options(rung, limits, profile),
                                     **(audio_options(profile) if audio is not None else {}),
                                     **clean_mp4_options(keep_audio)))
    return _compile(ffmpeg.merge_outputs(*outputs), limits)


def video_options(rung: Rung, limits: Limits, profile: EncodeProfile) -> dict:
    """Return x264 options for a rung: CRF under a VBV cap, closed aligned GOPs."""
    return {"c:v": profile.video_codec, "preset": profile.preset, "crf": profile.crf,
            "profile:v": profile.h264_profile, "maxrate": rung.maxrate, "bufsize": rung.bufsize,
            "g": rung.gop, "keyint_min": rung.gop, "sc_threshold": 0, "flags": "+cgop",
            "threads": limits.threads}


def audio_options(profile: EncodeProfile) -> dict:
    """Return AAC stereo options; ffmpeg's default matrix downmixes 5.1 to stereo."""
    return {"c:a": profile.audio_codec, "b:a": profile.audio_bitrate,
            "ac": profile.audio_channels, "ar": profile.audio_rate}


def clean_mp4_options(keep_audio: bool) -> dict:
    """Return muxer options that drop every piece of source metadata and start fast."""
    options = {"map_metadata": -1, "map_chapters": -1, "fflags": "+bitexact",
               "flags:v": "+bitexact", "dn": None, "sn": None, "movflags": "+faststart",
               "metadata:s:v": "handler_name=VideoHandler"}
    if keep_audio:
        options.update({"flags:a": "+bitexact", "metadata:s:a": "handler_name=SoundHandler"})
    else:
        options["an"] = None
    return options


def _compile(stream, limits: Limits) -> list[str]:
    """Compile an ffmpeg-python graph with the global options every run must carry."""
    return stream.global_args(
        "-nostdin", "-hide_banner", "-loglevel", "warning", "-y", "-nostats",
        "-progress", "pipe:1", "-filter_threads", str(limits.threads),
    ).compile(cmd=FFMPEG)


def _progress_reporter(duration: float, on_progress: ProgressCallback | None):
    """Turn ffmpeg progress blocks into (fraction, eta seconds) calls."""
    if on_progress is None:
        return None
    began = time.monotonic()

    def report(block: dict[str, str]) -> None:
        done = _seconds(block.get("out_time_us"))
        fraction = min(1.0, done / duration) if done is not None else 0.0
        elapsed = time.monotonic() - began
        eta = elapsed * (1 - fraction) / fraction if fraction > 0.01 else None
        on_progress(fraction * ENCODE_SHARE, eta)

    return report


def _seconds(microseconds: str | None) -> float | None:
    """Parse ffmpeg's out_time_us field ('N/A' before the first frame)."""
    try:
        return max(0.0, int(microseconds) / 1e6)
    except (TypeError, ValueError):
        return None


def _measure(out_dir: Path, name: str, fps, kind: str, limits: Limits) -> Rendition:
    """Read a finished MP4's size and bitrate back from the file."""
    info, stderr = ffprobe_json(out_dir / name, ["-show_format", "-show_streams",
                                                 "-select_streams", "v:0"], limits.probe_timeout)
    if not info or not info.get("streams"):
        raise MediaError("The converted video could not be verified.", stderr)
    stream = info["streams"][0]
    duration = float(info["format"]["duration"])
    bitrate = round((out_dir / name).stat().st_size * 8 / duration)
    return Rendition(name=name, width=int(stream["width"]), height=int(stream["height"]),
                     bitrate=bitrate, fps=float(fps), kind=kind)
