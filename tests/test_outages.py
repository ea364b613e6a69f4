"""Backing services stopped under a live site: S3 (the RGW gateway), PostgreSQL and Redis, each a
private instance of the test's own. Requests answer 503 with a message and Retry-After, /healthz
names the part that is down, and once it is back every upload and job carries on."""
from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import threading
import uuid
from pathlib import Path
from typing import Iterator

import pytest
import requests
from services import PrivatePostgres, PrivateRedis, PrivateRGW, wait_until
from support import (
    S3_KEYS,
    LiveSite,
    add_token,
    add_user,
    local_env,
    make_clip,
    new_queue_name,
    new_stage,
)
from tusclient import client as tus_client

from runphys.extensions import db
from runphys.models import Clip

TUS = {"Tus-Resumable": "1.0.0"}
PATCH = {**TUS, "Content-Type": "application/offset+octet-stream"}
MiB = 1024 * 1024


@pytest.fixture(scope="module")
def rgw(tmp_path_factory) -> Iterator[PrivateRGW]:
    if not shutil.which("radosgw"):
        pytest.skip("radosgw not installed (run scripts/s3/install-rgw.sh)")
    server = PrivateRGW(tmp_path_factory.mktemp("rgw"))
    yield server
    server.close()


def s3_site(tmp_path: Path, rgw: PrivateRGW, **env: str) -> LiveSite:
    return LiveSite(tmp_path, {**local_env(tmp_path), "RUNPHYS_STORAGE": "s3", "RUNPHYS_S3_ENDPOINT_URL": rgw.url,
                               "RUNPHYS_S3_BUCKET": "t-" + uuid.uuid4().hex[:16], **S3_KEYS, **env})


def _b64(value: object) -> str:
    return base64.b64encode(str(value).encode()).decode()


def token(site: LiveSite) -> dict[str, str]:
    add_user(site.app, "outage@example.com")
    return {"Authorization": f"Bearer {add_token(site.app, 'outage@example.com')}"}


def uploader(site: LiveSite, auth: dict[str, str], source: Path, stage_id: int, url: str | None = None,
             chunk: int = 3 * MiB):
    client = tus_client.TusClient(f"{site.url}/api/v1/uploads", headers=auth)
    meta = {"filename": source.name, "stage_id": str(stage_id)}
    return client.uploader(str(source), url=url, chunk_size=chunk, metadata=meta)


def clip_row(site: LiveSite, clip_id: int) -> Clip:
    with site.app.app_context():
        clip = db.session.get(Clip, clip_id)
        db.session.expunge(clip)
        return clip


def stored_sha1(site: LiveSite, key: str) -> str:
    with site.app.app_context():
        digest = hashlib.sha1()
        with site.app.extensions["runphys.storage"].open(key) as f:
            while chunk := f.read(MiB):
                digest.update(chunk)
        return digest.hexdigest()


def health(site: LiveSite) -> tuple[int, dict]:
    r = requests.get(f"{site.url}/healthz", timeout=30)
    return r.status_code, r.json()


@pytest.mark.s3
def test_s3_stopped_mid_upload_answers_503_and_the_upload_resumes_whole(rgw, tmp_path):
    """The gateway stops while a PATCH streams: the slice stored before the stop is kept, the PATCH
    answers 503 with Retry-After, and after the restart the client resumes to a byte-exact file."""
    site = s3_site(tmp_path, rgw)
    try:
        auth = token(site)
        stage_id = new_stage(site, auth)
        source = tmp_path / "outage.mp4"
        source.write_bytes(os.urandom(12 * MiB + 999))
        data = source.read_bytes()
        up = uploader(site, auth, source, stage_id)
        up.upload(stop_at=3 * MiB)  # 3 MiB wait in the bucket as an incomplete part
        stopped = threading.Event()

        def body():
            yield data[3 * MiB:11 * MiB]  # one whole slice: stored and committed before the stop
            assert stopped.wait(60)
            yield data[11 * MiB:12 * MiB]

        answer = {}
        sender = threading.Thread(target=lambda: answer.update(r=requests.patch(
            up.url, data=body(), timeout=120, headers={**auth, **PATCH, "Upload-Offset": str(3 * MiB)})))
        sender.start()
        wait_until(lambda: offset(site, up.url, auth) == 11 * MiB, 60, "the first slice to be stored")
        rgw.stop_gateway()
        try:
            stopped.set()
            sender.join(120)
            r = answer["r"]
            assert r.status_code == 503, r.text
            assert r.headers["Content-Type"].startswith("text/plain") and r.headers["Tus-Resumable"] == "1.0.0"
            assert "storage is not answering" in r.text and int(r.headers["Retry-After"]) > 0
            assert offset(site, up.url, auth) == 11 * MiB
            status, report = health(site)
            assert status == 503 and report["down"] == ["storage"] and report["storage"]["ok"] is False
            r = requests.post(f"{site.url}/api/v1/uploads", timeout=60, headers={
                **auth, **TUS, "Upload-Length": "100", "Upload-Metadata": f"stage_id {_b64(stage_id)}"})
            assert r.status_code == 503 and "storage is not answering" in r.text
        finally:
            rgw.start_gateway()
        assert health(site)[0] == 200
        resumed = uploader(site, auth, source, stage_id, url=up.url)
        assert resumed.offset == 11 * MiB
        resumed.upload()
        head = requests.head(up.url, headers={**auth, **TUS}, timeout=30)
        clip = clip_row(site, int(head.headers["Location-Clip"].split("/")[-1]))
        assert stored_sha1(site, clip.original_key) == hashlib.sha1(data).hexdigest()
    finally:
        site.close()


def offset(site: LiveSite, url: str, auth: dict[str, str]) -> int:
    return int(requests.head(url, headers={**auth, **TUS}, timeout=30).headers["Upload-Offset"])


@pytest.mark.s3
def test_s3_stopped_mid_job_the_job_is_retried_and_ends_ready(rgw, tmp_path):
    """The failed attempt puts the clip back in the queue itself (not the reaper, after STALE_AFTER)."""
    site = s3_site(tmp_path, rgw, RUNPHYS_STALE_AFTER="300")
    try:
        auth = token(site)
        stage_id = new_stage(site, auth)
        source = make_clip(tmp_path / "job.mp4", seconds=1.0)
        up = uploader(site, auth, source, stage_id)
        up.upload()
        head = requests.head(up.url, headers={**auth, **TUS}, timeout=30)
        clip_id = int(head.headers["Location-Clip"].split("/")[-1])
        rgw.stop_gateway()
        try:
            site.start_worker()  # its first attempt finds the storage gone
            wait_until(lambda: (clip := clip_row(site, clip_id)).attempts >= 1 and clip.status == "queued",
                       60, "the first attempt to fail and the clip to wait for its retry")
        finally:
            rgw.start_gateway()
        clip = site.wait_clip(clip_id, auth, timeout=60)
        assert clip["status"] == "ready", clip
        poster = requests.get(clip["poster"], timeout=30)
        assert poster.status_code == 200 and poster.headers["Content-Type"] == "image/jpeg"
    finally:
        site.close()


@pytest.fixture(scope="module")
def postgres() -> Iterator[PrivatePostgres]:
    server = PrivatePostgres()
    yield server
    server.close()


@pytest.fixture
def redis_server(tmp_path) -> Iterator[PrivateRedis]:
    (tmp_path / "redis").mkdir()
    server = PrivateRedis(tmp_path / "redis")
    yield server
    server.close()


def worker_log(site: LiveSite) -> str:
    return site.log.read_text() if site.log.exists() else ""


@pytest.mark.postgres
def test_postgres_stopped_requests_answer_503_and_uploads_and_jobs_carry_on(postgres, tmp_path):
    site = LiveSite(tmp_path, {**local_env(tmp_path), "RUNPHYS_DATABASE_URL": postgres.url})
    try:
        auth = token(site)
        stage_id = new_stage(site, auth)
        data = os.urandom(2 * MiB + 77)
        r = requests.post(f"{site.url}/api/v1/uploads", data=data[:MiB], timeout=30, headers={
            **auth, **PATCH, "Upload-Length": str(len(data)), "Upload-Metadata": f"stage_id {_b64(stage_id)}"})
        assert r.status_code == 201
        upload_url = site.url + r.headers["Location"]
        source = make_clip(tmp_path / "pg-job.mp4", seconds=6.0)  # long enough to be mid-job
        job = uploader(site, auth, source, stage_id, chunk=8 * MiB)
        job.upload()
        clip_id = int(requests.head(job.url, headers={**auth, **TUS}, timeout=30).headers["Location-Clip"]
                      .split("/")[-1])
        site.start_worker()
        wait_until(lambda: clip_row(site, clip_id).status == "processing", 60, "the job to start")
        postgres.stop()
        try:
            page = requests.get(f"{site.url}/", timeout=30)
            assert page.status_code == 503 and page.headers["Content-Type"].startswith("text/html")
            assert "database is not answering" in page.text and int(page.headers["Retry-After"]) > 0
            api = requests.get(f"{site.url}/api/v1/clips/{clip_id}", headers=auth, timeout=30)
            assert api.status_code == 503 and api.json()["unavailable"] == "database"
            patch = requests.patch(upload_url, data=data[MiB:], timeout=30,
                                   headers={**auth, **PATCH, "Upload-Offset": str(MiB)})
            assert patch.status_code == 503 and patch.headers["Tus-Resumable"] == "1.0.0"
            assert "database is not answering" in patch.text
            status, report = health(site)
            assert status == 503 and report["down"] == ["database"]
            wait_until(lambda: "OperationalError" in worker_log(site), 60, "the worker to meet the outage")
        finally:
            postgres.start()
        assert health(site)[0] == 200
        patch = requests.patch(upload_url, data=data[MiB:], timeout=30,
                               headers={**auth, **PATCH, "Upload-Offset": str(MiB)})
        assert patch.status_code == 204 and "Location-Clip" in patch.headers
        clip = site.wait_clip(clip_id, auth, timeout=180)
        assert clip["status"] == "ready", (clip, worker_log(site)[-3000:])
    finally:
        site.close()


@pytest.mark.redis
def test_redis_stopped_and_back_empty_the_queue_is_rebuilt_from_the_database(redis_server, tmp_path):
    """A job queued before Redis went away and a clip uploaded while it was away both end ready,
    each encoded once, long before 10 x STALE_AFTER (the old rule for a lost job)."""
    site = LiveSite(tmp_path, {**local_env(tmp_path), "RUNPHYS_REDIS_URL": redis_server.url,
                               "RUNPHYS_QUEUE_NAME": new_queue_name(), "RUNPHYS_STALE_AFTER": "60"})
    try:
        auth = token(site)
        stage_id = new_stage(site, auth)
        clip_ids = []
        for name in ("before.mp4", "during.mp4"):
            source = make_clip(tmp_path / name, seconds=1.0)
            if name == "during.mp4":
                redis_server.stop()
                status, report = health(site)
                assert status == 503 and report["down"] == ["queue"]
                browser = requests.Session()
                form = browser.get(f"{site.url}/auth/login", timeout=30)
                csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form.text).group(1)
                login = browser.post(f"{site.url}/auth/login", timeout=30, data={
                    "csrf_token": csrf, "email": "outage@example.com", "password": "wrong password"})
                assert login.status_code == 503 and "Redis" in login.text
            up = uploader(site, auth, source, stage_id, chunk=8 * MiB)
            up.upload()  # the upload completes even while the queue is away
            head = requests.head(up.url, headers={**auth, **TUS}, timeout=30)
            clip_ids.append(int(head.headers["Location-Clip"].split("/")[-1]))
        assert [clip_row(site, i).status for i in clip_ids] == ["queued", "queued"]
        redis_server.start()  # back, and empty: the job queued before the outage is gone
        assert health(site)[0] == 200
        site.start_worker()
        ready = [site.wait_clip(i, auth, timeout=60) for i in clip_ids]
        assert [c["status"] for c in ready] == ["ready", "ready"], worker_log(site)[-3000:]
        assert [clip_row(site, i).attempts for i in clip_ids] == [1, 1]
        assert worker_log(site).count("ready as version") == 2
    finally:
        site.close()
