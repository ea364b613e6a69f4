"""Queue tasks: take ids, load rows, call media/, store files, write rows."""
from __future__ import annotations

import io
import logging
import shutil
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import or_, select, update

from . import media
from .extensions import db, queue
from .models import CaseStatus, Clip, ClipStatus, utcnow
from .storage import Storage, StorageError, media_prefix

log = logging.getLogger(__name__)
PROGRESS_EVERY = 1.0  # seconds between progress writes
MAX_ATTEMPTS = 3  # the first run and the queue's retries


def _storage() -> Storage:
    return current_app.extensions["runphys.storage"]


def _limits() -> media.Limits:
    cfg = current_app.config
    return media.Limits(max_side=cfg["MAX_SIDE"], max_duration=float(cfg["MAX_DURATION"]),
                        max_bytes=cfg["MAX_UPLOAD_BYTES"])


def claim_clip(clip_id: int) -> bool:
    """Atomically move the clip to processing, unless another worker holds a live claim or it is done."""
    stale = utcnow() - timedelta(seconds=current_app.config["STALE_AFTER"])
    result = db.session.execute(
        update(Clip)
        .where(Clip.id == clip_id)
        .where(or_(Clip.status.in_([ClipStatus.UPLOADED, ClipStatus.QUEUED]),
                   (Clip.status == ClipStatus.PROCESSING) & (Clip.heartbeat_at < stale)))
        .values(status=ClipStatus.PROCESSING, heartbeat_at=utcnow(), progress=0.0, eta_seconds=None,
                attempts=Clip.attempts + 1, error=None)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return result.rowcount == 1


def _write_progress(clip_id: int, fraction: float, eta: float | None) -> None:
    db.session.execute(update(Clip).where(Clip.id == clip_id, Clip.status == ClipStatus.PROCESSING)
                       .values(progress=round(min(max(fraction, 0.0), 1.0), 4), eta_seconds=eta,
                               heartbeat_at=utcnow()).execution_options(synchronize_session=False))
    db.session.commit()


def _fail(clip: Clip, reason: str) -> None:
    clip.status = ClipStatus.FAILED
    clip.error = reason
    clip.eta_seconds = None
    db.session.commit()


@queue.task(retries=MAX_ATTEMPTS - 1, retry_delay=10)
def process_clip(clip_id: int) -> None:
    """Probe and transcode one clip into a new public version, then switch to it."""
    if not claim_clip(clip_id):
        log.info("clip %s: not claimable (done, or another worker has it)", clip_id)
        return
    clip = db.session.get(Clip, clip_id)
    store = _storage()
    version = clip.version + 1
    prefix = media_prefix(clip.uuid, version)
    spool = store.spool_dir
    spool.mkdir(parents=True, exist_ok=True)
    for leftover in spool.glob(f"clip{clip_id}-*"):  # from a worker killed mid-job; we hold the claim now
        shutil.rmtree(leftover, ignore_errors=True)
    try:
        with tempfile.TemporaryDirectory(prefix=f"clip{clip_id}-", dir=spool) as tmp:
            work = Path(tmp)
            with store.local_copy(clip.original_key, suffix=Path(clip.original_name).suffix.lower()[:10]) as src:
                probe = media.probe_clip(src, _limits())
                clip.duration, clip.width, clip.height = probe.duration, probe.width, probe.height
                clip.fps, clip.capture_fps = probe.fps, probe.capture_fps
                db.session.commit()
                out = work / "out"
                out.mkdir()
                early = EarlyPublisher(clip_id, out, prefix, version)
                result = media.transcode_clip(
                    src, out, probe, trim_in=clip.trim_in, trim_out=clip.trim_out,
                    strip_audio=clip.strip_audio, limits=_limits(),
                    on_progress=_progress_writer(clip_id), on_playable=early)
            store.put_tree(prefix, out, early.remaining(result.files))
    except media.RefusedInput as exc:
        log.info("clip %s refused: %s (%s)", clip_id, exc.reason, exc.detail)
        _fail(discard_attempt(clip_id, prefix, version), exc.reason)
        return
    except (media.MediaError, StorageError) as exc:
        log.warning("clip %s: attempt failed: %s", clip_id, exc)
        reason = getattr(exc, "reason", "Storage was unavailable while processing this clip.")
        if _retry_or_fail(discard_attempt(clip_id, prefix, version), reason):
            raise  # the queue's retry takes the clip up again
    except BaseException:  # an unexpected crash: never leave the clip in processing
        _retry_or_fail(discard_attempt(clip_id, prefix, version),
                       "Processing failed repeatedly; try replacing the file.")
        raise
    db.session.refresh(clip)
    if clip.case.status == CaseStatus.WITHDRAWN:
        store.delete_prefix(media_prefix(clip.uuid))
        clip.version, clip.media = 0, {}
        _fail(clip, "The client withdrew consent; this clip is no longer published.")
        return
    old_version = clip.version  # equals `version` when an early playable subset was published
    clip.media = _media_record(result)
    clip.version = version
    clip.duration = result.duration
    clip.has_audio = result.has_audio
    clip.status = ClipStatus.READY
    clip.progress, clip.eta_seconds, clip.error = 1.0, None, None
    db.session.commit()
    if old_version and old_version != version:
        store.delete_prefix(media_prefix(clip.uuid, old_version))
    log.info("clip %s ready as version %s", clip_id, version)


def discard_attempt(clip_id: int, prefix: str, version: int) -> Clip:
    """Drop what a failed attempt stored, including an early playable subset it published."""
    db.session.rollback()
    _storage().delete_prefix(prefix)
    clip = db.session.get(Clip, clip_id)
    if clip.version == version:  # published early by this attempt: it points at deleted files
        clip.version, clip.media = 0, {}
        db.session.commit()
    return clip


def _retry_or_fail(clip: Clip, reason: str) -> bool:
    """Put the clip back in the queue for another attempt (True), or fail it after the last one."""
    if clip.attempts >= MAX_ATTEMPTS:
        _fail(clip, reason)
        return False
    clip.status = ClipStatus.QUEUED
    db.session.commit()
    return True


def _progress_writer(clip_id: int):
    last = [0.0]

    def write(fraction: float, eta: float | None) -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_EVERY or fraction >= 1.0:
            last[0] = now
            _write_progress(clip_id, fraction, eta)
    return write


class EarlyPublisher:
    """Publish the lowest rung while the rest is encoded, unless a complete version plays.

    Each hand-over uploads the files not yet uploaded, then the playlist that lists them, so a
    player never sees a segment that is not there. The clip row changes only when what it
    names changes (the MP4 and poster arrive), not with every segment.
    """

    def __init__(self, clip_id: int, out: Path, prefix: str, version: int) -> None:
        self.clip_id, self.out, self.prefix, self.version = clip_id, out, prefix, version
        self.uploaded: set[str] = set()

    def __call__(self, part: media.Playable) -> None:
        clip = db.session.get(Clip, self.clip_id, populate_existing=True)
        # A partial version left by a worker that died is replaced; a complete one keeps
        # playing until this re-process is complete.
        stale = clip.version if clip.version not in (0, self.version) else None
        if (stale and not clip.media.get("partial")) or clip.case.status == CaseStatus.WITHDRAWN:
            return
        store = _storage()
        for name in part.files:
            if name not in self.uploaded:
                store.put_file(self.prefix + name, self.out / name)
                self.uploaded.add(name)
        store.put_stream(self.prefix + part.playlist, io.BytesIO(part.playlist_text.encode()))
        record = {"renditions": [{"name": part.mp4, "width": part.width, "height": part.height,
                                  "kind": "mp4"}] if part.mp4 else [],
                  "hls": part.playlist, "poster": part.poster, "partial": True, "fps": part.fps}
        if clip.media != record or clip.version != self.version:
            clip.media, clip.version = record, self.version
            db.session.commit()
        if stale:
            store.delete_prefix(media_prefix(clip.uuid, stale))

    def remaining(self, files: list[str]) -> list[str]:
        """Return the files of the finished result still to upload: playlists always, last."""
        return sorted((name for name in files
                       if name not in self.uploaded or name.endswith(".m3u8")),
                      key=lambda name: name.endswith(".m3u8"))


def _media_record(result: media.TranscodeResult) -> dict:
    return {
        "renditions": [{"name": r.name, "width": r.width, "height": r.height, "bitrate": r.bitrate,
                        "fps": r.fps, "kind": r.kind} for r in result.renditions],
        "hls": result.hls_master,
        "poster": result.poster,
        "poster_width": result.poster_width,
        "poster_height": result.poster_height,
        "storyboard": result.storyboard,
        "thumbnails": result.thumbnails_vtt,
    }


def requeue_stale_clips() -> int:
    """Take up clips whose worker died: processing without a heartbeat, or queued but lost."""
    after = current_app.config["STALE_AFTER"]
    dead = utcnow() - timedelta(seconds=after)
    lost = utcnow() - timedelta(seconds=after * 10)  # a busy queue may hold a job this long
    ids = db.session.scalars(select(Clip.id).where(or_(
        (Clip.status == ClipStatus.PROCESSING) & (Clip.heartbeat_at < dead),
        Clip.status.in_([ClipStatus.QUEUED, ClipStatus.UPLOADED])
        & or_(Clip.heartbeat_at.is_(None), Clip.heartbeat_at < lost)))).all()
    for clip_id in ids:
        log.warning("clip %s: stale job, queueing it again", clip_id)
        db.session.execute(update(Clip).where(Clip.id == clip_id)
                           .values(status=ClipStatus.QUEUED, heartbeat_at=utcnow())
                           .execution_options(synchronize_session=False))
        db.session.commit()
        queue.enqueue(current_app, "process_clip", clip_id)
    return len(ids)
