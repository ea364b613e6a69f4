"""The studio: build a case from uploads to a published page. Every route needs a login."""
from __future__ import annotations

import io
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import cases, exports
from ..cases import RuleError
from ..extensions import db, login
from ..public import case_page
from ..models import (
    Case,
    CaseKind,
    CaseStatus,
    Category,
    Clip,
    ClipStatus,
    Consent,
    Export,
    Note,
    Page,
    Role,
    Stage,
    StageKind,
)
from ..text import timecode
from ..timeline import played_notes, played_time, source_time
from ..uploads import interrupted_uploads
from ..views import clip_json, media_url
from . import edits
from .forms import (
    ActionForm,
    CaseForm,
    ClipForm,
    ClipLabelForm,
    ComparisonForm,
    ConsentForm,
    ExportForm,
    NewCaseForm,
    NewStageForm,
    NoteForm,
    PageForm,
    SocialImageForm,
    StageForm,
    StatusForm,
    UploadForm,
)

bp = Blueprint("studio", __name__, url_prefix="/studio")


@bp.before_request
def require_login():
    if not current_user.is_authenticated:
        return login.unauthorized()
    return None


def me():
    """The logged-in user row (not the proxy), for rules that store it."""
    return current_user._get_current_object()


def _case(case_id: int) -> Case:
    """The case if the user may edit it; 404 otherwise, so that a stranger cannot tell which ids exist."""
    case = db.session.get(Case, case_id) or abort(404)
    try:
        cases.check_editor(me(), case)
    except RuleError:
        abort(404)
    return case


def _owned(model: type, ident: int) -> Any:
    row = db.session.get(model, ident) or abort(404)
    _case(row.case.id if not isinstance(row, Note) else row.clip.case.id)
    return row


def _action() -> None:
    """Check the CSRF token of a button form (CSRFProtect already refused a bad one)."""
    ActionForm().validate_on_submit() or abort(400)


def _categories() -> list[tuple[str, str]]:
    return [(c.slug, c.name) for c in db.session.scalars(select(Category).order_by(Category.name))]


def _error(exc: RuleError) -> None:
    flash(exc.message, "error")


def _form_errors(form) -> None:
    """Flash what is wrong with a form whose page is not shown again (a redirect follows)."""
    for name, errors in form.errors.items():
        label = getattr(getattr(form, name, None), "label", None)
        for error in errors:
            flash(f"{label.text}: {error}" if label else error, "error")


# ---------------------------------------------------------------------------------------- cases

@bp.get("/")
def index():
    query = select(Case).order_by(Case.updated_at.desc()).options(selectinload(Case.author))
    if current_user.role == Role.PHYSIO:
        query = query.where(Case.author_id == current_user.id)
    rows = db.session.scalars(query).all()
    pages = db.session.scalars(select(Page).order_by(Page.position, Page.title)).all()
    return render_template("studio/index.html", cases=[c for c in rows if c.kind == CaseKind.CASE],
                           posts=[c for c in rows if c.kind == CaseKind.POST], pages=pages)


@bp.route("/cases/new", methods=["GET", "POST"])
def new_case():
    kind = CaseKind.POST if request.args.get("kind") == "post" else CaseKind.CASE
    form = NewCaseForm()
    form.categories.choices = _categories()
    if request.method == "GET" and kind == CaseKind.POST:
        form.with_stages.data = False
    if form.validate_on_submit():
        try:
            case = cases.create_case(me(), form.title.data, form.summary.data or "", form.client_alias.data or "",
                                     form.categories.data, kind=kind)
        except RuleError as exc:
            _error(exc)
        else:
            if form.with_stages.data and kind == CaseKind.CASE:
                for stage_kind in (StageKind.INITIAL, StageKind.DRILL, StageKind.RESULT):
                    cases.add_stage(case, stage_kind.value)
            elif kind == CaseKind.POST:
                cases.add_stage(case, StageKind.SECTION.value, "")
            flash(f"“{case.title}” created. Add clips to its stages below.")
            return redirect(url_for("studio.case", case_id=case.id))
    return render_template("studio/case_new.html", form=form, kind=kind)


@bp.route("/cases/<int:case_id>", methods=["GET", "POST"])
def case(case_id: int):
    case = _case(case_id)
    form = CaseForm(obj=case if request.method == "GET" else None)
    form.categories.choices = _categories()
    form.cover_clip_id.choices = [(0, "First ready clip")] + [
        (c.id, c.caption or c.original_name or f"Clip {c.id}") for c in case.clips]
    if request.method == "GET":
        form.categories.data = [c.slug for c in case.categories]
        form.cover_clip_id.data = case.cover_clip_id or 0
    if form.validate_on_submit():
        try:
            edits.update_case(case, me(), form.title.data, form.slug.data or "", form.summary.data or "",
                              form.client_alias.data or "", form.categories.data, form.cover_clip_id.data or None)
        except RuleError as exc:
            db.session.rollback()
            _error(exc)
        else:
            flash("Saved.")
            return redirect(url_for("studio.case", case_id=case.id))
    stage_forms = {s.id: StageForm(prefix=f"stage{s.id}", obj=s) for s in case.stages}
    new_stage = NewStageForm(prefix="new")
    new_stage.kind.data = StageKind.SECTION.value if case.kind == CaseKind.POST else StageKind.DRILL.value
    return render_template("studio/case.html", case=case, form=form, stage_forms=stage_forms, new_stage=new_stage,
                           status_form=StatusForm(status=case.status.value), upload_form=UploadForm(),
                           action=ActionForm(), tus=tus_settings(), social_form=social_form(case),
                           interrupted=interrupted_uploads(me(), [s.id for s in case.stages]))


def social_form(case: Case) -> SocialImageForm:
    """The form choosing the case's social image frame, showing the current choice."""
    chosen = case.social_clip
    form = SocialImageForm(data={"clip_id": case.social_clip_id,
                                 "t": played_time(chosen, case.social_t) or 0.0} if chosen else None)
    form.clip_id.choices = [(c.id, c.caption or f"Clip {c.id}") for c in case.clips if c.is_playable]
    return form


@bp.post("/cases/<int:case_id>/social-image")
def social_image(case_id: int):
    """Choose the frame of the case's link preview; the worker makes the image."""
    case = _case(case_id)
    form = SocialImageForm()
    form.clip_id.choices = [(c.id, c.caption or f"Clip {c.id}") for c in case.clips]  # the rule checks readiness
    if form.validate_on_submit():
        try:
            edits.choose_social_frame(case, me(), form.clip_id.data, form.t.data)
        except RuleError as exc:
            _error(exc)
        else:
            flash("Frame chosen: the social image is being made.")
    for errors in form.errors.values():
        for message in errors:
            flash(message, "error")
    return redirect(url_for("studio.case", case_id=case.id))


def tus_settings() -> dict[str, Any]:
    return {"endpoint": url_for("uploads.create"), "chunk": current_app.config["UPLOAD_CHUNK_BYTES"],
            "max": current_app.config["MAX_UPLOAD_BYTES"]}


@bp.post("/cases/<int:case_id>/status")
def case_status(case_id: int):
    case = _case(case_id)
    form = StatusForm()
    if form.validate_on_submit():
        try:
            edits.set_status(case, me(), CaseStatus(form.status.data))
        except RuleError as exc:
            _error(exc)
            if case.active_consent is None and case.status != CaseStatus.WITHDRAWN:
                return redirect(url_for("studio.consent", case_id=case.id))
        else:
            flash({"published": "Published: the case is on the site.", "unlisted": "Unlisted: reachable by its link only.",
                   "draft": "Back to draft: readers no longer see it."}[case.status.value])
    return redirect(url_for("studio.case", case_id=case.id))


@bp.get("/cases/<int:case_id>/preview")
def preview(case_id: int):
    """The case as readers will see it, whatever its status."""
    case = _case(case_id)
    response = Response(case_page(case, preview=True))
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.post("/cases/<int:case_id>/delete")
def delete_case(case_id: int):
    case = _case(case_id)
    _action()
    try:
        edits.delete_case(case, me())
    except RuleError as exc:
        _error(exc)
        return redirect(url_for("studio.case", case_id=case.id))
    flash("Case deleted.")
    return redirect(url_for("studio.index"))


# --------------------------------------------------------------------------------------- stages

@bp.post("/cases/<int:case_id>/stages")
def add_stage(case_id: int):
    case = _case(case_id)
    form = NewStageForm(prefix="new")
    if form.validate_on_submit():
        try:
            stage = cases.add_stage(case, form.kind.data, form.title.data or "", form.body.data or "")
        except RuleError as exc:
            _error(exc)
        else:
            return redirect(url_for("studio.case", case_id=case.id, _anchor=f"stage-{stage.id}"))
    return redirect(url_for("studio.case", case_id=case.id))


@bp.post("/stages/<int:stage_id>")
def edit_stage(stage_id: int):
    stage = _owned(Stage, stage_id)
    form = StageForm(prefix=f"stage{stage.id}")
    if form.validate_on_submit():
        edits.update_stage(stage, form.title.data or "", form.body.data or "")
        flash(f"Stage “{stage.title}” saved.")
    return redirect(url_for("studio.case", case_id=stage.case_id, _anchor=f"stage-{stage.id}"))


@bp.post("/stages/<int:stage_id>/move/<direction>")
def move_stage(stage_id: int, direction: str):
    stage = _owned(Stage, stage_id)
    _action()
    edits.move_stage(stage, -1 if direction == "up" else 1)
    return redirect(url_for("studio.case", case_id=stage.case_id, _anchor=f"stage-{stage.id}"))


@bp.post("/stages/<int:stage_id>/delete")
def delete_stage(stage_id: int):
    stage = _owned(Stage, stage_id)
    _action()
    case_id = stage.case_id
    edits.delete_stage(stage)
    flash("Stage deleted with its clips.")
    return redirect(url_for("studio.case", case_id=case_id))


@bp.post("/stages/<int:stage_id>/order")
def order_clips(stage_id: int):
    """Drag-and-drop reordering: JSON {"clips": [ids in order]}, CSRF token in X-CSRFToken."""
    stage = _owned(Stage, stage_id)
    data = request.get_json(silent=True) or {}
    ids = data.get("clips")
    if not isinstance(ids, list) or not all(isinstance(i, int) for i in ids):
        abort(400)
    try:
        edits.reorder_clips(stage, ids)
    except RuleError as exc:
        return jsonify(error=exc.message), exc.status
    return jsonify(clips=[c.id for c in stage.clips])


@bp.post("/stages/<int:stage_id>/clips")
def upload_clips(stage_id: int):
    """Upload without JavaScript: one plain multipart POST (the studio's script uses tus instead)."""
    stage = _owned(Stage, stage_id)
    form = UploadForm()
    if form.validate_on_submit():
        files = [f for f in request.files.getlist(form.files.name) if f and f.filename]
        if not files:
            flash("Choose one or more video files first.", "error")
        stored = 0
        for upload in files:
            try:
                cases.add_clip_from_stream(stage, upload.stream, upload.filename, form.caption.data or "",
                                           form.view.data)
                stored += 1
            except RuleError as exc:
                _error(exc)
        if stored:
            flash(f"{stored} file(s) uploaded; processing has started.")
    return redirect(url_for("studio.case", case_id=stage.case_id, _anchor=f"stage-{stage.id}"))


# ---------------------------------------------------------------------------------------- clips

@bp.route("/clips/<int:clip_id>", methods=["GET", "POST"])
def clip(clip_id: int):
    clip = _owned(Clip, clip_id)
    form = ClipForm(obj=clip if request.method == "GET" else None)
    if request.method == "GET":
        form.view.data = clip.view.value
    if form.validate_on_submit():
        try:
            again = edits.update_clip(clip, form.caption.data or "", form.view.data, form.trim_in.data,
                                      form.trim_out.data, form.strip_audio.data)
            if form.remove_subtitles.data:
                edits.set_subtitles(clip, None)
            elif form.subtitles.data and getattr(form.subtitles.data, "filename", ""):
                edits.set_subtitles(clip, form.subtitles.data.read(1024 * 1024 + 1)[:1024 * 1024])
        except RuleError as exc:
            db.session.rollback()
            _error(exc)
        else:
            flash("Clip saved; it is being processed again with the new trim/audio." if again else "Clip saved.")
            return redirect(url_for("studio.clip", clip_id=clip.id))
    # the studio player plays the published version: its forms show and take played times
    note_forms = {n.id: NoteForm(prefix=f"note{n.id}", data={
        "t": n.t - clip.output_start, "text": n.text,
        "end": None if n.end is None else n.end - clip.output_start}) for n in clip.notes}
    return render_template("studio/clip.html", clip=clip, case=clip.case, form=form, note_form=NoteForm(prefix="new"),
                           note_forms=note_forms, action=ActionForm(), tus=tus_settings(),
                           export_form=_export_form(clip), past_exports=_past_exports(clip.case))


def _past_exports(case: Case) -> list[dict[str, Any]]:
    """The case's exports as the export section lists them (and its script follows them)."""
    return [{**exports.export_json(e), "status_url": url_for("studio.export_status", export_id=e.id)}
            for e in exports.case_exports(case)]


def _export_form(clip: Clip) -> ExportForm:
    """The clip's export form: the whole clip, or the moment of one of its notes."""
    form = ExportForm(prefix="export")
    form.moment.choices = [("", "The whole clip")] + [
        (str(shown.note.id), f"The moment at {timecode(shown.t)}: {shown.note.text[:60]}")
        for shown in played_notes(clip)]
    return form


def clip_row(clip: Clip) -> str:
    """A clip's row of the case page, as the page itself renders it."""
    return render_template("studio/_clip_row.html", clip=clip, action=ActionForm())


@bp.get("/clips/<int:clip_id>/status.json")
def clip_status(clip_id: int):
    """A clip's status, with its status box, its row and its case's checklist rendered for live pages."""
    clip = _owned(Clip, clip_id)
    data = clip_json(clip)
    data["html_status"] = render_template("studio/_clip_status.html", clip=clip)
    data["html_row"] = clip_row(clip)
    data["html_checklist"] = render_template("studio/_checklist.html", case=clip.case)
    return jsonify(data)


@bp.post("/clips/<int:clip_id>/label")
def relabel_clip(clip_id: int):
    """Caption and view of one clip, from its row (a form, or fetch asking for JSON)."""
    clip = _owned(Clip, clip_id)
    form = ClipLabelForm()
    wants_json = request.accept_mimetypes.best == "application/json"
    if form.validate_on_submit():
        try:
            edits.label_clip(clip, form.caption.data or "", form.view.data)
        except RuleError as exc:
            if wants_json:
                return jsonify(error=exc.message), exc.status
            _error(exc)
    elif wants_json:
        return jsonify(error="; ".join(f"{form[name].label.text}: {error}" for name, errors in form.errors.items()
                                       for error in errors)), 400
    else:
        _form_errors(form)
    if wants_json:
        return jsonify(caption=clip.caption, view=clip.view.value, html_row=clip_row(clip),
                       order=[c.id for c in clip.stage.clips])
    return redirect(url_for("studio.case", case_id=clip.case.id, _anchor=f"clip-{clip.id}"))


@bp.post("/clips/<int:clip_id>/move/<direction>")
def move_clip(clip_id: int, direction: str):
    clip = _owned(Clip, clip_id)
    _action()
    edits.move_clip(clip, -1 if direction == "up" else 1)
    return redirect(url_for("studio.case", case_id=clip.case.id, _anchor=f"clip-{clip.id}"))


@bp.post("/clips/<int:clip_id>/delete")
def delete_clip(clip_id: int):
    clip = _owned(Clip, clip_id)
    _action()
    case_id = clip.case.id
    edits.delete_clip(clip)
    flash("Clip deleted.")
    return redirect(url_for("studio.case", case_id=case_id))


@bp.post("/clips/<int:clip_id>/notes")
def add_note(clip_id: int):
    clip = _owned(Clip, clip_id)
    form = NoteForm(prefix="new")
    if form.validate_on_submit():
        try:
            cases.add_note(clip, source_time(clip, form.t.data), form.text.data, source_time(clip, form.end.data))
        except RuleError as exc:
            _error(exc)
    else:
        _form_errors(form)
    return redirect(url_for("studio.clip", clip_id=clip.id, _anchor="notes"))


@bp.post("/notes/<int:note_id>")
def edit_note(note_id: int):
    note = _owned(Note, note_id)
    form = NoteForm(prefix=f"note{note.id}")
    if form.validate_on_submit():
        try:
            edits.update_note(note, source_time(note.clip, form.t.data), form.text.data,
                              source_time(note.clip, form.end.data))
        except RuleError as exc:
            _error(exc)
    else:
        _form_errors(form)
    return redirect(url_for("studio.clip", clip_id=note.clip_id, _anchor="notes"))


@bp.post("/notes/<int:note_id>/delete")
def delete_note(note_id: int):
    note = _owned(Note, note_id)
    _action()
    clip_id = note.clip_id
    edits.delete_note(note)
    return redirect(url_for("studio.clip", clip_id=clip_id, _anchor="notes"))


# --------------------------------------------------------------------------------------- export

@bp.post("/clips/<int:clip_id>/export")
def export_clip(clip_id: int):
    clip = _owned(Clip, clip_id)
    form = _export_form(clip)
    if not form.validate_on_submit():
        return jsonify(error="Choose a shape and what to export."), 400
    note = next((n for n in clip.notes if str(n.id) == form.moment.data), None)
    return _export(lambda: exports.request_export(clip.case, form.shape.data, "single",
                                                  clip=None if note else clip, note=note))


@bp.post("/cases/<int:case_id>/comparison/export")
def export_comparison(case_id: int):
    case = _case(case_id)
    pair = edits.comparison_of(case) or abort(404)
    form = ExportForm(prefix="export")
    form.moment.choices = [("", "")]
    if not form.validate_on_submit():
        return jsonify(error="Choose a shape and a layout."), 400
    return _export(lambda: exports.request_export(case, form.shape.data, form.layout.data, comparison=pair))


def _export(make) -> Any:
    """Queue an export; answer 202 with where to follow it (the page's script polls that)."""
    try:
        export = make()
    except RuleError as exc:
        return jsonify(error=exc.message), exc.status
    return jsonify({**exports.export_json(export),
                    "status_url": url_for("studio.export_status", export_id=export.id)}), 202


@bp.get("/exports/<int:export_id>.json")
def export_status(export_id: int):
    return jsonify(exports.export_json(_owned(Export, export_id)))


# -------------------------------------------------------------------------------------- consent

@bp.route("/cases/<int:case_id>/consent", methods=["GET", "POST"])
def consent(case_id: int):
    case = _case(case_id)
    form = ConsentForm()
    if form.validate_on_submit():
        document = form.document.data if form.document.data and form.document.data.filename else None
        try:
            if document is not None:
                edits.check_document(document.stream, current_app.config["CONSENT_MAX_BYTES"])
            cases.record_consent(case, me(), form.client_name.data, form.consented_on.data,
                                 form.scope_site.data, form.scope_embeds.data,
                                 document.stream if document else None, document.filename if document else "")
        except RuleError as exc:
            _error(exc)
        else:
            flash("Consent recorded. The case can now be published.")
            return redirect(url_for("studio.consent", case_id=case.id))
    return render_template("studio/consent.html", case=case, form=form, action=ActionForm(),
                           audit=edits.consent_page_audit(case))


@bp.post("/cases/<int:case_id>/withdraw")
def withdraw(case_id: int):
    case = _case(case_id)
    _action()
    try:
        edits.withdraw(case, me())
    except RuleError as exc:
        _error(exc)
    else:
        flash("Consent withdrawn: the case, its embeds and its public video are gone from the site.")
    return redirect(url_for("studio.consent", case_id=case.id))


@bp.get("/consents/<int:consent_id>/document")
def consent_document(consent_id: int):
    """The signed form, streamed through the app to editors of the case only."""
    consent = db.session.get(Consent, consent_id) or abort(404)
    _case(consent.case_id)
    if not consent.document_key:
        abort(404)
    store = cases.storage()
    cases.audit(me(), "consent.document_viewed", f"case:{consent.case_id}", consent.document_name)
    db.session.commit()
    with store.open(consent.document_key) as f:  # a form is small (CONSENT_MAX_BYTES)
        data = f.read()
    suffix, mime = edits.document_type(data[:16]) or (".bin", "application/octet-stream")
    response = send_file(io.BytesIO(data), mimetype=mime, as_attachment=True,
                         download_name=f"consent-case-{consent.case_id}{suffix}")
    response.headers["Cache-Control"] = "private, no-store"
    return response


# ------------------------------------------------------------------------------------ comparison

def _default_pair(case: Case) -> dict[str, Any] | None:
    """A new comparison's clips: "before" from the initial-form stage, "after" from the result
    stage (else the first and last clips of the case)."""
    clips = case.clips
    if len(clips) < 2:
        return None

    def first(kind: str) -> Any:
        return next((c for st in case.stages if st.kind.value == kind for c in st.clips), None)
    before = first("initial") or clips[0]
    after = first("result") or clips[-1]
    if after is before:
        after = next(c for c in clips if c is not before)
    return {"before_clip_id": before.id, "after_clip_id": after.id, "before_offset": 0.0, "after_offset": 0.0}


@bp.route("/cases/<int:case_id>/comparison", methods=["GET", "POST"])
def comparison(case_id: int):
    case = _case(case_id)
    existing = edits.comparison_of(case)
    shown = None if existing is None or request.method != "GET" else {
        "title": existing.title, "before_clip_id": existing.before_clip_id,
        "after_clip_id": existing.after_clip_id,
        "before_offset": existing.before_offset - existing.before_clip.output_start,
        "after_offset": existing.after_offset - existing.after_clip.output_start}
    if existing is None and request.method == "GET":
        shown = _default_pair(case)
    form = ComparisonForm(data=shown)
    clips = {c.id: c for c in case.clips}
    form.before_clip_id.choices = form.after_clip_id.choices = [
        (c.id, f"{c.stage.title} — {c.caption or c.original_name}") for c in clips.values()]
    if form.validate_on_submit():
        try:
            before, after = clips.get(form.before_clip_id.data), clips.get(form.after_clip_id.data)
            edits.save_comparison(case, form.before_clip_id.data, form.after_clip_id.data,
                                  source_time(before, form.before_offset.data) if before else form.before_offset.data,
                                  source_time(after, form.after_offset.data) if after else form.after_offset.data,
                                  form.title.data or "")
        except RuleError as exc:
            _error(exc)
        else:
            flash("Comparison saved.")
            return redirect(url_for("studio.comparison", case_id=case.id))
    return render_template("studio/comparison.html", case=case, form=form, comparison=existing,
                           export_form=ExportForm(prefix="export"), past_exports=_past_exports(case))


# ----------------------------------------------------------------------------------------- pages

@bp.route("/pages/new", methods=["GET", "POST"])
@bp.route("/pages/<int:page_id>", methods=["GET", "POST"])
def page(page_id: int | None = None):
    try:
        edits.check_page_editor(me())
    except RuleError as exc:
        abort(exc.status, exc.message)
    row = (db.session.get(Page, page_id) or abort(404)) if page_id else Page()
    form = PageForm(obj=row if request.method == "GET" and page_id else None)
    if form.validate_on_submit():
        try:
            edits.save_page(row, form.title.data, form.slug.data or "", form.body.data or "", form.in_nav.data)
        except RuleError as exc:
            _error(exc)
        else:
            flash(f"Page “{row.title}” saved.")
            return redirect(url_for("studio.page", page_id=row.id))
    return render_template("studio/page.html", form=form, page=row)


@bp.app_template_global()
def clip_label(clip: Clip) -> str:
    return clip.caption or clip.original_name or f"Clip {clip.id}"


bp.add_app_template_global(media_url, "studio_media_url")
STATUS_LABELS = {ClipStatus.UPLOADED: "Uploaded", ClipStatus.QUEUED: "Queued", ClipStatus.PROCESSING: "Processing",
                 ClipStatus.READY: "Ready", ClipStatus.FAILED: "Failed"}
bp.add_app_template_global(lambda status: STATUS_LABELS[status], "clip_status_label")


@bp.app_template_global()
def audit_user(user_id: int | None) -> str:
    from ..models import User
    user = db.session.get(User, user_id) if user_id else None
    return user.email if user else "—"

