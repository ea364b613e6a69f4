"""Benchmark transcode_clip against a plain single-decode ffmpeg ladder on phone-like clips.

Usage: .venv/bin/python bench/transcode.py [--repeat N] [--only landscape|portrait]

Sources are generated once into bench/out/ (git-ignored). Each measurement runs in its own
child Python process so that getrusage(RUSAGE_CHILDREN) sees only that run's ffmpeg
processes. Prints figures; asserts nothing about time.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import m3u8  # noqa: E402

from runphys.media import DEFAULT_PROFILE, plan_ladder, probe_clip, transcode_clip  # noqa: E402

OUT = ROOT / "bench" / "out"
FFMPEG = "/usr/bin/ffmpeg"
SOURCES = {
    # 60 s 1080p30 H.264 at ~16 Mbit/s: test pattern plus temporal noise, not trivially small.
    "landscape": ("src_landscape_1080p30.mp4", 60.0, [
        "-f", "lavfi", "-i", "testsrc2=s=1920x1080:r=30:d=60,noise=alls=12:allf=t",
        "-f", "lavfi", "-i", "sine=f=220:d=60:sample_rate=48000",
        "-c:v", "libx264", "-preset", "veryfast", "-b:v", "16M", "-maxrate", "16M",
        "-bufsize", "32M", "-g", "30", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-ac", "2", "-b:a", "128k", "-movflags", "+faststart"]),
    # 20 s 1080p60 HEVC, later tagged rotate=90 by a stream copy: a portrait phone clip.
    "portrait": ("src_portrait_hevc60.mp4", 20.0, [
        "-f", "lavfi", "-i", "mandelbrot=s=1920x1080:r=60,noise=alls=10:allf=t",
        "-f", "lavfi", "-i", "sine=f=330:d=20:sample_rate=48000", "-t", "20",
        "-c:v", "libx265", "-preset", "ultrafast", "-b:v", "14M", "-tag:v", "hvc1",
        "-x265-params", "log-level=error:keyint=60", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-ac", "2", "-b:a", "128k", "-movflags", "+faststart"]),
}


def make_source(kind: str) -> Path:
    """Generate a benchmark source once (the portrait one gets its rotation by stream copy)."""
    name, _, args = SOURCES[kind]
    target = OUT / name
    if target.exists():
        return target
    OUT.mkdir(parents=True, exist_ok=True)
    plain = target.with_suffix(".unrotated.mp4") if kind == "portrait" else target
    print(f"generating {plain.name} …", flush=True)
    subprocess.run([FFMPEG, "-nostdin", "-v", "error", "-y", *args, str(plain)], check=True)
    if plain != target:
        subprocess.run([FFMPEG, "-nostdin", "-v", "error", "-y", "-i", str(plain), "-c", "copy",
                        "-metadata:s:v:0", "rotate=90", str(target)], check=True)
        plain.unlink()
    return target


def plain_ladder_command(src: Path, out: Path) -> list[str]:
    """Return the reference: one ffmpeg, one decode, split to every rung, same x264 settings.

    Its lowest rung is written as progressive HLS (same encode cost) to time the alternative
    design: a first segment from the ladder run itself.
    """
    probe = probe_clip(src)
    rungs = plan_ladder(probe)
    p = DEFAULT_PROFILE
    labels = "".join(f"[v{i}]" for i in range(len(rungs)))
    graph = [f"[0:v:0]fps={rungs[0].fps},split={len(rungs)}{labels}"]
    graph += [f"[v{i}]scale={r.width}:{r.height},setsar=1,format={p.pix_fmt}[o{i}]"
              for i, r in enumerate(rungs)]
    cmd = [FFMPEG, "-nostdin", "-v", "error", "-y", "-i", str(src),
           "-filter_complex", ";".join(graph)]
    for i, r in enumerate(rungs):
        cmd += ["-map", f"[o{i}]", "-map", "0:a:0", "-c:v", p.video_codec, "-preset", p.preset,
                "-crf", str(p.crf), "-profile:v", p.h264_profile, "-maxrate", str(r.maxrate),
                "-bufsize", str(r.bufsize), "-g", str(r.gop), "-keyint_min", str(r.gop),
                "-sc_threshold", "0", "-c:a", p.audio_codec, "-b:a", str(p.audio_bitrate),
                "-ac", "2", "-ar", str(p.audio_rate), "-map_metadata", "-1"]
        if i < len(rungs) - 1:
            cmd += ["-movflags", "+faststart", str(out / f"{r.name}.mp4")]
        else:
            cmd += ["-f", "hls", "-hls_time", str(p.hls_segment_seconds),
                    "-hls_segment_type", "fmp4", "-hls_playlist_type", "event",
                    "-hls_segment_filename", str(out / "low_%03d.m4s"), str(out / "low.m3u8")]
    return cmd


def first_segment_time(playlist: Path, began: float, stop: threading.Event) -> list[float]:
    """Poll a growing HLS playlist; return [seconds until its first segment was listed]."""
    seen: list[float] = []
    while not stop.wait(0.2):
        if playlist.exists() and "#EXTINF" in playlist.read_text():
            seen.append(time.monotonic() - began)
            break
    return seen


def descendants_rss_kb() -> int:
    """Return the summed VmRSS of every descendant process of this one, from /proc."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    family, total = {os.getpid()}, 0
    for pid in sorted(parents):  # children have higher pids than parents here, nearly always
        if parents[pid] in family:
            family.add(pid)
            try:
                status = (Path("/proc") / str(pid) / "status").read_text()
            except OSError:
                continue
            total += next((int(line.split()[1]) for line in status.splitlines()
                           if line.startswith("VmRSS:")), 0)
    return total


def sample_rss(stop: threading.Event, peak: list[int]) -> None:
    """Keep peak[0] at the highest summed RSS of all running ffmpeg children."""
    while not stop.wait(0.25):
        peak[0] = max(peak[0], descendants_rss_kb())


def measure(kind: str, src: Path) -> dict:
    """Run one measurement in this process and return its figures."""
    stop_sampling, peak = threading.Event(), [0]
    sampler = threading.Thread(target=sample_rss, args=(stop_sampling, peak))
    sampler.start()
    try:
        return _measure(kind, src) | {"peak_concurrent_rss_mb": peak[0] / 1024}
    finally:
        stop_sampling.set()
        sampler.join()


def _measure(kind: str, src: Path) -> dict:
    """Run the plain ladder or transcode_clip on src and return figures."""
    with tempfile.TemporaryDirectory(prefix="bench-", dir=OUT) as tmp:
        out = Path(tmp)
        began = time.monotonic()
        figures: dict = {}
        if kind == "plain":
            stop, seen = threading.Event(), []
            poller = threading.Thread(target=lambda: seen.extend(
                first_segment_time(out / "low.m3u8", began, stop)))
            poller.start()
            subprocess.run(plain_ladder_command(src, out), check=True)
            stop.set()
            poller.join()
            figures["first_segment_s"] = seen[0] if seen else None
        else:
            probe = probe_clip(src)
            figures["probe_s"] = time.monotonic() - began
            gaps, last = [], [time.monotonic()]

            def progress(fraction: float, eta: float | None) -> None:
                now = time.monotonic()
                gaps.append(now - last[0])
                last[0] = now

            handovers: list[tuple[float, float]] = []  # (seconds since start, media seconds)

            def playable(part) -> None:
                listed = m3u8.loads(part.playlist_text)
                handovers.append((time.monotonic() - began,
                                  sum(seg.duration for seg in listed.segments)))
                if part.mp4 and "low_mp4_s" not in figures:
                    figures["low_mp4_s"] = time.monotonic() - began

            result = transcode_clip(src, out, probe, on_progress=progress, on_playable=playable)
            figures["max_progress_gap_s"] = max(gaps)
            figures["handovers"] = len(handovers)
            if handovers:
                figures["first_playable_s"] = handovers[0][0]
                # A viewer starting at T plays media second m at T + m: with no wait if every
                # handover k came by T + (media handed over before it).
                before = [0.0] + [media for _, media in handovers[:-1]]
                figures["no_stall_start_s"] = max(t - m for (t, _), m in zip(handovers, before))
            figures["renditions"] = [(r.name, r.width, r.height, r.fps, r.bitrate)
                                     for r in result.renditions]
            figures["files"] = len(result.files)
        figures["wall_s"] = time.monotonic() - began
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        figures["child_cpu_s"] = usage.ru_utime + usage.ru_stime
        figures["peak_child_rss_mb"] = usage.ru_maxrss / 1024
        figures["bytes"] = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    return figures


def run_child(kind: str, src: Path) -> dict:
    """Measure in a fresh Python process so child-resource figures cover that run only."""
    done = subprocess.run([sys.executable, __file__, "--measure", kind, str(src)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(label: str, duration: float, plain: dict, ours: dict) -> None:
    """Print one source's figures."""
    print(f"\n== {label} ({duration:.0f} s)   load average {os.getloadavg()[0]:.1f}")
    for name, fig in (("plain ffmpeg ladder", plain), ("transcode_clip", ours)):
        print(f"  {name:20s} wall {fig['wall_s']:7.1f} s  realtime factor "
              f"{fig['wall_s'] / duration:5.2f}  child CPU {fig['child_cpu_s']:7.1f} s  "
              f"peak RSS: one child {fig['peak_child_rss_mb']:4.0f} MB, all at once "
              f"{fig['peak_concurrent_rss_mb']:4.0f} MB  output {fig['bytes'] / 1e6:6.1f} MB")
    print(f"  ratio wall {ours['wall_s'] / plain['wall_s']:.3f} (target ≤ 1.15), "
          f"CPU {ours['child_cpu_s'] / plain['child_cpu_s']:.3f}")
    playable = ours.get("first_playable_s")
    if playable is not None:
        print(f"  first playable (first live HLS segment published) after {playable:.1f} s = "
              f"{playable / duration:.2f} × duration (target ≤ 0.35; probe "
              f"{ours['probe_s']:.1f} s of it); {ours['handovers']} hand-overs")
        print(f"  a viewer starting at {ours['no_stall_start_s']:.1f} s = "
              f"{ours['no_stall_start_s'] / duration:.2f} × duration plays to the end without "
              f"waiting")
    if ours.get("low_mp4_s") is not None:
        print(f"  lowest rung's whole MP4 after {ours['low_mp4_s']:.1f} s = "
              f"{ours['low_mp4_s'] / duration:.2f} × duration")
    if plain.get("first_segment_s") is not None:
        print(f"  alternative, first 4 s HLS segment of the plain ladder's lowest rung after "
              f"{plain['first_segment_s']:.1f} s = {plain['first_segment_s'] / duration:.2f} × "
              f"duration (a preview that grows only as fast as the whole ladder)")
    print(f"  longest gap between progress calls {ours['max_progress_gap_s']:.1f} s")
    print(f"  renditions {ours['renditions']}")


def main() -> None:
    """Generate sources, then measure each alternately against the plain ladder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--only", choices=sorted(SOURCES))
    parser.add_argument("--measure", nargs=2, metavar=("KIND", "SRC"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure[0], Path(args.measure[1]))))
        return
    for label in [args.only] if args.only else list(SOURCES):
        src = make_source(label)
        duration = SOURCES[label][1]
        for round_ in range(args.repeat):
            order = ("plain", "ours") if round_ % 2 == 0 else ("ours", "plain")
            figures = {kind: run_child(kind, src) for kind in order}
            report(label, duration, figures["plain"], figures["ours"])


if __name__ == "__main__":
    main()
