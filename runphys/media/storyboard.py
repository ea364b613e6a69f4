"""Storyboard sprite geometry and the WebVTT file that points players at its tiles."""

import math
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import ffmpeg

from .errors import MediaError
from .runner import FFMPEG, run_ffmpeg
from .settings import EncodeProfile, Limits

SPRITE_NAME = "storyboard.jpg"
VTT_NAME = "thumbnails.vtt"
THUMBNAIL_PATTERN = "storyboard-%05d.png"
TILE_TIMEOUT = 120.0


@dataclass(frozen=True)
class StoryboardPlan:
    """Which frames become thumbnails and how they are tiled."""

    step: int  # take every step-th frame of the constant-rate stream
    fps: Fraction
    count: int  # thumbnails (and cues)
    columns: int
    rows: int
    tile_width: int
    tile_height: int

    @property
    def interval(self) -> float:
        """Return the seconds between thumbnails."""
        return float(self.step / self.fps)


def plan_storyboard(duration: float, fps: Fraction, width: int, height: int,
                    profile: EncodeProfile) -> StoryboardPlan:
    """Plan one thumbnail per interval (longer for long clips) tiled into a single sprite."""
    interval = max(profile.storyboard_interval, duration / profile.storyboard_max_tiles)
    step = max(1, round(interval * fps))
    frames = max(1, math.floor(duration * fps + 1e-6))
    count = math.ceil(frames / step)
    columns = min(profile.storyboard_columns, count)
    tile_height = max(2, 2 * round(profile.storyboard_width * height / width / 2))
    return StoryboardPlan(step=step, fps=fps, count=count, columns=columns,
                          rows=math.ceil(count / columns), tile_width=profile.storyboard_width,
                          tile_height=tile_height)


def tile_sprite(out_dir: Path, plan: StoryboardPlan, limits: Limits,
                profile: EncodeProfile) -> str:
    """Tile the thumbnails the encode wrote into the sprite JPEG; delete the thumbnails."""
    thumbnails = sorted(out_dir.glob(THUMBNAIL_PATTERN.replace("%05d", "[0-9]" * 5)))
    if not thumbnails:
        raise MediaError("The storyboard could not be made.", f"no thumbnails in {out_dir}")
    cmd = (ffmpeg.input("file:" + str(out_dir / THUMBNAIL_PATTERN), f="image2",
                        protocol_whitelist="file", framerate=1)
           .filter("tile", f"{plan.columns}x{plan.rows}")
           .output("file:" + str(out_dir / SPRITE_NAME), vframes=1,
                   **{"q:v": profile.storyboard_quality, "flags:v": "+bitexact"},
                   fflags="+bitexact", map_metadata=-1)
           .global_args("-nostdin", "-hide_banner", "-loglevel", "warning", "-y",
                        "-threads", str(limits.threads))
           .compile(cmd=FFMPEG))
    run_ffmpeg(cmd, TILE_TIMEOUT, failure="The storyboard could not be made.")
    for path in thumbnails:
        path.unlink()
    return SPRITE_NAME


def write_vtt(plan: StoryboardPlan, duration: float, target: Path) -> None:
    """Write one WebVTT cue per thumbnail, each pointing at its tile with a media fragment."""
    lines = ["WEBVTT", ""]
    for index in range(plan.count):
        start = index * plan.interval
        end = min(duration, (index + 1) * plan.interval)
        x = (index % plan.columns) * plan.tile_width
        y = (index // plan.columns) * plan.tile_height
        lines += [f"{_timestamp(start)} --> {_timestamp(end)}",
                  f"{SPRITE_NAME}#xywh={x},{y},{plan.tile_width},{plan.tile_height}", ""]
    target.write_text("\n".join(lines), encoding="utf-8")


def _timestamp(seconds: float) -> str:
    """Format seconds as a WebVTT timestamp, HH:MM:SS.mmm."""
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"
