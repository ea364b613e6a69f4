"""Choose a representative, non-black poster among frames the encode run wrote."""

import math
import re
from fractions import Fraction
from pathlib import Path

from .errors import MediaError
from .graph import POSTER_CANDIDATES, POSTER_LUMA_LOG, PosterPlan
from .settings import EncodeProfile

POSTER_NAME = "poster.jpg"
LUMA_LINE = re.compile(r"lavfi\.signalstats\.YAVG=([\d.]+)")


def poster_size(width: int, height: int, profile: EncodeProfile) -> tuple[int, int]:
    """Fit (width, height) inside the poster box for its orientation, never upscaling."""
    long_side, short_side = max(width, height), min(width, height)
    scale = min(1.0, profile.poster_long_side / long_side, profile.poster_short_side / short_side)
    return max(2, 2 * round(width * scale / 2)), max(2, 2 * round(height * scale / 2))


def plan_poster(duration: float, fps: Fraction, width: int, height: int,
                profile: EncodeProfile) -> PosterPlan:
    """Pick candidate frames at the profile's positions through the clip, in its order."""
    last = max(0, math.floor(duration * fps + 1e-6) - 1)
    wanted = (min(last, round(position * duration * fps)) for position in profile.poster_positions)
    return PosterPlan(tuple(dict.fromkeys(wanted)), *poster_size(width, height, profile))


def choose_poster(out_dir: Path, plan: PosterPlan, profile: EncodeProfile) -> str:
    """Keep the first candidate bright enough, else the brightest; delete the rest."""
    ascending = sorted(plan.frames)  # select writes candidates in time order
    written = [out_dir / (POSTER_CANDIDATES % (i + 1)) for i in range(len(ascending))]
    log = out_dir / POSTER_LUMA_LOG
    lumas = [float(v) for v in LUMA_LINE.findall(log.read_text())] if log.exists() else []
    found = {frame: (path, luma) for frame, path, luma in zip(ascending, written, lumas)
             if path.exists()}
    candidates = [found[frame] for frame in plan.frames if frame in found]
    if not candidates:
        raise MediaError("No poster image could be taken from this video.",
                         f"poster candidates missing for frames {plan.frames}")
    best = next((c for c in candidates if c[1] >= profile.poster_min_luma),
                max(candidates, key=lambda c: c[1]))
    best[0].replace(out_dir / POSTER_NAME)
    for path in [*written, log]:
        path.unlink(missing_ok=True)
    return POSTER_NAME
