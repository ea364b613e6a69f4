"""What a phone fetches on the demo case before any play: bytes in all, video bytes, JavaScript.

Starts the app and a real worker on a temporary embedded instance, loads the demo case (its clips
go through the real pipeline), then a 390×844 touch viewport in Debian's chromium opens the case
and scrolls through it to the comments without playing. Prints the bytes fetched in all, the
video bytes (MP4, HLS playlists and segments, hls.js), and the page's JavaScript gzipped; then
plays the first clip and prints what that adds. Goals (issue 12): ≤ 300 KB and no video before
play, ≤ 60 KB of JavaScript gzipped. Asserts nothing.

    .venv/bin/python bench/page_budget.py
"""
from __future__ import annotations

import gzip
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from playwright.sync_api import sync_playwright  # noqa: E402
from support import LiveSite, local_env  # noqa: E402

from runphys.demo import DEMO_SLUG  # noqa: E402
from runphys.extensions import db  # noqa: E402
from runphys.models import Clip, ClipStatus  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIDEO = (".mp4", ".m3u8", ".m4s", ".mjs")


def wait_demo(site: LiveSite, timeout: float = 600) -> int:
    """Wait until every demo clip is ready; return how many there are."""
    deadline = time.monotonic() + timeout
    while True:
        with site.app.app_context():
            states = [c.status for c in db.session.scalars(db.select(Clip))]
            db.session.remove()
        if states and all(s == ClipStatus.READY for s in states):
            return len(states)
        if time.monotonic() > deadline:
            raise SystemExit(f"demo clips not ready: {states}")
        time.sleep(2)


class Log:
    """Every response the page got: URL, type, body bytes; JavaScript gzipped."""

    def __init__(self, page) -> None:
        self.rows: list[tuple[str, str, int, int]] = []
        page.on("requestfinished", self.add)

    def add(self, request) -> None:
        response = request.response()
        if response is None:
            return
        kind = response.headers.get("content-type", "")
        size = max(0, request.sizes()["responseBodySize"])  # chromium reports a negative size for some repeats
        js = 0
        if "javascript" in kind:
            js = len(gzip.compress(response.body(), 9))
        self.rows.append((request.url, kind, size, js))

    def report(self, label: str, since: int = 0) -> None:
        rows = self.rows[since:]
        total = sum(size for _, _, size, _ in rows)
        video = sum(size for url, kind, size, _ in rows if kind.startswith("video/") or "mpegurl" in kind
                    or url.split("?")[0].endswith(VIDEO))
        js = sum(js for *_, js in rows)
        print(f"{label}: {len(rows)} responses, {total / 1024:.1f} KiB in all, video {video / 1024:.1f} KiB, "
              f"JavaScript {js / 1024:.1f} KiB gzipped")
        for url, kind, size, js in rows:
            print(f"    {size / 1024:8.1f} KiB  {kind[:28]:28}  {url.split('//', 1)[1].split('/', 1)[1][:90]}")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = LiveSite(Path(tmp), local_env(Path(tmp)))
        site.start_worker()
        try:
            print(site.cli("demo").strip())
            print(f"{wait_demo(site)} clips ready")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                              has_touch=True, device_scale_factor=3)
                page = context.new_page()
                log = Log(page)
                page.goto(f"{site.url}/cases/{DEMO_SLUG}")
                page.wait_for_load_state("networkidle")
                log.report("opened")
                height = page.evaluate("document.documentElement.scrollHeight")
                for y in range(0, height, 400):
                    page.evaluate(f"window.scrollTo(0, {y})")
                    page.wait_for_timeout(150)  # a reader's scrolling pace; nothing measured on it
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(1000)
                log.report("scrolled to the end, nothing played")
                before = len(log.rows)
                page.evaluate("window.scrollTo(0, 0)")
                page.locator("figure.clip media-play-button").first.tap()
                page.wait_for_function("() => document.querySelector('figure.clip video').currentTime > 1")
                page.wait_for_load_state("networkidle")
                log.report("first clip played 1 s", since=before)
                browser.close()
        finally:
            site.close()


if __name__ == "__main__":
    main()
