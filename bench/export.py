"""Benchmark export_video: a 30 s 9:16 before/after with a slow-motion note, from 1080p rungs.

Usage: .venv/bin/python bench/export.py [--repeat N] [--layout stacked|side|overlay] [--rung 1080|720]
                                        [--preset veryfast|superfast|…]

With an angle and a vertical drawing over the before while the note plays (--no-drawings leaves
them out). Two 60 fps sources per rung size (1080p: the ladder's largest; 720p: what the export job picks
for a stacked 9:16 cell, see exports.rendition_for), encoded as the ladder's rungs are (x264
veryfast, CRF 23, 9 Mbit/s cap at 60 fps, AAC), are generated once into bench/out/ (git-ignored). The export takes 24 s of
each, slows a 2 s note to half speed (every 60 fps frame shown once at 30 fps) and adds the 2 s
title and end cards: 30 s of output. Prints wall time as a ratio of that length, child CPU, and
the file's bytes; asserts nothing.
"""

import argparse
from dataclasses import replace
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from runphys.media.export import (EXPORT_PROFILE, DrawingLayer, ExportPlan, Overlay,  # noqa: E402
                                  Source, Span, export_video, output_seconds)

OUT = ROOT / "bench" / "out"
FFMPEG = "/usr/bin/ffmpeg"
RUNG = ["-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-maxrate", "9M", "-bufsize", "18M",
        "-g", "120", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "128k", "-ac", "2",
        "-movflags", "+faststart"]
SIZES = {"1080": "1920x1080", "720": "1280x720"}
SOURCES = {
    "before": ("export_before_{rung}p60.mp4", "testsrc2=s={size}:r=60:d=30,noise=alls=8:allf=t"),
    "after": ("export_after_{rung}p60.mp4", "mandelbrot=s={size}:r=60,noise=alls=8:allf=t"),
}


# an angle and a trunk lean over the before clip while the slowed note plays, a line over the after
DRAWINGS = (
    DrawingLayer(0, 10.0, 12.0, 16 / 9, (
        {"kind": "angle", "points": [[0.40, 0.30], [0.45, 0.55], [0.38, 0.80]], "color": "#ffd400",
         "label": "knee", "value": 152.3},
        {"kind": "vertical", "points": [[0.50, 0.60], [0.55, 0.20]], "color": "#00d0ff", "label": "",
         "value": 12.4})),
    DrawingLayer(1, 16.0, 19.0, 16 / 9, (
        {"kind": "line", "points": [[0.2, 0.7], [0.8, 0.7]], "color": "#ffd400", "label": "pelvis",
         "value": None},)),
)


def make_source(name: str, graph: str) -> Path:
    """Generate a rung-like 30 s 60 fps H.264/AAC MP4 once."""
    path = OUT / name
    if not path.exists():
        OUT.mkdir(exist_ok=True)
        subprocess.run([FFMPEG, "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", graph,
                        "-f", "lavfi", "-i", "sine=f=220:d=30:sample_rate=48000", "-t", "30",
                        *RUNG, str(path)], check=True)
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--layout", default="stacked", choices=("stacked", "side", "overlay"))
    parser.add_argument("--rung", default="720", choices=tuple(SIZES))
    parser.add_argument("--preset", default=EXPORT_PROFILE.encode.preset)
    parser.add_argument("--no-drawings", action="store_true")
    args = parser.parse_args()
    before, after = (make_source(SOURCES[key][0].format(rung=args.rung),
                                 SOURCES[key][1].format(size=SIZES[args.rung]))
                     for key in ("before", "after"))
    plan = ExportPlan(sources=(Source(before, 3.0, 60.0, True), Source(after, 3.0, 60.0, True)),
                      duration=24.0, shape="9:16", layout=args.layout,
                      overlays=(Overlay(10.0, 12.0, "Knee drifts inward at mid-stance"),
                                Overlay(16.0, 19.0, "Pelvis level, knee over the toes")),
                      slow=(Span(10.0, 12.0),), title="Anna: before and after",
                      drawings=() if args.no_drawings else DRAWINGS,
                      end_text="runphys.example/cases/anna")
    profile = replace(EXPORT_PROFILE, encode=replace(EXPORT_PROFILE.encode, preset=args.preset))
    length = output_seconds(plan)
    print(f"load average {os.getloadavg()[0]:.2f}; output {length:.1f} s, {args.layout}, "
          f"{args.rung}p60 sources, x264 {args.preset}")
    for round_ in range(args.repeat):
        with tempfile.TemporaryDirectory() as work:
            cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            began = time.monotonic()
            result = export_video(plan, Path(work) / "export.mp4", Path(work) / "text", profile=profile)
            wall = time.monotonic() - began
            cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
            print(f"round {round_ + 1}: wall {wall:.1f} s = {wall / length:.2f}× its length, "
                  f"CPU {cpu:.1f} s, {result.width}×{result.height}, {result.duration:.2f} s, "
                  f"{result.bytes:,} bytes ({result.bytes * 8 / result.duration / 1e6:.2f} Mbit/s)")


if __name__ == "__main__":
    main()
