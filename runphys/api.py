"""JSON API v1: token auth (or a logged-in session with a CSRF header), thin views over the rule layer
(cases.py, studio/edits.py). Each route declares its Operation: the schemas that validate its request
and shape its response, from which the OpenAPI document is made."""
from __future__ import annotations

import functools
from datetime import date
from typing import IO, Any, Callable

from flask import Blueprint, Response, abort, current_app, g, jsonify, request, url_for
from flask_login import current_user
from flask_wtf.csrf import CSRFError, validate_csrf
from sqlalchemy import select
from werkzeug.exceptions import HTTPException
from werkzeug.http import parse_options_header

from . import cases, drawings, exports
from . import schemas as s
from .extensions import db, limiter
from .models import ApiToken, Case, CaseStatus, Clip, Comparison, Drawing, Export, Note, Page, Stage, User, utcnow
from .multipart import FIELDS_MAX_BYTES, read_form
from .openapi import MAX_ID, Operation, document
from .studio import edits
from .timeline import played_time
from .urls import page_url
from .views import clip_json

bp = Blueprint("api", __name__, url_prefix="/api/v1")

JSON_MAX_BYTES = 1024 * 1024  # a JSON body (the longest text field is 20 000 characters)
FORM_OVERHEAD = FIELDS_MAX_BYTES  # multipart headers and text fields beside an uploaded file


@bp.errorhandler(HTTPException)
def http_error(exc: HTTPException):
    db.session.rollback()
    return jsonify(error=exc.description or exc.name), exc.code


@bp.errorhandler(cases.RuleError)
def rule_error(exc: cases.RuleError):
    db.session.rollback()
    return jsonify(error=exc.message), exc.status


@bp.errorhandler(s.BadRequest)
def bad_request(exc: s.BadRequest):
    db.session.rollback()
    return jsonify(error=exc.message), 400


@bp.before_request
def limit_request_size():
    """Limit the body where the app set no limit for this route: a clip upload to MAX_UPLOAD_BYTES and
    its form fields, any other API request to a JSON object of 1 MiB."""
    if request.max_content_length is None:
        request.max_content_length = (current_app.config["MAX_UPLOAD_BYTES"] + FORM_OVERHEAD
                                      if request.endpoint == "api.upload_clip" else JSON_MAX_BYTES)


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


def _unauthorised() -> Response:
    response = jsonify(error="Authentication required: send 'Authorization: Bearer <token>'.")
    response.headers["WWW-Authenticate"] = 'Bearer realm="runphys"'
    response.status_code = 401
    return response


def route(method: str, rule: str, op: Operation) -> Callable:
    """Register an API view under its Operation: authenticate, validate the JSON body into `body`,
    and answer the model the view returns with the operation's status (no body when it returns None)."""
    def register(view: Callable) -> Callable:
        @functools.wraps(view)
        def serve(**kwargs: Any):
            if op.auth:
                user = api_user()
                if user is None:
                    return _unauthorised()
                g.api_user = user
            if op.body is not None:
                kwargs["body"] = s.parse(op.body, request.get_data(cache=False))
            elif op.form is None and method != "GET":
                request.get_data(cache=False)  # unused, but a body over the route's limit is still a 413
            result = view(**kwargs)
            if isinstance(result, Response):
                return result
            if result is None:
                return Response(status=op.status)
            if op.response is None or not isinstance(result, op.response):
                raise TypeError(f"{view.__name__} answered {type(result).__name__}, not its {op.response}")
            return jsonify(result.model_dump(mode="json")), op.status
        serve.operation = op  # type: ignore[attr-defined]  (read by openapi.document)
        bp.add_url_rule(rule, view_func=serve, methods=[method])
        return serve
    return register


def editable(model: type, ident: int) -> Any:
    """Load a row the API user may edit, via its case; 404 alike when absent and when not theirs."""
    what = model.__name__.lower()
    row = (db.session.get(model, ident) if 1 <= ident <= MAX_ID else None) or abort(404, f"No such {what}.")
    case = (row if isinstance(row, Case) else row.clip.case if isinstance(row, Note)
            else row.note.clip.case if isinstance(row, Drawing) else row.case)
    cases.check_editor(g.api_user, case, what)
    return row


# ------------------------------------------------------------------------------------- responses

def stage_out(stage: Stage) -> s.StageOut:
    return s.StageOut(id=stage.id, case_id=stage.case_id, kind=stage.kind, title=stage.title, body=stage.body,
                      position=stage.position, clips=[c.id for c in stage.clips])


def case_url(case: Case) -> str:
    return page_url("public.case", slug=case.slug)


def case_out(case: Case) -> s.CaseOut:
    return s.CaseOut(id=case.id, slug=case.slug, title=case.title, summary=case.summary,
                     client_alias=case.client_alias, status=case.status, categories=[c.name for c in case.categories],
                     cover_clip_id=case.cover_clip_id, url=case_url(case),
                     stages=[stage_out(stage) for stage in case.stages])


def clip_out(clip: Clip) -> s.ClipOut:
    data = clip_json(clip)
    data["notes"] = [note_out(n) for n in clip.notes]
    return s.ClipOut(**data, trim_in=clip.trim_in, trim_out=clip.trim_out, strip_audio=clip.strip_audio)


def note_out(note: Note) -> s.NoteOut:
    return s.NoteOut(id=note.id, clip_id=note.clip_id, t=note.t, end=note.end, text=note.text,
                     played_t=played_time(note.clip, note.t), drawings=[drawing_out(d) for d in note.drawings])


def drawing_out(drawing: Drawing) -> s.DrawingOut:
    return s.DrawingOut(**drawings.as_json(drawing))


def comparison_out(c: Comparison) -> s.ComparisonOut:
    return s.ComparisonOut(id=c.id, case_id=c.case_id, title=c.title, before_clip_id=c.before_clip_id,
                           after_clip_id=c.after_clip_id, before_offset=c.before_offset, after_offset=c.after_offset)


def status_out(case: Case) -> s.CaseStatusOut:
    return s.CaseStatusOut(status=case.status, url=case_url(case))


def _given(body: s.Body, name: str, current: Any) -> Any:
    """A PATCH field's new value, or the current one when the client left it out (or sent null)."""
    value = getattr(body, name)
    return current if value is None else value


# ----------------------------------------------------------------------------------------- cases

@bp.get("/openapi.json")
def openapi():
    if "runphys.openapi" not in current_app.extensions:
        current_app.extensions["runphys.openapi"] = document(current_app)
    return jsonify(current_app.extensions["runphys.openapi"])


openapi.operation = Operation("This document (OpenAPI 3.1)", auth=False, errors=(),  # type: ignore[attr-defined]
                              raw={"type": "object"})


@route("GET", "/cases", Operation("List the cases you may edit", response=s.CaseList, errors=()))
def list_cases():
    return s.CaseList(cases=[case_out(c) for c in cases.editable_cases(g.api_user)])


@route("POST", "/cases", Operation("Create a case", 201, s.CaseOut, body=s.CaseCreate, errors=(400,)))
def create_case(body: s.CaseCreate):
    return case_out(cases.create_case(g.api_user, body.title, body.summary, body.client_alias, body.categories))


@route("GET", "/cases/<int:case_id>", Operation("Read a case", response=s.CaseOut))
def get_case(case_id: int):
    return case_out(editable(Case, case_id))


@route("PATCH", "/cases/<int:case_id>", Operation("Change a case's details", response=s.CaseOut,
                                                  body=s.CaseUpdate, errors=(400, 404, 409)))
def update_case(case_id: int, body: s.CaseUpdate):
    case = editable(Case, case_id)
    cover = body.cover_clip_id if "cover_clip_id" in body.model_fields_set else case.cover_clip_id
    edits.update_case(case, g.api_user, _given(body, "title", case.title), _given(body, "slug", case.slug),
                      _given(body, "summary", case.summary), _given(body, "client_alias", case.client_alias),
                      _given(body, "categories", [c.name for c in case.categories]), cover)
    return case_out(case)


@route("DELETE", "/cases/<int:case_id>", Operation("Delete a draft or withdrawn case", 204,
                                                   errors=(404, 409)))
def delete_case(case_id: int):
    edits.delete_case(editable(Case, case_id), g.api_user)


@route("POST", "/cases/<int:case_id>/status", Operation(
    "Publish, unlist or return to draft", response=s.CaseStatusOut, body=s.StatusChange,
    errors=(400, 404, 409)))
def set_status(case_id: int, body: s.StatusChange):
    case = editable(Case, case_id)
    edits.set_status(case, g.api_user, CaseStatus(body.status))
    return status_out(case)


@route("POST", "/cases/<int:case_id>/publish", Operation(
    "Publish (or {unlisted: true})", response=s.CaseStatusOut, body=s.Publish, errors=(400, 404, 409)))
def publish(case_id: int, body: s.Publish):
    case = editable(Case, case_id)
    cases.publish_case(case, g.api_user, CaseStatus.UNLISTED if body.unlisted else CaseStatus.PUBLISHED)
    return status_out(case)


@route("POST", "/cases/<int:case_id>/social-image", Operation(
    "Choose the frame of the case's social image (the worker makes it)", 202, s.CaseOut, body=s.SocialFrame,
    errors=(400, 404)))
def social_image(case_id: int, body: s.SocialFrame):
    case = editable(Case, case_id)
    edits.choose_social_frame(case, g.api_user, body.clip_id, body.t)
    return case_out(case)


# ---------------------------------------------------------------------------------------- stages

@route("GET", "/cases/<int:case_id>/stages", Operation("List a case's stages", response=s.StageList))
def list_stages(case_id: int):
    return s.StageList(stages=[stage_out(st) for st in editable(Case, case_id).stages])


@route("POST", "/cases/<int:case_id>/stages", Operation("Add a stage", 201, s.StageOut, body=s.StageCreate))
def create_stage(case_id: int, body: s.StageCreate):
    return stage_out(cases.add_stage(editable(Case, case_id), body.kind.value, body.title, body.body))


@route("GET", "/stages/<int:stage_id>", Operation("Read a stage", response=s.StageOut))
def get_stage(stage_id: int):
    return stage_out(editable(Stage, stage_id))


@route("PATCH", "/stages/<int:stage_id>", Operation("Change a stage's title or text", response=s.StageOut,
                                                    body=s.StageUpdate))
def update_stage(stage_id: int, body: s.StageUpdate):
    stage = editable(Stage, stage_id)
    return stage_out(edits.update_stage(stage, _given(body, "title", stage.title), _given(body, "body", stage.body)))


@route("DELETE", "/stages/<int:stage_id>", Operation("Delete a stage with its clips", 204, errors=(404,)))
def delete_stage(stage_id: int):
    edits.delete_stage(editable(Stage, stage_id))


@route("POST", "/stages/<int:stage_id>/move", Operation("Move a stage up or down", response=s.StageList,
                                                        body=s.Move))
def move_stage(stage_id: int, body: s.Move):
    stage = editable(Stage, stage_id)
    edits.move_stage(stage, -1 if body.direction == "up" else 1)
    return s.StageList(stages=[stage_out(st) for st in stage.case.stages])


@route("POST", "/stages/<int:stage_id>/order", Operation(
    "Put the stage's clips in this order", response=s.StageOut, body=s.ClipOrder, errors=(400, 404, 409)))
def order_clips(stage_id: int, body: s.ClipOrder):
    stage = editable(Stage, stage_id)
    edits.reorder_clips(stage, body.clips)
    db.session.refresh(stage)
    return stage_out(stage)


# ----------------------------------------------------------------------------------------- clips

@route("GET", "/stages/<int:stage_id>/clips", Operation("List a stage's clips", response=s.ClipList))
def list_clips(stage_id: int):
    return s.ClipList(clips=[clip_out(c) for c in editable(Stage, stage_id).clips])


@route("POST", "/stages/<int:stage_id>/clips", Operation(
    "Upload a clip (multipart, streamed to storage)", 202, s.ClipAccepted, form=s.ClipUploadForm,
    errors=(400, 404, 413, 429),
    description="The file goes to storage as it arrives; past MAX_UPLOAD_BYTES the upload is refused (413) "
                "and nothing is kept. Poll `status_url` for processing."))
@limiter.limit("60 per minute")
def upload_clip(stage_id: int):
    stage = editable(Stage, stage_id)
    limit = current_app.config["MAX_UPLOAD_BYTES"]
    if (request.content_length or 0) > (request.max_content_length or limit + FORM_OVERHEAD):
        raise cases.RuleError(cases.UPLOAD_TOO_LARGE, 413)
    mimetype, options = parse_options_header(request.headers.get("Content-Type", ""))
    if mimetype != "multipart/form-data" or not options.get("boundary"):
        raise s.BadRequest("Send the clip as a multipart field named 'file'.")
    made: list[Clip] = []

    def store(filename: str, fields: dict[str, str], stream: IO[bytes]) -> Clip:
        text = s.parse_form(s.ClipUpload, fields)
        made.append(cases.new_clip(stage, filename, text.caption, text.view.value))
        cases.store_original(made[0], stream)
        return made[0]

    try:
        fields, clip = read_form(request.stream, options["boundary"].encode("latin-1"), "file", limit,
                                 cases.UPLOAD_TOO_LARGE, store)
        text = s.parse_form(s.ClipUpload, fields)  # the fields may also follow the file
        clip.caption, clip.view = text.caption.strip(), cases.parse_view(text.view.value)
    except BaseException:
        if made and made[0].original_size:  # stored whole, refused after
            cases.storage().delete(made[0].original_key)
        raise
    db.session.commit()
    cases.enqueue_clip(clip)
    status_url = url_for("api.get_clip", clip_id=clip.id)
    response = jsonify(s.ClipAccepted(id=clip.id, status=clip.status, status_url=status_url).model_dump(mode="json"))
    response.headers["Location"] = status_url
    response.status_code = 202
    return response


@route("GET", "/clips/<int:clip_id>", Operation("Clip status, settings and media", response=s.ClipOut))
def get_clip(clip_id: int):
    return clip_out(editable(Clip, clip_id))


@route("PATCH", "/clips/<int:clip_id>", Operation(
    "Change a clip's caption, view, trim or audio", response=s.ClipOut, body=s.ClipUpdate,
    description="A new trim or audio setting makes a new version: the clip is queued again."))
def update_clip(clip_id: int, body: s.ClipUpdate):
    clip = editable(Clip, clip_id)
    trim_in = body.trim_in if "trim_in" in body.model_fields_set else clip.trim_in
    trim_out = body.trim_out if "trim_out" in body.model_fields_set else clip.trim_out
    edits.update_clip(clip, _given(body, "caption", clip.caption), _given(body, "view", clip.view).value,
                      trim_in, trim_out, _given(body, "strip_audio", clip.strip_audio))
    return clip_out(clip)


@route("DELETE", "/clips/<int:clip_id>", Operation("Delete a clip with its files", 204, errors=(404,)))
def delete_clip(clip_id: int):
    edits.delete_clip(editable(Clip, clip_id))


@route("POST", "/clips/<int:clip_id>/move", Operation("Move a clip up or down in its stage",
                                                      response=s.StageOut, body=s.Move))
def move_clip(clip_id: int, body: s.Move):
    clip = editable(Clip, clip_id)
    edits.move_clip(clip, -1 if body.direction == "up" else 1)
    db.session.refresh(clip.stage)
    return stage_out(clip.stage)


@route("POST", "/clips/<int:clip_id>/reprocess", Operation(
    "Make a new version of the clip from its original", 202, s.ClipOut, errors=(404, 409)))
def reprocess_clip(clip_id: int):
    clip = editable(Clip, clip_id)
    cases.reprocess_clip(clip)
    return clip_out(clip)


# ----------------------------------------------------------------------------------------- notes

@route("GET", "/clips/<int:clip_id>/notes", Operation("List a clip's notes", response=s.NoteList))
def list_notes(clip_id: int):
    return s.NoteList(notes=[note_out(n) for n in editable(Clip, clip_id).notes])


@route("POST", "/clips/<int:clip_id>/notes", Operation("Add a time-coded note", 201, s.NoteOut, body=s.NoteCreate))
def create_note(clip_id: int, body: s.NoteCreate):
    return note_out(cases.add_note(editable(Clip, clip_id), body.t, body.text, body.end))


@route("GET", "/notes/<int:note_id>", Operation("Read a note", response=s.NoteOut))
def get_note(note_id: int):
    return note_out(editable(Note, note_id))


@route("PATCH", "/notes/<int:note_id>", Operation("Change a note's time or text", response=s.NoteOut,
                                                  body=s.NoteUpdate))
def update_note(note_id: int, body: s.NoteUpdate):
    note = editable(Note, note_id)
    end = body.end if "end" in body.model_fields_set else note.end
    return note_out(edits.update_note(note, _given(body, "t", note.t), _given(body, "text", note.text), end))


@route("DELETE", "/notes/<int:note_id>", Operation("Delete a note", 204, errors=(404,)))
def delete_note(note_id: int):
    edits.delete_note(editable(Note, note_id))


# -------------------------------------------------------------------------------------- drawings

@route("GET", "/notes/<int:note_id>/drawings", Operation("List a note's drawings", response=s.DrawingList))
def list_drawings(note_id: int):
    return s.DrawingList(drawings=[drawing_out(d) for d in editable(Note, note_id).drawings])


@route("POST", "/notes/<int:note_id>/drawings", Operation(
    "Draw over the picture while a note's range plays (line, arrow, angle, angle to the vertical or "
    "horizontal, circle, text, freehand)", 201, s.DrawingOut, body=s.DrawingCreate))
def create_drawing(note_id: int, body: s.DrawingCreate):
    return drawing_out(drawings.add(editable(Note, note_id), body.kind, body.points, body.color, body.label,
                                    body.position))


@route("GET", "/drawings/<int:drawing_id>", Operation("Read a drawing", response=s.DrawingOut))
def get_drawing(drawing_id: int):
    return drawing_out(editable(Drawing, drawing_id))


@route("PATCH", "/drawings/<int:drawing_id>", Operation("Move a drawing's points, change its colour, label "
                                                        "or order", response=s.DrawingOut, body=s.DrawingUpdate))
def update_drawing(drawing_id: int, body: s.DrawingUpdate):
    return drawing_out(drawings.update(editable(Drawing, drawing_id), body.points, body.color, body.label,
                                       body.position))


@route("DELETE", "/drawings/<int:drawing_id>", Operation("Delete a drawing", 204, errors=(404,)))
def delete_drawing(drawing_id: int):
    drawings.delete(editable(Drawing, drawing_id))


# ----------------------------------------------------------------------------------- comparisons

@route("GET", "/cases/<int:case_id>/comparisons", Operation("List the case's before/after comparison",
                                                            response=s.ComparisonList))
def list_comparisons(case_id: int):
    found = edits.comparison_of(editable(Case, case_id))
    return s.ComparisonList(comparisons=[comparison_out(found)] if found else [])


@route("POST", "/cases/<int:case_id>/comparisons", Operation(
    "Create the case's before/after comparison", 201, s.ComparisonOut, body=s.ComparisonCreate,
    errors=(400, 404, 409)))
def create_comparison(case_id: int, body: s.ComparisonCreate):
    return comparison_out(edits.add_comparison(editable(Case, case_id), body.before_clip_id, body.after_clip_id,
                                               body.before_offset, body.after_offset, body.title))


@route("GET", "/comparisons/<int:comparison_id>", Operation("Read a comparison", response=s.ComparisonOut))
def get_comparison(comparison_id: int):
    return comparison_out(editable(Comparison, comparison_id))


@route("PATCH", "/comparisons/<int:comparison_id>", Operation(
    "Change a comparison's clips, sync points or title", response=s.ComparisonOut, body=s.ComparisonUpdate))
def update_comparison(comparison_id: int, body: s.ComparisonUpdate):
    c = editable(Comparison, comparison_id)
    return comparison_out(edits.save_comparison(
        c.case, _given(body, "before_clip_id", c.before_clip_id), _given(body, "after_clip_id", c.after_clip_id),
        _given(body, "before_offset", c.before_offset), _given(body, "after_offset", c.after_offset),
        _given(body, "title", c.title)))


@route("DELETE", "/comparisons/<int:comparison_id>", Operation("Delete a comparison", 204, errors=(404,)))
def delete_comparison(comparison_id: int):
    edits.delete_comparison(editable(Comparison, comparison_id))


# --------------------------------------------------------------------------------------- exports

@route("POST", "/clips/<int:clip_id>/exports", Operation(
    "Export a clip, or one note's moment, as a video file for social apps", 202, s.ExportOut,
    body=s.ExportCreate, errors=(400, 404, 409)))
def export_clip(clip_id: int, body: s.ExportCreate):
    clip = editable(Clip, clip_id)
    note = editable(Note, body.note_id) if body.note_id is not None else None
    if note is not None and note.clip_id != clip.id:
        abort(404, "No such note.")
    return s.ExportOut(**exports.export_json(exports.request_export(
        clip.case, body.shape, "single", clip=None if note else clip, note=note)))


@route("POST", "/comparisons/<int:comparison_id>/exports", Operation(
    "Export a before/after as a video file for social apps", 202, s.ExportOut,
    body=s.ComparisonExportCreate, errors=(400, 404, 409)))
def export_comparison(comparison_id: int, body: s.ComparisonExportCreate):
    pair = editable(Comparison, comparison_id)
    return s.ExportOut(**exports.export_json(exports.request_export(pair.case, body.shape, body.layout,
                                                                    comparison=pair)))


@route("GET", "/cases/<int:case_id>/exports", Operation("List the case's exports, newest first",
                                                        response=s.ExportList))
def list_exports(case_id: int):
    return s.ExportList(exports=[s.ExportOut(**exports.export_json(e))
                                 for e in exports.case_exports(editable(Case, case_id))])


@route("GET", "/exports/<int:export_id>", Operation("An export's progress, and its file once ready",
                                                    response=s.ExportOut))
def get_export(export_id: int):
    return s.ExportOut(**exports.export_json(editable(Export, export_id)))


# --------------------------------------------------------------------------------------- consent

def consent_out(c: Any) -> s.ConsentOut:
    return s.ConsentOut(id=c.id, case_id=c.case_id, client_name=c.client_name, date=c.consented_on,
                        scope_site=c.scope_site, scope_embeds=c.scope_embeds, has_document=bool(c.document_key),
                        withdrawn_at=c.withdrawn_at)


@route("GET", "/cases/<int:case_id>/consent", Operation("The case's consent records", response=s.ConsentList))
def list_consent(case_id: int):
    return s.ConsentList(consents=[consent_out(c) for c in editable(Case, case_id).consents])


@route("POST", "/cases/<int:case_id>/consent", Operation("Record the client's consent", 201, s.ConsentOut,
                                                         body=s.ConsentCreate, errors=(400, 404, 409)))
def create_consent(case_id: int, body: s.ConsentCreate):
    case = editable(Case, case_id)
    return consent_out(cases.record_consent(case, g.api_user, body.client_name, body.date or date.today(),
                                            body.scope_site, body.scope_embeds))


@route("POST", "/cases/<int:case_id>/consent/withdraw", Operation(
    "Withdraw consent: the case leaves the site for good", response=s.CaseStatusOut, errors=(404, 409)))
def withdraw_consent(case_id: int):
    case = editable(Case, case_id)
    edits.withdraw(case, g.api_user)
    return status_out(case)


# ----------------------------------------------------------------------------------------- pages

def page_out(page: Page) -> s.PageOut:
    return s.PageOut(id=page.id, slug=page.slug, title=page.title, body=page.body, in_nav=page.in_nav)


@route("GET", "/pages", Operation("List the site's pages (editors and admins)", response=s.PageList, errors=(403,)))
def list_pages():
    edits.check_page_editor(g.api_user)
    return s.PageList(pages=[page_out(p) for p in db.session.scalars(select(Page).order_by(Page.position, Page.title))])


@route("POST", "/pages", Operation("Create a page (editors and admins)", 201, s.PageOut, body=s.PageCreate,
                                   errors=(400, 403, 409)))
def create_page(body: s.PageCreate):
    edits.check_page_editor(g.api_user)
    return page_out(edits.save_page(Page(), body.title, body.slug, body.body, body.in_nav))


def _page(page_id: int) -> Page:
    edits.check_page_editor(g.api_user)
    return (db.session.get(Page, page_id) if 1 <= page_id <= MAX_ID else None) or abort(404, "No such page.")


@route("GET", "/pages/<int:page_id>", Operation("Read a page (editors and admins)", response=s.PageOut,
                                                              errors=(403, 404)))
def get_page(page_id: int):
    return page_out(_page(page_id))


@route("PATCH", "/pages/<int:page_id>", Operation("Change a page (editors and admins)", response=s.PageOut,
                                                  body=s.PageUpdate, errors=(400, 403, 404, 409)))
def update_page(page_id: int, body: s.PageUpdate):
    page = _page(page_id)
    return page_out(edits.save_page(page, _given(body, "title", page.title), _given(body, "slug", page.slug),
                                    _given(body, "body", page.body), _given(body, "in_nav", page.in_nav)))
