"""A clip's life: the only module that writes a clip's status, version, media and job fence.

Requests (upload complete, file replaced, trim or audio changed, reprocess) bump the clip's
generation and queue a job for it. A worker's claim bumps `last_job`: the job's number, its own
output prefix media/<uuid>/<number>/ and the version it publishes. Every write a job makes is
compare-and-set on (generation, last_job, processing), so a job that a newer request, a takeover,
a withdrawal or a deletion superseded can never publish; it stops and removes only its own
outputs. A replaced version is retired, not deleted: the reaper collects it after the grace
period. docs/architecture.md draws the states.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import delete as delete_rows
from sqlalchemy import or_, select, update

from .extensions import QUEUE_DOWN, db, queue
from .models import Case, CaseStatus, Clip, ClipStatus, RetiredVersion, utcnow
from .storage import Storage, StorageError, media_prefix

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 3  # the first run and the queue's retries
LOST_AFTER = 5  # seconds a queued clip may be missing from the queue (a job is in flight for far less)
WITHDRAWN = "The client withdrew consent; this clip is no longer published."
IN_FLIGHT = (ClipStatus.UPLOADED, ClipStatus.QUEUED, ClipStatus.PROCESSING)


class Superseded(Exception):
    """The job's fence moved (a newer request, a takeover, a withdrawal or a deletion): stop."""


class Withdrawn(Exception):
    """The clip's case was withdrawn: nothing of it may be published."""


@dataclass(frozen=True)
class Job:
    """One claimed run of a clip's processing: the generation it serves and its own number."""

    clip_id: int
    uuid: str
    generation: int
    number: int  # its output prefix media/<uuid>/<number>/ and the version it publishes

    @property
    def prefix(self) -> str:
        return media_prefix(self.uuid, self.number)


def _storage() -> Storage:
    return current_app.extensions["runphys.storage"]


def _fence(job: Job) -> tuple:
    return (Clip.id == job.clip_id, Clip.generation == job.generation, Clip.last_job == job.number,
            Clip.status == ClipStatus.PROCESSING)


def _set(job: Job, *where: Any, **values: Any) -> None:
    """Compare-and-set the clip's row on the job's fence (and `where`); raise Superseded if it moved."""
    done = db.session.execute(update(Clip).where(*_fence(job), *where).values(**values)
                              .execution_options(synchronize_session=False))
    if done.rowcount != 1:
        db.session.rollback()
        raise Superseded(f"clip {job.clip_id}: job {job.number} of generation {job.generation} superseded")


# ---- requests (web side) -------------------------------------------------------------------

def request_processing(clip: Clip) -> int:
    """Commit the clip's pending changes and ask for a new version; a running job is superseded.

    Return the new generation, which the queued job carries.
    """
    db.session.flush()
    db.session.execute(update(Clip).where(Clip.id == clip.id).values(
        generation=Clip.generation + 1, status=ClipStatus.QUEUED, progress=0.0, eta_seconds=None,
        error=None, attempts=0, heartbeat_at=utcnow()).execution_options(synchronize_session=False))
    clip_id = clip.id
    generation = db.session.scalar(select(Clip.generation).where(Clip.id == clip_id))
    db.session.commit()
    try:
        queue.enqueue(current_app, "process_clip", clip_id, generation)
    except QUEUE_DOWN as exc:  # the database is the record: the reaper queues it once the queue is back
        log.warning("clip %s: queue unavailable (%s); the reaper will queue it when it is back", clip_id, exc)
    return generation


def withdraw(case: Case) -> int:
    """Take the case's clips off the site at once: stop their jobs, delete every version now."""
    clips = [(clip.id, clip.uuid, clip.status) for clip in case.clips]
    for clip_id, _, status in clips:
        values: dict[str, Any] = {"generation": Clip.generation + 1, "version": 0, "media": {}}
        if status in IN_FLIGHT:
            values.update(status=ClipStatus.FAILED, error=WITHDRAWN, eta_seconds=None)
        db.session.execute(update(Clip).where(Clip.id == clip_id).values(**values)
                           .execution_options(synchronize_session=False))
    uuids = [uuid for _, uuid, _ in clips]
    if uuids:
        db.session.execute(delete_rows(RetiredVersion).where(RetiredVersion.clip_uuid.in_(uuids)))
    db.session.commit()  # no page names the files any more: now delete them
    return sum(_storage().delete_prefix(media_prefix(uuid)) for uuid in uuids)


def delete(clip: Clip) -> None:
    """Delete the clip's files (original, every version, subtitles) at once and its row (not committed)."""
    store = _storage()
    if clip.original_key:
        store.delete(clip.original_key)
    store.delete_prefix(media_prefix(clip.uuid))
    if clip.subtitles_key:
        store.delete(clip.subtitles_key)
    db.session.execute(delete_rows(RetiredVersion).where(RetiredVersion.clip_uuid == clip.uuid))
    db.session.delete(clip)


# ---- the job (worker side) -----------------------------------------------------------------

def claim(clip_id: int, generation: int) -> Job | None:
    """Take the clip's job for this generation, unless it is done, superseded or live elsewhere."""
    stale = utcnow() - timedelta(seconds=current_app.config["STALE_AFTER"])
    done = db.session.execute(
        update(Clip)
        .where(Clip.id == clip_id, Clip.generation == generation)
        .where(or_(Clip.status.in_([ClipStatus.UPLOADED, ClipStatus.QUEUED]),
                   (Clip.status == ClipStatus.PROCESSING) & (Clip.heartbeat_at < stale)))
        .values(status=ClipStatus.PROCESSING, heartbeat_at=utcnow(), progress=0.0, eta_seconds=None,
                attempts=Clip.attempts + 1, error=None, last_job=Clip.last_job + 1)
        .execution_options(synchronize_session=False))
    if done.rowcount != 1:
        db.session.rollback()
        return None
    number, uuid = db.session.execute(select(Clip.last_job, Clip.uuid).where(Clip.id == clip_id)).one()
    db.session.commit()
    return Job(clip_id, uuid, generation, number)


def heartbeat(job: Job) -> bool:
    """Say the job is alive; False when it was superseded."""
    try:
        _set(job, heartbeat_at=utcnow())
    except Superseded:
        return False
    db.session.commit()
    return True


def progress(job: Job, fraction: float, eta: float | None) -> None:
    """Record the job's progress (a heartbeat too)."""
    _set(job, progress=round(min(max(fraction, 0.0), 1.0), 4), eta_seconds=eta, heartbeat_at=utcnow())
    db.session.commit()


def record_source(job: Job, duration: float, width: int, height: int, fps: float | None,
                  capture_fps: float | None) -> None:
    """Store what the probe found in the original (its timeline is the one moments live on)."""
    _set(job, source_duration=duration, source_width=width, source_height=height, source_fps=fps,
         source_capture_fps=capture_fps, heartbeat_at=utcnow())
    db.session.commit()


def publish_partial(job: Job, record: dict[str, Any], upload) -> bool:
    """Publish a growing first version, unless a complete one plays; `upload()` stores its files first.

    A partial version a dead job left is replaced (and retired). Return whether it was published.
    """
    clip = _current(job)
    shown = clip.version
    replaced = shown if shown not in (0, job.number) else None
    if replaced and not clip.media.get("partial"):
        return False  # a complete version keeps playing until this job's is complete
    upload()
    if clip.media != record or shown != job.number:
        _set(job, Clip.version == shown, media=record, version=job.number, heartbeat_at=utcnow())
        if replaced:
            _retire(clip.uuid, replaced)
        db.session.commit()
    return True


def publish(job: Job, record: dict[str, Any], duration: float, width: int, height: int,
            fps: float | None, capture_fps: float | None, has_audio: bool, start: float) -> None:
    """Switch readers to the job's version and its output facts; retire the version it replaces."""
    clip = _current(job)
    shown = clip.version
    _set(job, Clip.version == shown, media=record, version=job.number, duration=duration, width=width,
         height=height, fps=fps, capture_fps=capture_fps, has_audio=has_audio, output_start=start,
         heartbeat_at=utcnow())
    if shown and shown != job.number:
        _retire(clip.uuid, shown)
    db.session.commit()


def add_to_version(job: Job, **files: str) -> None:
    """Name more files (made after publishing) in the job's published version."""
    clip = _current(job)
    _set(job, Clip.version == job.number, media={**clip.media, **files})
    db.session.commit()


def add_to_published(clip_id: int, version: int, **files: str) -> bool:
    """Name more files in a version made before they existed, if it is still the published one."""
    clip = db.session.get(Clip, clip_id, populate_existing=True)
    if clip is None or clip.version != version:
        return False
    done = db.session.execute(update(Clip).where(Clip.id == clip_id, Clip.version == version)
                              .values(media={**clip.media, **files}).execution_options(synchronize_session=False))
    db.session.commit()
    return done.rowcount == 1


def finish(job: Job) -> None:
    """End the job: the clip is ready."""
    _set(job, status=ClipStatus.READY, progress=1.0, eta_seconds=None, error=None)
    db.session.commit()


def fail(job: Job, reason: str, retry: bool) -> bool:
    """End a failed attempt: queue it again (True) or, after the last one, mark it failed.

    Either way the attempt's outputs go, and an early version it published is taken back.
    """
    db.session.rollback()
    clip = db.session.get(Clip, job.clip_id, populate_existing=True)
    again = retry and clip is not None and clip.attempts < MAX_ATTEMPTS
    values: dict[str, Any] = ({"status": ClipStatus.QUEUED, "heartbeat_at": utcnow()} if again
                              else {"status": ClipStatus.FAILED, "error": reason, "eta_seconds": None})
    if clip is not None and clip.version == job.number:
        values.update(version=0, media={})
    try:
        _set(job, **values)
    except Superseded:
        abandon(job)
        raise
    db.session.commit()
    _drop_outputs(job)
    return again


def abandon(job: Job) -> None:
    """Remove a superseded job's outputs, unless readers were shown them (then a publish retires them)."""
    db.session.rollback()
    clip = db.session.get(Clip, job.clip_id, populate_existing=True)
    if clip is None or clip.version != job.number:
        _drop_outputs(job)


def _drop_outputs(job: Job) -> None:
    """Delete what the job stored; with storage down the clip moves on all the same (a retry's new
    job writes a prefix of its own, and nothing names these files)."""
    try:
        _storage().delete_prefix(job.prefix)
    except StorageError as exc:
        log.warning("clip %s: could not delete %s: %s", job.clip_id, job.prefix, exc)


def _current(job: Job) -> Clip:
    """The clip as it is now, which the job may still publish to."""
    clip = db.session.get(Clip, job.clip_id, populate_existing=True)
    if clip is None:
        raise Superseded(f"clip {job.clip_id} was deleted")
    if clip.case.status == CaseStatus.WITHDRAWN:
        raise Withdrawn(f"clip {job.clip_id}: its case was withdrawn")
    return clip


def _retire(uuid: str, version: int) -> None:
    grace = current_app.config["MEDIA_GRACE_SECONDS"]
    db.session.add(RetiredVersion(clip_uuid=uuid, version=version,
                                  collect_after=utcnow() + timedelta(seconds=grace)))


# ---- the reaper --------------------------------------------------------------------------------

def collect_retired() -> int:
    """Delete the files of retired versions whose grace period is over; return how many versions."""
    due = db.session.scalars(select(RetiredVersion).where(RetiredVersion.collect_after <= utcnow())).all()
    for retired in due:
        _storage().delete_prefix(media_prefix(retired.clip_uuid, retired.version))
        db.session.delete(retired)
        db.session.commit()
    return len(due)


def to_requeue(rows, held: Callable[[int, Any], bool], missing: dict[int, Any] | None, processing):
    """Of the stale rows (id, job key, status, heartbeat) a reaper found, those to queue again (the
    clip and the export reapers): every one a dead worker held (status `processing`); a queued one
    only when the queue holds no job for it (`held(id, key)` is false) and the previous pass, which
    noted it in `missing`, found it missing too with its heartbeat unchanged (a job just taken off
    the queue has not claimed it yet). The caller keeps `missing` between passes; each pass refills it."""
    noted_before = dict(missing or {})
    if missing is not None:
        missing.clear()
    for row in rows:
        row_id, key, status, beat = row
        if status != processing:
            if held(row_id, key):
                continue  # waiting its turn in a busy queue
            if missing is not None:
                missing[row_id] = beat
            if noted_before.get(row_id, "unseen") != beat:
                continue
        yield row


def requeue_stale(missing: dict[int, Any] | None = None) -> int:
    """Queue again the jobs of dead workers (processing without a heartbeat) and the jobs the queue
    lost (queued, but the queue holds no job for that generation: Redis came back empty, or the
    enqueue failed while it was down). `missing`: see to_requeue.
    """
    now = utcnow()
    dead = now - timedelta(seconds=current_app.config["STALE_AFTER"])
    lost = now - timedelta(seconds=LOST_AFTER)
    stale = or_((Clip.status == ClipStatus.PROCESSING) & (Clip.heartbeat_at < dead),
                Clip.status.in_([ClipStatus.QUEUED, ClipStatus.UPLOADED])
                & or_(Clip.heartbeat_at.is_(None), Clip.heartbeat_at < lost))
    rows = db.session.execute(select(Clip.id, Clip.generation, Clip.status, Clip.heartbeat_at).where(stale)).all()
    held = queue.held(current_app, "process_clip") if rows else set()
    count = 0
    waiting = lambda clip_id, generation: (clip_id, generation) in held  # noqa: E731
    for clip_id, generation, status, beat in to_requeue(rows, waiting, missing, ClipStatus.PROCESSING):
        # Compare-and-set: of the reapers (one per worker process) only one takes a clip up, and
        # not if the job beat (or a request came) since we looked.
        moved = db.session.execute(
            update(Clip).where(Clip.id == clip_id, Clip.generation == generation, Clip.status == status,
                               Clip.heartbeat_at.is_(None) if beat is None else Clip.heartbeat_at == beat)
            .values(status=ClipStatus.QUEUED, heartbeat_at=utcnow())
            .execution_options(synchronize_session=False))
        db.session.commit()
        if moved.rowcount == 1:
            log.warning("clip %s: %s, queueing it again", clip_id,
                        "stale job" if status == ClipStatus.PROCESSING else "its job is gone from the queue")
            queue.enqueue(current_app, "process_clip", clip_id, generation)
            count += 1
    return count
