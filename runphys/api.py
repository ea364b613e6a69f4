"""JSON API v1: token auth (or a logged-in session with a CSRF header), thin views over cases.py."""
from __future__ import annotations

import functools
from datetime import date
from typing import Any, Callable

from flask import Blueprint, abort, current_app, g, jsonify, request, url_for
from flask_login import current_user
from flask_wtf.csrf import CSRFError, validate_csrf
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from . import cases
from .extensions import db, limiter
from .models import ApiToken, Case, CaseStatus, Clip, Stage, User, utcnow
from .openapi import openapi_document
from .urls import page_url
from .views import clip_json

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.errorhandler(HTTPException)
def http_error(exc: HTTPException):
    return jsonify(error=exc.description or exc.name), exc.code


@bp.errorhandler(cases.RuleError)
def rule_error(exc: cases.RuleError):
    return jsonify(error=exc.message), exc.status


def api_user() -> User | None:
    """The user a request speaks for: a Bearer token, or a session with a valid CSRF header."""
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == ApiToken.hash(header[7:].strip())))
        if token is None or not token.user.active:
            return None
        token.last_used_at = utcnow()
        db.session.commit()
        return token.user
    if current_user.is_authenticated:
        try:
            validate_csrf(request.headers.get("X-CSRFToken", ""))
        except CSRFError:
            return None
        except Exception:  # ValidationError from wtforms: missing or bad token
            return None
        return current_user._get_current_object()
    return None


def auth_required(view: Callable) -> Callable:
    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any):
        user = api_user()
        if user is None:
            response = jsonify(error="Authentication required: send 'Authorization: Bearer <token>'.")
            response.headers["WWW-Authenticate"] = 'Bearer realm="runphys"'
            return response, 401
        g.api_user = user
        return view(*args, **kwargs)
    return wrapped


def body() -> dict[str, Any]:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        abort(400, "The request body must be a JSON object.")
    return data


def field(data: dict[str, Any], name: str, kind: type = str, required: bool = False, default: Any = None) -> Any:
    value = data.get(name, default)
    if value is None:
        if required:
            abort(400, f"Missing field: {name}.")
        return default
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or (kind in (int, float) and isinstance(value, bool)):
        abort(400, f"Field {name} must be a {kind.__name__}.")
    return value


def editable(model: type, ident: int):
    """Load a row the API user may edit, via its case; 404 when absent or not theirs (alike, so that
    ids cannot be probed)."""
    row = db.session.get(model, ident)
    if row is None or not g.api_user.can_edit(row if isinstance(row, Case) else row.case):
        abort(404, f"No such {model.__name__.lower()}.")
    return row


def case_json(case: Case) -> dict[str, Any]:
    return {"id": case.id, "slug": case.slug, "title": case.title, "status": case.status.value,
            "url": page_url("public.case", slug=case.slug),
            "stages": [{"id": s.id, "kind": s.kind.value, "title": s.title,
                        "clips": [c.id for c in s.clips]} for s in case.stages]}


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())


@bp.post("/cases")
@auth_required
def create_case():
    data = body()
    categories = field(data, "categories", list, default=[])
    if not all(isinstance(c, str) for c in categories):
        abort(400, "Field categories must be a list of names.")
    case = cases.create_case(g.api_user, field(data, "title", required=True), field(data, "summary", default=""),
                             field(data, "client_alias", default=""), categories)
    return jsonify(case_json(case)), 201


@bp.get("/cases/<int:case_id>")
@auth_required
def get_case(case_id: int):
    return jsonify(case_json(editable(Case, case_id)))


@bp.post("/cases/<int:case_id>/stages")
@auth_required
def create_stage(case_id: int):
    case = editable(Case, case_id)
    data = body()
    stage = cases.add_stage(case, field(data, "kind", required=True), field(data, "title", default=""),
                            field(data, "body", default=""))
    return jsonify(id=stage.id, case_id=case.id, kind=stage.kind.value, title=stage.title,
                   position=stage.position), 201


@bp.post("/stages/<int:stage_id>/clips")
@auth_required
@limiter.limit("60 per minute")
def upload_clip(stage_id: int):
    stage = editable(Stage, stage_id)
    if (request.content_length or 0) > current_app.config["MAX_UPLOAD_BYTES"] + 64 * 1024:
        abort(413, "The file is larger than the upload limit.")
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        abort(400, "Send the clip as a multipart field named 'file'.")
    clip = cases.add_clip_from_stream(stage, upload.stream, upload.filename,
                                      request.form.get("caption", ""), request.form.get("view"))
    status_url = url_for("api.get_clip", clip_id=clip.id)
    response = jsonify(id=clip.id, status=clip.status.value, status_url=status_url)
    response.headers["Location"] = status_url
    return response, 202


@bp.get("/clips/<int:clip_id>")
@auth_required
def get_clip(clip_id: int):
    return jsonify(clip_json(editable(Clip, clip_id)))


@bp.post("/clips/<int:clip_id>/notes")
@auth_required
def create_note(clip_id: int):
    clip = editable(Clip, clip_id)
    data = body()
    end = field(data, "end", float)
    note = cases.add_note(clip, field(data, "t", float, required=True), field(data, "text", required=True), end)
    return jsonify(id=note.id, t=note.t, end=note.end, text=note.text), 201


@bp.post("/cases/<int:case_id>/consent")
@auth_required
def create_consent(case_id: int):
    case = editable(Case, case_id)
    data = body()
    try:
        when = date.fromisoformat(field(data, "date", default=date.today().isoformat()))
    except ValueError:
        abort(400, "Field date must be an ISO date (YYYY-MM-DD).")
    consent = cases.record_consent(case, g.api_user, field(data, "client_name", required=True), when,
                                   field(data, "scope_site", bool, default=True),
                                   field(data, "scope_embeds", bool, default=False))
    return jsonify(id=consent.id, case_id=case.id, scope_site=consent.scope_site,
                   scope_embeds=consent.scope_embeds, date=consent.consented_on.isoformat()), 201


@bp.post("/cases/<int:case_id>/publish")
@auth_required
def publish(case_id: int):
    case = editable(Case, case_id)
    data = request.get_json(silent=True) or {}
    status = CaseStatus.UNLISTED if data.get("unlisted") else CaseStatus.PUBLISHED
    cases.publish_case(case, g.api_user, status)
    return jsonify(status=case.status.value, url=page_url("public.case", slug=case.slug))
