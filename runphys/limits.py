"""The most each route may receive, refused with 413 before any of the body is read.

One table, `BODY_LIMITS`, keyed by endpoint (or by blueprint for a whole area); a route in neither
takes no body at all. docs/request-limits.md holds `markdown_table()` of it (a test keeps them equal).
The limit is set per request (Flask 3.1's `request.max_content_length` and form memory limit) in the
app's first before_request, so a body over it is refused by its Content-Length before anything reads
it, and a chunked body (no Content-Length) is refused as soon as it passes the limit while it is read.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from flask import Flask, Request, abort, current_app, request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.utils import cached_property
from werkzeug.wsgi import LimitedStream

KiB = 1024
MiB = 1024 * KiB
# Multipart headers and the small fields (CSRF token, caption, view) beside an uploaded file.
FORM_OVERHEAD = 64 * KiB


@dataclass(frozen=True)
class BodyLimit:
    """The most one route may receive: fixed bytes plus, for uploads, a size setting."""

    fixed: int
    setting: str | None = None
    why: str = ""

    def total(self, config: Mapping[str, Any]) -> int:
        """Bytes a request body may have under this configuration."""
        return self.fixed + (int(config[self.setting]) if self.setting else 0)

    def describe(self) -> str:
        """The limit as the docs table shows it."""
        fixed = f"{self.fixed // KiB} KiB"
        return f"`{self.setting}` + {fixed}" if self.setting else fixed


BUTTON = BodyLimit(1 * KiB, why="a button: the CSRF token only")
TEXT_FORM = BodyLimit(256 * KiB, why="Markdown text of a stage, page or case summary")
# A character may take 12 bytes form-encoded (4 UTF-8 bytes, each %XX): 5000 characters need 60 KB.
COMMENT = BodyLimit(64 * KiB, why="a comment of 5000 characters, name and email")

BODY_LIMITS: dict[str, BodyLimit] = {
    "auth.login": BodyLimit(4 * KiB, why="email, password, next"),
    "auth.logout": BUTTON,
    "auth.password": BodyLimit(8 * KiB, why="three passwords of at most 200 characters"),
    "auth.users": BodyLimit(8 * KiB, why="a new account's email, name, role and password"),
    "auth.toggle_active": BUTTON,
    "public.comment": COMMENT,
    "moderation.act": BUTTON,
    "moderation.by_mail": BUTTON,
    "studio.new_case": TEXT_FORM,
    "studio.case": TEXT_FORM,
    "studio.case_status": BUTTON,
    "studio.social_image": BodyLimit(4 * KiB, why="a clip and a time"),
    "studio.delete_case": BUTTON,
    "studio.add_stage": TEXT_FORM,
    "studio.edit_stage": TEXT_FORM,
    "studio.move_stage": BUTTON,
    "studio.delete_stage": BUTTON,
    "studio.order_clips": BodyLimit(64 * KiB, why="JSON list of the stage's clip ids"),
    "studio.upload_clips": BodyLimit(FORM_OVERHEAD, "MAX_UPLOAD_BYTES", "clips without JavaScript"),
    "studio.clip": BodyLimit(1 * MiB + FORM_OVERHEAD, why="clip settings and a WebVTT file of at most 1 MiB"),
    "studio.relabel_clip": BodyLimit(4 * KiB, why="a clip's caption of 300 characters and its view"),
    "studio.move_clip": BUTTON,
    "studio.delete_clip": BUTTON,
    "studio.add_note": BodyLimit(32 * KiB, why="a note of 2000 characters"),
    "studio.edit_note": BodyLimit(32 * KiB, why="a note of 2000 characters"),
    "studio.delete_note": BUTTON,
    "studio.consent": BodyLimit(FORM_OVERHEAD, "CONSENT_MAX_BYTES", "the signed consent document"),
    "studio.withdraw": BUTTON,
    "studio.comparison": BodyLimit(8 * KiB, why="two clips, two sync points, a title"),
    "studio.export_clip": BodyLimit(2 * KiB, why="a shape and a note to export"),
    "studio.export_comparison": BodyLimit(2 * KiB, why="a shape and a layout to export"),
    "studio.page": TEXT_FORM,
    "api": BodyLimit(256 * KiB, why="a JSON object (the API's requests other than uploads): a page of 100 000 characters"),
    "api.upload_clip": BodyLimit(FORM_OVERHEAD, "MAX_UPLOAD_BYTES", "one clip as multipart field 'file'"),
    "uploads.create": BodyLimit(0, "MAX_UPLOAD_BYTES", "tus creation, with an optional first part"),
    "uploads.patch": BodyLimit(0, "MAX_UPLOAD_BYTES", "one tus PATCH (the upload's own length is checked too)"),
}
NO_BODY = BodyLimit(0, why="takes no body")


def limit_for(endpoint: str | None) -> BodyLimit:
    """The limit of an endpoint: its own entry, else its blueprint's, else no body."""
    if endpoint is None:
        return NO_BODY
    return BODY_LIMITS.get(endpoint) or BODY_LIMITS.get(endpoint.rpartition(".")[0]) or NO_BODY


def apply_limit() -> None:
    """Set this request's body limits from the table; refuse a declared length over them at once."""
    if request.url_rule is None:
        return  # no such route (404/405): nothing reads the body
    limit = limit_for(request.endpoint)
    most = limit.total(current_app.config)
    request.max_content_length = most
    if not limit.setting:  # a file route keeps MAX_FORM_MEMORY_SIZE: the multipart buffer needs it
        request.max_form_memory_size = most
    if request.content_length is not None and request.content_length > most:
        abort(413)


class RefusingStream(LimitedStream):
    """A chunked body's stream that refuses a body longer than `most` instead of cutting it there.

    Werkzeug's own maximum stops reading at the limit and hands over what it read, so an over-long
    form or JSON body was silently cut; this reads one byte more to know, and raises 413.
    """

    def __init__(self, stream, most: int) -> None:
        super().__init__(stream, most + 1, is_max=True)
        self.most = most

    def readinto(self, b) -> int | None:  # type: ignore[override]
        read = super().readinto(b)
        if self._pos > self.most:
            raise RequestEntityTooLarge()
        return read


class LimitedRequest(Request):
    """The app's request: a body without Content-Length is read through a RefusingStream."""

    @cached_property
    def stream(self):
        if self.content_length is None and self.max_content_length is not None \
                and "wsgi.input_terminated" in self.environ:
            return RefusingStream(self.environ["wsgi.input"], self.max_content_length)
        return super().stream


def markdown_table(config: Mapping[str, Any]) -> str:
    """The table of docs/request-limits.md."""
    lines = ["| route (endpoint) | most bytes | with the default settings | what it is |", "|---|---|---|---|"]
    for endpoint, limit in BODY_LIMITS.items():
        name = f"{endpoint}.*" if "." not in endpoint else endpoint
        lines.append(f"| `{name}` | {limit.describe()} | {limit.total(config):,} | {limit.why} |")
    lines.append(f"| any other route | 0 | 0 | {NO_BODY.why} |")
    return "\n".join(lines) + "\n"


def init_app(app: Flask) -> None:
    """Register the limits as the app's first before_request (before CSRF reads a form)."""
    app.request_class = LimitedRequest
    app.before_request(apply_limit)
