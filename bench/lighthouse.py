"""Lighthouse on the demo case page and on a bare <video> page, in the same run, offline.

Installs npm `lighthouse` (pinned; 13.x needs Node 22) into a cache directory on first use,
serves the app with a real worker, loads the demo case (clips made and processed for real), writes
a bare page with one <video> of the same first clip, and runs Lighthouse against both with Debian's
chromium. Prints the four category scores and the main timings; asserts nothing.

    .venv/bin/python bench/lighthouse.py [--runs 1] [--keep DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

LIGHTHOUSE = "lighthouse@12.2.3"
CACHE = Path(os.environ.get("RUNPHYS_BENCH_CACHE", Path.home() / ".cache" / "runphys-bench"))
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-quic --no-first-run "
                "--disable-background-networking --disable-component-update --disable-sync")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift",
           "speed-index")


def lighthouse_bin() -> Path:
    """The cached Lighthouse CLI, installed with npm on first use."""
    prefix = CACHE / "lighthouse-12.2.3"
    binary = prefix / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        prefix.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(prefix), "-E", LIGHTHOUSE],
                       check=True, timeout=600)
    return binary


def run_lighthouse(binary: Path, url: str, out: Path) -> dict:
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    subprocess.run([str(binary), url, "--quiet", "--output=json", f"--output-path={out}",
                    f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
                   check=True, env=env, timeout=300)
    report = json.loads(out.read_text())
    scores = {c: report["categories"][c]["score"] for c in CATEGORIES}
    metrics = {m: report["audits"][m]["numericValue"] for m in METRICS}
    failing = {c: [ref["id"] for ref in report["categories"][c]["auditRefs"]
                   if ref.get("weight") and (report["audits"][ref["id"]].get("score") or 0) < 1
                   and report["audits"][ref["id"]].get("scoreDisplayMode") == "binary"]
               for c in CATEGORIES if c != "performance"}
    return {"scores": scores, "metrics": metrics, "failing": failing}


def start_site(tmp: Path):
    from support import LiveSite, local_env

    from runphys.extensions import db
    from runphys.models import Clip, ClipStatus
    site = LiveSite(tmp, local_env(tmp))
    site.start_worker()
    site.cli("demo")
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        with site.app.app_context():
            states = [c.status for c in db.session.scalars(db.select(Clip))]
        if states and all(s in (ClipStatus.READY, ClipStatus.FAILED) for s in states):
            break
        time.sleep(1)
    return site


def bare_page(site) -> str:
    """Write a page with one plain <video> of the demo's first clip into public storage; return its URL."""
    from runphys.demo import DEMO_SLUG
    from runphys.extensions import db
    from runphys.models import Case
    from runphys.views import media_url, renditions
    with site.app.test_request_context():
        case = db.session.scalar(db.select(Case).where(Case.slug == DEMO_SLUG))
        clip = case.clips[0]
        mp4 = renditions(clip)[0]
        poster = media_url(clip, clip.media["poster"])
        storage = site.app.extensions["runphys.storage"]
    html = (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>Bare video</title>'
            f'<meta name="description" content="One video element, for comparison.">'
            f'<link rel="icon" href="/static/favicon.svg" type="image/svg+xml"></head><body><main><h1>Bare video</h1>'
            f'<video controls preload="metadata" playsinline poster="{poster}" width="{mp4["width"]}" '
            f'height="{mp4["height"]}" style="max-width:100%;height:auto" aria-label="Clip">'
            f'<source src="{mp4["url"]}" type="video/mp4"></video></main></body></html>')
    path = storage.path("media/bench/bare.html")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html)
    return f"{site.url}/media/bench/bare.html"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="runs per page (median reported)")
    args = parser.parse_args()
    binary = lighthouse_bin()
    tmp = Path(tempfile.mkdtemp(prefix="runphys-lh-"))
    site = start_site(tmp)
    try:
        from runphys.demo import DEMO_SLUG
        pages = {"bare <video> page": bare_page(site), "case page": f"{site.url}/cases/{DEMO_SLUG}",
                 "home": f"{site.url}/"}
        results: dict[str, list[dict]] = {name: [] for name in pages}
        for run in range(args.runs):
            for name, url in pages.items():  # interleaved, so load on the machine hits both alike
                results[name].append(run_lighthouse(binary, url, tmp / f"{name[:4]}-{run}.json"))
        print(f"{'page':20} " + " ".join(f"{c:>14}" for c in CATEGORIES) + f" {'FCP ms':>8} {'LCP ms':>8} {'TBT ms':>8} {'CLS':>6}")
        perf = {}
        for name, runs in results.items():
            med = {c: statistics.median(r["scores"][c] for r in runs) for c in CATEGORIES}
            m = {k: statistics.median(r["metrics"][k] for r in runs) for k in METRICS}
            perf[name] = med["performance"]
            print(f"{name:20} " + " ".join(f"{med[c]:14.2f}" for c in CATEGORIES)
                  + f" {m['first-contentful-paint']:8.0f} {m['largest-contentful-paint']:8.0f}"
                  f" {m['total-blocking-time']:8.0f} {m['cumulative-layout-shift']:6.3f}")
            failing = {c: ids for c, ids in runs[-1]["failing"].items() if ids}
            if failing:
                print(f"  failing audits: {failing}")
        print(f"performance, case page minus bare page: {perf['case page'] - perf['bare <video> page']:+.2f}")
    finally:
        site.close()


if __name__ == "__main__":
    main()
