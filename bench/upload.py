"""Benchmark: throughput and server memory of a large tus upload.

Serves the app with gunicorn in a subprocess (so its RSS can be read from /proc), uploads a
generated file through /api/v1/uploads in PATCH chunks streamed from disk, and prints MB/s and
the peak RSS of the gunicorn worker. Prints figures; asserts only that the stored file is whole.

    .venv/bin/python bench/upload.py                      # 1 GiB on local storage
    .venv/bin/python bench/upload.py --size-mib 256 --s3-endpoint http://127.0.0.1:7480
"""
from __future__ import annotations

import argparse
import base64
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from support import PASSWORD, free_port  # noqa: E402

TUS = {"Tus-Resumable": "1.0.0"}


class Slice:
    """A window of a file that requests streams (it reads in blocks; nothing is loaded whole)."""

    def __init__(self, f, start: int, length: int) -> None:
        self.f, self.start, self.len, self.pos = f, start, length, 0

    def __len__(self) -> int:
        return self.len

    def read(self, size: int = -1) -> bytes:
        size = self.len - self.pos if size < 0 else min(size, self.len - self.pos)
        self.f.seek(self.start + self.pos)
        data = self.f.read(size)
        self.pos += len(data)
        return data


def rss_kib(pid: int, field: str = "VmRSS") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        out += [int(p) for p in text]
    return out


def cli(env: dict[str, str], *args: str, input: str | None = None) -> str:
    out = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "runphys", *args], cwd=ROOT, env=env,
                         input=input, capture_output=True, text=True, timeout=300)
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    return out.stdout.strip()


def run(size: int, chunk: int, env_extra: dict[str, str], label: str) -> None:
    with tempfile.TemporaryDirectory(prefix="runphys-bench-") as tmp:
        tmp = Path(tmp)
        port = free_port()
        env = {**os.environ, "RUNPHYS_INSTANCE_PATH": str(tmp / "instance"), "RUNPHYS_SECRET_KEY": "bench",
               "RUNPHYS_PUBLIC_URL": f"http://127.0.0.1:{port}", **env_extra}
        cli(env, "setup")
        cli(env, "create-user", "bench@example.com", input=PASSWORD + "\n")
        auth = {"Authorization": "Bearer " + cli(env, "create-token", "bench@example.com")}
        source = tmp / "big.mp4"
        with open(source, "wb") as f:  # generated: random head, sparse rest (fast to make, real bytes on the wire)
            f.write(os.urandom(4 * 1024 * 1024))
            f.truncate(size)
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "4",
             "--timeout", "600", "--log-level", "warning", "app:create_app()"], cwd=ROOT, env=env)
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    requests.get(base + "/healthz", timeout=30)
                    break
                except requests.RequestException:
                    time.sleep(0.2)
            worker = children(server.pid)[0]
            idle = rss_kib(worker)
            case = requests.post(f"{base}/api/v1/cases", json={"title": "Bench"}, headers=auth, timeout=30).json()
            stage = requests.post(f"{base}/api/v1/cases/{case['id']}/stages", json={"kind": "initial"},
                                  headers=auth, timeout=30).json()
            meta = ",".join(f"{k} {base64.b64encode(v.encode()).decode()}"
                            for k, v in {"filename": "big.mp4", "stage_id": str(stage["id"])}.items())
            r = requests.post(f"{base}/api/v1/uploads", headers={**auth, **TUS, "Upload-Length": str(size),
                                                                 "Upload-Metadata": meta}, timeout=30)
            r.raise_for_status()
            url = base + r.headers["Location"]
            peak = [idle]
            stop = threading.Event()

            def sample() -> None:
                while not stop.is_set():
                    peak[0] = max(peak[0], rss_kib(worker))
                    time.sleep(0.05)

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            started = time.monotonic()
            offset = 0
            with open(source, "rb") as f:
                while offset < size:
                    n = min(chunk, size - offset)
                    r = requests.patch(url, data=Slice(f, offset, n), timeout=600, headers={
                        **auth, **TUS, "Upload-Offset": str(offset),
                        "Content-Type": "application/offset+octet-stream", "Content-Length": str(n)})
                    r.raise_for_status()
                    offset = int(r.headers["Upload-Offset"])
            elapsed = time.monotonic() - started
            stop.set()
            sampler.join()
            clip_url = r.headers.get("Location-Clip")
            assert clip_url, "no clip after the last PATCH"
            print(f"{label}: {size / 2**20:.0f} MiB in {chunk // 2**20} MiB PATCHes: {elapsed:.1f} s, "
                  f"{size / 2**20 / elapsed:.0f} MiB/s; gunicorn worker RSS idle {idle / 1024:.0f} MiB, "
                  f"peak {peak[0] / 1024:.0f} MiB (+{(peak[0] - idle) / 1024:.0f} MiB), "
                  f"VmHWM {rss_kib(worker, 'VmHWM') / 1024:.0f} MiB")
        finally:
            server.terminate()
            server.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--chunk-mib", type=int, default=64)
    parser.add_argument("--s3-endpoint", help="also run against this S3 endpoint (access runphys/runphys-secret)")
    args = parser.parse_args()
    size, chunk = args.size_mib * 2**20, args.chunk_mib * 2**20
    run(size, chunk, {}, "local storage")
    if args.s3_endpoint:
        run(size, chunk, {"RUNPHYS_STORAGE": "s3", "RUNPHYS_S3_ENDPOINT_URL": args.s3_endpoint,
                          "RUNPHYS_S3_BUCKET": f"bench-{int(time.time())}", "RUNPHYS_S3_ACCESS_KEY": "runphys",
                          "RUNPHYS_S3_SECRET_KEY": "runphys-secret"}, "S3 (Ceph RGW)")


if __name__ == "__main__":
    main()
