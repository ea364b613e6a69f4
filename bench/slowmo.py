"""Benchmark the slow rendition's cost: the whole clip in slow motion against the first 30 s and none.

Usage: .venv/bin/python bench/slowmo.py [--seconds 40] [--size 1280x720]

One 240 fps H.264 source (a phone's high-speed mode; generated once into bench/out/, git-ignored)
goes through `transcode_clip` three times, each in a child process so that getrusage sees only its
ffmpeg: without a slow rendition, with the slow rendition capped at 30 s of source (the old rule),
and with the whole clip (the rule now). Each run decodes the source once for the whole ladder.
Prints wall time, child CPU and the slow file's size; asserts nothing about time.
"""

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from runphys.media import DEFAULT_PROFILE, probe_clip, transcode_clip  # noqa: E402

OUT = ROOT / "bench" / "out"
CAPS = {"none": 0.0, "first 30 s": 30.0, "whole clip": None}


def make_source(seconds: float, size: str) -> Path:
    target = OUT / f"src_240fps_{size}_{seconds:g}s.mp4"
    if not target.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        print(f"generating {target.name} …", flush=True)
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                        f"testsrc2=s={size}:r=240:d={seconds},noise=alls=8:allf=t",
                        "-c:v", "libx264", "-preset", "veryfast", "-b:v", "40M", "-g", "240",
                        "-pix_fmt", "yuv420p", str(target)], check=True)
    return target


def one_run(src: str, cap: str) -> dict:
    """Transcode in this (child) process; return wall, CPU and the slow file's size."""
    limit = CAPS[cap]
    profile = (replace(DEFAULT_PROFILE, slowmo_min_fps=10_000.0) if limit == 0.0
               else replace(DEFAULT_PROFILE, slowmo_max_source_seconds=limit))
    with tempfile.TemporaryDirectory() as out:
        began = time.monotonic()
        result = transcode_clip(Path(src), Path(out), probe_clip(Path(src)), profile=profile)
        wall = time.monotonic() - began
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        slow = next((r for r in result.renditions if r.kind == "slowmo"), None)
        return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime,
                "slow_mb": (Path(out) / slow.name).stat().st_size / 1e6 if slow else 0.0,
                "slow_duration_s": probe_clip(Path(out) / slow.name).duration if slow else 0.0}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=40.0)
    parser.add_argument("--size", default="1280x720")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(one_run(*args.child)))
        return
    src = make_source(args.seconds, args.size)
    print(f"source: {args.seconds:g} s of {args.size} at 240 fps ({src.stat().st_size / 1e6:.1f} MB)")
    rows = {}
    for cap in CAPS:
        done = subprocess.run([sys.executable, __file__, "--child", str(src), cap],
                              capture_output=True, text=True, check=True)
        rows[cap] = json.loads(done.stdout.strip().splitlines()[-1])
        r = rows[cap]
        print(f"slow rendition {cap:>11}: wall {r['wall_s']:6.1f} s  cpu {r['cpu_s']:6.1f} s  "
              f"slow file {r['slow_mb']:5.1f} MB, {r['slow_duration_s']:5.1f} s long", flush=True)
    base = rows["none"]["cpu_s"]
    for cap in ("first 30 s", "whole clip"):
        extra = rows[cap]["cpu_s"] - base
        print(f"{cap}: +{extra:.1f} s CPU over no slow rendition (×{rows[cap]['cpu_s'] / base:.2f})")


if __name__ == "__main__":
    main()
