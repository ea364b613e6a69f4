"""Authoring rules beyond cases.py: edit, reorder and delete stages, clips and notes; pages;
comparisons; consent documents and subtitles checks. Plain functions, no request."""
from __future__ import annotations

import io
import logging
import re
from typing import IO, Iterable

from flask import current_app
from slugify import slugify
from sqlalchemy import select

from .. import cases, lifecycle
from ..cases import RuleError, audit, check_seconds, storage
from ..extensions import QUEUE_DOWN, db, queue
from ..models import Case, CaseStatus, Clip, Comparison, Note, Page, Role, Stage, User
from ..timeline import source_time

log = logging.getLogger(__name__)


def update_case(case: Case, by: User, title: str, slug: str, summary: str, client_alias: str,
                categories: Iterable[str], cover_clip_id: int | None) -> Case:
    """Save the case's details (audited: who changed which); the slug is made from the title when left
    empty, and must be unique."""
    title = title.strip()
    if not title:
        raise RuleError(cases.TITLE_NEEDED)
    before = case_details(case)
    wanted = slugify(slug or "", max_length=80, word_boundary=True)
    if wanted:
        taken = db.session.scalar(select(Case.id).where(Case.slug == wanted, Case.id != case.id))
        if taken is not None:
            raise RuleError(f"The address “{wanted}” is already used by another case.", 409)
        case.slug = wanted
    elif not case.slug:
        case.slug = cases.unique_slug(title, exclude_id=case.id)
    case.title, case.summary, case.client_alias = title, summary.strip(), client_alias.strip()
    case.categories = cases.categories_named(categories)
    if cover_clip_id and cover_clip_id not in {c.id for c in case.clips}:
        raise RuleError("The cover clip must be one of this case's clips.")
    case.cover_clip_id = cover_clip_id or None
    after = case_details(case)
    changed = [name for name in after if after[name] != before[name]]
    if changed:
        audit(by, "case.edited", f"case:{case.id}", ", ".join(changed))
    db.session.commit()
    if "title" in changed:
        remake_case_social_image(case)
    return case


def remake_case_social_image(case: Case) -> None:
    """Queue the chosen-frame social image again (it carries the title); the worker makes it."""
    clip = next((c for c in case.clips if c.id == case.social_clip_id), None)
    if clip is None or not clip.is_playable:
        return
    try:
        queue.enqueue(current_app, "make_case_social_image", case.id, clip.id, clip.version)
    except QUEUE_DOWN as exc:  # the title is saved; the image keeps the old title until the next change
        log.warning("case %s: social image not queued (%s)", case.id, exc)


SOCIAL_CLIP_NEEDED = "The social image's clip must be a ready clip of this case."


def choose_social_frame(case: Case, by: User, clip_id: int, played_t: float) -> None:
    """Choose the frame of the case's social image (a ready clip, a time of its published version);
    the worker makes the image (no web request runs ffmpeg)."""
    clip = next((c for c in case.clips if c.id == clip_id), None)
    if clip is None or not clip.is_playable:
        raise RuleError(SOCIAL_CLIP_NEEDED)
    check_seconds(played_t)
    if played_t < 0 or played_t > (clip.duration or 0.0):
        raise RuleError("The moment is outside the clip.")
    case.social_clip_id, case.social_t = clip.id, source_time(clip, played_t)
    audit(by, "case.social_image", f"case:{case.id}", f"clip {clip.id} at {played_t:g} s")
    db.session.commit()
    queue.enqueue(current_app, "make_case_social_image", case.id, clip.id, clip.version)


def case_details(case: Case) -> dict[str, object]:
    """The details update_case saves, in the order the audit trail names them."""
    return {"title": case.title, "slug": case.slug, "summary": case.summary, "client_alias": case.client_alias,
            "categories": sorted(c.slug for c in case.categories), "cover_clip_id": case.cover_clip_id}


def set_status(case: Case, by: User, status: CaseStatus) -> Case:
    """Publish, unlist or return to draft; publishing and unlisting need consent."""
    if status in (CaseStatus.PUBLISHED, CaseStatus.UNLISTED):
        return cases.publish_case(case, by, status)
    if status == CaseStatus.DRAFT:
        if case.status == CaseStatus.WITHDRAWN:
            raise RuleError("Consent for this case was withdrawn; it stays off the site.", 409)
        case.status = CaseStatus.DRAFT
        audit(by, "case.draft", f"case:{case.id}")
        db.session.commit()
        return case
    raise RuleError("Withdraw consent on the consent page to take a case down for good.")


def update_stage(stage: Stage, title: str, body: str) -> Stage:
    stage.title = title.strip() or stage.kind.label
    stage.body = body
    db.session.commit()
    return stage


def _move(items: list, item, step: int) -> None:
    index = items.index(item)
    target = index + step
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    for position, row in enumerate(items):
        row.position = position


def move_stage(stage: Stage, step: int) -> None:
    """Move a stage up (-1) or down (+1) within its case."""
    _move(list(stage.case.stages), stage, step)
    db.session.commit()


def delete_stage(stage: Stage) -> None:
    """Delete a stage with its clips, their originals and public media."""
    case = stage.case
    for clip in list(stage.clips):
        _drop_comparisons(clip)
        if case.cover_clip_id == clip.id:
            case.cover_clip_id = None
        lifecycle.delete(clip)
    db.session.delete(stage)
    db.session.flush()
    for position, row in enumerate(s for s in case.stages if s is not stage):
        row.position = position
    db.session.commit()


def move_clip(clip: Clip, step: int) -> None:
    _move(list(clip.stage.clips), clip, step)
    db.session.commit()


def reorder_clips(stage: Stage, clip_ids: list[int]) -> None:
    """Put the stage's clips in the given order (every clip of the stage, each once)."""
    clips = {c.id: c for c in stage.clips}
    if sorted(clip_ids) != sorted(clips):
        raise RuleError("The new order must list every clip of the stage once.", 409)
    for position, clip_id in enumerate(clip_ids):
        clips[clip_id].position = position
    db.session.commit()


def _drop_comparisons(clip: Clip) -> None:
    for comparison in db.session.scalars(select(Comparison).where(
            (Comparison.before_clip_id == clip.id) | (Comparison.after_clip_id == clip.id))):
        db.session.delete(comparison)


def delete_case(case: Case, by: User) -> None:
    """Delete a draft or withdrawn case with its clips' files and its consent documents; keep the audit."""
    if case.status in (CaseStatus.PUBLISHED, CaseStatus.UNLISTED):
        raise RuleError("Return the case to draft before deleting it.", 409)
    for stage in list(case.stages):
        delete_stage(stage)
    for consent in case.consents:
        if consent.document_key:
            storage().delete(consent.document_key)
    audit(by, "case.deleted", f"case:{case.id}", case.title)
    db.session.delete(case)
    db.session.commit()


def delete_clip(clip: Clip) -> None:
    """Delete a clip, its original and its public media; unset it where it was the cover."""
    stage = clip.stage
    case = stage.case
    if case.cover_clip_id == clip.id:
        case.cover_clip_id = None
    _drop_comparisons(clip)
    lifecycle.delete(clip)
    db.session.flush()
    for position, row in enumerate(c for c in stage.clips if c is not clip):
        row.position = position
    db.session.commit()


def label_clip(clip: Clip, caption: str, view: str) -> Clip:
    """Set a clip's caption and view (nothing to process again)."""
    clip.caption = caption.strip()[:300]
    clip.view = cases.parse_view(view)
    db.session.commit()
    return clip


def update_clip(clip: Clip, caption: str, view: str, trim_in: float | None, trim_out: float | None,
                strip_audio: bool) -> bool:
    """Save a clip's settings; re-process it into a new version when trim or audio changed.

    Trims are times on the source (the uploaded file), checked against its duration; a job
    already running for the clip is superseded by the new one.
    """
    check_seconds(trim_in, trim_out)
    if trim_in is not None and trim_in < 0:
        raise RuleError("Trim in must be 0 or later.")
    if trim_in is not None and trim_out is not None and trim_out <= trim_in:
        raise RuleError("Trim out must come after trim in.")
    source = clip.source_duration
    if source and trim_out is not None and trim_out > source + 0.05:
        raise RuleError(f"Trim out is past the end of the clip ({source:.2f} s).")
    if source and trim_in is not None and trim_in >= source:
        raise RuleError(f"Trim in is past the end of the clip ({source:.2f} s).")
    if trim_in == 0:
        trim_in = None
    reprocess = (trim_in, trim_out, strip_audio) != (clip.trim_in, clip.trim_out, clip.strip_audio)
    if reprocess and clip.case.status == CaseStatus.WITHDRAWN:
        raise RuleError("Consent for this case was withdrawn; its clips are not processed again.", 409)
    clip.caption = caption.strip()[:300]
    clip.view = cases.parse_view(view)
    clip.trim_in, clip.trim_out, clip.strip_audio = trim_in, trim_out, strip_audio
    if reprocess and clip.original_key:
        cases.enqueue_clip(clip)
    else:
        db.session.commit()
    return reprocess


def delete_note(note: Note) -> None:
    db.session.delete(note)
    db.session.commit()


def update_note(note: Note, t: float, text: str, end: float | None = None) -> Note:
    """Edit a note's text or move it to another time."""
    text = (text or "").strip()
    if not text:
        raise RuleError("A note needs text.")
    check_seconds(t, end)
    cases.check_moment(note.clip, t)
    if end is not None and end <= t:
        raise RuleError("A note's end must come after its start.")
    note.t, note.text, note.end = float(t), text[:2000], end
    db.session.commit()
    return note


def save_comparison(case: Case, before_id: int, after_id: int, before_offset: float, after_offset: float,
                    title: str) -> Comparison:
    """Create or update the case's before/after comparison."""
    ids = {c.id for c in case.clips}
    if before_id not in ids or after_id not in ids:
        raise RuleError("Pick the before and after clips from this case.")
    if before_id == after_id:
        raise RuleError("The before and after clips must be different clips.")
    check_seconds(before_offset, after_offset)
    if before_offset < 0 or after_offset < 0:
        raise RuleError("Sync points are times from the start of each clip (0 or later).")
    clips = {c.id: c for c in case.clips}
    cases.check_moment(clips[before_id], before_offset, "The before clip's sync point")
    cases.check_moment(clips[after_id], after_offset, "The after clip's sync point")
    comparison = comparison_of(case) or Comparison(case=case)
    comparison.before_clip_id, comparison.after_clip_id = before_id, after_id
    comparison.before_offset, comparison.after_offset = before_offset, after_offset
    comparison.title = title.strip() or "Before and after"
    db.session.add(comparison)
    db.session.commit()
    return comparison


def add_comparison(case: Case, before_id: int, after_id: int, before_offset: float, after_offset: float,
                   title: str) -> Comparison:
    """Create the case's before/after comparison (a case has one)."""
    if comparison_of(case) is not None:
        raise RuleError("This case already has a comparison; change that one instead.", 409)
    return save_comparison(case, before_id, after_id, before_offset, after_offset, title)


def delete_comparison(comparison: Comparison) -> None:
    db.session.delete(comparison)
    db.session.commit()


def comparison_of(case: Case) -> Comparison | None:
    return db.session.scalar(select(Comparison).where(Comparison.case_id == case.id).order_by(Comparison.id))


def check_page_editor(user: User) -> None:
    """Refuse (403) a physio: the site's own pages are edited by editors and admins."""
    if user.role == Role.PHYSIO:
        raise RuleError("Only editors and admins edit the site's pages.", 403)


def save_page(page: Page, title: str, slug: str, body: str, in_nav: bool) -> Page:
    title = title.strip()
    if not title:
        raise RuleError("A page needs a title.")
    slug = slugify(slug or title, max_length=80)
    taken = db.session.scalar(select(Page.id).where(Page.slug == slug, Page.id != page.id))
    if taken is not None:
        raise RuleError(f"The address “{slug}” is already used by another page.", 409)
    page.title, page.slug, page.body, page.in_nav = title, slug, body, in_nav
    db.session.add(page)
    db.session.commit()
    return page


# Signed consent forms: PDF or a photo, recognised by their first bytes, not their name.
DOCUMENT_MAGIC = ((b"%PDF-", ".pdf", "application/pdf"), (b"\xff\xd8\xff", ".jpg", "image/jpeg"),
                  (b"\x89PNG\r\n\x1a\n", ".png", "image/png"))


def document_type(head: bytes) -> tuple[str, str] | None:
    """(suffix, MIME type) of a PDF/JPEG/PNG/HEIC document from its first bytes, else None."""
    for magic, suffix, mime in DOCUMENT_MAGIC:
        if head.startswith(magic):
            return suffix, mime
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"heif"):
        return ".heic", "image/heic"
    return None


def check_document(stream: IO[bytes], max_bytes: int) -> str:
    """Refuse a consent document that is not a PDF or photo, or too large; return its suffix."""
    head = stream.read(16)
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(0)
    kind = document_type(head)
    if kind is None:
        raise RuleError("The signed form must be a PDF or a photo (JPEG, PNG or HEIC).")
    if size > max_bytes:
        raise RuleError(f"The signed form is larger than {max_bytes // 1024**2} MiB.", 413)
    return kind[0]


def consent_page_audit(case: Case):
    from ..models import AuditEvent
    return db.session.scalars(select(AuditEvent).where(AuditEvent.target == f"case:{case.id}")
                              .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())).all()


# Subtitles: WebVTT only, parsed cue by cue, cue text reduced to plain text.
_TIMING = re.compile(r"^(?:(\d+):)?([0-5]\d):([0-5]\d)\.(\d{3})\s+-->\s+(?:(\d+):)?([0-5]\d):([0-5]\d)\.(\d{3})(.*)$")
_TAG = re.compile(r"<[^>]*>")


def _seconds(h: str | None, m: str, s: str, ms: str) -> float:
    return int(h or 0) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000


def clean_webvtt(data: bytes) -> str:
    """Parse a WebVTT file and return a rebuilt, sanitised copy; refuse anything else."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RuleError("Subtitles must be a UTF-8 WebVTT (.vtt) file.") from None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not lines or not re.match(r"^WEBVTT(?:[ \t].*)?$", lines[0]):
        raise RuleError("This is not a WebVTT file: it must start with “WEBVTT”.")
    cues: list[str] = []
    i = 1
    while i < len(lines):
        line = lines[i].strip()
        match = _TIMING.match(line)
        if match is None:
            i += 1
            continue
        g = match.groups()
        start, end = _seconds(*g[0:4]), _seconds(*g[4:8])
        if end <= start:
            raise RuleError(f"Cue at line {i + 1} ends before it starts.")
        i += 1
        body = []
        while i < len(lines) and lines[i].strip():
            body.append(_TAG.sub("", lines[i]).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
            i += 1
        timing = line.split("-->")[0].strip() + " --> " + match.group(0).split("-->")[1].strip().split()[0]
        cues.append(timing + "\n" + "\n".join(body))
    if not cues:
        raise RuleError("The subtitles file has no cues.")
    return "WEBVTT\n\n" + "\n\n".join(cues) + "\n"


def set_subtitles(clip: Clip, data: bytes | None) -> None:
    """Store sanitised subtitles for a clip (None removes them); a file that is refused changes nothing."""
    old = clip.subtitles_key
    if data is None:
        clip.subtitles_key = None
    else:
        clean = clean_webvtt(data)  # refuses before anything is touched
        clip.subtitles_key = f"originals/{clip.uuid}/subtitles.vtt"
        storage().put_stream(clip.subtitles_key, io.BytesIO(clean.encode()))
    db.session.commit()
    if old and old != clip.subtitles_key:
        storage().delete(old)


def withdraw(case: Case, by: User) -> None:
    """Withdraw consent: the case leaves the site at once (see cases.withdraw_consent)."""
    if case.status == CaseStatus.WITHDRAWN:
        raise RuleError("Consent was already withdrawn.", 409)
    cases.withdraw_consent(case, by)
