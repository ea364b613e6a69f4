"""Pick a representative, non-black poster frame from a finished rendition."""

import re
from pathlib import Path

import ffmpeg

from .runner import FFMPEG, run_ffmpeg
from .settings import EncodeProfile, Limits

LUMA_LINE = re.compile(r"lavfi\.signalstats\.YAVG=([\d.]+)")
POSTER_TIMEOUT = 60.0


def poster_size(width: int, height: int, profile: EncodeProfile) -> tuple[int, int]:
    """Fit (width, height) inside the poster box for its orientation, never upscaling."""
    long_side, short_side = max(width, height), min(width, height)
    scale = min(1.0, profile.poster_long_side / long_side, profile.poster_short_side / short_side)
    return max(2, 2 * round(width * scale / 2)), max(2, 2 * round(height * scale / 2))


def make_poster(video: Path, target: Path, duration: float, width: int, height: int,
                limits: Limits, profile: EncodeProfile) -> tuple[int, int]:
    """Write the first bright-enough candidate frame (else the brightest) as JPEG; return size."""
    size = poster_size(width, height, profile)
    best: tuple[float, float] | None = None
    for position in profile.poster_positions:
        at = position * duration
        luma = _grab(video, target, at, size, limits, profile)
        if luma >= profile.poster_min_luma:
            return size
        if best is None or luma > best[0]:
            best = (luma, at)
    _grab(video, target, best[1], size, limits, profile)
    return size


def _grab(video: Path, target: Path, at: float, size: tuple[int, int], limits: Limits,
          profile: EncodeProfile) -> float:
    """Write the frame at `at` seconds to target and return its mean luma."""
    cmd = (ffmpeg.input("file:" + str(video), ss=f"{at:.3f}", protocol_whitelist="file")
           .video.filter("scale", *size).filter("setsar", 1).filter("signalstats")
           .filter("metadata", mode="print", key="lavfi.signalstats.YAVG")
           .output("file:" + str(target), vframes=1, **{"q:v": profile.poster_quality},
                   map_metadata=-1, fflags="+bitexact", **{"flags:v": "+bitexact"},
                   update=1)
           .global_args("-nostdin", "-hide_banner", "-loglevel", "info", "-y",
                        "-threads", str(limits.threads))
           .compile(cmd=FFMPEG))
    stderr = run_ffmpeg(cmd, POSTER_TIMEOUT, failure="The poster image could not be made.")
    found = LUMA_LINE.findall(stderr)
    return float(found[-1]) if found else 0.0
