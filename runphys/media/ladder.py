"""Plan the rendition ladder for a probed clip: sizes, frame rate and bitrate caps."""

import math
from dataclasses import dataclass
from fractions import Fraction

from .probe import Probe
from .settings import DEFAULT_PROFILE, EncodeProfile

# Frame rates a phone may nominally record at, to put a variable-rate clip back on a grid.
NOMINAL_RATES = tuple(Fraction(r).limit_denominator(1001) for r in (
    24000 / 1001, 24, 25, 30000 / 1001, 30, 50, 60000 / 1001, 60, 100, 120, 240))


@dataclass(frozen=True)
class Rung:
    """One planned H.264 rendition."""

    name: str  # e.g. "720p"
    width: int
    height: int
    fps: Fraction
    maxrate: int  # bits/s
    bufsize: int  # bits
    gop: int  # frames per closed GOP


def plan_ladder(probe: Probe, profile: EncodeProfile = DEFAULT_PROFILE) -> list[Rung]:
    """Return the rungs to encode, highest first: each ≤ the source, always at least one."""
    fps = output_fps(probe, profile)
    short = min(probe.width, probe.height)
    specs = [spec for spec in profile.rungs if spec.short_side <= short]
    if not specs:  # a source smaller than the lowest rung keeps its own size
        smallest = min(profile.rungs, key=lambda spec: spec.short_side)
        return [_rung(probe, _even(short), smallest.maxrate, fps, profile)]
    return [_rung(probe, spec.short_side, spec.maxrate, fps, profile) for spec in specs]


def source_rate(probe: Probe) -> Fraction:
    """Return the source's constant rate: its own (snapped if VFR), the field rate if interlaced.

    Each field is a moment of the stride (25i camcorder footage has 50 a second, not 25).
    """
    fps = Fraction(probe.fps).limit_denominator(1001)
    if probe.vfr:
        fps = min(NOMINAL_RATES, key=lambda rate: abs(rate - fps))
    if probe.interlaced:
        fps *= 2
    return fps


def output_fps(probe: Probe, profile: EncodeProfile = DEFAULT_PROFILE) -> Fraction:
    """Return the constant output rate: the source's, divided by a whole number down to ≤ max."""
    fps = source_rate(probe)
    if fps > profile.max_fps:  # keep every n-th real frame rather than blending
        fps /= math.ceil(fps / Fraction(profile.max_fps))
    return fps


def scaled_size(probe: Probe, short_side: int) -> tuple[int, int]:
    """Return even display dimensions with the short side scaled to `short_side`."""
    scale = short_side / min(probe.width, probe.height)
    return _even(probe.width * scale), _even(probe.height * scale)


def _rung(probe: Probe, short_side: int, maxrate: int, fps: Fraction,
          profile: EncodeProfile) -> Rung:
    """Build one rung, raising the VBV cap for high frame rates."""
    width, height = scaled_size(probe, short_side)
    if fps > 31:
        maxrate = int(maxrate * profile.high_fps_rate_factor)
    return Rung(name=f"{short_side}p", width=width, height=height, fps=fps, maxrate=maxrate,
                bufsize=int(maxrate * profile.bufsize_factor),
                gop=max(1, round(fps * Fraction(profile.gop_seconds))))


def _even(value: float) -> int:
    """Round to the nearest even integer of at least 2 (H.264 4:2:0 needs even sizes)."""
    return max(2, 2 * round(value / 2))


@dataclass(frozen=True)
class SlowmoPlan:
    """A slow-motion rendition: every captured frame, shown at a normal display rate."""

    factor: int  # 4 → quarter speed, 8 → eighth speed
    source_fps: Fraction
    display_fps: Fraction
    width: int
    height: int
    seconds: float  # of source played slowly
    maxrate: int
    bufsize: int
    gop: int


def plan_slowmo(probe: Probe, duration: float, profile: EncodeProfile = DEFAULT_PROFILE
                ) -> SlowmoPlan | None:
    """Plan slow motion for a stream with ≥ slowmo_min_fps real frames, else return None."""
    if probe.fps < profile.slowmo_min_fps:
        return None
    factor = next(times for min_fps, times in profile.slowmo_factors if probe.fps >= min_fps)
    source_fps = source_rate(probe)  # the grid the rungs keep every n-th frame of
    display_fps = source_fps / factor
    short = min(min(probe.width, probe.height), profile.slowmo_max_short_side)
    width, height = scaled_size(probe, short)
    return SlowmoPlan(factor=factor, source_fps=source_fps, display_fps=display_fps,
                      width=width, height=height,
                      seconds=(duration if profile.slowmo_max_source_seconds is None
                               else min(duration, profile.slowmo_max_source_seconds)),
                      maxrate=profile.slowmo_maxrate,
                      bufsize=int(profile.slowmo_maxrate * profile.bufsize_factor),
                      gop=max(1, round(display_fps * Fraction(profile.gop_seconds))))
