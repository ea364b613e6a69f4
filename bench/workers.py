"""Benchmark: time-to-ready of 12 clips uploaded at once with 1, 2 and 3 worker processes.

For each worker count a fresh live site (Redis queue, PostgreSQL in a private schema, local
storage) gets N `flask runphys worker` processes; 12 small clips are uploaded through tus at the
same time and the clock runs until every clip is ready. Prints, per worker count, the time until
the last clip is ready, the median clip's time, and the speed-up over 1 worker (time with 1 worker
divided by time with N). Asserts nothing timed.

    .venv/bin/python bench/workers.py                 # 12 clips of 2 s, 320x240
    .venv/bin/python bench/workers.py --seconds 4 --size 640x360 --workers 1 2 3
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from support import (  # noqa: E402
    PG_URL,
    REDIS_URL,
    LiveSite,
    add_token,
    add_user,
    local_env,
    make_clip,
    new_stage,
    upload_all_at_once,
)


def run(workers: int, clips: list[Path], tmp: Path) -> list[float]:
    """Seconds from the start of the uploads until each clip was ready, with `workers` processes."""
    schema = "bench_" + uuid.uuid4().hex[:10]
    engine = sa.create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    site = LiveSite(tmp, {**local_env(tmp), "RUNPHYS_DATABASE_URL": f"{PG_URL}?options=-csearch_path%3D{schema}",
                          "RUNPHYS_REDIS_URL": REDIS_URL, "RUNPHYS_QUEUE_NAME": "bench-" + uuid.uuid4().hex[:10],
                          "RUNPHYS_WORKERS": "1"})
    try:
        add_user(site.app, "bench@example.com")
        auth = {"Authorization": f"Bearer {add_token(site.app, 'bench@example.com')}"}
        stage_id = new_stage(site, auth)
        for n in range(workers):
            site.start_worker(tmp / f"worker-{n}.log")
        time.sleep(3)  # let the worker processes import and connect before the clock starts
        start = time.monotonic()
        ids = upload_all_at_once(site, auth, stage_id, clips)
        ready: dict[int, float] = {}
        while len(ready) < len(ids):
            for clip_id in set(ids) - set(ready):
                status = requests.get(f"{site.url}/api/v1/clips/{clip_id}", headers=auth, timeout=30).json()["status"]
                if status == "failed":
                    raise SystemExit(f"clip {clip_id} failed; see {tmp}/worker-*.log")
                if status == "ready":
                    ready[clip_id] = time.monotonic() - start
            time.sleep(0.2)
        return sorted(ready.values())
    finally:
        site.close()
        with engine.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=int, default=12)
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--size", default="320x240")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 3])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-workers-") as tmp:
        root = Path(tmp)
        source = make_clip(root / "source.mp4", seconds=args.seconds, size=args.size)
        clips = [Path(shutil.copyfile(source, root / f"run-{n:02}.mp4")) for n in range(args.clips)]
        print(f"{args.clips} clips of {args.seconds:g} s at {args.size}, uploaded at once; {os.cpu_count()} cores")
        print(f"{'workers':>7} {'all ready s':>11} {'median s':>8} {'speed-up':>8} {'load avg':>8}")
        first = None
        for count in args.workers:
            work = root / f"w{count}"
            work.mkdir()
            times = run(count, clips, work)
            first = first or times[-1]
            print(f"{count:>7} {times[-1]:>11.1f} {statistics.median(times):>8.1f} "
                  f"{first / times[-1]:>8.2f} {os.getloadavg()[0]:>8.1f}", flush=True)


if __name__ == "__main__":
    main()
