"""The tus 1.0 endpoint against the tuspy client and raw HTTP: local storage and a real S3 server."""
from __future__ import annotations

import base64
import hashlib
import os
import socket
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from support import LiveSite, local_env, new_stage
from tusclient import client as tus_client
from tusclient.exceptions import TusCommunicationError

from runphys.extensions import db
from runphys.models import Clip, ClipStatus, Upload, utcnow

from .helpers import site_token

TUS = {"Tus-Resumable": "1.0.0"}


def sha1(path: Path) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest()


def make_file(path: Path, size: int) -> Path:
    path.write_bytes(os.urandom(size))
    return path


def metadata(stage_id: int, name: str = "run.mp4", **extra: str) -> str:
    items = {"filename": name, "stage_id": str(stage_id), **extra}
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in items.items())


def stored_sha1(site: LiveSite, key: str) -> str:
    with site.app.app_context():
        store = site.app.extensions["runphys.storage"]
        digest = hashlib.sha1()
        with store.open(key) as f:
            while chunk := f.read(1 << 20):
                digest.update(chunk)
        return digest.hexdigest()


def clip_of(site: LiveSite, clip_id: int) -> Clip:
    with site.app.app_context():
        clip = db.session.get(Clip, clip_id)
        db.session.expunge(clip)
        return clip


def upload_row(site: LiveSite, upload_url: str) -> Upload | None:
    with site.app.app_context():
        row = db.session.get(Upload, upload_url.rstrip("/").split("/")[-1])
        if row is not None:
            db.session.expunge(row)
        return row


def test_options_advertises_the_protocol(site):
    r = requests.options(f"{site.url}/api/v1/uploads", timeout=10)
    assert r.status_code == 204
    assert r.headers["Tus-Version"] == "1.0.0"
    assert set(r.headers["Tus-Extension"].split(",")) >= {"creation", "creation-with-upload", "termination",
                                                          "expiration", "checksum"}
    assert int(r.headers["Tus-Max-Size"]) == site.app.config["MAX_UPLOAD_BYTES"]
    assert r.headers["Tus-Checksum-Algorithm"] == "sha1"


def test_requests_without_the_tus_header_or_auth_are_refused(site, site_auth):
    r = requests.post(f"{site.url}/api/v1/uploads", headers={**site_auth, "Tus-Resumable": "0.2.2",
                                                             "Upload-Length": "10"}, timeout=10)
    assert r.status_code == 412 and r.headers["Tus-Version"] == "1.0.0"
    r = requests.post(f"{site.url}/api/v1/uploads", headers={**TUS, "Upload-Length": "10"}, timeout=10)
    assert r.status_code == 401


def test_tuspy_uploads_in_chunks_and_resumes_after_an_interruption(site, site_auth, tmp_path):
    stage_id = new_stage(site, site_auth)
    source = make_file(tmp_path / "session.mp4", 3 * 1024 * 1024 + 123)
    client = tus_client.TusClient(f"{site.url}/api/v1/uploads", headers=site_auth)
    first = client.uploader(str(source), chunk_size=512 * 1024,
                            metadata={"filename": "session.mp4", "stage_id": str(stage_id), "caption": "Side",
                                      "view": "side"})
    first.upload(stop_at=1024 * 1024)  # the "connection" stops here
    url = first.url
    head = requests.head(url, headers={**site_auth, **TUS}, timeout=10)
    assert head.status_code == 200 and head.headers["Upload-Offset"] == str(1024 * 1024)
    assert head.headers["Upload-Length"] == str(source.stat().st_size)
    assert "Upload-Expires" in head.headers and head.headers["Cache-Control"] == "no-store"

    # A new client (another process, after a reload) resumes from the server's offset.
    again = client.uploader(str(source), url=url, chunk_size=1024 * 1024)
    assert again.offset == 1024 * 1024
    again.upload()
    final = requests.head(url, headers={**site_auth, **TUS}, timeout=10)
    assert final.headers["Upload-Offset"] == str(source.stat().st_size)
    clip_id = int(final.headers["Location-Clip"].split("/")[-1])
    clip = clip_of(site, clip_id)
    assert clip.status == ClipStatus.QUEUED and clip.caption == "Side" and clip.view.value == "side"
    assert clip.original_size == source.stat().st_size
    assert stored_sha1(site, clip.original_key) == sha1(source)
    status = requests.get(f"{site.url}{final.headers['Location-Clip']}", headers=site_auth, timeout=10)
    assert status.json()["status"] == "queued"


def test_offset_mismatch_content_type_and_checksum(site, site_auth, tmp_path):
    stage_id = new_stage(site, site_auth)
    r = requests.post(f"{site.url}/api/v1/uploads", timeout=10, headers={
        **site_auth, **TUS, "Upload-Length": "20", "Upload-Metadata": metadata(stage_id)})
    assert r.status_code == 201
    url = site.url + urlsplit(r.headers["Location"]).path
    patch = {**site_auth, **TUS, "Content-Type": "application/offset+octet-stream"}
    assert requests.patch(url, data=b"x" * 5, headers={**patch, "Upload-Offset": "3"}, timeout=10).status_code == 409
    assert requests.patch(url, data=b"x" * 5, headers={**patch, "Upload-Offset": "0",
                                                       "Content-Type": "text/plain"}, timeout=10).status_code == 415
    wrong = base64.b64encode(hashlib.sha1(b"other").digest()).decode()
    r = requests.patch(url, data=b"x" * 5, headers={**patch, "Upload-Offset": "0", "Upload-Checksum": f"sha1 {wrong}"},
                       timeout=10)
    assert r.status_code == 460 and r.headers["Upload-Offset"] == "0"
    right = base64.b64encode(hashlib.sha1(b"y" * 5).digest()).decode()
    r = requests.patch(url, data=b"y" * 5, headers={**patch, "Upload-Offset": "0", "Upload-Checksum": f"sha1 {right}"},
                       timeout=10)
    assert r.status_code == 204 and r.headers["Upload-Offset"] == "5"


def test_creation_with_upload_and_termination(site, site_auth):
    stage_id = new_stage(site, site_auth)
    body = b"a" * 1000
    r = requests.post(f"{site.url}/api/v1/uploads", data=body[:400], timeout=10, headers={
        **site_auth, **TUS, "Upload-Length": "1000", "Upload-Metadata": metadata(stage_id),
        "Content-Type": "application/offset+octet-stream"})
    assert r.status_code == 201 and r.headers["Upload-Offset"] == "400"
    url = site.url + urlsplit(r.headers["Location"]).path
    row = upload_row(site, url)
    assert row.offset == 400
    assert requests.delete(url, headers={**site_auth, **TUS}, timeout=10).status_code == 204
    assert upload_row(site, url) is None
    assert requests.head(url, headers={**site_auth, **TUS}, timeout=10).status_code == 404
    r = requests.patch(url, data=body[400:], timeout=10, headers={**site_auth, **TUS, "Upload-Offset": "400",
                                                                  "Content-Type": "application/offset+octet-stream"})
    assert r.status_code == 404
    with site.app.app_context():
        store = site.app.extensions["runphys.storage"]
        assert not store.exists(row.key) and store.size(row.key + ".part") is None


def test_expired_upload_is_gone_and_the_cleaner_removes_abandoned_ones(site, site_auth):
    stage_id = new_stage(site, site_auth)
    urls = []
    for _ in range(2):
        r = requests.post(f"{site.url}/api/v1/uploads", timeout=10, headers={
            **site_auth, **TUS, "Upload-Length": "100", "Upload-Metadata": metadata(stage_id)})
        urls.append(site.url + urlsplit(r.headers["Location"]).path)
    with site.app.app_context():
        for url in urls:
            row = db.session.get(Upload, url.split("/")[-1])
            row.updated_at = utcnow() - timedelta(days=3)
        db.session.commit()
    assert requests.head(urls[0], headers={**site_auth, **TUS}, timeout=10).status_code == 410
    assert upload_row(site, urls[0]) is None
    out = site.app.test_cli_runner().invoke(args=["runphys", "clean-uploads"]).output
    assert "Removed 1 abandoned upload" in out
    assert upload_row(site, urls[1]) is None


def test_oversize_refused_at_creation_and_others_cannot_upload_to_a_stage(site, site_auth):
    stage_id = new_stage(site, site_auth)
    too_big = site.app.config["MAX_UPLOAD_BYTES"] + 1
    r = requests.post(f"{site.url}/api/v1/uploads", timeout=10, headers={
        **site_auth, **TUS, "Upload-Length": str(too_big), "Upload-Metadata": metadata(stage_id)})
    assert r.status_code == 413 and "largest upload accepted" in r.text
    intruder = site_token(site, "intruder@example.com")
    r = requests.post(f"{site.url}/api/v1/uploads", timeout=10, headers={
        **intruder, **TUS, "Upload-Length": "10", "Upload-Metadata": metadata(stage_id)})
    assert r.status_code == 404  # as for a stage that does not exist: ids cannot be probed


def test_a_dropped_connection_keeps_the_bytes_that_arrived(site, site_auth, tmp_path):
    """The client dies mid-PATCH: the server keeps what it read and HEAD says where to resume."""
    stage_id = new_stage(site, site_auth)
    data = os.urandom(3 * 1024 * 1024)
    r = requests.post(f"{site.url}/api/v1/uploads", timeout=10, headers={
        **site_auth, **TUS, "Upload-Length": str(len(data)), "Upload-Metadata": metadata(stage_id)})
    path = urlsplit(r.headers["Location"]).path
    sent = 2 * 1024 * 1024 + 17
    with socket.create_connection(("127.0.0.1", site.port)) as sock:
        head = (f"PATCH {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nTus-Resumable: 1.0.0\r\n"
                f"Authorization: {site_auth['Authorization']}\r\nUpload-Offset: 0\r\n"
                f"Content-Type: application/offset+octet-stream\r\nContent-Length: {len(data)}\r\n\r\n")
        sock.sendall(head.encode() + data[:sent])
    url = site.url + path
    import time
    for _ in range(50):  # the server notices the closed socket on its next read
        offset = int(requests.head(url, headers={**site_auth, **TUS}, timeout=10).headers["Upload-Offset"])
        if offset == sent:
            break
        time.sleep(0.1)
    assert offset == sent
    r = requests.patch(url, data=data[offset:], timeout=30, headers={
        **site_auth, **TUS, "Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"})
    assert r.status_code == 204 and "Location-Clip" in r.headers
    clip = clip_of(site, int(r.headers["Location-Clip"].split("/")[-1]))
    assert stored_sha1(site, clip.original_key) == hashlib.sha1(data).hexdigest()


@pytest.mark.s3
def test_tuspy_upload_to_real_s3_matches_the_source(s3_endpoint, tmp_path):
    """On S3, chunks smaller than the 5 MiB part minimum are gathered into valid parts."""
    env = {**local_env(tmp_path), "RUNPHYS_STORAGE": "s3", "RUNPHYS_S3_ENDPOINT_URL": s3_endpoint,
           "RUNPHYS_S3_BUCKET": "t-" + uuid.uuid4().hex[:16], "RUNPHYS_S3_ACCESS_KEY": "runphys",
           "RUNPHYS_S3_SECRET_KEY": "runphys-secret"}
    s3_site = LiveSite(tmp_path, env)
    try:
        auth = site_token(s3_site, "s3@example.com")
        stage_id = new_stage(s3_site, auth)
        source = make_file(tmp_path / "long-run.mp4", 12 * 1024 * 1024 + 4321)
        client = tus_client.TusClient(f"{s3_site.url}/api/v1/uploads", headers=auth)
        up = client.uploader(str(source), chunk_size=3 * 1024 * 1024,
                             metadata={"filename": "long-run.mp4", "stage_id": str(stage_id)})
        up.upload(stop_at=6 * 1024 * 1024)
        resumed = client.uploader(str(source), url=up.url, chunk_size=3 * 1024 * 1024)
        assert resumed.offset == 6 * 1024 * 1024
        resumed.upload()
        head = requests.head(up.url, headers={**auth, **TUS}, timeout=10)
        clip = clip_of(s3_site, int(head.headers["Location-Clip"].split("/")[-1]))
        with s3_site.app.app_context():
            assert s3_site.app.extensions["runphys.storage"].size(clip.original_key) == source.stat().st_size
        assert stored_sha1(s3_site, clip.original_key) == sha1(source)
    finally:
        s3_site.close()


def test_tuspy_reports_a_refused_upload(site, site_auth, tmp_path):
    source = make_file(tmp_path / "x.mp4", 1000)
    client = tus_client.TusClient(f"{site.url}/api/v1/uploads", headers=site_auth)
    up = client.uploader(str(source), chunk_size=1000, metadata={"filename": "x.mp4", "stage_id": "999999"})
    with pytest.raises(TusCommunicationError) as info:
        up.upload()
    assert info.value.status_code == 404


def test_replacing_the_file_of_a_failed_clip(site, site_auth):
    stage_id = new_stage(site, site_auth)
    first = requests.post(f"{site.url}/api/v1/uploads", data=b"broken", timeout=10, headers={
        **site_auth, **TUS, "Upload-Length": "6", "Upload-Metadata": metadata(stage_id, "bad.mov"),
        "Content-Type": "application/offset+octet-stream"})
    clip_id = int(first.headers["Location-Clip"].split("/")[-1])
    old_key = clip_of(site, clip_id).original_key
    with site.app.app_context():
        clip = db.session.get(Clip, clip_id)
        clip.status, clip.error = ClipStatus.FAILED, "This file has no video stream."
        db.session.commit()
    replacement = b"better bytes"
    r = requests.post(f"{site.url}/api/v1/uploads", data=replacement, timeout=10, headers={
        **site_auth, **TUS, "Upload-Length": str(len(replacement)),
        "Upload-Metadata": metadata(stage_id, "good.mp4", clip_id=str(clip_id)),
        "Content-Type": "application/offset+octet-stream"})
    assert r.status_code == 201 and r.headers["Location-Clip"] == f"/api/v1/clips/{clip_id}"
    clip = clip_of(site, clip_id)
    assert clip.status == ClipStatus.QUEUED and clip.error is None and clip.original_name == "good.mp4"
    assert stored_sha1(site, clip.original_key) == hashlib.sha1(replacement).hexdigest()
    with site.app.app_context():
        assert not site.app.extensions["runphys.storage"].exists(old_key)


@pytest.mark.postgres
def test_resumed_upload_on_postgresql(pg_url, tmp_path):
    pg_site = LiveSite(tmp_path, {**local_env(tmp_path), "RUNPHYS_DATABASE_URL": pg_url})
    try:
        auth = site_token(pg_site, "pg@example.com")
        stage_id = new_stage(pg_site, auth)
        source = make_file(tmp_path / "pg.mp4", 2 * 1024 * 1024 + 5)
        client = tus_client.TusClient(f"{pg_site.url}/api/v1/uploads", headers=auth)
        up = client.uploader(str(source), chunk_size=700 * 1024, metadata={"filename": "pg.mp4", "stage_id": str(stage_id)})
        up.upload(stop_at=700 * 1024)
        client.uploader(str(source), url=up.url, chunk_size=700 * 1024).upload()
        head = requests.head(up.url, headers={**auth, **TUS}, timeout=10)
        clip = clip_of(pg_site, int(head.headers["Location-Clip"].split("/")[-1]))
        assert clip.status == ClipStatus.QUEUED and stored_sha1(pg_site, clip.original_key) == sha1(source)
    finally:
        pg_site.close()


def test_two_requests_never_write_one_upload(site, site_auth):
    """A client that gave up on a slow PATCH and resumed while the old one still streams: the
    second writer to reach the stored bytes wins nothing, it gets 409, and the file stays whole."""
    import threading
    stage_id = new_stage(site, site_auth)
    size = 2 * 1024 * 1024
    slow_data, fast_data = b"s" * size, os.urandom(size)
    r = requests.post(f"{site.url}/api/v1/uploads", timeout=10, headers={
        **site_auth, **TUS, "Upload-Length": str(size), "Upload-Metadata": metadata(stage_id)})
    url = site.url + urlsplit(r.headers["Location"]).path
    patch = {**site_auth, **TUS, "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"}
    results = {}
    slow_started, fast_done = threading.Event(), threading.Event()

    def slow_body():
        yield slow_data[:size // 2]
        slow_started.set()  # half the old body is on its way; the rest waits for the new PATCH
        assert fast_done.wait(30)
        yield slow_data[size // 2:]

    def send_slow():
        results["slow"] = requests.patch(url, data=slow_body(), headers=patch, timeout=30).status_code

    thread = threading.Thread(target=send_slow)
    thread.start()
    assert slow_started.wait(30)
    results["fast"] = requests.patch(url, data=fast_data, headers=patch, timeout=30).status_code
    fast_done.set()
    thread.join(30)
    assert results == {"fast": 204, "slow": 409}
    head = requests.head(url, headers={**site_auth, **TUS}, timeout=10)
    clip = clip_of(site, int(head.headers["Location-Clip"].split("/")[-1]))
    assert stored_sha1(site, clip.original_key) == hashlib.sha1(fast_data).hexdigest()


@pytest.mark.s3
@pytest.mark.postgres
def test_patches_alternating_between_two_web_processes_store_the_file_whole(s3_env, pg_url, tmp_path):
    """Two web processes (separate instance folders) share one database and one bucket; every
    PATCH is smaller than S3's 5 MiB part minimum and lands on the other process than the last."""
    hosts = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        hosts.append(LiveSite(tmp_path / name, {**local_env(tmp_path / name), **s3_env,
                                                "RUNPHYS_DATABASE_URL": pg_url}))
    try:
        auth = site_token(hosts[0], "hosts@example.com")
        stage_id = new_stage(hosts[1], auth)
        source = make_file(tmp_path / "two-hosts.mp4", 11 * 1024 * 1024 + 777)
        chunk = 3 * 1024 * 1024 + 5
        first = tus_client.TusClient(f"{hosts[0].url}/api/v1/uploads", headers=auth).uploader(
            str(source), chunk_size=chunk, metadata={"filename": "two-hosts.mp4", "stage_id": str(stage_id)})
        first.upload_chunk()
        path = urlsplit(first.url).path
        turn = 1
        offset = first.offset
        while offset < source.stat().st_size:
            host = hosts[turn % 2]
            if turn % 2:  # tuspy on one host, raw requests on the other
                up = tus_client.TusClient(f"{host.url}/api/v1/uploads", headers=auth).uploader(
                    str(source), url=host.url + path, chunk_size=chunk)
                assert up.offset == offset
                up.upload_chunk()
                offset = up.offset
            else:
                with open(source, "rb") as f:
                    f.seek(offset)
                    body = f.read(chunk)
                r = requests.patch(host.url + path, data=body, timeout=30, headers={
                    **auth, **TUS, "Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"})
                assert r.status_code == 204, r.text
                offset = int(r.headers["Upload-Offset"])
            turn += 1
        head = requests.head(hosts[0].url + path, headers={**auth, **TUS}, timeout=10)
        clip = clip_of(hosts[0], int(head.headers["Location-Clip"].split("/")[-1]))
        assert stored_sha1(hosts[1], clip.original_key) == sha1(source)
    finally:
        for host in hosts:
            host.close()


def test_malformed_lengths_and_offsets_are_refused_with_a_message(site, site_auth):
    stage_id = new_stage(site, site_auth)
    for length in ("²", "-5", "1e3", "1" * 25):
        r = requests.post(f"{site.url}/api/v1/uploads", timeout=10, headers={
            **site_auth, **TUS, "Upload-Length": length, "Upload-Metadata": metadata(stage_id)})
        assert (r.status_code, r.text) == (400, "Send Upload-Length with the file's size in bytes."), length
    r = requests.post(f"{site.url}/api/v1/uploads", timeout=10, headers={
        **site_auth, **TUS, "Upload-Length": "10", "Upload-Metadata": metadata(stage_id)})
    url = site.url + urlsplit(r.headers["Location"]).path
    patch = {**site_auth, **TUS, "Content-Type": "application/offset+octet-stream"}
    for offset in ("²", "", "+0", "0x0"):
        r = requests.patch(url, data=b"x", headers={**patch, "Upload-Offset": offset}, timeout=10)
        assert (r.status_code, r.text) == (400, "PATCH needs Upload-Offset: the upload's offset in bytes."), offset
    assert upload_row(site, url).offset == 0


def test_a_patch_past_the_declared_length_is_refused(site, site_auth):
    stage_id = new_stage(site, site_auth)
    r = requests.post(f"{site.url}/api/v1/uploads", timeout=10, headers={
        **site_auth, **TUS, "Upload-Length": "10", "Upload-Metadata": metadata(stage_id)})
    url = site.url + urlsplit(r.headers["Location"]).path
    patch = {**site_auth, **TUS, "Content-Type": "application/offset+octet-stream"}
    r = requests.patch(url, data=b"y" * 4, headers={**patch, "Upload-Offset": "0"}, timeout=10)
    assert r.status_code == 204 and r.headers["Upload-Offset"] == "4"
    r = requests.patch(url, data=b"z" * 7, headers={**patch, "Upload-Offset": "4"}, timeout=10)
    assert r.status_code == 413 and "10-byte upload" in r.text and r.headers["Upload-Offset"] == "4"
    r = requests.patch(url, data=iter([b"z" * 3, b"z" * 4]), headers={**patch, "Upload-Offset": "4"}, timeout=10)
    assert r.status_code == 413 and r.headers["Upload-Offset"] == "4"  # chunked: no Content-Length
    row = upload_row(site, url)
    assert row.offset == 4 and row.clip_id is None
    r = requests.patch(url, data=b"w" * 6, headers={**patch, "Upload-Offset": "4"}, timeout=10)
    assert r.status_code == 204 and "Location-Clip" in r.headers
    created = requests.post(f"{site.url}/api/v1/uploads", data=b"v" * 11, timeout=10, headers={
        **site_auth, **patch, "Upload-Length": "10", "Upload-Metadata": metadata(stage_id)})
    assert created.status_code == 413 and created.headers["Upload-Offset"] == "0"  # creation-with-upload
    clip = clip_of(site, int(r.headers["Location-Clip"].split("/")[-1]))
    assert stored_sha1(site, clip.original_key) == hashlib.sha1(b"y" * 4 + b"w" * 6).hexdigest()


def test_ids_too_long_for_the_database_are_refused(site, site_auth):
    stage_id = new_stage(site, site_auth)
    huge = "9" * 25
    r = requests.post(f"{site.url}/api/v1/uploads", timeout=10, headers={
        **site_auth, **TUS, "Upload-Length": "10", "Upload-Metadata": metadata(huge)})
    assert r.status_code == 404 and "stage_id of an existing stage" in r.text
    r = requests.post(f"{site.url}/api/v1/uploads", timeout=10, headers={
        **site_auth, **TUS, "Upload-Length": "10", "Upload-Metadata": metadata(stage_id, clip_id=huge)})
    assert (r.status_code, r.text) == (404, "No such clip.")


def test_a_very_long_file_name_is_stored_under_a_shortened_name(site, site_auth):
    stage_id = new_stage(site, site_auth)
    name = "long " * 80 + "run.mp4"
    body = b"q" * 100
    r = requests.post(f"{site.url}/api/v1/uploads", data=body, timeout=10, headers={
        **site_auth, **TUS, "Upload-Length": str(len(body)), "Upload-Metadata": metadata(stage_id, name),
        "Content-Type": "application/offset+octet-stream"})
    assert r.status_code == 201, r.text
    clip = clip_of(site, int(r.headers["Location-Clip"].split("/")[-1]))
    assert clip.original_key.endswith(".mp4") and len(clip.original_key.rsplit("/", 1)[1]) <= 120
    assert stored_sha1(site, clip.original_key) == hashlib.sha1(body).hexdigest()


@pytest.mark.s3
def test_s3_append_that_crashed_before_its_commit_is_undone(s3_env, tmp_path):
    """A web process dies after writing to the bucket but before committing the upload's state: the
    next append, from the last committed state, stores exactly the bytes the client sends again."""
    import io

    from runphys.storage import make_storage
    config = {"STORAGE": "s3", "S3_BUCKET": s3_env["RUNPHYS_S3_BUCKET"], "S3_ENDPOINT_URL": s3_env[
        "RUNPHYS_S3_ENDPOINT_URL"], "S3_REGION": "us-east-1", "S3_ACCESS_KEY": "runphys",
        "S3_SECRET_KEY": "runphys-secret", "S3_PUBLIC_BASE_URL": None}
    store = make_storage(config, str(tmp_path))
    store.ensure()
    key = "originals/crash/run.mp4"
    a, b, c = os.urandom(2 * 1024 * 1024), os.urandom(2 * 1024 * 1024), os.urandom(4 * 1024 * 1024)
    state = store.multipart_begin(key)
    state, _ = store.multipart_append(key, state, io.BytesIO(a), final=False)  # committed: 2 MiB waiting
    store.multipart_append(key, state, io.BytesIO(os.urandom(1024)), final=False)  # crashed: state lost
    store.multipart_append(key, state, io.BytesIO(os.urandom(4 * 1024 * 1024)), final=False)  # sent a part, lost
    state, _ = store.multipart_append(key, state, io.BytesIO(b), final=False)  # the client resends
    state, _ = store.multipart_append(key, state, io.BytesIO(c), final=True)
    with store.open(key) as f:
        assert hashlib.sha1(f.read()).hexdigest() == hashlib.sha1(a + b + c).hexdigest()
    assert [k for k in _keys(store, "originals/crash/")] == [key]  # no incomplete part left behind


def _keys(store, prefix: str) -> list[str]:
    listing = store.client.list_objects_v2(Bucket=store.bucket, Prefix=prefix)
    return [o["Key"] for o in listing.get("Contents", [])]
