"""The clip job is idempotent, versioned and recovers from a dead worker on its own."""
from __future__ import annotations

import signal
import time
from datetime import timedelta

import pytest
import requests

from runphys import cases, media, tasks
from runphys.extensions import db
from runphys.models import Clip, ClipStatus, User, utcnow
from runphys.storage import media_prefix
from runphys.views import clip_json
from support import LiveSite, api_token, local_env, make_clip


@pytest.fixture
def queued_clip(app, clip_file):
    with app.app_context():
        user = User(email="a@example.com")
        db.session.add(user)
        db.session.commit()
        case = cases.create_case(user, "A case")
        stage = cases.add_stage(case, "initial")
        with open(clip_file, "rb") as f:
            return cases.add_clip_from_stream(stage, f, "side.mp4").id


def stored_keys(app, prefix: str) -> list[str]:
    root = app.extensions["runphys.storage"].root
    return sorted(str(p.relative_to(root)) for p in (root / prefix).rglob("*") if p.is_file())


def test_running_the_job_twice_does_no_harm(app, queued_clip) -> None:
    with app.app_context():
        tasks.process_clip(queued_clip)
        clip = db.session.get(Clip, queued_clip)
        assert clip.status == ClipStatus.READY and clip.version == 1 and clip.attempts == 1
        files = stored_keys(app, media_prefix(clip.uuid))
        tasks.process_clip(queued_clip)  # a duplicate delivery
        db.session.refresh(clip)
        assert clip.version == 1 and clip.attempts == 1
        assert stored_keys(app, media_prefix(clip.uuid)) == files


def test_a_live_claim_is_respected_and_a_stale_one_is_taken_over(app, queued_clip) -> None:
    with app.app_context():
        clip = db.session.get(Clip, queued_clip)
        clip.status, clip.heartbeat_at = ClipStatus.PROCESSING, utcnow()
        db.session.commit()
        assert not tasks.claim_clip(queued_clip)  # another worker is on it
        assert tasks.requeue_stale_clips() == 0
        clip.heartbeat_at = utcnow() - timedelta(seconds=app.config["STALE_AFTER"] + 5)
        db.session.commit()
        assert tasks.requeue_stale_clips() == 1
        db.session.refresh(clip)
        assert clip.status == ClipStatus.QUEUED
        tasks.process_clip(queued_clip)
        db.session.refresh(clip)
        assert clip.status == ClipStatus.READY


def test_reprocessing_switches_to_a_new_version_and_deletes_the_old(app, queued_clip) -> None:
    with app.app_context():
        tasks.process_clip(queued_clip)
        clip = db.session.get(Clip, queued_clip)
        old = media_prefix(clip.uuid, 1)
        assert stored_keys(app, old)
        clip.trim_in, clip.trim_out = 0.5, 1.5
        cases.enqueue_clip(clip)
        tasks.process_clip(queued_clip)
        db.session.refresh(clip)
        assert clip.status == ClipStatus.READY and clip.version == 2
        assert abs(clip.duration - 1.0) < 0.15
        assert stored_keys(app, old) == [] and stored_keys(app, media_prefix(clip.uuid, 2))


def live_part(out, segments: int, mp4: bool = False) -> media.Playable:
    """A hand-over of the lowest rung as transcode_clip makes it (file contents stand-ins)."""
    names = ["init.mp4", *(f"seg_{i:03d}.m4s" for i in range(segments))]
    for name in names:
        (out / "hls/360p").mkdir(parents=True, exist_ok=True)
        (out / "hls/360p" / name).write_bytes(name.encode() * 10)
    extra = ["360p.mp4", "poster.jpg"] if mp4 else []
    for name in extra:
        (out / name).write_bytes(b"x" * 100)
    text = "#EXTM3U\n#EXT-X-PLAYLIST-TYPE:EVENT\n" + "".join(
        f"#EXTINF:4.0,\nseg_{i:03d}.m4s\n" for i in range(segments))
    return media.Playable(files=[f"hls/360p/{n}" for n in names] + extra,
                          playlist="hls/360p/index.m3u8", playlist_text=text, width=640,
                          height=360, fps=30.0, mp4="360p.mp4" if mp4 else None,
                          poster="poster.jpg" if mp4 else None)


def test_the_lowest_rung_is_published_while_it_grows(app, client, queued_clip, tmp_path) -> None:
    with app.app_context():
        assert tasks.claim_clip(queued_clip)
        clip = db.session.get(Clip, queued_clip)
        out, prefix = tmp_path / "out", media_prefix(clip.uuid, 1)
        publish = tasks.EarlyPublisher(queued_clip, out, prefix, 1)
        publish(live_part(out, 1))
        db.session.refresh(clip)
        assert clip.version == 1 and clip.media["partial"] and clip.media["renditions"] == []
        data = clip_json(clip)
        assert data["partial"] and data["hls"].endswith("/1/hls/360p/index.m3u8")
        playlist = client.get(f"/media/{clip.uuid}/1/hls/360p/index.m3u8")
        assert "seg_000.m4s" in playlist.text and "#EXT-X-ENDLIST" not in playlist.text
        assert playlist.headers["Cache-Control"] == "public, no-cache"  # players see it grow
        segment = client.get(f"/media/{clip.uuid}/1/hls/360p/seg_000.m4s")
        assert segment.status_code == 200 and "immutable" in segment.headers["Cache-Control"]

        publish(live_part(out, 3, mp4=True))
        db.session.refresh(clip)
        assert "seg_002.m4s" in client.get(f"/media/{clip.uuid}/1/hls/360p/index.m3u8").text
        assert clip.is_playable and clip.media["poster"] == "poster.jpg"
        assert [(r["url"].rsplit("/", 1)[1], r["width"]) for r in clip_json(clip)["renditions"]] \
            == [("360p.mp4", 640)]
        # Only what the last hand-over added, and the playlists, are uploaded at the end.
        assert publish.remaining(["720p.mp4", "hls/360p/seg_002.m4s", "hls/master.m3u8",
                                  "hls/360p/index.m3u8", "hls/720p/seg_000.m4s"]) == [
            "720p.mp4", "hls/720p/seg_000.m4s", "hls/master.m3u8", "hls/360p/index.m3u8"]


def test_nothing_is_published_early_for_a_reprocess_or_a_withdrawn_case(app, queued_clip,
                                                                        tmp_path) -> None:
    with app.app_context():
        tasks.process_clip(queued_clip)
        clip = db.session.get(Clip, queued_clip)
        first = dict(clip.media)
        out = tmp_path / "out"
        tasks.EarlyPublisher(queued_clip, out, media_prefix(clip.uuid, 2), 2)(live_part(out, 1))
        db.session.refresh(clip)
        assert clip.version == 1 and clip.media == first  # the old version keeps playing
        assert stored_keys(app, media_prefix(clip.uuid, 2)) == []
        cases.withdraw_consent(clip.case, clip.case.author)
        tasks.EarlyPublisher(queued_clip, out, media_prefix(clip.uuid, 1), 1)(live_part(out, 1))
        assert stored_keys(app, media_prefix(clip.uuid)) == []


def test_a_retry_replaces_the_partial_version_a_dead_worker_left(app, queued_clip, tmp_path) -> None:
    with app.app_context():
        clip = db.session.get(Clip, queued_clip)
        out = tmp_path / "out"
        tasks.EarlyPublisher(queued_clip, out, media_prefix(clip.uuid, 1), 1)(live_part(out, 2))
        # The worker is killed here; the retry's attempt writes version 2.
        tasks.EarlyPublisher(queued_clip, out, media_prefix(clip.uuid, 2), 2)(live_part(out, 1))
        db.session.refresh(clip)
        assert clip.version == 2 and clip.media["partial"]
        assert stored_keys(app, media_prefix(clip.uuid, 1)) == []  # no stuck playlist left behind
        assert stored_keys(app, media_prefix(clip.uuid, 2))


def test_a_failed_attempt_takes_back_its_early_playable_version(app, queued_clip, tmp_path) -> None:
    with app.app_context():
        assert tasks.claim_clip(queued_clip)
        clip = db.session.get(Clip, queued_clip)
        out = tmp_path / "out"
        prefix = media_prefix(clip.uuid, 1)
        tasks.EarlyPublisher(queued_clip, out, prefix, 1)(live_part(out, 2, mp4=True))
        db.session.refresh(clip)
        assert clip.is_playable and stored_keys(app, prefix)  # readers can watch the low rung already
        tasks.discard_attempt(queued_clip, prefix, 1)  # then the main encode fails
        db.session.refresh(clip)
        assert not clip.is_playable and clip.version == 0 and clip.media == {}
        assert stored_keys(app, media_prefix(clip.uuid)) == []  # no player pointing at deleted files


def test_media_finished_after_a_withdrawal_is_not_published(app, queued_clip) -> None:
    with app.app_context():
        clip = db.session.get(Clip, queued_clip)
        case = clip.case
        cases.withdraw_consent(case, case.author)
        tasks.process_clip(queued_clip)
        db.session.refresh(clip)
        assert clip.status == ClipStatus.FAILED and "withdrew consent" in clip.error
        assert stored_keys(app, media_prefix(clip.uuid)) == []


@pytest.mark.slow
def test_a_worker_killed_mid_transcode_is_recovered(tmp_path) -> None:
    site = LiveSite(tmp_path, {**local_env(tmp_path), "RUNPHYS_STALE_AFTER": "4"})
    try:
        headers = api_token(site)
        source = make_clip(tmp_path / "long.mp4", seconds=12, size="960x540")
        api = site.url + "/api/v1"
        case = requests.post(f"{api}/cases", json={"title": "Kill test"}, headers=headers, timeout=10).json()
        stage = requests.post(f"{api}/cases/{case['id']}/stages", json={"kind": "initial"}, headers=headers,
                              timeout=10).json()
        with open(source, "rb") as f:
            clip_id = requests.post(f"{api}/stages/{stage['id']}/clips", headers=headers, timeout=60,
                                    files={"file": ("long.mp4", f)}).json()["id"]
        worker = site.start_worker()
        site.wait_clip(clip_id, headers, timeout=60, until=("processing",))
        time.sleep(1.0)
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
        with site.app.app_context():
            assert db.session.get(Clip, clip_id).status == ClipStatus.PROCESSING
        site.start_worker()
        clip = site.wait_clip(clip_id, headers, timeout=180)
        assert clip["status"] == "ready", clip
        with site.app.app_context():
            row = db.session.get(Clip, clip_id)
            assert row.attempts == 2 and row.version == 1
            spool = site.app.extensions["runphys.storage"].spool_dir
            assert not list(spool.glob(f"clip{clip_id}-*"))  # the dead worker's temp files were swept
    finally:
        site.close()
