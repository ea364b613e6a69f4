"""Server time of reader pages with 1 000 published cases in SQLite (the embedded default).

Seeds a fresh instance (each case: 3 stages, 6 clips, 12 notes, 2 categories, a comparison,
approved comments), then times pages through the WSGI app in-process (no network) and counts the
SQL statements each page runs. Prints figures; asserts nothing.

    .venv/bin/python bench/page_latency.py [--cases 1000] [--requests 300]
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import event

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from runphys import create_app  # noqa: E402
from runphys.extensions import db  # noqa: E402
from runphys.models import (  # noqa: E402
    Case, CaseStatus, Category, Clip, ClipStatus, ClipView, Comment, CommentStatus, Comparison, Note, Stage,
    StageKind, User,
)

MEDIA = {"renditions": [{"name": "720p.mp4", "width": 1280, "height": 720, "bitrate": 2_500_000, "fps": 30, "kind": "mp4"},
                        {"name": "360p.mp4", "width": 640, "height": 360, "bitrate": 800_000, "fps": 30, "kind": "mp4"}],
         "hls": "hls/master.m3u8", "poster": "poster.jpg", "poster_width": 1280, "poster_height": 720,
         "storyboard": "storyboard.jpg", "thumbnails": "thumbnails.vtt"}


def seed(app, count: int) -> list[str]:
    """Create `count` published cases; return their slugs."""
    with app.app_context():
        author = User(email="bench@example.com", name="Bench Physio")
        db.session.add(author)
        cats = list(db.session.scalars(db.select(Category)))
        start = datetime(2020, 1, 1, tzinfo=timezone.utc)
        slugs = []
        for n in range(count):
            case = Case(slug=f"case-{n}", title=f"Case {n}: knee wobble at loading", author=author,
                        summary="A runner with an ache after eight kilometres. " * 3, client_alias="R",
                        status=CaseStatus.PUBLISHED, published_at=start + timedelta(hours=n),
                        categories=random.sample(cats, 2))
            clips = []
            for s, kind in enumerate((StageKind.INITIAL, StageKind.DRILL, StageKind.RESULT)):
                stage = Stage(case=case, kind=kind, position=s, title=kind.label,
                              body="What we saw, in a few sentences of **Markdown**.\n\nAnd a second paragraph.")
                for c in range(2):
                    clip = Clip(stage=stage, position=c, caption=f"Clip {c} of {kind.value}", view=ClipView.SIDE,
                                status=ClipStatus.READY, duration=4.0, width=1280, height=720, fps=30.0,
                                version=1, media=MEDIA)
                    clip.notes = [Note(t=1.0, text="Left knee drifts in"), Note(t=2.5, text="Heel lands ahead")]
                    clips.append(clip)
            db.session.add(case)
            db.session.flush()
            db.session.add(Comparison(case_id=case.id, before_clip_id=clips[0].id, after_clip_id=clips[-1].id,
                                      before_offset=0.4, after_offset=0.2))
            db.session.add_all([Comment(case_id=case.id, name="Reader", body="Thanks, useful.",
                                        status=CommentStatus.APPROVED) for _ in range(2)])
            slugs.append(case.slug)
            if n % 100 == 99:
                db.session.commit()
        db.session.commit()
        return slugs


def measure(client, urls: list[str], counter: list[int]) -> tuple[float, float, float]:
    """p50 and p95 in ms, and SQL statements per request."""
    times, statements = [], []
    for url in urls:
        counter[0] = 0
        t0 = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        statements.append(counter[0])
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], statistics.mean(statements)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    random.seed(5)
    tmp = Path(tempfile.mkdtemp(prefix="runphys-bench-"))
    app = create_app({"INSTANCE_PATH": str(tmp), "SECRET_KEY": "bench", "PUBLIC_URL": "http://localhost"})
    assert app.test_cli_runner().invoke(args=["runphys", "setup"]).exit_code == 0
    t0 = time.perf_counter()
    slugs = seed(app, args.cases)
    print(f"seeded {len(slugs)} published cases (6 clips, 12 notes each) in {time.perf_counter() - t0:.1f} s")

    counter = [0]
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *a: counter.__setitem__(0, counter[0] + 1))
    client = app.test_client()
    order = random.sample(slugs, len(slugs))
    pages = {
        "case page, first view": [f"/cases/{slug}" for slug in order[:args.requests]],
        "case page, seen before": [f"/cases/{slug}" for slug in order[:50]] * (args.requests // 50),
        "home": ["/"] * 100,
        "home page 50": ["/?page=50"] * 100,
        "category": ["/category/knees"] * 100,
        "search 'knee drifts'": ["/search?q=knee+drifts"] * 50,
        "feed.xml": ["/feed.xml"] * 50,
        "sitemap.xml (all cases)": ["/sitemap.xml"] * 5,
    }
    for urls in pages.values():  # warm up templates and caches (not the case pages' own cache)
        if "case page" not in urls[0]:
            client.get(urls[0])
    client.get(f"/cases/{order[-1]}")
    print(f"{'page':26} {'p50 ms':>8} {'p95 ms':>8} {'SQL/req':>8}")
    for name, urls in pages.items():
        p50, p95, sql = measure(client, urls, counter)
        print(f"{name:26} {p50:8.2f} {p95:8.2f} {sql:8.1f}")
    slug = order[0]
    etag = client.get(f"/cases/{slug}").headers["ETag"]
    t0 = time.perf_counter()
    for _ in range(100):
        assert client.get(f"/cases/{slug}", headers={"If-None-Match": etag}).status_code == 304
    print(f"conditional 304 of a case page: {(time.perf_counter() - t0) * 10:.2f} ms each")
    print("first view: the case is loaded (one joined query) and rendered; seen before: the page comes from the"
          " in-process cache after a one-query content fingerprint check")


if __name__ == "__main__":
    main()
