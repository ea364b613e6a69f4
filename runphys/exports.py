"""Export as video: the rules that ask for an export, and the queued job that makes it.

An export reads the published versions of its clips (the smallest MP4 rung that fills its
place on the canvas), never an original. Its job is fenced like a clip's: a claim bumps the
row's `job`, and every write is compare-and-set on (job, processing) with the clip versions it
reads still published and the case not withdrawn. A withdrawal (which deletes the rows) or a
new version stops it; it then deletes its file. The file lives in the clip's media folder under an unguessable name, so
withdrawal and deletion of the clip take it with the rest of its media.
"""
from __future__ import annotations

import contextlib
import logging
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import or_, select, update

from . import media
from .cases import RuleError
from .extensions import QUEUE_DOWN, db, queue
from .lifecycle import LOST_AFTER, Superseded, to_requeue
from .drawings import SHOWN_WITHOUT_END, aspect_of_clip
from .drawings import as_json as drawing_json
from .media.export import (LAYOUTS, SHAPES, DrawingLayer, ExportPlan, Overlay, SlowSource, Source,
                           Span, cell_size, export_video)
from .media.settings import DEFAULT_PROFILE
from .models import Case, CaseStatus, Clip, Comparison, Export, ExportStatus, Note, utcnow
from .storage import Storage, StorageError, export_key, media_prefix
from .tasks import Heartbeat, job_folder
from .text import timecode
from .timeline import played_notes, played_time, shown_range
from .urls import page_url

log = logging.getLogger(__name__)
MOMENT_SECONDS = 1.5  # a note without an end is slowed for this long
CAPTION_LEAD = 0.5  # its text shows this long before the slow part starts
AROUND = 2.0  # seconds before and after a note's moment in a moment export
LEAD = 3.0  # seconds before the sync point in a comparison export
PROGRESS_EVERY = 1.0
SLOWMO_MAX_SOURCE_SECONDS = DEFAULT_PROFILE.slowmo_max_source_seconds
CHANGED = "The clip was re-processed while it was exported; export it again."


def _storage() -> Storage:
    return current_app.extensions["runphys.storage"]


# ---- rules (web side) --------------------------------------------------------------------------

def request_export(case: Case, shape: str, layout: str, *, clip: Clip | None = None,
                   note: Note | None = None, comparison: Comparison | None = None) -> Export:
    """Ask for an export of a clip, a note's moment or a comparison; queue its job."""
    if case.status == CaseStatus.WITHDRAWN:
        raise RuleError("Consent was withdrawn: nothing of this case may be exported.", 409)
    if shape not in SHAPES:
        raise RuleError("Choose the shape 9:16, 1:1 or 16:9.")
    if note is not None:
        clip = note.clip
    clips = [comparison.before_clip, comparison.after_clip] if comparison else [clip]
    if layout not in (LAYOUTS[1:] if comparison else ("single",)):
        raise RuleError("Choose side by side, stacked or overlay for a before/after; a clip is shown alone.")
    if any(c is None or c.case.id != case.id for c in clips):
        raise RuleError("No such clip.", 404)
    if not all(c.is_playable and not c.media.get("partial") for c in clips):
        raise RuleError("The video is still being prepared; export it once it is ready.", 409)
    export = Export(case_id=case.id, clip_id=clips[0].id, note_id=note.id if note else None,
                    comparison_id=comparison.id if comparison else None, shape=shape, layout=layout,
                    versions={str(c.id): c.version for c in clips}, heartbeat_at=utcnow())
    db.session.add(export)
    db.session.commit()
    try:
        queue.enqueue(current_app, "make_export", export.id)
    except QUEUE_DOWN as exc:
        export.status, export.error = ExportStatus.FAILED, "The queue is unavailable; try again shortly."
        db.session.commit()
        log.warning("export %s: queue unavailable (%s)", export.id, exc)
    return export


def export_json(export: Export) -> dict[str, Any]:
    """What the studio polls: state, progress, reason and, when ready, the file's URL."""
    ready = export.status == ExportStatus.READY and export.key
    return {"id": export.id, "status": export.status.value, "progress": export.progress,
            "error": export.error, "url": _storage().public_url(export.key) if ready else None,
            "bytes": export.bytes, "duration": export.duration, "shape": export.shape,
            "layout": export.layout, "what": describe(export),
            "created_at": export.created_at.isoformat(timespec="seconds") if export.created_at else None}


def case_exports(case: Case) -> list[Export]:
    """The case's exports, newest first (what the studio lists after a reload)."""
    return list(db.session.scalars(select(Export).where(Export.case_id == case.id)
                                   .order_by(Export.created_at.desc(), Export.id.desc())))


def describe(export: Export) -> str:
    """What an export shows, in a few words: the before/after, a note's moment, or a clip."""
    if export.comparison_id is not None:
        pair = export.comparison
        return f"Before/after: {pair.title}" if pair is not None and pair.title else "Before/after"
    clip = export.clip
    name = (clip.caption or clip.original_name) if clip is not None else "a clip"
    if export.note is not None:
        at = played_time(export.note.clip, export.note.t) or 0.0
        return f"The moment at {timecode(at)} of {name}: {export.note.text[:60]}"
    return f"The whole clip: {name}"


# ---- the plan ----------------------------------------------------------------------------------

def rendition_for(clip: Clip, cell: tuple[int, int]) -> dict[str, Any]:
    """The smallest published MP4 rung that fills the box it is fitted into, at most the largest.

    A stacked 9:16 cell (1080×960) shows a landscape clip 1080×608: the 720p rung has every
    pixel of it at less than half the decoding of the 1080p one (bench/export.py).
    """
    rungs = sorted((r for r in clip.media.get("renditions", []) if r.get("kind", "mp4") == "mp4"),
                   key=lambda r: r["width"] * r["height"])
    scale = min(1.0, cell[0] / rungs[-1]["width"], cell[1] / rungs[-1]["height"])
    need = (rungs[-1]["width"] * scale - 1, rungs[-1]["height"] * scale - 1)
    return next(r for r in rungs if r["width"] >= need[0] and r["height"] >= need[1])


def moments(clip: Clip, start: float, length: float, only: Note | None = None
            ) -> tuple[list[Overlay], list[Span]]:
    """The clip's notes inside [start, start + length) of its played time, as overlays and slow spans."""
    overlays, spans = [], []
    for shown in played_notes(clip):
        if only is not None and shown.note.id != only.id:
            continue
        t = shown.t - start
        end = (shown.end - start) if shown.end is not None and shown.end > shown.t else t + MOMENT_SECONDS
        if end <= 0 or t >= length:
            continue
        spans.append(Span(max(t, 0.0), min(end, length)))
        overlays.append(Overlay(max(t - CAPTION_LEAD, 0.0), min(end, length), shown.note.text))
    return overlays, spans


def drawing_layers(clip: Clip, index: int, start: float, length: float, only: Note | None = None
                   ) -> list[DrawingLayer]:
    """The clip's notes' drawings inside [start, start + length) of its played time, each note's as one
    layer over source `index`, on screen over the note's shown range (runphys.timeline.shown_range)."""
    layers = []
    aspect = aspect_of_clip(clip)
    for note in clip.notes:
        if (only is not None and note.id != only.id) or not note.drawings:
            continue
        shown = shown_range(clip, note, SHOWN_WITHOUT_END)
        if shown is None or shown[1] <= start or shown[0] >= start + length:
            continue
        layers.append(DrawingLayer(index, max(shown[0] - start, 0.0), min(shown[1] - start, length), aspect,
                                   tuple(drawing_json(d) for d in note.drawings)))
    return layers


def slow_rendition(clip: Clip) -> dict[str, Any] | None:
    """The clip's slow-motion rendition (every captured frame of a ≥ 100 fps clip, retimed), with
    its factor (captured / display rate) and the seconds of the clip it covers."""
    slow = next((r for r in clip.media.get("renditions", []) if r.get("kind") == "slowmo"), None)
    if slow is None or not slow.get("fps") or not clip.fps:
        return None
    factor = round(clip.fps / slow["fps"])
    if factor < 2:
        return None
    return {**slow, "factor": float(factor),
            "seconds": min(clip.duration or 0.0, SLOWMO_MAX_SOURCE_SECONDS)}


def export_has_notes(export: Export) -> bool:
    """Whether the export may have slow spans (a note in range): only then is a slow rendition read."""
    if export.note is not None:
        return True
    clips = [export.comparison.before_clip, export.comparison.after_clip] if export.comparison else [export.clip]
    return any(c is not None and c.notes for c in clips)


def plan_for(export: Export, paths: list[Path], fps: list[float], size: float = 1.0,
             slows: list[SlowSource | None] | None = None) -> ExportPlan:
    """The media plan of an export, its clips' published files at `paths` (and slow renditions)."""
    slows = slows or [None] * len(paths)
    case = export.case
    common = dict(shape=export.shape, layout=export.layout, title=case.title, size=size,
                  end_text=page_url("public.case", slug=case.slug).split("://", 1)[-1])
    if export.comparison is not None:
        pair = export.comparison
        clips = [pair.before_clip, pair.after_clip]
        syncs = [played_time(c, t) or 0.0 for c, t in
                 ((pair.before_clip, pair.before_offset), (pair.after_clip, pair.after_offset))]
        lead = min(LEAD, *syncs)
        starts = [sync - lead for sync in syncs]
        length = min(c.duration - s for c, s in zip(clips, starts))
        overlays, spans, layers = [], [], []
        for i, (c, s) in enumerate(zip(clips, starts)):
            found = moments(c, s, length)
            overlays += found[0]
            spans += found[1]
            layers += drawing_layers(c, i, s, length)
        sources = tuple(Source(p, s, rate, c.has_audio, slow)
                        for p, c, s, rate, slow in zip(paths, clips, starts, fps, slows))
        return ExportPlan(sources=sources, duration=length, overlays=tuple(overlays),
                          slow=tuple(spans), drawings=tuple(layers), **{**common, "title": f"{case.title}: {pair.title}"})
    clip = export.clip
    start, length = 0.0, clip.duration
    if export.note is not None:
        at = played_time(clip, export.note.t) or 0.0
        end = played_time(clip, export.note.end) if export.note.end else None
        start = max(0.0, at - AROUND)
        length = min(clip.duration, (end or at + MOMENT_SECONDS) + AROUND) - start
    overlays, spans = moments(clip, start, length, only=export.note)
    source = Source(paths[0], start, fps[0], clip.has_audio, slows[0])
    return ExportPlan(sources=(source,), duration=length, overlays=tuple(overlays), slow=tuple(spans),
                      drawings=tuple(drawing_layers(clip, 0, start, length, only=export.note)), **common)


# ---- the job (worker side) ---------------------------------------------------------------------

@dataclass(frozen=True)
class ExportJob:
    """One claimed run of an export."""

    export_id: int
    number: int
    clip_id: int  # of the clip whose media folder holds the file

    @property
    def name(self) -> str:
        return f"export {self.export_id}: job {self.number}"


def _fence(job: ExportJob) -> tuple:
    return (Export.id == job.export_id, Export.job == job.number, Export.status == ExportStatus.PROCESSING)


def _sources_current(export: Export) -> bool:
    """Whether the clip versions the export reads are still the published ones, its case shown."""
    if export.case.status == CaseStatus.WITHDRAWN:
        return False
    for clip_id, version in export.versions.items():
        clip = db.session.get(Clip, int(clip_id), populate_existing=True)
        if clip is None or clip.version != version:
            return False
    return True


def _set(job: ExportJob, **values: Any) -> None:
    """Compare-and-set the export's row on the job's fence; raise Superseded if it moved."""
    export = db.session.get(Export, job.export_id, populate_existing=True)
    if export is None or not _sources_current(export):
        if export is not None and export.status == ExportStatus.PROCESSING and export.job == job.number:
            export.status, export.error = ExportStatus.FAILED, CHANGED
        db.session.commit()
        raise Superseded(f"{job.name} superseded")
    done = db.session.execute(update(Export).where(*_fence(job)).values(**values)
                              .execution_options(synchronize_session=False))
    if done.rowcount != 1:
        db.session.rollback()
        raise Superseded(f"{job.name} superseded")
    db.session.commit()


def claim(export_id: int) -> ExportJob | None:
    """Take a queued export (or one whose worker died); None when it is gone, done or live elsewhere."""
    export = db.session.get(Export, export_id)
    if export is None:
        return None
    stale = utcnow().timestamp() - current_app.config["STALE_AFTER"]
    if export.status == ExportStatus.PROCESSING and (export.heartbeat_at is None
                                                      or export.heartbeat_at.timestamp() >= stale):
        return None
    if export.status not in (ExportStatus.QUEUED, ExportStatus.PROCESSING):
        return None
    number, status, clip_id = export.job + 1, export.status, export.clip_id
    done = db.session.execute(update(Export).where(Export.id == export_id, Export.job == number - 1,
                                                   Export.status == status)
                              .values(status=ExportStatus.PROCESSING, job=number,
                                      heartbeat_at=utcnow(), progress=0.0)
                              .execution_options(synchronize_session=False))
    db.session.commit()
    return ExportJob(export_id, number, clip_id) if done.rowcount == 1 else None


def beat(job: ExportJob) -> bool:
    """Say the export's job is alive; False when it was superseded."""
    try:
        _set(job, heartbeat_at=utcnow())
    except Superseded:
        return False
    return True


@queue.task()
def make_export(export_id: int, size: float = 1.0) -> None:
    """Claim the export and make its file; a withdrawal or a new version stops it and removes it."""
    job = claim(export_id)
    if job is None:
        log.info("export %s: not claimable (gone, done, or another worker has it)", export_id)
        return
    export = db.session.get(Export, export_id)
    clip_uuid = db.session.get(Clip, job.clip_id).uuid
    key = export_key(clip_uuid, secrets.token_urlsafe(24))
    app = current_app._get_current_object()
    store = _storage()
    try:
        with Heartbeat(app, job, beat=beat, name=job.name) as heart, \
                job_folder(app, f"export{job.export_id}-job{job.number}") as folder, contextlib.ExitStack() as stack:
            clips = [db.session.get(Clip, int(i)) for i in export.versions]
            paths, rates, slows = [], [], []
            for i, clip in enumerate(clips):
                rung = rendition_for(clip, cell_size(export.shape, export.layout, size))
                (folder / f"source{i}").mkdir()
                key_of = media_prefix(clip.uuid, clip.version) + rung["name"]
                paths.append(stack.enter_context(store.local_path(key_of, folder / f"source{i}", ".mp4")))
                rates.append(rung.get("fps") or clip.fps or 30.0)
                slow = slow_rendition(clip) if export_has_notes(export) else None
                if slow is not None:
                    key_of = media_prefix(clip.uuid, clip.version) + slow["name"]
                    (folder / f"slow{i}").mkdir()
                    local = stack.enter_context(store.local_path(key_of, folder / f"slow{i}", ".mp4"))
                    slow = SlowSource(local, slow["fps"], slow["factor"], slow["seconds"])
                slows.append(slow)
            plan = plan_for(export, paths, rates, size, slows)
            result = export_video(plan, folder / "export.mp4", folder / "text",
                                  on_progress=_progress_writer(job, heart))
            heart.check()
            store.put_file(key, result.path)
            _set(job, status=ExportStatus.READY, progress=1.0, key=key, bytes=result.bytes,
                 duration=result.duration, error=None)
    except Superseded:
        log.info("%s superseded; its file removed", job.name)
        _remove(store, key)
    except (media.MediaError, StorageError) as exc:
        log.warning("%s failed: %s", job.name, getattr(exc, "detail", "") or exc)
        _remove(store, key)
        reason = getattr(exc, "reason", "Storage was unavailable while exporting.")
        with contextlib.suppress(Superseded):
            _set(job, status=ExportStatus.FAILED, error=reason)
    except BaseException:
        _remove(store, key)
        with contextlib.suppress(Superseded):
            _set(job, status=ExportStatus.FAILED, error="The export failed; try again.")
        raise


def requeue_stale(missing: dict[int, Any] | None = None) -> int:
    """Queue again the exports of dead workers (processing, no heartbeat for STALE_AFTER) and the
    exports the queue lost (queued, no `make_export` job held for them), as the clip reaper does.
    `missing`: see lifecycle.to_requeue.
    """
    now = utcnow()
    dead = now - timedelta(seconds=current_app.config["STALE_AFTER"])
    lost = now - timedelta(seconds=LOST_AFTER)
    stale = or_((Export.status == ExportStatus.PROCESSING) & (Export.heartbeat_at < dead),
                (Export.status == ExportStatus.QUEUED)
                & or_(Export.heartbeat_at.is_(None), Export.heartbeat_at < lost))
    rows = db.session.execute(select(Export.id, Export.job, Export.status, Export.heartbeat_at)
                              .where(stale)).all()
    held = {args[0] for args in queue.held(current_app, "make_export") if args} if rows else set()
    count = 0
    waiting = lambda export_id, _job: export_id in held  # noqa: E731
    for export_id, number, status, beat in to_requeue(rows, waiting, missing, ExportStatus.PROCESSING):
        # compare-and-set: one reaper takes it up, and not if its job beat since we looked
        moved = db.session.execute(
            update(Export).where(Export.id == export_id, Export.job == number, Export.status == status,
                                 Export.heartbeat_at.is_(None) if beat is None else Export.heartbeat_at == beat)
            .values(status=ExportStatus.QUEUED, heartbeat_at=utcnow())
            .execution_options(synchronize_session=False))
        db.session.commit()
        if moved.rowcount == 1:
            log.warning("export %s: %s, queueing it again", export_id,
                        "stale job" if status == ExportStatus.PROCESSING else "its job is gone from the queue")
            queue.enqueue(current_app, "make_export", export_id)
            count += 1
    return count


def _remove(store: Storage, key: str) -> None:
    try:
        store.delete(key)
    except StorageError as exc:
        log.warning("could not delete %s: %s", key, exc)


def _progress_writer(job: ExportJob, heart: Heartbeat):
    last = [0.0]

    def write(fraction: float) -> None:
        heart.check()  # a superseded job stops here: its ffmpeg is killed
        now = time.monotonic()
        if now - last[0] >= PROGRESS_EVERY:
            last[0] = now
            _set(job, progress=round(min(fraction, 0.99), 4), heartbeat_at=utcnow())
    return write
