"""Private backing services a test may stop and start again: an RGW, a PostgreSQL and a Redis of
its own, on their own ports (never the machine's shared servers)."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa
from support import RGW, free_port


def wait_until(check, timeout: float, what: str) -> None:
    """Poll `check` until it returns true; fail naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.1)


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


class PrivateRGW:
    """A Ceph cluster of its own. Its S3 gateway (radosgw) stops and starts alone while the
    monitor and the memory-backed OSD keep running, so the buckets outlive the outage."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.env = {**os.environ, "RGW_PORT": str(free_port()), "RGW_MON_PORT": str(free_port()),
                    "RGW_MEMSTORE_MB": "512"}
        out = subprocess.run([str(RGW), "start", str(root)], env=self.env, text=True, capture_output=True,
                             timeout=180)
        if out.returncode != 0:
            raise RuntimeError(f"RGW did not start: {out.stderr[-2000:]}")
        self.url = out.stdout.strip().splitlines()[-1]

    def _pid(self) -> int:
        return int((self.root / "run" / "client.rgw.a.pid").read_text())

    def answers(self) -> bool:
        return subprocess.run([str(RGW), "status", str(self.root)], env=self.env, capture_output=True,
                              timeout=30).returncode == 0

    def stop_gateway(self) -> None:
        pid = self._pid()
        os.kill(pid, signal.SIGTERM)
        wait_until(lambda: _gone(pid), 30, "radosgw to exit")

    def start_gateway(self) -> None:
        subprocess.run(["radosgw", "-c", str(self.root / "ceph.conf"), "-n", "client.rgw.a"], check=True,
                       timeout=60)
        wait_until(self.answers, 60, "radosgw to answer again")

    def close(self) -> None:
        subprocess.run([str(RGW), "stop", str(self.root)], env=self.env, capture_output=True, timeout=60)


class PrivatePostgres:
    """A PostgreSQL cluster of its own (Debian's initdb and pg_ctl, run as the postgres user, in a
    folder of its own under /tmp: pytest's folders are closed to other users)."""

    def __init__(self) -> None:
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
        if not bins:
            raise RuntimeError("PostgreSQL server binaries not found under /usr/lib/postgresql")
        self.bin = bins[-1].parent
        self.root, self.port = Path(tempfile.mkdtemp(prefix="runphys-pg-")), free_port()
        self.data = self.root / "data"
        shutil.chown(self.root, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        self.start()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin / tool), *args]
        if os.geteuid() == 0:  # initdb and postgres refuse to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120, cwd="/tmp")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.root / "log"), "-w", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def answers(self) -> bool:
        engine = sa.create_engine(self.url)
        try:
            with engine.connect() as conn:
                conn.execute(sa.text("SELECT 1"))
            return True
        except sa.exc.OperationalError:
            return False
        finally:
            engine.dispose()

    def close(self) -> None:
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(self.root, ignore_errors=True)


class PrivateRedis:
    """A Redis of its own that keeps nothing on disk: after a restart it is empty."""

    def __init__(self, root: Path) -> None:
        self.root, self.port = root, free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                                         "--save", "", "--appendonly", "no", "--dir", str(self.root)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(self.answers, 30, "redis-server to answer")

    def answers(self) -> bool:
        import redis
        try:
            return bool(redis.Redis.from_url(self.url, socket_timeout=1).ping())
        except redis.exceptions.ConnectionError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(30)

    close = stop
