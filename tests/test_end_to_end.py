"""A clip from API upload to a published case page, through a real worker process, on local disk and on S3."""
from __future__ import annotations

import subprocess
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests
from support import REDIS_URL, LiveSite, api_token, local_env, make_clip


def top_level_boxes(data: bytes) -> list[str]:
    """The MP4's top-level box types in file order."""
    boxes, pos = [], 0
    while pos + 8 <= len(data):
        size = int.from_bytes(data[pos:pos + 4], "big")
        kind = data[pos + 4:pos + 8].decode("latin-1")
        if size == 1:
            size = int.from_bytes(data[pos + 8:pos + 16], "big")
        boxes.append(kind)
        if size < 8:
            break
        pos += size
    return boxes


def ffprobe_streams(path: Path) -> list[str]:
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0",
                          str(path)], capture_output=True, text=True, check=True)
    return sorted(line.strip() for line in out.stdout.splitlines() if line.strip())


def run_flow(site: LiveSite, tmp_path: Path) -> None:
    headers = api_token(site)
    api = site.url + "/api/v1"

    r = requests.post(f"{api}/cases", json={"title": "Hip drop on the left", "summary": "A *runner* with hip drop.",
                                            "client_alias": "Jo", "categories": ["Hips", "Run Form"]},
                      headers=headers, timeout=10)
    assert r.status_code == 201, r.text
    case = r.json()
    assert case["status"] == "draft" and case["slug"] == "hip-drop-on-the-left"
    stages = {}
    for kind in ("initial", "drill", "result"):
        r = requests.post(f"{api}/cases/{case['id']}/stages", json={"kind": kind, "body": f"**{kind}** text"},
                          headers=headers, timeout=10)
        assert r.status_code == 201, r.text
        stages[kind] = r.json()["id"]

    source = make_clip(tmp_path / "side.mp4", seconds=2, size="640x360")
    with open(source, "rb") as f:
        r = requests.post(f"{api}/stages/{stages['initial']}/clips", headers=headers, timeout=60,
                          files={"file": ("side.mp4", f, "video/mp4")}, data={"caption": "Side view", "view": "side"})
    assert r.status_code == 202, r.text
    clip_id = r.json()["id"]
    assert r.json()["status_url"] == f"/api/v1/clips/{clip_id}"

    bad = tmp_path / "notes.mp4"
    bad.write_text("this is a text file, not a video\n" * 20)
    with open(bad, "rb") as f:
        r = requests.post(f"{api}/stages/{stages['drill']}/clips", headers=headers, timeout=60,
                          files={"file": ("notes.mp4", f, "video/mp4")})
    bad_id = r.json()["id"]

    clip = site.wait_clip(clip_id, headers)
    assert clip["status"] == "ready", clip
    assert clip["width"] == 640 and clip["height"] == 360 and abs(clip["duration"] - 2) < 0.2
    assert clip["poster"] and clip["renditions"]
    top = max(clip["renditions"], key=lambda x: x["height"])
    assert top["height"] <= 720

    mp4 = requests.get(urljoin(site.url, top["url"]), timeout=30)
    assert mp4.status_code == 200 and mp4.headers["Content-Type"] == "video/mp4"
    boxes = top_level_boxes(mp4.content)
    assert boxes.index("moov") < boxes.index("mdat"), boxes  # +faststart
    local = tmp_path / "fetched.mp4"
    local.write_bytes(mp4.content)
    assert ffprobe_streams(local) == ["aac", "h264"]
    ranged = requests.get(urljoin(site.url, top["url"]), headers={"Range": "bytes=0-99"}, timeout=30)
    assert ranged.status_code == 206 and len(ranged.content) == 100

    failed = site.wait_clip(bad_id, headers)
    assert failed["status"] == "failed" and "not a video" in failed["error"].lower(), failed

    r = requests.post(f"{api}/clips/{clip_id}/notes", json={"t": 1.2, "text": "Left hip drops at loading"},
                      headers=headers, timeout=10)
    assert r.status_code == 201, r.text

    page = requests.get(f"{site.url}/cases/{case['slug']}", timeout=10)
    assert page.status_code == 404  # draft
    r = requests.post(f"{api}/cases/{case['id']}/publish", headers=headers, timeout=10)
    assert r.status_code == 409 and "consent" in r.json()["error"].lower()
    r = requests.post(f"{api}/cases/{case['id']}/consent", json={"client_name": "Jo Bloggs", "scope_embeds": True},
                      headers=headers, timeout=10)
    assert r.status_code == 201, r.text
    r = requests.post(f"{api}/cases/{case['id']}/publish", headers=headers, timeout=10)
    assert r.status_code == 200 and r.json()["status"] == "published"

    home = requests.get(site.url + "/", timeout=10).text
    assert "Hip drop on the left" in home and "Maria" in home and "Run Form" in home and "poster.jpg" in home
    page = requests.get(f"{site.url}/cases/{case['slug']}", timeout=10).text
    assert page.index("Initial form") < page.index("Drills") < page.index("Result")
    assert top["url"] in page and "Side view" in page and "Left hip drops at loading" in page
    assert "<strong>initial</strong>" in page
    assert "Jo Bloggs" not in page  # the consenting client's name is private


@pytest.mark.slow
def test_api_flow_on_local_storage(tmp_path: Path) -> None:
    site = LiveSite(tmp_path, local_env(tmp_path))
    site.start_worker()
    try:
        run_flow(site, tmp_path)
    finally:
        site.close()


@pytest.mark.once("in the production run, test_api_flow_on_local_storage runs on PostgreSQL + Redis + S3 already")
@pytest.mark.slow
@pytest.mark.s3
def test_api_flow_on_s3(tmp_path: Path, s3_env: dict[str, str]) -> None:
    site = LiveSite(tmp_path, {**local_env(tmp_path), **s3_env})
    site.start_worker()
    try:
        run_flow(site, tmp_path)
        # originals stay private: an anonymous GET of the bucket's originals/ is refused
        import boto3
        from botocore.config import Config
        s3 = boto3.client("s3", endpoint_url=s3_env["RUNPHYS_S3_ENDPOINT_URL"], region_name="us-east-1",
                          aws_access_key_id="runphys", aws_secret_access_key="runphys-secret",
                          config=Config(s3={"addressing_style": "path"}))
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket=s3_env["RUNPHYS_S3_BUCKET"])["Contents"]]
        original = next(k for k in keys if k.startswith("originals/"))
        public = next(k for k in keys if k.startswith("media/") and k.endswith(".mp4"))
        base = f"{s3_env['RUNPHYS_S3_ENDPOINT_URL']}/{s3_env['RUNPHYS_S3_BUCKET']}/"
        assert requests.get(base + original, timeout=10).status_code == 403
        media = requests.get(base + public, timeout=10)
        assert media.status_code == 200 and "immutable" in media.headers["Cache-Control"]
        # A playlist may grow while a first version is processed: caches must revalidate it.
        playlist = next(k for k in keys if k.startswith("media/") and k.endswith(".m3u8"))
        assert requests.get(base + playlist, timeout=10).headers["Cache-Control"] == "public, no-cache"
    finally:
        site.close()


@pytest.mark.once("in the production run, test_api_flow_on_local_storage runs on PostgreSQL + Redis + S3 already")
@pytest.mark.slow
@pytest.mark.s3
@pytest.mark.postgres
@pytest.mark.redis
def test_api_flow_in_production_configuration(tmp_path: Path, s3_env: dict[str, str], pg_url: str) -> None:
    """PostgreSQL + S3 + the queue on Redis: nothing in the code path differs but configuration."""
    import uuid
    env = {**local_env(tmp_path), **s3_env, "RUNPHYS_DATABASE_URL": pg_url, "RUNPHYS_REDIS_URL": REDIS_URL,
           "RUNPHYS_QUEUE_NAME": "test-" + uuid.uuid4().hex[:8]}
    site = LiveSite(tmp_path, env)
    site.start_worker()
    try:
        health = requests.get(site.url + "/healthz", timeout=10).json()
        assert health["db"]["backend"] == "postgresql" and health["queue"]["backend"] == "RedisHuey"
        assert health["storage"]["backend"] == "s3"
        run_flow(site, tmp_path)
    finally:
        site.close()
