"""The clip job is idempotent, fenced and versioned (faults with real workers: test_lifecycle.py)."""
from __future__ import annotations

import fcntl
from datetime import timedelta

import pytest

from support import get_media

from runphys import cases, lifecycle, media, tasks
from runphys.extensions import db
from runphys.models import Clip, ClipStatus, User, utcnow
from runphys.storage import media_prefix
from runphys.views import clip_json


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
    return app.extensions["runphys.storage"].keys(prefix)


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


def generation(clip_id: int) -> int:
    return db.session.get(Clip, clip_id).generation


def test_a_live_claim_is_respected_and_a_stale_one_is_taken_over(app, queued_clip) -> None:
    with app.app_context():
        first = lifecycle.claim(queued_clip, generation(queued_clip))
        assert first is not None
        assert lifecycle.claim(queued_clip, first.generation) is None  # another worker is on it
        assert lifecycle.requeue_stale() == 0
        clip = db.session.get(Clip, queued_clip)
        clip.heartbeat_at = utcnow() - timedelta(seconds=app.config["STALE_AFTER"] + 5)
        db.session.commit()
        assert lifecycle.requeue_stale() == 1
        db.session.refresh(clip)
        assert clip.status == ClipStatus.QUEUED
        assert not lifecycle.heartbeat(first)  # the dead job, were it alive, is fenced out
        tasks.process_clip(queued_clip, first.generation)
        db.session.refresh(clip)
        assert clip.status == ClipStatus.READY and clip.version == first.number + 1


def test_reprocessing_switches_to_a_new_version_and_retires_the_old(app, queued_clip) -> None:
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
        assert abs(clip.duration - 1.0) < 0.15 and abs(clip.source_duration - 2.0) < 0.1
        assert stored_keys(app, old)  # readers who loaded version 1 still play it
        assert lifecycle.collect_retired() == 0  # within the grace period
        app.config["MEDIA_GRACE_SECONDS"] = 0
        clip.trim_in = 0.25
        cases.enqueue_clip(clip)
        tasks.process_clip(queued_clip)
        assert lifecycle.collect_retired() == 1  # version 2's grace, on the new setting: over
        assert stored_keys(app, media_prefix(clip.uuid, 2)) == [] and stored_keys(app, old)


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
        job = lifecycle.claim(queued_clip, generation(queued_clip))
        clip = db.session.get(Clip, queued_clip)
        out = tmp_path / "out"
        publish = tasks.EarlyPublisher(job, out)
        publish(live_part(out, 1))
        db.session.refresh(clip)
        assert clip.version == 1 and clip.media["partial"] and clip.media["renditions"] == []
        data = clip_json(clip)
        assert data["partial"] and data["hls"].endswith("/1/hls/360p/index.m3u8")
        playlist = get_media(client, f"media/{clip.uuid}/1/hls/360p/index.m3u8")
        assert "seg_000.m4s" in playlist.text and "#EXT-X-ENDLIST" not in playlist.text
        assert playlist.headers["Cache-Control"] == "public, no-cache"  # players see it grow
        segment = get_media(client, f"media/{clip.uuid}/1/hls/360p/seg_000.m4s")
        assert segment.status_code == 200 and "immutable" in segment.headers["Cache-Control"]

        publish(live_part(out, 3, mp4=True))
        db.session.refresh(clip)
        assert "seg_002.m4s" in get_media(client, f"media/{clip.uuid}/1/hls/360p/index.m3u8").text
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
        cases.reprocess_clip(clip)
        job = lifecycle.claim(queued_clip, generation(queued_clip))
        out = tmp_path / "out"
        tasks.EarlyPublisher(job, out)(live_part(out, 1))
        db.session.refresh(clip)
        assert clip.version == 1 and clip.media == first  # the old version keeps playing
        assert stored_keys(app, job.prefix) == []
        cases.withdraw_consent(clip.case, clip.case.author)
        with pytest.raises(lifecycle.Withdrawn):
            tasks.EarlyPublisher(job, out)(live_part(out, 1))
        assert stored_keys(app, media_prefix(clip.uuid)) == []


def test_a_retry_replaces_the_partial_version_a_dead_worker_left(app, queued_clip, tmp_path) -> None:
    with app.app_context():
        app.config["MEDIA_GRACE_SECONDS"] = 0
        dead = lifecycle.claim(queued_clip, generation(queued_clip))
        out = tmp_path / "out"
        tasks.EarlyPublisher(dead, out)(live_part(out, 2))
        # The worker is killed here; the reaper queues the job again and a retry claims it.
        clip = db.session.get(Clip, queued_clip)
        clip.heartbeat_at = utcnow() - timedelta(seconds=app.config["STALE_AFTER"] + 5)
        db.session.commit()
        assert lifecycle.requeue_stale() == 1
        retry = lifecycle.claim(queued_clip, dead.generation)
        assert retry.number == 2
        tasks.EarlyPublisher(retry, out)(live_part(out, 1))
        db.session.refresh(clip)
        assert clip.version == 2 and clip.media["partial"]
        assert lifecycle.collect_retired() == 1
        assert stored_keys(app, dead.prefix) == []  # no stuck playlist left behind
        assert stored_keys(app, retry.prefix)


def test_a_failed_attempt_takes_back_its_early_playable_version(app, queued_clip, tmp_path) -> None:
    with app.app_context():
        job = lifecycle.claim(queued_clip, generation(queued_clip))
        clip = db.session.get(Clip, queued_clip)
        out = tmp_path / "out"
        tasks.EarlyPublisher(job, out)(live_part(out, 2, mp4=True))
        db.session.refresh(clip)
        assert clip.is_playable and stored_keys(app, job.prefix)  # readers can watch the low rung already
        assert lifecycle.fail(job, "The video could not be converted.", retry=True)  # the main encode fails
        db.session.refresh(clip)
        assert not clip.is_playable and clip.version == 0 and clip.media == {}
        assert clip.status == ClipStatus.QUEUED
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


def test_a_sweep_takes_dead_workers_folders_and_never_a_live_ones(tmp_path) -> None:
    root = tmp_path / "workers"
    for name in ("live", "dead", ".new-starting"):
        (root / name / "clip1-job1").mkdir(parents=True)
        (root / name / "clip1-job1" / "source.mov").write_bytes(b"x" * 1000)  # a copy of an original
    live_lock = open(root / "live" / "lock", "w")
    fcntl.flock(live_lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # held, as by a running worker
    (root / "dead" / "lock").write_text("")  # its worker was killed: nobody holds it
    try:
        assert tasks.sweep_spool(root) == 1
        assert sorted(p.name for p in root.iterdir()) == [".new-starting", "live"]
        assert (root / "live" / "clip1-job1" / "source.mov").exists()
    finally:
        live_lock.close()


def test_versions_published_before_the_worker_made_social_images_get_one(app, runner, queued_clip) -> None:
    with app.app_context():
        tasks.process_clip(queued_clip)
        clip = db.session.get(Clip, queued_clip)
        social = media_prefix(clip.uuid, clip.version) + tasks.SOCIAL_IMAGE_NAME
        app.extensions["runphys.storage"].delete(social)  # as an older worker left the version
        clip.media = {k: v for k, v in clip.media.items() if k != "social"}
        db.session.commit()
        queued = runner.invoke(args=["runphys", "add-social-images"]).output
        assert queued == "Queued 1 social image(s) for the worker.\n"
        tasks.add_social_image(queued_clip, clip.version)  # what the worker runs
        db.session.refresh(clip)
        assert clip.media["social"] == tasks.SOCIAL_IMAGE_NAME
        assert social in stored_keys(app, media_prefix(clip.uuid))
