"""SQLAlchemy 2 typed models."""
from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from datetime import date, datetime, timezone
from enum import StrEnum
from typing import Any, Optional

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    String,
    Table,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from .extensions import db


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def new_uuid() -> str:
    return uuid.uuid4().hex


def new_session_token() -> str:
    return secrets.token_hex(16)


def _enum(cls: type[StrEnum]) -> Enum:
    return Enum(cls, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e],
                validate_strings=True)


class Role(StrEnum):
    PHYSIO = "physio"
    EDITOR = "editor"
    ADMIN = "admin"


class CaseKind(StrEnum):
    CASE = "case"
    POST = "post"


class CaseStatus(StrEnum):
    DRAFT = "draft"
    UNLISTED = "unlisted"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


class StageKind(StrEnum):
    INITIAL = "initial"
    DRILL = "drill"
    RESULT = "result"
    SECTION = "section"  # a plain post's section

    @property
    def label(self) -> str:
        return {"initial": "Initial form", "drill": "Drills", "result": "Result", "section": ""}[self.value]


class ClipView(StrEnum):
    SIDE = "side"
    BEHIND = "behind"
    FRONT = "front"
    OTHER = "other"


class ClipStatus(StrEnum):
    UPLOADED = "uploaded"
    QUEUED = "queued"
    PROCESSING = "processing"
    READY = "ready"
    FAILED = "failed"


class ExportStatus(StrEnum):
    QUEUED = "queued"
    PROCESSING = "processing"
    READY = "ready"
    FAILED = "failed"


class CommentStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    SPAM = "spam"


# Ids appear in links (studio, anchors, the API): SQLite must never hand a deleted row's id to a new
# row (AUTOINCREMENT), or a bookmark, a cached page or a stray comment would find the wrong case.
# PostgreSQL sequences never reuse ids anyway.
NEVER_REUSE_IDS = {"sqlite_autoincrement": True}


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC datetime on every backend (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Optional[datetime], dialect: Any) -> Optional[datetime]:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime")
        return value.astimezone(timezone.utc) if value is not None else None

    def process_result_value(self, value: Optional[datetime], dialect: Any) -> Optional[datetime]:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = NEVER_REUSE_IDS
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    role: Mapped[Role] = mapped_column(_enum(Role), default=Role.PHYSIO)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Part of the id every session and remember-me cookie holds: a new one ends them all.
    session_token: Mapped[str] = mapped_column(String(32), default=new_session_token)

    cases: Mapped[list["Case"]] = relationship(back_populates="author")

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    def get_id(self) -> str:  # Flask-Login: what the session and the remember-me cookie hold
        return f"{self.id}:{self.session_token}"

    def holds(self, session_token: str) -> bool:
        """Whether a session or cookie made with `session_token` is still this user's."""
        return self.active and hmac.compare_digest(self.session_token or "", session_token)

    def end_sessions(self) -> None:
        """End every session and remember-me cookie of this user (on their next request)."""
        self.session_token = new_session_token()

    @property
    def display_name(self) -> str:
        return self.name or self.email.split("@")[0]

    @property
    def public_name(self) -> str:
        """The name readers see: the account's name, never anything made from its email."""
        return self.name.strip() or "Physiotherapist"

    def set_password(self, password: str) -> None:
        """Set a new password; it ends every session of the old one."""
        self.password_hash = generate_password_hash(password, method="scrypt")
        self.end_sessions()

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    def can_edit(self, case: "Case") -> bool:
        return self.role in (Role.EDITOR, Role.ADMIN) or case.author_id == self.id


class ApiToken(db.Model):
    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(120), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_used_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


case_categories = Table(
    "case_categories", db.metadata,
    Column("case_id", ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
    Column("category_id", ForeignKey("categories.id", ondelete="CASCADE"), primary_key=True),
)


class Category(db.Model):
    __tablename__ = "categories"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)


class Case(db.Model):
    __tablename__ = "cases"
    __table_args__ = NEVER_REUSE_IDS
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[CaseKind] = mapped_column(_enum(CaseKind), default=CaseKind.CASE)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    client_alias: Mapped[str] = mapped_column(String(80), default="")
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[CaseStatus] = mapped_column(_enum(CaseStatus), default=CaseStatus.DRAFT, index=True)
    published_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime(), index=True)
    cover_clip_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("clips.id", use_alter=True, name="fk_cases_cover_clip", ondelete="SET NULL"))
    # the frame chosen for the case's social image: a clip and a moment on its source timeline
    social_clip_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("clips.id", use_alter=True, name="fk_cases_social_clip", ondelete="SET NULL"))
    social_t: Mapped[Optional[float]] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    author: Mapped[User] = relationship(back_populates="cases")
    categories: Mapped[list[Category]] = relationship(secondary=case_categories, order_by="Category.name")
    stages: Mapped[list["Stage"]] = relationship(back_populates="case", order_by="Stage.position",
                                                 cascade="all, delete-orphan")
    cover_clip: Mapped[Optional["Clip"]] = relationship(foreign_keys=[cover_clip_id], post_update=True)
    social_clip: Mapped[Optional["Clip"]] = relationship(foreign_keys=[social_clip_id], post_update=True)
    consents: Mapped[list["Consent"]] = relationship(back_populates="case", cascade="all, delete-orphan",
                                                     order_by="Consent.created_at")

    @property
    def is_public(self) -> bool:
        return self.status in (CaseStatus.PUBLISHED, CaseStatus.UNLISTED)

    @property
    def clips(self) -> list["Clip"]:
        return [clip for stage in self.stages for clip in stage.clips]

    @property
    def active_consent(self) -> Optional["Consent"]:
        return next((c for c in reversed(self.consents) if c.withdrawn_at is None), None)

    def poster_clip(self) -> Optional["Clip"]:
        """The clip that represents the case: its cover, else its first ready clip."""
        if self.cover_clip is not None and self.cover_clip.status == ClipStatus.READY:
            return self.cover_clip
        return next((c for c in self.clips if c.status == ClipStatus.READY), None)


class Stage(db.Model):
    __tablename__ = "stages"
    __table_args__ = NEVER_REUSE_IDS
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[StageKind] = mapped_column(_enum(StageKind))
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="stages")
    # uploads that end at the same moment may take the same position: the id keeps their order stable
    clips: Mapped[list["Clip"]] = relationship(back_populates="stage", order_by="[Clip.position, Clip.id]",
                                               cascade="all, delete-orphan")


class Clip(db.Model):
    __tablename__ = "clips"
    __table_args__ = NEVER_REUSE_IDS
    id: Mapped[int] = mapped_column(primary_key=True)
    # 128 random bits: names the clip's media folder and every public URL of the clip (never its id)
    uuid: Mapped[str] = mapped_column(String(32), unique=True, default=new_uuid)
    stage_id: Mapped[int] = mapped_column(ForeignKey("stages.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    caption: Mapped[str] = mapped_column(String(300), default="")
    view: Mapped[ClipView] = mapped_column(_enum(ClipView), default=ClipView.OTHER)
    original_key: Mapped[Optional[str]] = mapped_column(String(400))
    original_name: Mapped[str] = mapped_column(String(255), default="")
    original_size: Mapped[int] = mapped_column(BigInteger, default=0)
    status: Mapped[ClipStatus] = mapped_column(_enum(ClipStatus), default=ClipStatus.UPLOADED, index=True)
    progress: Mapped[float] = mapped_column(default=0.0)
    eta_seconds: Mapped[Optional[float]] = mapped_column()
    error: Mapped[Optional[str]] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(default=0)
    heartbeat_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    # the job fence (runphys.lifecycle): every request bumps `generation`, every claim bumps
    # `last_job`; a job's writes are compare-and-set on both
    generation: Mapped[int] = mapped_column(default=0)
    last_job: Mapped[int] = mapped_column(default=0)
    # source facts: the uploaded file as probed (its timeline is the one every moment is stored on)
    source_duration: Mapped[Optional[float]] = mapped_column()
    source_width: Mapped[Optional[int]] = mapped_column()
    source_height: Mapped[Optional[int]] = mapped_column()
    source_fps: Mapped[Optional[float]] = mapped_column()
    source_capture_fps: Mapped[Optional[float]] = mapped_column()
    # output facts: the published version, which plays the source from `output_start` on
    duration: Mapped[Optional[float]] = mapped_column()
    width: Mapped[Optional[int]] = mapped_column()
    height: Mapped[Optional[int]] = mapped_column()
    fps: Mapped[Optional[float]] = mapped_column()
    capture_fps: Mapped[Optional[float]] = mapped_column()
    has_audio: Mapped[bool] = mapped_column(default=False)
    output_start: Mapped[float] = mapped_column(default=0.0)
    # author's settings (source timeline); changing them re-processes the clip into a new version
    trim_in: Mapped[Optional[float]] = mapped_column()
    trim_out: Mapped[Optional[float]] = mapped_column()
    strip_audio: Mapped[bool] = mapped_column(default=False)
    subtitles_key: Mapped[Optional[str]] = mapped_column(String(400))
    # published media of the current version: relative names under media/<uuid>/<version>/
    version: Mapped[int] = mapped_column(default=0)
    media: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    stage: Mapped[Stage] = relationship(back_populates="clips")
    notes: Mapped[list["Note"]] = relationship(back_populates="clip", order_by="Note.t",
                                               cascade="all, delete-orphan")

    @property
    def case(self) -> Case:
        return self.stage.case

    @property
    def is_playable(self) -> bool:
        return self.version > 0 and bool(self.media.get("renditions"))


class RetiredVersion(db.Model):
    """A replaced version of a clip's media, kept for readers who loaded it until `collect_after`."""

    __tablename__ = "retired_versions"
    id: Mapped[int] = mapped_column(primary_key=True)
    clip_uuid: Mapped[str] = mapped_column(String(32), index=True)
    version: Mapped[int] = mapped_column()
    collect_after: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class Note(db.Model):
    """A note at a moment of the clip; `t` and `end` are seconds on the source timeline."""

    __tablename__ = "notes"
    __table_args__ = NEVER_REUSE_IDS
    id: Mapped[int] = mapped_column(primary_key=True)
    clip_id: Mapped[int] = mapped_column(ForeignKey("clips.id", ondelete="CASCADE"), index=True)
    t: Mapped[float] = mapped_column()
    end: Mapped[Optional[float]] = mapped_column()
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    clip: Mapped[Clip] = relationship(back_populates="notes")
    drawings: Mapped[list["Drawing"]] = relationship(back_populates="note", order_by="[Drawing.position, Drawing.id]",
                                                     cascade="all, delete-orphan", passive_deletes=True)


class Drawing(db.Model):
    """A drawing over the picture while its note's range plays (runphys.drawings: kinds, points, measure).

    `points` are [x, y] pairs in 0..1 of the upright picture as readers see it (x right, y down); the
    measured value is computed from them, never stored."""

    __tablename__ = "drawings"
    __table_args__ = NEVER_REUSE_IDS
    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    points: Mapped[list[list[float]]] = mapped_column(JSON)
    color: Mapped[str] = mapped_column(String(7), default="#ffd400")
    label: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    note: Mapped[Note] = relationship(back_populates="drawings")


class Comparison(db.Model):
    __tablename__ = "comparisons"
    __table_args__ = NEVER_REUSE_IDS
    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_uuid)  # in public URLs
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200), default="Before and after")
    before_clip_id: Mapped[int] = mapped_column(ForeignKey("clips.id", ondelete="CASCADE"))
    after_clip_id: Mapped[int] = mapped_column(ForeignKey("clips.id", ondelete="CASCADE"))
    # sync points, seconds on each clip's source timeline
    before_offset: Mapped[float] = mapped_column(default=0.0)
    after_offset: Mapped[float] = mapped_column(default=0.0)

    case: Mapped[Case] = relationship()
    before_clip: Mapped[Clip] = relationship(foreign_keys=[before_clip_id])
    after_clip: Mapped[Clip] = relationship(foreign_keys=[after_clip_id])


class Export(db.Model):
    """A video file made for social apps from a clip, a note's moment or a comparison."""

    __tablename__ = "exports"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    clip_id: Mapped[Optional[int]] = mapped_column(ForeignKey("clips.id", ondelete="CASCADE"), index=True)
    note_id: Mapped[Optional[int]] = mapped_column(ForeignKey("notes.id", ondelete="SET NULL"))
    comparison_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("comparisons.id", ondelete="CASCADE"), index=True)
    shape: Mapped[str] = mapped_column(String(8))
    layout: Mapped[str] = mapped_column(String(16))
    status: Mapped[ExportStatus] = mapped_column(_enum(ExportStatus), default=ExportStatus.QUEUED)
    progress: Mapped[float] = mapped_column(default=0.0)
    error: Mapped[Optional[str]] = mapped_column(Text)
    # the job fence: a claim bumps `job`; the clip versions it reads must stay published
    job: Mapped[int] = mapped_column(default=0)
    versions: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    heartbeat_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    key: Mapped[Optional[str]] = mapped_column(String(400))  # public, unguessable; set when ready
    bytes: Mapped[Optional[int]] = mapped_column(BigInteger)
    duration: Mapped[Optional[float]] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    case: Mapped[Case] = relationship()
    clip: Mapped[Optional[Clip]] = relationship()
    note: Mapped[Optional[Note]] = relationship()
    comparison: Mapped[Optional[Comparison]] = relationship()


class Consent(db.Model):
    __tablename__ = "consents"
    __table_args__ = NEVER_REUSE_IDS
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    client_name: Mapped[str] = mapped_column(String(200))  # private: never rendered publicly
    consented_on: Mapped[date] = mapped_column(Date)
    scope_site: Mapped[bool] = mapped_column(default=True)
    scope_embeds: Mapped[bool] = mapped_column(default=False)
    document_key: Mapped[Optional[str]] = mapped_column(String(400))  # private storage key
    document_name: Mapped[str] = mapped_column(String(255), default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    withdrawn_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    withdrawn_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))

    case: Mapped[Case] = relationship(back_populates="consents")


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(60))
    target: Mapped[str] = mapped_column(String(120))
    detail: Mapped[str] = mapped_column(Text, default="")


class Comment(db.Model):
    __tablename__ = "comments"
    __table_args__ = NEVER_REUSE_IDS
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(255), default="")  # never shown
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[CommentStatus] = mapped_column(_enum(CommentStatus), default=CommentStatus.PENDING)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Page(db.Model):
    __tablename__ = "pages"
    __table_args__ = NEVER_REUSE_IDS
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    in_nav: Mapped[bool] = mapped_column(default=True)


class Upload(db.Model):
    """A resumable (tus) upload in progress."""

    __tablename__ = "uploads"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_uuid)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    length: Mapped[int] = mapped_column(BigInteger)
    offset: Mapped[int] = mapped_column(BigInteger, default=0)
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    key: Mapped[str] = mapped_column(String(400))
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # storage's multipart state
    clip_id: Mapped[Optional[int]] = mapped_column(ForeignKey("clips.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


SEED_CATEGORIES = ("Core Strength", "Flexibility", "Hips", "Knees", "Low Back", "Run Form")


class SearchEntry(db.Model):
    """One searchable piece of a case: title and summary, a stage's text, a clip's caption or a note.

    Kept current by runphys.search on every commit; the full-text index over `text` is SQLite FTS5
    (table search_fts, synced by triggers) or a PostgreSQL GIN index, both made by migration 0003_reader.
    """

    __tablename__ = "search_entries"
    # ids are never reused (SQLite AUTOINCREMENT): a re-indexed case gets new ids, which the case
    # page's cache fingerprint relies on
    __table_args__ = {"sqlite_autoincrement": True}
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    clip_id: Mapped[Optional[int]] = mapped_column(ForeignKey("clips.id", ondelete="CASCADE"), index=True)
    note_id: Mapped[Optional[int]] = mapped_column(ForeignKey("notes.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # case | stage | clip | note
    t: Mapped[Optional[float]] = mapped_column()
    text: Mapped[str] = mapped_column(Text, default="")
