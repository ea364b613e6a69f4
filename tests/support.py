"""Test helpers: generated clips, users and tokens, a live site with a real worker process."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

from runphys import create_app
from runphys.extensions import db

ROOT = Path(__file__).resolve().parents[1]
RGW = ROOT / "scripts" / "s3" / "rgw.sh"  # a copy of the team's ../shared/s3 scripts
PG_URL = os.environ.get("RUNPHYS_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("RUNPHYS_TEST_REDIS", "redis://127.0.0.1:6379/15")
PASSWORD = "correct horse battery"
# `make test` runs the suite twice: on the embedded defaults, then with RUNPHYS_TEST_PROFILE=production,
# where every app a test makes runs on its own PostgreSQL schema, its own RGW bucket and its own Redis queue.
PROFILE = os.environ.get("RUNPHYS_TEST_PROFILE", "embedded")
S3_KEYS = {"RUNPHYS_S3_ACCESS_KEY": "runphys", "RUNPHYS_S3_SECRET_KEY": "runphys-secret"}
_made_schemas: list[str] = []
_made_queues: list[str] = []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_clip(path: Path, seconds: float = 2.0, size: str = "320x240", fps: int = 30, audio: bool = True,
              extra: list[str] | None = None) -> Path:
    """Generate a small H.264/AAC test clip with lavfi."""
    cmd = ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi",
           "-i", f"testsrc2=size={size}:rate={fps}:duration={seconds}"]
    if audio:
        cmd += ["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}", "-c:a", "aac"]
    cmd += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", *(extra or []), str(path)]
    subprocess.run(cmd, check=True, timeout=60)
    return path


def base_config(tmp_path: Path, profile: dict[str, str] | None = None) -> dict[str, Any]:
    """An app's config on the test profile's services (`profile`: a profile_env() already made, for a
    test that also starts a process of its own on the same database, bucket and queue)."""
    config = {"INSTANCE_PATH": str(tmp_path / "instance"), "SECRET_KEY": "test-secret",
              "PUBLIC_URL": "http://localhost", "RATELIMIT_LOGIN": "1000 per minute"}
    profile = profile_env() if profile is None else profile
    return {**config, **{k.removeprefix("RUNPHYS_"): v for k, v in profile.items()}}


def new_pg_schema() -> str:
    """Create an empty PostgreSQL schema and return a URL whose search path is that schema."""
    import sqlalchemy as sa
    schema = "t_" + uuid.uuid4().hex[:12]
    engine = sa.create_engine(PG_URL)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    finally:
        engine.dispose()
    _made_schemas.append(schema)
    return f"{PG_URL}?options=-csearch_path%3D{schema}"


def drop_pg_schemas() -> None:
    """Drop every schema new_pg_schema made in this process."""
    import sqlalchemy as sa
    if not _made_schemas:
        return
    engine = sa.create_engine(PG_URL)
    while _made_schemas:  # one transaction each: a single one runs out of PostgreSQL's lock table
        with engine.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {_made_schemas.pop()} CASCADE"))
    engine.dispose()


def new_queue_name() -> str:
    name = "test-" + uuid.uuid4().hex[:10]
    _made_queues.append(name)
    return name


def drop_queues() -> None:
    """Delete the Redis keys of every queue new_queue_name named in this process."""
    if not _made_queues:
        return
    import redis
    client = redis.Redis.from_url(REDIS_URL)
    while _made_queues:
        name = _made_queues.pop()
        keys = list(client.scan_iter(match=f"*{name}*", count=1000))
        if keys:
            client.delete(*keys)
    client.close()


def profile_env() -> dict[str, str]:
    """The RUNPHYS_* settings of the test profile: none on the embedded defaults; in production, a fresh
    PostgreSQL schema, RGW bucket and Redis queue for each app."""
    if PROFILE != "production":
        return {}
    endpoint = os.environ["S3_ENDPOINT_URL"]
    return {"RUNPHYS_DATABASE_URL": new_pg_schema(), "RUNPHYS_REDIS_URL": REDIS_URL,
            "RUNPHYS_QUEUE_NAME": new_queue_name(), "RUNPHYS_STORAGE": "s3",
            "RUNPHYS_S3_ENDPOINT_URL": endpoint, "RUNPHYS_S3_BUCKET": "t-" + uuid.uuid4().hex[:16], **S3_KEYS}


def media_url(app, key: str) -> str:
    """The absolute URL a reader fetches the public key from: this site's /media/ on local disk,
    the bucket's on S3."""
    return urljoin(app.config["PUBLIC_URL"].rstrip("/") + "/", app.extensions["runphys.storage"].public_url(key))


def get_media(client, key: str):
    """GET a public key the way a reader does: from this site (the test client) on local disk, from the
    bucket on S3. The answer has .status_code, .text and .headers either way."""
    url = client.application.extensions["runphys.storage"].public_url(key)
    return requests.get(url, timeout=10) if urlsplit(url).scheme else client.get(url)


def setup_db(app) -> None:
    result = app.test_cli_runner().invoke(args=["runphys", "setup"])
    assert result.exit_code == 0, result.output


def add_user(app, email: str, role: str = "physio") -> Any:
    from runphys.models import Role, User
    with app.app_context():
        user = User(email=email, name=email.split("@")[0].title(), role=Role(role))
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
        return user.id


def add_token(app, email: str) -> str:
    result = app.test_cli_runner().invoke(args=["runphys", "create-token", email])
    assert result.exit_code == 0, result.output
    return result.output.strip()


class LiveSite:
    """The app served over HTTP in a thread, with `flask runphys worker` as a real subprocess."""

    def __init__(self, tmp_path: Path, env: dict[str, str]) -> None:
        self.env = {**os.environ, **env}
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env["RUNPHYS_PUBLIC_URL"] = self.url
        self.log = tmp_path / "worker.log"
        self.worker: subprocess.Popen | None = None  # the last worker started
        self.workers: list[subprocess.Popen] = []
        saved = {k: os.environ.get(k) for k in self.env if k.startswith("RUNPHYS_")}
        os.environ.update({k: v for k, v in self.env.items() if k.startswith("RUNPHYS_")})
        try:
            self.app = create_app()
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        setup_db(self.app)
        from werkzeug.serving import make_server
        self.server = make_server("127.0.0.1", self.port, self.app, threaded=True)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def cli(self, *args: str, input: str | None = None) -> str:
        out = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "runphys", *args], cwd=ROOT,
                             env=self.env, input=input, capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
        return out.stdout

    def start_worker(self, log: Path | None = None) -> subprocess.Popen:
        """Start one more `flask runphys worker` process, logging to `log` (default self.log)."""
        self.worker = subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "runphys", "worker"],
                                       cwd=ROOT, env=self.env, stdout=open(log or self.log, "ab"),
                                       stderr=subprocess.STDOUT)
        self.workers.append(self.worker)
        return self.worker

    def stop_worker(self, sig: int = 15) -> None:
        """Stop every worker process started (with `sig`, then KILL after 10 s)."""
        for worker in self.workers:
            if worker.poll() is None:
                worker.send_signal(sig)
        for worker in self.workers:
            try:
                worker.wait(10)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()

    def close(self) -> None:
        self.stop_worker()
        self.server.shutdown()
        if self.app.config["REDIS_URL"]:
            from runphys.extensions import queue
            queue.huey(self.app).flush()  # drop this test's queue keys from the shared Redis
        with self.app.app_context():
            db.engine.dispose()

    def wait_clip(self, clip_id: int, headers: dict[str, str], timeout: float = 120,
                  until: tuple[str, ...] = ("ready", "failed")) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            data = requests.get(f"{self.url}/api/v1/clips/{clip_id}", headers=headers, timeout=10).json()
            if data["status"] in until:
                return data
            if time.monotonic() > deadline:
                log = self.log.read_text() if self.log.exists() else ""
                raise AssertionError(f"clip {clip_id} still {data['status']} after {timeout}s\n{log[-3000:]}")
            time.sleep(0.3)


def local_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a live site: its own instance folder, plus the test profile's services."""
    return {"RUNPHYS_INSTANCE_PATH": str(tmp_path / "instance"), "RUNPHYS_SECRET_KEY": "test-secret",
            "RUNPHYS_STALE_AFTER": "6", **profile_env()}


def api_token(site: LiveSite, email: str = "maria@example.com") -> dict[str, str]:
    """Create a physio on the live site and return API auth headers for them."""
    site.cli("create-user", email, "--name", "Maria", input=PASSWORD + "\n")
    return {"Authorization": f"Bearer {site.cli('create-token', email).strip()}"}


def publish_case(site: LiveSite, headers: dict[str, str], clips: list[Path], title: str = "Hip drop",
                 notes: list[tuple[float, str]] = ()) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Create a consented, published one-stage case from the given files; return (case, ready clips)."""
    api = site.url + "/api/v1"
    case = requests.post(f"{api}/cases", json={"title": title}, headers=headers, timeout=10).json()
    stage = requests.post(f"{api}/cases/{case['id']}/stages", json={"kind": "initial"}, headers=headers,
                          timeout=10).json()
    ids = []
    for path in clips:
        with open(path, "rb") as f:
            r = requests.post(f"{api}/stages/{stage['id']}/clips", headers=headers, timeout=60,
                              files={"file": (path.name, f)}, data={"caption": path.stem, "view": "side"})
        assert r.status_code == 202, r.text
        ids.append(r.json()["id"])
    ready = [site.wait_clip(i, headers) for i in ids]
    assert all(c["status"] == "ready" for c in ready), ready
    with site.app.app_context():
        from runphys.models import Clip
        for clip in ready:  # the random id public URLs use
            clip["uid"] = db.session.get(Clip, clip["id"]).uuid
    for t, text in notes:
        requests.post(f"{api}/clips/{ids[0]}/notes", json={"t": t, "text": text}, headers=headers, timeout=10)
    requests.post(f"{api}/cases/{case['id']}/consent", json={"client_name": "Private Name"}, headers=headers,
                  timeout=10)
    assert requests.post(f"{api}/cases/{case['id']}/publish", headers=headers, timeout=10).status_code == 200
    return case, ready


def new_stage(site: LiveSite, headers: dict[str, str], title: str = "Stage") -> int:
    """Create a case with one stage through the API; return the stage's id."""
    api = site.url + "/api/v1"
    case = requests.post(f"{api}/cases", json={"title": title}, headers=headers, timeout=30).json()
    return requests.post(f"{api}/cases/{case['id']}/stages", json={"kind": "initial"}, headers=headers,
                         timeout=30).json()["id"]


def upload_all_at_once(site: LiveSite, headers: dict[str, str], stage_id: int, paths: list[Path]) -> list[int]:
    """Upload every file through tus (tuspy) at the same time, one thread each; return the clip ids."""
    from concurrent.futures import ThreadPoolExecutor

    from tusclient import client as tus_client

    def upload(path: Path) -> int:
        up = tus_client.TusClient(f"{site.url}/api/v1/uploads", headers=headers).uploader(
            str(path), chunk_size=8 * 1024 * 1024, metadata={"filename": path.name, "stage_id": str(stage_id)})
        up.upload()
        head = requests.head(up.url, headers={**headers, "Tus-Resumable": "1.0.0"}, timeout=30)
        return int(head.headers["Location-Clip"].split("/")[-1])

    with ThreadPoolExecutor(len(paths)) as pool:
        return list(pool.map(upload, paths))


def studio_state(browser: Any, site: "LiveSite", viewport: dict[str, int] | None = None) -> dict[str, Any]:
    """Log maria in to the studio in a fresh Playwright context; its storage state, for new contexts."""
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(site.url + "/studio/")
        page.get_by_label("Email").fill("maria@example.com")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(re.compile(r"/studio/$"))
        return context.storage_state()
    finally:
        context.close()
