"""The clip's fenced lifecycle under injected faults, with real ffmpeg and real worker processes."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from urllib.parse import urljoin
from pathlib import Path

import boto3
import pytest
import requests

from faults import FaultyS3, ffmpeg_processes
from runphys.extensions import db
from runphys.lifecycle import MAX_ATTEMPTS
from runphys.models import Clip, ClipStatus
from runphys.storage import media_prefix
from runphys.studio import edits
from support import LiveSite, api_token, local_env, make_clip

pytestmark = pytest.mark.slow


def upload(site: LiveSite, headers: dict[str, str], path: Path) -> int:
    """Create a case with one stage and upload the file as its clip; return the clip id."""
    api = site.url + "/api/v1"
    case = requests.post(f"{api}/cases", json={"title": "Fault test"}, headers=headers, timeout=10).json()
    stage = requests.post(f"{api}/cases/{case['id']}/stages", json={"kind": "initial"}, headers=headers,
                          timeout=10).json()
    with open(path, "rb") as f:
        r = requests.post(f"{api}/stages/{stage['id']}/clips", headers=headers, timeout=60,
                          files={"file": (path.name, f)})
    assert r.status_code == 202, r.text
    return r.json()["id"]


def wait_for(what, timeout: float, message: str):
    """Poll `what()` until it returns something truthy; fail with `message` at the deadline."""
    deadline = time.monotonic() + timeout
    while not (found := what()):
        if time.monotonic() > deadline:
            raise AssertionError(message)
        time.sleep(0.1)
    return found


def row(site: LiveSite, clip_id: int) -> Clip:
    with site.app.app_context():
        clip = db.session.get(Clip, clip_id)
        db.session.expunge(clip)
        return clip


def local_keys(site: LiveSite, prefix: str) -> set[str]:
    """The stored keys under `prefix`, relative to it (on whichever storage the site uses)."""
    return {key.removeprefix(prefix) for key in site.app.extensions["runphys.storage"].keys(prefix)}


def named_files(clip: Clip) -> set[str]:
    """Every file the clip's published version names."""
    m = clip.media
    names = {r["name"] for r in m["renditions"]} | {m["hls"], m["poster"]}
    return names | {m[k] for k in ("storyboard", "thumbnails", "social") if m.get(k)}


@pytest.fixture
def faulty_s3(s3_endpoint):
    proxy = FaultyS3(s3_endpoint)
    yield proxy
    proxy.close()


def bucket_keys(s3_env: dict[str, str], prefix: str) -> list[str]:
    s3 = boto3.client("s3", endpoint_url=s3_env["RUNPHYS_S3_ENDPOINT_URL"], region_name="us-east-1",
                      aws_access_key_id="runphys", aws_secret_access_key="runphys-secret")
    found = s3.list_objects_v2(Bucket=s3_env["RUNPHYS_S3_BUCKET"], Prefix=prefix)
    return [o["Key"] for o in found.get("Contents", [])]


def test_storage_failing_on_the_last_attempt_fails_the_clip_and_publishes_nothing(
        tmp_path, s3_env, faulty_s3) -> None:
    site = LiveSite(tmp_path, {**local_env(tmp_path), **s3_env, "RUNPHYS_S3_ENDPOINT_URL": faulty_s3.url})
    try:
        headers = api_token(site)
        clip_id = upload(site, headers, make_clip(tmp_path / "run.mp4"))
        with site.app.app_context():  # two attempts already failed: the worker's is the last
            db.session.get(Clip, clip_id).attempts = MAX_ATTEMPTS - 1
            db.session.commit()
        faulty_s3.fail_puts_under = "media/"
        site.start_worker()
        clip = site.wait_clip(clip_id, headers, timeout=180)
        assert faulty_s3.failed_puts > 0
        assert clip["status"] == "failed", clip
        assert clip["error"] == "Storage was unavailable while processing this clip."
        assert clip["version"] == 0 and clip["renditions"] == [] and clip["hls"] is None
        uuid = row(site, clip_id).uuid
        assert bucket_keys(s3_env, media_prefix(uuid)) == []
        log = site.log.read_text()
        assert "UnboundLocalError" not in log and "ready as version" not in log
    finally:
        site.close()


def test_a_download_slower_than_stale_after_is_not_taken_over(tmp_path, s3_env, faulty_s3) -> None:
    env = {**local_env(tmp_path), **s3_env, "RUNPHYS_S3_ENDPOINT_URL": faulty_s3.url,
           "RUNPHYS_STALE_AFTER": "2"}
    site = LiveSite(tmp_path, env)
    try:
        headers = api_token(site)
        source = make_clip(tmp_path / "run.mp4", seconds=3)
        clip_id = upload(site, headers, source)
        # the original takes 8 s to download: four times STALE_AFTER
        faulty_s3.slow_prefix, faulty_s3.bytes_per_second = "originals/", source.stat().st_size / 8
        site.start_worker()
        site.start_worker()  # a second worker, ready to take over what looks dead
        clip = site.wait_clip(clip_id, headers, timeout=120)
        assert clip["status"] == "ready", clip
        assert faulty_s3.slow_gets == 1  # the original was fetched once, slowly
        stored = row(site, clip_id)
        assert stored.attempts == 1 and stored.version == 1  # claimed once: no takeover
        assert "stale job" not in site.log.read_text()
    finally:
        site.close()


def start_processing(site: LiveSite, headers, path: Path, marker: str) -> int:
    """Upload the clip and wait until a worker's ffmpeg encodes it (probing is over)."""
    clip_id = upload(site, headers, path)
    wait_for(lambda: ffmpeg_processes(marker, (b"ffmpeg",)), 60, "no ffmpeg started for the clip")
    return clip_id


def test_a_trim_changed_mid_job_is_applied(tmp_path) -> None:
    site = LiveSite(tmp_path, {**local_env(tmp_path), "RUNPHYS_MEDIA_GRACE_SECONDS": "0"})
    try:
        headers = api_token(site)
        site.start_worker()
        clip_id = start_processing(site, headers, make_clip(tmp_path / "run.mp4", seconds=8, size="640x360"),
                                   str(tmp_path))
        with site.app.app_context():
            clip = db.session.get(Clip, clip_id)
            assert clip.status == ClipStatus.PROCESSING
            edits.update_clip(clip, "Side view", "side", 2.0, 4.0, False)
        clip = site.wait_clip(clip_id, headers, timeout=120)
        assert clip["status"] == "ready", clip
        assert abs(clip["duration"] - 2.0) < 0.15, clip  # the new trim, not the 8 s of the old job
        stored = row(site, clip_id)
        assert (stored.trim_in, stored.trim_out) == (2.0, 4.0) and abs(stored.source_duration - 8.0) < 0.1
        assert named_files(stored) <= local_keys(site, media_prefix(stored.uuid, stored.version))
        wait_for(lambda: local_keys(site, media_prefix(stored.uuid)) == {
            f"{stored.version}/{name}" for name in local_keys(site, media_prefix(stored.uuid, stored.version))},
            20, "the superseded job's outputs were left behind")
    finally:
        site.close()


def test_two_workers_and_a_trim_changed_mid_job(tmp_path) -> None:
    site = LiveSite(tmp_path, {**local_env(tmp_path), "RUNPHYS_MEDIA_GRACE_SECONDS": "0"})
    try:
        headers = api_token(site)
        site.start_worker()
        site.start_worker()
        path = make_clip(tmp_path / "run.mp4", seconds=8, size="640x360")
        clip_id = site.wait_clip(upload(site, headers, path), headers)["id"]  # version 1, 8 s
        with site.app.app_context():
            edits.update_clip(db.session.get(Clip, clip_id), "", "side", 1.0, None, False)
        wait_for(lambda: ffmpeg_processes(str(tmp_path), (b"ffmpeg",)), 60, "no ffmpeg started for the re-process")
        with site.app.app_context():  # while the first re-process runs, the physio trims again
            edits.update_clip(db.session.get(Clip, clip_id), "", "side", 2.0, 4.0, False)
        clip = site.wait_clip(clip_id, headers, timeout=120)
        assert clip["status"] == "ready", clip
        assert abs(clip["duration"] - 2.0) < 0.15, clip
        stored = row(site, clip_id)
        published = local_keys(site, media_prefix(stored.uuid, stored.version))
        assert named_files(stored) <= published  # no job deleted the other's version
        for url in [clip["hls"], clip["poster"], *(r["url"] for r in clip["renditions"])]:
            assert requests.get(urljoin(site.url, url), timeout=10).status_code == 200
        wait_for(lambda: local_keys(site, media_prefix(stored.uuid)) == {
            f"{stored.version}/{name}" for name in published},
            20, "a superseded job's outputs or the retired versions were left behind")
    finally:
        site.close()


def test_a_worker_killed_mid_transcode_leaves_nothing_behind(tmp_path) -> None:
    site = LiveSite(tmp_path, {**local_env(tmp_path), "RUNPHYS_STALE_AFTER": "4",
                               "RUNPHYS_MEDIA_GRACE_SECONDS": "0"})
    try:
        headers = api_token(site)
        worker = site.start_worker()
        clip_id = start_processing(site, headers, make_clip(tmp_path / "long.mp4", seconds=12, size="960x540"),
                                   str(tmp_path))
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
        wait_for(lambda: not ffmpeg_processes(str(tmp_path)), 10, "ffmpeg kept running after its worker died")
        assert row(site, clip_id).status == ClipStatus.PROCESSING
        site.start_worker()
        clip = site.wait_clip(clip_id, headers, timeout=180)
        assert clip["status"] == "ready", clip
        stored = row(site, clip_id)
        assert stored.attempts == 2 and stored.version == 2  # the retry's own version
        spool = site.app.extensions["runphys.storage"].spool_dir
        left = sorted(str(p.relative_to(spool)) for p in spool.rglob("*"))
        assert len(left) == 3 and left[0] == "workers" and left[2].endswith("/lock"), left  # the live worker's
        published = local_keys(site, media_prefix(stored.uuid, stored.version))
        assert named_files(stored) <= published
        wait_for(lambda: local_keys(site, media_prefix(stored.uuid)) == {
            f"{stored.version}/{name}" for name in published}, 20, "the dead job's partial version stayed")
    finally:
        site.close()


def test_ffmpeg_dies_with_the_worker_that_started_it(tmp_path) -> None:
    # a long encode that writes nothing (as poster, storyboard and packaging commands run): no
    # broken pipe would stop it
    out = tmp_path / "never.mp4"
    cmd = ["-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-t", "600",
           "-c:v", "libx264", "-preset", "ultrafast", "-y", str(out)]
    script = f"from runphys.media.runner import FFMPEG, run_ffmpeg\nrun_ffmpeg([FFMPEG, *{cmd!r}], 900)\n"
    worker = subprocess.Popen([sys.executable, "-c", script], cwd=Path(__file__).resolve().parents[1])
    try:
        encoders = wait_for(lambda: ffmpeg_processes(str(out)), 30, "ffmpeg did not start")
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
        wait_for(lambda: not ffmpeg_processes(str(out)), 10, f"ffmpeg {encoders} outlived its worker")
    finally:
        for pid in ffmpeg_processes(str(out)):
            os.kill(pid, signal.SIGKILL)
