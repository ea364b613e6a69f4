"""Fixtures for tests that drive Debian's chromium through Playwright (sync API, no plugin)."""

import http.server
import os
import re
import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
# Flags measured on this machine (see shared TESTING.md); autoplay lets a test call play().
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]
REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent

# The policy a page with the player needs at least: Media Chrome styles its shadow DOM with
# <style> elements and hls.js plays from a blob: MediaSource URL.
PLAYER_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; media-src 'self' blob:; connect-src 'self' blob:; "
    "worker-src 'self' blob:; object-src 'none'; base-uri 'self'"
)

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
    ".css": "text/css", ".mp4": "video/mp4", ".m4s": "video/iso.segment",
    ".m3u8": "application/vnd.apple.mpegurl", ".vtt": "text/vtt", ".jpg": "image/jpeg",
    ".png": "image/png", ".svg": "image/svg+xml",
}


def pytest_collection_modifyitems(config, items):
    """Mark every test under tests/browser as `browser`."""
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for the whole session."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def player_site(tmp_path_factory):
    """test_player's live case (a 240 fps side view, a 30 fps rear view, notes, a comparison), built
    once for the three modules that only read it (test_player, test_player_clock, test_compare)."""
    from test_player import build_site
    yield from build_site(tmp_path_factory)


@pytest.fixture(scope="session")
def embed_browser_site(tmp_path_factory):
    """tests/embed's site with its main case only (a landscape side view, a portrait phone video, a
    comparison) and a portrait-led case; read by test_embed and test_compare."""
    from embed.embed_site import build
    es = build(tmp_path_factory.mktemp("embed-browser"), full=False)
    yield es
    es.site.close()


@pytest.fixture
def page(browser):
    """A fresh context and page per test; fails on an uncaught page error or a CSP violation."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    # Record CSP violations so a test can assert the player needs nothing beyond PLAYER_CSP.
    page.add_init_script(
        "window.__cspViolations = [];"
        "document.addEventListener('securitypolicyviolation', e =>"
        " window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    yield page
    violations = [] if page.is_closed() else page.evaluate("() => window.__cspViolations ?? []")
    context.close()
    assert not page.errors, f"uncaught errors in the page: {page.errors}"
    assert not violations, f"Content-Security-Policy violations: {violations}"


class _RangeHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with HTTP Range support (chromium's media seeking relies on it)."""

    roots: dict[str, Path] = {}

    def translate_path(self, path):
        path = path.split("?", 1)[0].split("#", 1)[0]
        for prefix, root in sorted(self.roots.items(), key=lambda kv: -len(kv[0])):
            if path.startswith(prefix):
                target = (root / path[len(prefix):].lstrip("/")).resolve()
                if target == root or root in target.parents:
                    return str(target)
        return ""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if not path.is_file():
            self.send_error(404)
            return None
        file = path.open("rb")
        size = os.fstat(file.fileno()).st_size
        start, end = 0, size - 1
        match = re.fullmatch(r"bytes=(\d*)-(\d*)", self.headers.get("Range", "").strip())
        if match and (match[1] or match[2]):
            if match[1]:
                start = int(match[1])
                end = min(int(match[2]), size - 1) if match[2] else size - 1
            else:
                start = max(0, size - int(match[2]))
            if start > end or start >= size:
                file.close()
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{size}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        else:
            self.send_response(200)
        self.send_header("Content-Type", CONTENT_TYPES.get(path.suffix, "application/octet-stream"))
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Cache-Control", "no-store")
        if path.suffix == ".html":
            self.send_header("Content-Security-Policy", PLAYER_CSP)
        self.end_headers()
        file.seek(start)
        self._remaining = end - start + 1
        return file

    def copyfile(self, source, outputfile):
        try:
            while self._remaining > 0:
                chunk = source.read(min(64 * 1024, self._remaining))
                if not chunk:
                    break
                outputfile.write(chunk)
                self._remaining -= len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser dropped a range it no longer needs

    def log_message(self, format, *args):
        pass


class StaticServer:
    def __init__(self, root: Path, base_url: str):
        self.root = root
        self.base_url = base_url

    def url(self, path: str) -> str:
        return self.base_url + "/" + path.lstrip("/")


@pytest.fixture(scope="session")
def static_server(tmp_path_factory):
    """Serve a temp dir at / and the repo's static/ at /static/ on 127.0.0.1 (random port)."""
    root = tmp_path_factory.mktemp("site")
    handler = type("Handler", (_RangeHandler,), {"roots": {"/": root.resolve(), "/static/": (REPO / "static").resolve()}})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield StaticServer(root, f"http://127.0.0.1:{server.server_address[1]}")
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def ffmpeg():
    """Path to ffmpeg, or skip."""
    path = shutil.which("ffmpeg")
    if not path:
        pytest.skip("ffmpeg is missing")
    return path
