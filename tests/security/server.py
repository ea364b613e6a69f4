"""The site served by a real gunicorn subprocess, whose worker's writes can be read from /proc."""
from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time
from pathlib import Path

from support import ROOT, free_port


class Gunicorn:
    """`gunicorn app:create_app()` in a subprocess with the given environment and arguments."""

    def __init__(self, env: dict[str, str], *args: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = Path(env["RUNPHYS_INSTANCE_PATH"]).parent / f"gunicorn-{self.port}.log"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{self.port}", *args, "app:create_app()"],
            cwd=ROOT, env={**os.environ, "RUNPHYS_PUBLIC_URL": self.url, **env},
            stdout=open(self.log, "ab"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                if self.request("GET", "/robots.txt")[0] == 200:
                    break
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"gunicorn did not start:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.1)

    def workers(self) -> list[int]:
        """Pids of the worker processes (children of the gunicorn master)."""
        pid = self.process.pid
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]

    def written(self) -> int:
        """Bytes the workers have written with write() and friends so far (files, temp files, logs)."""
        total = 0
        for pid in self.workers():
            fields = dict(line.split(": ") for line in Path(f"/proc/{pid}/io").read_text().splitlines())
            total += int(fields["wchar"])
        return total

    def request(self, method: str, path: str, chunks: list[bytes] = (), headers: dict[str, str] | None = None,
                chunked: bool = False) -> tuple[int, bytes]:
        """Send one request on a new connection, its body piece by piece; return (status, body)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            headers = dict(headers or {})
            if chunked:
                headers["Transfer-Encoding"] = "chunked"
            elif chunks:
                headers["Content-Length"] = str(sum(map(len, chunks)))
            conn.request(method, path, body=iter(chunks) if chunks else None, headers=headers,
                         encode_chunked=chunked)
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
