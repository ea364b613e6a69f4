"""Measure quality per bit of the H.264 ladder settings (SSIM/PSNR against a near-lossless source).

Usage: .venv/bin/python bench/quality.py [--only noise|fractal|runner] [--seconds S] [--report]

Three 1080p30 sources are generated once into bench/out/ (git-ignored) and encoded at
libx264 CRF 12 veryfast; that file is the reference. Each variation scales the reference to a
rung with the project's scale chain and encodes it with the project's x264 options
(runphys.media.graph.h264_options, with only the preset, CRF or VBV cap changed). It is then
compared with the reference scaled by the same filter, in one ffmpeg run (ssim, then psnr).

Every ffmpeg runs under `nice -n 19`. CPU seconds are user+sys of that one ffmpeg process, read
from os.wait4 (its own rusage, not the whole script's), so another job on the machine inflates
them less than wall time; the load average is printed with each table. Bit rates are video
packet bytes only (no container).

"Bits at equal SSIM / PSNR" divides a row's bit rate by the rate veryfast would need for the
same quality, interpolated (log rate, linear in dB) along veryfast's measured CRF 20/23/26 points
with dominated ones dropped; "—" where the row lies outside that range. Figures are also saved to
bench/out/quality.json; --report re-prints the tables from it. Prints figures; asserts nothing.
"""

import argparse
import dataclasses
import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from runphys.media import DEFAULT_PROFILE, Limits, plan_ladder, probe_clip  # noqa: E402
from runphys.media.graph import h264_options  # noqa: E402

OUT = ROOT / "bench" / "out"
FFMPEG = "/usr/bin/ffmpeg"
FFPROBE = "/usr/bin/ffprobe"
NICE = ["nice", "-n", "19"]
LIMITS = Limits()
MAX_SECONDS = 10.0

# A 3200×1800 still of the Mandelbrot boundary (flat gradients and very fine detail), panned.
FRACTAL_STILL = ("mandelbrot=s=3200x1800:r=1:start_scale=0.02:maxiter=1000")
# A "runner": dark legs swinging, a body and head bobbing, crossing a plain wall and floor;
# with sensor noise softened by a blur (fine grain, as a phone leaves it).
RUNNER_GRAPH = ";".join([
    "gradients=s=1920x1080:r=30:c0=0x9fb3c8:c1=0xe6ddd0:n=2:speed=0.003,"
    "drawbox=x=0:y=820:w=iw:h=260:color=0x707068:t=fill[bg]",
    "color=c=0x1e3c96:s=140x340:r=30[body]",
    "color=c=0xdcb28c:s=90x100:r=30[head]",
    "color=c=0x242424:s=46x270:r=30,split[l1][l2]",
    "[bg][l1]overlay=x='mod(240*t,2300)-250+45+40*sin(5*PI*t)'"
    ":y='560+20*abs(sin(5*PI*t))':shortest=1[a]",
    "[a][l2]overlay=x='mod(240*t,2300)-250+45-40*sin(5*PI*t)':y='560+20*abs(sin(5*PI*t))'[b]",
    "[b][body]overlay=x='mod(240*t,2300)-250':y='250+20*abs(sin(5*PI*t))'[c]",
    "[c][head]overlay=x='mod(240*t,2300)-225':y='140+20*abs(sin(5*PI*t))',"
    "noise=alls=8:allf=t,gblur=sigma=1,format=yuv420p[out]",
])
SOURCES = {
    "noise": "testsrc2 with heavy temporal noise (as bench/transcode.py's landscape source)",
    "fractal": "a Mandelbrot still panned 2 px/frame right, 1 px/frame down (smooth, fine detail)",
    "runner": "shapes 'running' across a gradient wall and floor, soft grain",
}
REFERENCE = ["-c:v", "libx264", "-preset", "veryfast", "-crf", "12", "-g", "60",
             "-pix_fmt", "yuv420p", "-an"]


@dataclasses.dataclass(frozen=True)
class Variation:
    """One encode setting: the project's, with the preset, CRF or VBV cap changed."""

    label: str
    preset: str = DEFAULT_PROFILE.preset
    crf: int = DEFAULT_PROFILE.crf
    capped: bool = True


PROJECT = Variation("veryfast CRF 23 capped (project)")
VARIATIONS_720 = [
    PROJECT,
    Variation("ultrafast CRF 23 capped", preset="ultrafast"),
    Variation("superfast CRF 23 capped", preset="superfast"),
    Variation("faster CRF 23 capped", preset="faster"),
    Variation("medium CRF 23 capped", preset="medium"),
    Variation("veryfast CRF 20 capped", crf=20),
    Variation("veryfast CRF 26 capped", crf=26),
    Variation("veryfast CRF 23 uncapped", capped=False),
    Variation("veryfast CRF 20 uncapped", crf=20, capped=False),
]
VARIATIONS_360 = [
    PROJECT,
    Variation("veryfast CRF 23 uncapped", capped=False),
    Variation("veryfast CRF 20 capped", crf=20),
    Variation("veryfast CRF 26 capped", crf=26),
]
RUNG_360_SOURCE = "noise"  # the one source also measured at 360p: the cap is most likely to bind


def run_niced(cmd: list[str]) -> tuple[float, str]:
    """Run one ffmpeg under nice 19; return (its user+sys CPU seconds, its stderr)."""
    proc = subprocess.Popen(NICE + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[:6]}… failed ({proc.returncode}): {stderr[-2000:]}")
    return usage.ru_utime + usage.ru_stime, stderr


def make_source(kind: str, seconds: float) -> Path:
    """Generate a reference source once: 1080p30, CRF 12 veryfast, `seconds` long."""
    target = OUT / f"quality_{kind}_1080p30_{seconds:g}s.mp4"
    if target.exists():
        return target
    OUT.mkdir(parents=True, exist_ok=True)
    base = [FFMPEG, "-nostdin", "-v", "error", "-y"]
    if kind == "noise":
        graph = ["-f", "lavfi", "-i",
                 f"testsrc2=s=1920x1080:r=30:d={seconds:g},noise=alls=12:allf=t"]
    elif kind == "fractal":
        still = OUT / "quality_fractal_still.png"
        if not still.exists():
            print("generating the fractal still …", flush=True)
            run_niced(base + ["-f", "lavfi", "-i", FRACTAL_STILL, "-frames:v", "1", str(still)])
        graph = ["-loop", "1", "-framerate", "30", "-i", str(still), "-vf",
                 "crop=1920:1080:x='2*n':y='n',format=yuv420p"]
    else:
        graph = ["-filter_complex", RUNNER_GRAPH, "-map", "[out]"]
    print(f"generating {target.name} …", flush=True)
    cpu, _ = run_niced(base + graph + ["-t", f"{seconds:g}", *REFERENCE, str(target)])
    print(f"  {cpu:.1f} CPU s", flush=True)
    return target


def scale_chain(width: int, height: int) -> str:
    """The project's per-rung filters (graph.rung_output): default scaler, square pixels."""
    return f"scale={width}:{height},setsar=1,format={DEFAULT_PROFILE.pix_fmt}"


def x264_args(rung, var: Variation) -> list[str]:
    """Return the project's x264 options as CLI arguments, with this variation's changes."""
    profile = dataclasses.replace(DEFAULT_PROFILE, preset=var.preset, crf=var.crf)
    options = h264_options(rung.gop, rung.maxrate, rung.bufsize, LIMITS, profile)
    if not var.capped:
        del options["maxrate"], options["bufsize"]
    return [arg for key, value in options.items() for arg in (f"-{key}", str(value))]


def encode(ref: Path, rung, var: Variation, target: Path) -> float:
    """Encode the reference to one rung; return the ffmpeg's CPU seconds."""
    cmd = [FFMPEG, "-nostdin", "-v", "error", "-y", "-threads", str(LIMITS.threads),
           "-i", str(ref), "-vf", scale_chain(rung.width, rung.height), *x264_args(rung, var),
           "-an", "-map_metadata", "-1", "-movflags", "+faststart", str(target)]
    return run_niced(cmd)[0]


def decode_scale_cpu(ref: Path, rung) -> float:
    """CPU seconds of decoding the reference and scaling it to the rung, with no encode."""
    cmd = [FFMPEG, "-nostdin", "-v", "error", "-y", "-threads", str(LIMITS.threads),
           "-i", str(ref), "-vf", scale_chain(rung.width, rung.height), "-f", "null", "-"]
    return run_niced(cmd)[0]


def video_packets(path: Path) -> list[int]:
    """Return the video packet sizes in bytes, in file order."""
    done = subprocess.run([FFPROBE, "-v", "error", "-select_streams", "v:0", "-show_entries",
                           "packet=size", "-of", "csv=p=0", str(path)],
                          capture_output=True, text=True, check=True)
    return [int(line) for line in done.stdout.split()]


def compare(enc: Path, ref: Path, rung, frames: int) -> dict:
    """SSIM and PSNR of enc against ref scaled by the same chain, frame by frame."""
    stats = enc.with_suffix(".ssim.log")
    align = "settb=AVTB,setpts=PTS-STARTPTS"
    graph = (f"[1:v]{scale_chain(rung.width, rung.height)},{align},split[r1][r2];"
             f"[0:v]{align}[e];[e][r1]ssim=stats_file={stats}[s];[s][r2]psnr")
    cmd = [FFMPEG, "-nostdin", "-hide_banner", "-nostats", "-v", "info",
           "-threads", str(LIMITS.threads), "-i", str(enc), "-threads", str(LIMITS.threads),
           "-i", str(ref), "-lavfi", graph, "-f", "null", "-"]
    _, stderr = run_niced(cmd)
    ssim = re.search(r"SSIM Y:([\d.]+) .*All:([\d.]+) \(([\d.]+|inf)\)", stderr)
    psnr = re.search(r"PSNR y:([\d.]+|inf) .*average:([\d.]+|inf)", stderr)
    compared = len(stats.read_text().splitlines())
    if not (ssim and psnr) or compared != frames:
        raise RuntimeError(f"comparison of {enc.name}: {compared} of {frames} frames\n"
                           f"{stderr[-1500:]}")
    return {"ssim_y": float(ssim[1]), "ssim": float(ssim[2]), "ssim_db": float(ssim[3]),
            "psnr_y": float(psnr[1]), "psnr": float(psnr[2]), "frames": compared}


def measure(ref: Path, rung, var: Variation, seconds: float, work: Path) -> dict:
    """Encode, size and compare one variation; return its figures."""
    slug = re.sub(r"[^a-z0-9]+", "_", f"{rung.name} {var.label}".lower()).strip("_")
    target = work / f"{slug}.mp4"
    cpu = encode(ref, rung, var, target)
    sizes = video_packets(target)
    window = rung.gop  # 2 s: the VBV buffer holds 2 s at maxrate
    peak = max(sum(sizes[i:i + window]) for i in range(max(1, len(sizes) - window + 1)))
    figures = {"variation": var.label, "rung": rung.name, "cpu_s": cpu,
               "kbps": sum(sizes) * 8 / seconds / 1000,
               "peak_2s_kbps": peak * 8 / (window / float(rung.fps)) / 1000,
               "maxrate_kbps": rung.maxrate / 1000 if var.capped else None}
    return figures | compare(target, ref, rung, len(sizes))


def veryfast_frontier(rows: list[dict], metric: str) -> list[tuple[float, float]]:
    """Return veryfast's rate–quality curve as (quality dB, log bit rate), rising in both.

    Uses every veryfast row (CRF 20/23/26, capped or not) and drops the dominated ones: a
    point with more bits but no more quality than another (a cap that binds can do that)."""
    points = sorted((r["kbps"], r[metric]) for r in rows if r["variation"].startswith("veryfast"))
    curve: list[tuple[float, float]] = []
    for kbps, quality in points:
        if not curve or quality > curve[-1][0]:
            curve.append((quality, math.log(kbps)))
    return curve


def equal_quality_ratio(row: dict, rows: list[dict], metric: str) -> float | None:
    """Bits this row spends relative to veryfast at the same quality (SSIM or PSNR dB).

    Interpolates log(bit rate) linearly in dB along veryfast's frontier; None when the row's
    quality is outside the frontier's range (no extrapolation) or there is no frontier."""
    curve = veryfast_frontier(rows, metric)
    x = row[metric]
    if len(curve) < 2 or not curve[0][0] <= x <= curve[-1][0]:
        return None
    i = next(k for k in range(1, len(curve)) if x <= curve[k][0])
    (x0, y0), (x1, y1) = curve[i - 1], curve[i]
    return row["kbps"] / math.exp(y0 + (y1 - y0) * (x - x0) / (x1 - x0))


def print_table(title: str, block: dict) -> None:
    """Print one source × rung as a Markdown table, then one line per variation."""
    rows = block["rows"]
    load = f"load average {block['load']:.1f}; " if "load" in block else ""
    print(f"\n### {title}\n\n{load}decoding the reference and "
          f"scaling it alone costs {block['decode_scale_cpu_s']:.1f} CPU s, included in every "
          f"encode's CPU.\n")
    print("| variation | kbit/s | peak 2 s kbit/s (cap) | encode CPU s | SSIM All | SSIM dB "
          "| SSIM Y | PSNR dB | bits at equal SSIM / PSNR vs veryfast |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    ratios = {}
    for r in rows:
        cap = f" ({r['maxrate_kbps']:.0f})" if r["maxrate_kbps"] else " (none)"
        ratios[r["variation"]] = [equal_quality_ratio(r, rows, m) for m in ("ssim_db", "psnr")]
        eq = " / ".join("—" if q is None else f"{q:.2f}×" for q in ratios[r["variation"]])
        print(f"| {r['variation']} | {r['kbps']:.0f} | {r['peak_2s_kbps']:.0f}{cap} | "
              f"{r['cpu_s']:.1f} | {r['ssim']:.5f} | {r['ssim_db']:.2f} | {r['ssim_y']:.5f} | "
              f"{r['psnr']:.2f} | {eq} |")
    project = rows[0]
    print()
    for r in rows[1:]:
        ssim_ratio, psnr_ratio = ratios[r["variation"]]
        extra = ("" if ssim_ratio is None else
                 f"; for equal SSIM it needs {ssim_ratio:.2f}× the bits of veryfast")
        print(f"- {r['variation']}: {r['kbps'] / project['kbps']:.2f}× bits, "
              f"{r['cpu_s'] / project['cpu_s']:.2f}× CPU, "
              f"{r['ssim_db'] - project['ssim_db']:+.2f} dB SSIM, "
              f"{r['psnr'] - project['psnr']:+.2f} dB PSNR{extra}")
    sys.stdout.flush()


def main() -> None:
    """Generate the sources, then measure every variation of each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(SOURCES))
    parser.add_argument("--seconds", type=float, default=MAX_SECONDS)
    parser.add_argument("--report", action="store_true",
                        help="re-print the tables of the last run from bench/out/quality.json")
    args = parser.parse_args()
    if args.report:
        for title, block in json.loads((OUT / "quality.json").read_text()).items():
            print_table(block.get("title", title), block)
        return
    seconds = min(args.seconds, MAX_SECONDS)
    results: dict = {}
    for kind in [args.only] if args.only else list(SOURCES):
        ref = make_source(kind, seconds)
        rungs = {r.name: r for r in plan_ladder(probe_clip(ref))}
        plan = [("720p", VARIATIONS_720)]
        if kind == RUNG_360_SOURCE:
            plan.append(("360p", VARIATIONS_360))
        work = OUT / f"quality_{kind}"
        work.mkdir(exist_ok=True)
        for rung_name, variations in plan:
            rung = rungs[rung_name]
            base_cpu = decode_scale_cpu(ref, rung)
            rows = []
            for var in variations:
                rows.append(measure(ref, rung, var, seconds, work))
                r = rows[-1]
                print(f"  {kind} {rung_name} {var.label}: {r['kbps']:.0f} kbit/s, "
                      f"{r['cpu_s']:.1f} CPU s, SSIM {r['ssim']:.5f} ({r['ssim_db']:.2f} dB), "
                      f"PSNR {r['psnr']:.2f} dB", flush=True)
            title = (f"{kind} — {rung_name} {rung.width}×{rung.height} "
                     f"({SOURCES[kind]}, {seconds:g} s)")
            results[f"{kind} {rung_name}"] = {"title": title, "load": os.getloadavg()[0],
                                              "decode_scale_cpu_s": base_cpu, "rows": rows}
            (OUT / "quality.json").write_text(json.dumps(results, indent=1))
            print_table(title, results[f"{kind} {rung_name}"])


if __name__ == "__main__":
    main()
