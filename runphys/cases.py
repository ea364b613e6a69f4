"""Business rules for cases, stages, clips, notes and consent. Plain functions, no request."""
from __future__ import annotations

import logging
import math
import secrets
from datetime import date
from pathlib import Path
from typing import IO, Iterable

from flask import current_app
from slugify import slugify
from sqlalchemy import delete, select

from . import lifecycle
from .extensions import db
from .models import (
    AuditEvent,
    Case,
    CaseKind,
    CaseStatus,
    Category,
    Clip,
    ClipView,
    Consent,
    Drawing,
    Export,
    Note,
    Role,
    Stage,
    StageKind,
    User,
    new_uuid,
    utcnow,
)
from .storage import Storage, consent_key, media_prefix, original_key

log = logging.getLogger(__name__)


class RuleError(Exception):
    """A request breaks a rule; `.status` is the HTTP status an API answers with."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status




def check_seconds(*times: float | None) -> None:
    """Refuse a time that is not a number (NaN) or is infinite; None means 'not given'."""
    if any(t is not None and not math.isfinite(t) for t in times):
        raise RuleError("A time must be a finite number of seconds.")


def storage() -> Storage:
    return current_app.extensions["runphys.storage"]


def audit(user: User | None, action: str, target: str, detail: str = "") -> None:
    db.session.add(AuditEvent(user_id=user.id if user else None, action=action, target=target, detail=detail))


def check_editor(user: User, case: Case, what: str = "case") -> None:
    """Refuse a user who may not edit the case as if the `what` of it asked for did not exist (404),
    so that nobody can tell which ids are someone else's."""
    if not user.can_edit(case):
        raise RuleError(f"No such {what}.", 404)


def editable_cases(user: User) -> list[Case]:
    """The cases a user may edit, most recently changed first."""
    query = select(Case).order_by(Case.updated_at.desc(), Case.id.desc())
    if user.role == Role.PHYSIO:
        query = query.where(Case.author_id == user.id)
    return list(db.session.scalars(query))


def unique_slug(title: str, exclude_id: int | None = None) -> str:
    """A URL slug made from the title, numbered when already taken."""
    base = slugify(title, max_length=80, word_boundary=True) or "case"
    slug, n = base, 2
    while True:
        found = db.session.scalar(select(Case.id).where(Case.slug == slug))
        if found is None or found == exclude_id:
            return slug
        slug, n = f"{base}-{n}", n + 1


def categories_named(names: Iterable[str]) -> list[Category]:
    """Look categories up by name or slug; unknown ones are an error."""
    found = []
    for name in names:
        cat = db.session.scalar(select(Category).where((Category.name == name) | (Category.slug == name)))
        if cat is None:
            raise RuleError(f"Unknown category: {name}")
        found.append(cat)
    return found


TITLE_NEEDED = "A case needs a title."


def create_case(author: User, title: str, summary: str = "", client_alias: str = "",
                categories: Iterable[str] = (), kind: CaseKind = CaseKind.CASE) -> Case:
    title = title.strip()
    if not title:
        raise RuleError(TITLE_NEEDED)
    case = Case(title=title, slug=unique_slug(title), summary=summary.strip(), client_alias=client_alias.strip(),
                author=author, kind=kind, categories=categories_named(categories))
    db.session.add(case)
    db.session.commit()
    return case


def add_stage(case: Case, kind: str, title: str = "", body: str = "") -> Stage:
    try:
        stage_kind = StageKind(kind)
    except ValueError:
        raise RuleError("kind must be one of: initial, drill, result, section") from None
    stage = Stage(case=case, kind=stage_kind, title=title.strip() or stage_kind.label, body=body,
                  position=len(case.stages))
    db.session.add(stage)
    db.session.commit()
    return stage


def parse_view(view: str | None) -> ClipView:
    try:
        return ClipView(view or "other")
    except ValueError:
        raise RuleError("view must be one of: side, behind, front, other") from None


def check_takes_video(case: Case) -> None:
    """Refuse new video for a case whose consent was withdrawn (its originals were deleted for good)."""
    if case.status == CaseStatus.WITHDRAWN:
        raise RuleError("Consent for this case was withdrawn: it takes no new video.", 409)


def new_clip(stage: Stage, filename: str, caption: str = "", view: str | None = None) -> Clip:
    """A clip row waiting for its original (not yet committed)."""
    check_takes_video(stage.case)
    clip = Clip(uuid=new_uuid(), stage=stage, caption=caption.strip()[:300], view=parse_view(view),
                original_name=filename[:255], position=len(stage.clips))
    clip.original_key = original_key(clip.uuid, filename)
    db.session.add(clip)
    return clip


def add_clip_from_stream(stage: Stage, stream: IO[bytes], filename: str, caption: str = "",
                         view: str | None = None) -> Clip:
    """Store an uploaded original, commit the clip, then queue its processing."""
    clip = new_clip(stage, filename, caption, view)
    store_original(clip, stream)
    db.session.commit()
    enqueue_clip(clip)
    return clip


def store_original(clip: Clip, stream: IO[bytes]) -> None:
    """Store a new clip's original from a stream; refuse an empty or too large file, leaving nothing."""
    size = storage().put_stream(clip.original_key, stream)
    if size == 0:
        storage().delete(clip.original_key)
        db.session.rollback()
        raise RuleError("The file is empty.")
    if size > current_app.config["MAX_UPLOAD_BYTES"]:
        storage().delete(clip.original_key)
        db.session.rollback()
        raise RuleError(UPLOAD_TOO_LARGE, 413)
    clip.original_size = size


UPLOAD_TOO_LARGE = "The file is larger than the upload limit."


def enqueue_clip(clip: Clip) -> None:
    """Commit the clip and ask for a new version of it; a job already running is superseded."""
    if clip.case.status == CaseStatus.WITHDRAWN:
        db.session.rollback()
        raise RuleError("Consent for this case was withdrawn; its clips are not processed again.", 409)
    lifecycle.request_processing(clip)


def check_moment(clip: Clip, t: float | None, what: str = "The note's time") -> None:
    """Refuse a moment outside the clip's source (seconds from the uploaded file's first frame)."""
    if t is None or t < 0 or (clip.source_duration is not None and t > clip.source_duration + 0.05):
        raise RuleError(f"{what} is outside the clip.")


def reprocess_clip(clip: Clip) -> None:
    """Make a new version of the clip from its original and settings."""
    if not clip.original_key or not storage().exists(clip.original_key):
        raise RuleError("This clip has no original file to process.", 409)
    enqueue_clip(clip)


def add_note(clip: Clip, t: float, text: str, end: float | None = None) -> Note:
    text = (text or "").strip()
    if not text:
        raise RuleError("A note needs text.")
    check_seconds(t, end)
    check_moment(clip, t)
    if end is not None and end <= t:
        raise RuleError("A note's end must come after its start.")
    note = Note(clip=clip, t=float(t), end=end, text=text[:2000])
    db.session.add(note)
    db.session.commit()
    return note


def record_consent(case: Case, by: User, client_name: str, consented_on: date, scope_site: bool = True,
                   scope_embeds: bool = False, document: IO[bytes] | None = None,
                   document_name: str = "") -> Consent:
    if case.status == CaseStatus.WITHDRAWN:
        raise RuleError("Consent for this case was withdrawn; it cannot be recorded again.", 409)
    if not client_name.strip():
        raise RuleError("Consent needs the client's name.")
    if not scope_site:
        raise RuleError("Consent must at least cover publishing on this site.")
    consent = Consent(case=case, client_name=client_name.strip(), consented_on=consented_on,
                      scope_site=scope_site, scope_embeds=scope_embeds, recorded_by_id=by.id)
    if document is not None:
        consent.document_key = consent_key(case.id, secrets.token_hex(8), document_name)
        consent.document_name = document_name[:255]  # the stored key has its own short, safe name
        storage().put_stream(consent.document_key, document)
    db.session.add(consent)
    audit(by, "consent.recorded", f"case:{case.id}")
    db.session.commit()
    return consent


def publish_case(case: Case, by: User, status: CaseStatus = CaseStatus.PUBLISHED) -> Case:
    """Publish (or make unlisted); refused without consent."""
    if case.status == CaseStatus.WITHDRAWN:
        raise RuleError("Consent for this case was withdrawn; it cannot be published again.", 409)
    if case.active_consent is None:
        raise RuleError("Record the client's consent before publishing this case.", 409)
    case.status = status
    if case.published_at is None and status == CaseStatus.PUBLISHED:
        case.published_at = utcnow()
    audit(by, f"case.{status.value}", f"case:{case.id}")
    db.session.commit()
    return case


def withdraw_consent(case: Case, by: User) -> None:
    """Take the case down at once: status withdrawn, then every file of its video deleted (public media,
    the raw originals, the subtitles), with an audit row that says what went."""
    for consent in case.consents:
        if consent.withdrawn_at is None:
            consent.withdrawn_at = utcnow()
            consent.withdrawn_by_id = by.id
    case.status = CaseStatus.WITHDRAWN
    # exports go with the rows (a running export job finds its row gone and deletes its file);
    # their files are in the clips' media folders, which lifecycle.withdraw deletes
    db.session.execute(delete(Export).where(Export.case_id == case.id))
    # drawings trace the client's body on the video: they go with it (the notes' text stays)
    note_ids = select(Note.id).join(Clip).where(Clip.id.in_([c.id for c in case.clips]))
    db.session.execute(delete(Drawing).where(Drawing.note_id.in_(note_ids)),
                       execution_options={"synchronize_session": False})
    audit(by, "consent.withdrawn", f"case:{case.id}")
    db.session.commit()
    deleted = lifecycle.withdraw(case)
    originals = subtitles = 0
    for clip in case.clips:
        if clip.original_key:
            storage().delete(clip.original_key)
            originals += 1
        if clip.subtitles_key:
            storage().delete(clip.subtitles_key)
            subtitles += 1
        clip.original_key = clip.subtitles_key = None
    log.info("withdrawal of case %s: deleted %d public files and the private files of %d clips at once",
             case.id, deleted, len(case.clips))
    audit(by, "consent.media_deleted", f"case:{case.id}",
          f"{_count(len(case.clips), 'clip')}: {_count(deleted, 'public file')}, {_count(originals, 'original')}, "
          f"{_count(subtitles, 'subtitles file')}")
    db.session.commit()


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def clip_media_url(clip: Clip, name: str) -> str:
    return storage().public_url(media_prefix(clip.uuid, clip.version) + name)


def seed_categories() -> None:
    from .models import SEED_CATEGORIES
    for name in SEED_CATEGORIES:
        if db.session.scalar(select(Category).where(Category.name == name)) is None:
            db.session.add(Category(name=name, slug=slugify(name)))
    db.session.commit()


def local_suffix(name: str) -> str:
    return Path(name).suffix.lower()[:10]


SEED_PAGES = (
    ("injury-prevention", "Injury Prevention", 1,
     "Most running injuries build up slowly, from a small habit repeated thousands of times a week. "
     "The cases on this site show such habits on video and the drills that changed them.\n\n"
     "*This page is a placeholder: the physiotherapist will write it.*"),
    ("about", "About", 2,
     "RunPhys is a physiotherapy practice for runners. We film how you run, show you what we see, "
     "and give you a few drills to change it.\n\n*This page is a placeholder.*"),
    ("contact", "Contact", 3,
     "To book a running assessment, write to us or call the clinic.\n\n*This page is a placeholder: "
     "add the clinic's address and hours here.*"),
)


def seed_pages() -> None:
    """Create the standard navigation pages once (their text is a placeholder to edit)."""
    from .models import Page
    for slug, title, position, body in SEED_PAGES:
        if db.session.scalar(select(Page).where(Page.slug == slug)) is None:
            db.session.add(Page(slug=slug, title=title, position=position, body=body, in_nav=True))
    db.session.commit()
