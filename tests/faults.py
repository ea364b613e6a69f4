"""Faults injected from outside the code under test: an HTTP proxy in front of the real S3 server
(slow downloads, failing uploads) and a look at which ffmpeg processes run."""
from __future__ import annotations

import http.client
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade",
              "proxy-authorization", "proxy-authenticate", "content-length"}


class FaultyS3:
    """Forward every S3 request to the real server, except for the faults switched on.

    - `slow_prefix`, `bytes_per_second`: GET bodies of keys under the prefix trickle at that rate.
    - `fail_puts_under`: PUTs of keys under this prefix find the connection closed, as when the
      server is down (the client retries, then gives up).
    The Host header is passed on untouched, so the client's signatures stay valid.
    """

    def __init__(self, upstream: str) -> None:
        self.upstream = urlsplit(upstream)
        self.slow_prefix: str | None = None
        self.bytes_per_second = 0.0
        self.fail_puts_under: str | None = None
        self.slow_gets = 0
        self.failed_puts = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @staticmethod
    def key_of(path: str) -> str:
        """The object key of a path-style request (/bucket/key?query)."""
        parts = urlsplit(path).path.lstrip("/").split("/", 1)
        return parts[1] if len(parts) == 2 else ""

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                key = proxy.key_of(self.path)
                if self.command == "PUT" and proxy.fail_puts_under and key.startswith(proxy.fail_puts_under):
                    proxy.failed_puts += 1
                    self.close_connection = True
                    return
                upstream = http.client.HTTPConnection(proxy.upstream.hostname, proxy.upstream.port, timeout=60)
                try:
                    upstream.request(self.command, self.path, body=body, headers=dict(self.headers.items()))
                    answer = upstream.getresponse()
                    data = answer.read()
                finally:
                    upstream.close()
                self.send_response(answer.status, answer.reason)
                for name, value in answer.getheaders():
                    if name.lower() not in HOP_BY_HOP:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command == "HEAD":
                    return
                slow = (self.command == "GET" and proxy.slow_prefix is not None and proxy.bytes_per_second
                        and key.startswith(proxy.slow_prefix))
                if not slow:
                    self.wfile.write(data)
                    return
                proxy.slow_gets += 1
                step = max(1, int(proxy.bytes_per_second / 10))
                for start in range(0, len(data), step):
                    self.wfile.write(data[start:start + step])
                    self.wfile.flush()
                    time.sleep(0.1)

            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _forward

        return Handler


def ffmpeg_processes(marker: str, programs: tuple[bytes, ...] = (b"ffmpeg", b"ffprobe")) -> list[int]:
    """Pids of running ffmpeg (or ffprobe) processes whose command line mentions `marker` (a test's folder)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            args = (proc / "cmdline").read_bytes().split(b"\0")
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z" and any(a.endswith(programs) for a in args[:3]) \
                and any(marker.encode() in a for a in args):
            found.append(int(proc.name))
    return found
