"""Measure what tone-mapping an HDR (HLG) phone clip costs in transcode_clip.

Usage: .venv/bin/python bench/hdr.py [--seconds 20]

Generates (once, into bench/out/) a 1080p30 HEVC Main 10 clip tagged HLG/BT.2020 the way an
iPhone records HDR, then runs transcode_clip on it twice, in fresh child processes: as is (tone
mapped to SDR) and with the probe's HDR flag cleared (the old path: no tone mapping). Prints wall
time, child CPU and the colour tags of the result. Asserts nothing.
"""

import argparse
import dataclasses
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from runphys.media import probe_clip, transcode_clip  # noqa: E402

OUT = ROOT / "bench" / "out"
FFMPEG, FFPROBE = "/usr/bin/ffmpeg", "/usr/bin/ffprobe"


def make_source(seconds: float) -> Path:
    """An SDR test pattern converted properly to HLG, encoded as 10-bit HEVC."""
    target = OUT / f"src_hlg_1080p30_{seconds:g}s.mov"
    if not target.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        print(f"generating {target.name} …", flush=True)
        subprocess.run([
            FFMPEG, "-nostdin", "-v", "error", "-y", "-f", "lavfi",
            "-i", f"testsrc2=s=1920x1080:r=30:d={seconds},noise=alls=8:allf=t",
            "-vf", "format=yuv420p,setparams=range=tv:color_primaries=bt709:color_trc=bt709:"
                   "colorspace=bt709,zscale=t=linear:npl=203,format=gbrpf32le,"
                   "zscale=p=bt2020:t=arib-std-b67:m=bt2020nc:npl=1000,format=yuv420p10le",
            "-c:v", "libx265", "-preset", "ultrafast", "-b:v", "14M", "-x265-params",
            "log-level=error:colorprim=bt2020:transfer=arib-std-b67:colormatrix=bt2020nc",
            "-color_primaries", "bt2020", "-color_trc", "arib-std-b67", "-colorspace", "bt2020nc",
            "-tag:v", "hvc1", str(target.with_suffix(".part.mov"))], check=True)
        target.with_suffix(".part.mov").replace(target)
    return target


def measure(src: Path, tone_map: bool) -> dict:
    """Transcode src in this process; return wall, child CPU and the top rung's colour tags."""
    probe = probe_clip(src)
    if not tone_map:
        probe = dataclasses.replace(probe, hdr_transfer=None)
    with tempfile.TemporaryDirectory(prefix="bench-hdr-", dir=OUT) as tmp:
        began = time.monotonic()
        result = transcode_clip(src, Path(tmp), probe)
        wall = time.monotonic() - began
        tags = subprocess.run([FFPROBE, "-v", "error", "-select_streams", "v:0", "-show_entries",
                               "stream=color_transfer,color_primaries", "-of", "csv=p=0",
                               str(Path(tmp) / result.renditions[0].name)],
                              capture_output=True, text=True, check=True).stdout.strip()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "tags": tags}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--measure", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(Path(args.measure[0]), args.measure[1] == "tonemap")))
        return
    src = make_source(args.seconds)
    figures = {}
    for mode in ("plain", "tonemap"):
        done = subprocess.run([sys.executable, __file__, "--measure", str(src), mode],
                              capture_output=True, text=True, check=True)
        figures[mode] = json.loads(done.stdout.strip().splitlines()[-1])
    for mode, fig in figures.items():
        print(f"{mode:8s} wall {fig['wall_s']:6.1f} s ({fig['wall_s'] / args.seconds:.2f} × "
              f"duration)  child CPU {fig['cpu_s']:6.1f} s  top rung tags {fig['tags']}")
    print(f"tone mapping costs ×{figures['tonemap']['cpu_s'] / figures['plain']['cpu_s']:.3f} "
          f"CPU, ×{figures['tonemap']['wall_s'] / figures['plain']['wall_s']:.3f} wall")


if __name__ == "__main__":
    main()
