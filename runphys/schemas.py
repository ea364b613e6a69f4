"""The schemas of API v1: request bodies are validated by them and the OpenAPI document is made from
them (requests and responses alike), so the document cannot drift from the code."""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from .models import CaseStatus, ClipStatus, ClipView, StageKind

# Text a client sends: no NUL characters (PostgreSQL refuses them), at most `n` characters.
_NO_NUL = r"^[^\x00]*$"


def Text(n: int) -> Any:
    """A string field of at most `n` characters without NUL."""
    return Annotated[str, StringConstraints(max_length=n, pattern=_NO_NUL)]


Seconds = Annotated[float, Field(description="Seconds, a finite number.")]
Id = Annotated[int, Field(ge=1, le=2**31 - 1)]


class Body(BaseModel):
    """A request body: a JSON object with only the fields below, each of its type; numbers finite."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)


class Out(BaseModel):
    """A response body; the API builds every response through one of these."""

    model_config = ConfigDict(extra="forbid")


class BadRequest(ValueError):
    """A request body refused by its schema; `.message` names the first field at fault."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_KIND = {"string_type": "string", "float_type": "number", "int_type": "whole number", "bool_type": "boolean",
         "list_type": "list", "int_from_float": "whole number", "dict_type": "JSON object"}


def _message(error: dict[str, Any]) -> str:
    """One sentence for a pydantic error, naming the field."""
    kind, loc = error["type"], error["loc"]
    name = ".".join(str(part) for part in loc if not isinstance(part, int))
    if not loc or kind in ("json_invalid", "model_type", "model_attributes_type"):
        return "The request body must be a JSON object."
    if kind == "extra_forbidden":
        return f"Unknown field: {name}"
    if kind == "missing":
        return f"Missing field: {name}."
    if kind == "finite_number":
        return f"Field {name} must be a finite number."
    if kind == "string_too_long":
        return f"Field {name} must be at most {error['ctx']['max_length']} characters."
    if kind == "string_pattern_mismatch" and error["ctx"]["pattern"] != _NO_NUL:
        return f'Field {name} must be a colour "#rrggbb".' if name == "color" else f"Field {name} is malformed."
    if kind == "string_pattern_mismatch":
        return f"Field {name} must not contain NUL characters."
    if kind in ("enum", "literal_error"):
        return f"Field {name} must be one of: {error['ctx']['expected'].replace(' or ', ', ')}.".replace("'", "")
    if kind.startswith("date"):
        return f"Field {name} must be an ISO date (YYYY-MM-DD)."
    if kind in ("too_short", "too_long") and name == "points":
        return "Field points must hold 1 to 500 points [x, y]."
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"Field {name} is out of range."
    if kind in _KIND:
        where = f"{name} items" if any(isinstance(part, int) for part in loc) else name
        return f"Field {where} must be a {_KIND[kind]}."
    return f"Field {name}: {error['msg']}."


def parse(model: type[Body], raw: bytes) -> Body:
    """Validate a JSON request body against its schema; raise BadRequest naming the field at fault."""
    try:
        return model.model_validate_json(raw or b"{}")
    except ValidationError as exc:
        raise BadRequest(_message(exc.errors()[0])) from None


def parse_form(model: type[Body], form: dict[str, str]) -> Body:
    """Validate the text fields of a multipart form against their schema."""
    try:
        return model.model_validate(form)
    except ValidationError as exc:
        raise BadRequest(_message(exc.errors()[0])) from None


# ------------------------------------------------------------------------------------ requests

class CaseCreate(Body):
    title: Text(200)
    summary: Text(5000) = ""
    client_alias: Text(80) = ""
    categories: list[Text(80)] = []


class CaseUpdate(Body):
    """Fields left out keep their value; cover_clip_id null means the first ready clip."""

    title: Text(200) | None = None
    slug: Text(80) | None = None
    summary: Text(5000) | None = None
    client_alias: Text(80) | None = None
    categories: list[Text(80)] | None = None
    cover_clip_id: Id | None = None


class SocialFrame(Body):
    """The frame of the case's social image: a ready clip of the case and a time of its published version."""

    clip_id: Id
    t: Seconds = 0.0


class StatusChange(Body):
    status: Literal["draft", "unlisted", "published"]


class Publish(Body):
    unlisted: bool = False


class StageCreate(Body):
    kind: StageKind
    title: Text(200) = ""
    body: Text(20000) = ""


class StageUpdate(Body):
    title: Text(200) | None = None
    body: Text(20000) | None = None


class Move(Body):
    direction: Literal["up", "down"]


class ClipOrder(Body):
    clips: list[Id]


class ClipUpload(Body):
    """The text fields of a multipart clip upload (the file itself is the field `file`)."""

    model_config = ConfigDict(extra="forbid", strict=False)
    caption: Text(300) = ""
    view: ClipView = ClipView.OTHER


class ClipUploadForm(ClipUpload):
    """The multipart body of a clip upload: the text fields, then the file."""

    file: bytes = Field(description="The video file (streamed to storage; larger than the limit: 413).")


class ClipUpdate(Body):
    """Fields left out keep their value; changing trim or audio makes a new version."""

    caption: Text(300) | None = None
    view: ClipView | None = None
    trim_in: Seconds | None = None
    trim_out: Seconds | None = None
    strip_audio: bool | None = None


class NoteCreate(Body):
    t: Seconds
    end: Seconds | None = None
    text: Text(2000)


class NoteUpdate(Body):
    t: Seconds | None = None
    end: Seconds | None = None
    text: Text(2000) | None = None


DrawingKind = Literal["line", "arrow", "angle", "vertical", "horizontal", "circle", "text", "freehand"]
Points = Annotated[list[list[float]], Field(
    min_length=1, max_length=500,
    description="[x, y] pairs in 0..1 of the upright picture (x right, y down). line, arrow, vertical, "
                "horizontal: 2 [start, end]; angle: 3 [end A, vertex, end B]; circle: 2 [centre, point on "
                "the rim]; text: 1 [anchor]; freehand: 2 to 500.")]
Color = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$"), Field(description='"#rrggbb"')]
Position = Annotated[int, Field(ge=0, le=10_000)]


class DrawingCreate(Body):
    kind: DrawingKind
    points: Points
    color: Color = "#ffd400"
    label: Text(200) = Field("", description="Shown beside the drawing; the text of a text drawing.")
    position: Position | None = Field(None, description="Order among the note's drawings (default: last).")


class DrawingUpdate(Body):
    """Fields left out keep their value; the kind cannot change."""

    points: Points | None = None
    color: Color | None = None
    label: Text(200) | None = None
    position: Position | None = None


class ComparisonCreate(Body):
    before_clip_id: Id
    after_clip_id: Id
    before_offset: Seconds = 0.0
    after_offset: Seconds = 0.0
    title: Text(200) = ""


class ComparisonUpdate(Body):
    before_clip_id: Id | None = None
    after_clip_id: Id | None = None
    before_offset: Seconds | None = None
    after_offset: Seconds | None = None
    title: Text(200) | None = None


class ExportCreate(Body):
    shape: Text(8) = Field("9:16", description="9:16, 1:1 or 16:9.")
    note_id: Id | None = Field(None, description="Export this note's moment instead of the whole clip.")


class ComparisonExportCreate(Body):
    shape: Text(8) = Field("9:16", description="9:16, 1:1 or 16:9.")
    layout: Text(16) = Field("stacked", description="side, stacked or overlay.")


class ConsentCreate(Body):
    client_name: Text(200)
    date: dt.date | None = Field(None, description="The day the form was signed; today when left out.")
    scope_site: bool = True
    scope_embeds: bool = False


class PageCreate(Body):
    title: Text(200)
    slug: Text(80) = Field("", description="Made from the title when left empty.")
    body: Text(100000) = ""
    in_nav: bool = True


class PageUpdate(Body):
    title: Text(200) | None = None
    slug: Text(80) | None = None
    body: Text(100000) | None = None
    in_nav: bool | None = None


# ----------------------------------------------------------------------------------- responses

class Error(Out):
    error: str


class StageOut(Out):
    id: int
    case_id: int
    kind: StageKind
    title: str
    body: str
    position: int
    clips: list[int]


class CaseOut(Out):
    id: int
    slug: str
    title: str
    summary: str
    client_alias: str
    status: CaseStatus
    categories: list[str]
    cover_clip_id: int | None
    url: str
    stages: list[StageOut]


class CaseList(Out):
    cases: list[CaseOut]


class StageList(Out):
    stages: list[StageOut]


class CaseStatusOut(Out):
    status: CaseStatus
    url: str


class Rendition(Out):
    width: int | None
    height: int | None
    url: str
    bitrate: int | None
    fps: float | None


class SlowRendition(Out):
    url: str
    fps: float | None


class DrawingOut(Out):
    id: int
    note_id: int
    kind: str
    points: list[list[float]]
    color: str
    label: str
    position: int
    value: float | None = Field(description="Degrees measured (angle 0–180, to the vertical or horizontal "
                                            "0–90), one decimal; null for kinds that measure nothing.")
    description: str = Field(description='What a screen reader announces, e.g. "Angle, 152.3°: knee".')


class DrawingList(Out):
    drawings: list[DrawingOut]


class NoteOut(Out):
    id: int
    clip_id: int
    t: float = Field(description="Seconds from the uploaded file's first frame (the source timeline).")
    end: float | None
    text: str
    played_t: float | None = Field(description="Where the published version shows this moment "
                                               "(t minus the trim in); null when trimmed away.")
    drawings: list[DrawingOut] = Field(description="Shown from t to end (or t + 1 s of source without an end).")


class ClipOut(Out):
    id: int
    status: ClipStatus
    progress: float
    eta_seconds: float | None
    error: str | None
    caption: str
    view: ClipView
    stage_id: int
    duration: float | None
    width: int | None
    height: int | None
    fps: float | None
    capture_fps: float | None
    has_audio: bool
    version: int
    trim_in: float | None
    trim_out: float | None
    strip_audio: bool
    renditions: list[Rendition]
    slowmo: list[SlowRendition]
    hls: str | None
    partial: bool = Field(description="Only a first, low version is published so far (its HLS playlist may "
                                      "still grow); the rest follows.")
    poster: str | None
    storyboard_vtt: str | None
    source_duration: float | None = Field(description="Length of the uploaded file, seconds (trims and "
                                                      "note times are on its timeline).")
    output_start: float | None = Field(description="Source second at which the published version starts.")
    notes: list[NoteOut]


class ClipList(Out):
    clips: list[ClipOut]


class ClipAccepted(Out):
    id: int
    status: ClipStatus
    status_url: str


class ExportOut(Out):
    id: int
    status: Literal["queued", "processing", "ready", "failed"]
    progress: float
    error: str | None
    url: str | None = Field(description="The MP4 (H.264/AAC, ≤ 60 s, ≤ 16 MB), once ready.")
    bytes: int | None
    duration: float | None
    shape: str
    layout: str
    what: str = Field(description="What it shows: the before/after, a note's moment, or a clip.")
    created_at: str | None = Field(description="When it was asked for (ISO 8601, UTC).")


class ExportList(Out):
    exports: list[ExportOut] = Field(description="The case's exports, newest first.")


class NoteList(Out):
    notes: list[NoteOut]


class ComparisonOut(Out):
    id: int
    case_id: int
    title: str
    before_clip_id: int
    after_clip_id: int
    before_offset: float
    after_offset: float


class ComparisonList(Out):
    comparisons: list[ComparisonOut]


class ConsentOut(Out):
    id: int
    case_id: int
    client_name: str
    date: dt.date
    scope_site: bool
    scope_embeds: bool
    has_document: bool
    withdrawn_at: dt.datetime | None


class ConsentList(Out):
    consents: list[ConsentOut]


class PageOut(Out):
    id: int
    slug: str
    title: str
    body: str
    in_nav: bool


class PageList(Out):
    pages: list[PageOut]
