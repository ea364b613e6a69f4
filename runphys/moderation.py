"""Comment moderation in the studio: held comments are approved, marked spam or deleted."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import HiddenField
from wtforms.validators import AnyOf

from .cases import audit
from .extensions import db
from .models import Case, Comment, CommentStatus, Role

bp = Blueprint("moderation", __name__, url_prefix="/studio/comments")

ACTIONS = {"approve": CommentStatus.APPROVED, "spam": CommentStatus.SPAM, "pending": CommentStatus.PENDING}


class ModerateForm(FlaskForm):
    action = HiddenField(validators=[AnyOf([*ACTIONS, "delete"])])


def may_moderate(user, case: Case) -> bool:
    """Editors and admins moderate every case; a physio the comments on their own cases."""
    return user.role in (Role.EDITOR, Role.ADMIN) or case.author_id == user.id


def visible_comments(status: CommentStatus | None):
    query = select(Comment, Case).join(Case, Case.id == Comment.case_id).order_by(Comment.created_at.desc())
    if status is not None:
        query = query.where(Comment.status == status)
    if current_user.role not in (Role.EDITOR, Role.ADMIN):
        query = query.where(Case.author_id == current_user.id)
    return db.session.execute(query.limit(200)).all()


def moderate(comment: Comment, action: str) -> None:
    """Apply one moderation action and record it."""
    audit(current_user, f"comment.{action}", f"comment:{comment.id}", f"case:{comment.case_id}")
    if action == "delete":
        db.session.delete(comment)
    else:
        comment.status = ACTIONS[action]
    db.session.commit()


@bp.get("/")
@login_required
def index():
    status = request.args.get("status", CommentStatus.PENDING.value)
    chosen = None if status == "all" else CommentStatus(status) if status in CommentStatus._value2member_map_ else None
    rows = visible_comments(chosen)
    return render_template("public/moderation.html", rows=rows, status=status, form=ModerateForm(),
                           statuses=["pending", "approved", "spam", "all"])


@bp.post("/<int:comment_id>")
@login_required
def act(comment_id: int):
    comment = db.session.get(Comment, comment_id) or abort(404)
    case = db.session.get(Case, comment.case_id)
    if not may_moderate(current_user, case):
        abort(404)  # not 403: that would tell which comment ids exist
    form = ModerateForm()
    if not form.validate_on_submit():
        abort(400)
    moderate(comment, form.action.data)
    flash(f"Comment by {comment.name} on “{case.title}”: {form.action.data}.")
    return redirect(url_for("moderation.index", status=request.args.get("status", "pending")))
