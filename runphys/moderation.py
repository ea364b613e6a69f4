"""Comment moderation: held comments are approved, marked spam or deleted in the studio, or from the
author's email notice, whose signed approve/reject links work once, expire and log nobody in."""
from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from wtforms import HiddenField
from wtforms.validators import AnyOf

from .cases import audit
from .extensions import db
from .models import Case, Comment, CommentStatus, Role, User
from .urls import page_url

log = logging.getLogger(__name__)
MAIL_ACTIONS = {"approve": "Approve", "spam": "Reject as spam"}

bp = Blueprint("moderation", __name__, url_prefix="/studio/comments")

ACTIONS = {"approve": CommentStatus.APPROVED, "spam": CommentStatus.SPAM, "pending": CommentStatus.PENDING}


class ModerateForm(FlaskForm):
    action = HiddenField(validators=[AnyOf([*ACTIONS, "delete"])])


def may_moderate(user, case: Case) -> bool:
    """Editors and admins moderate every case; a physio the comments on their own cases."""
    return user.role in (Role.EDITOR, Role.ADMIN) or case.author_id == user.id


def _mine(query, user: User):
    """Limit a comments query joined with Case to the cases the user moderates."""
    return query if user.role in (Role.EDITOR, Role.ADMIN) else query.where(Case.author_id == user.id)


def visible_comments(status: CommentStatus | None):
    query = select(Comment, Case).join(Case, Case.id == Comment.case_id).order_by(Comment.created_at.desc())
    if status is not None:
        query = query.where(Comment.status == status)
    return db.session.execute(_mine(query, current_user).limit(200)).all()


@bp.app_template_global()
def pending_comments() -> int:
    """Comments waiting for the logged-in user's moderation (the studio bar shows the count)."""
    query = select(func.count()).select_from(Comment).join(Case, Case.id == Comment.case_id).where(
        Comment.status == CommentStatus.PENDING)
    return db.session.scalar(_mine(query, current_user))


def moderate(comment: Comment, action: str, by: User | None = None, how: str = "") -> None:
    """Apply one moderation action and record it."""
    audit(by or current_user, f"comment.{action}", f"comment:{comment.id}",
          f"case:{comment.case_id}" + (f" ({how})" if how else ""))
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


# ---- the author's email notice ------------------------------------------------------------

def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="runphys.comment-moderation")


def mail_link(comment: Comment, action: str) -> str:
    """Absolute URL of a signed link that applies `action` to the comment (once, until it expires)."""
    return page_url("moderation.by_mail", token=_signer().dumps({"comment": comment.id, "action": action}))


def read_link(token: str) -> tuple[Comment, str]:
    """The comment and action a link names, or LinkRefused: bad signature, expired, or already used."""
    try:
        data = _signer().loads(token, max_age=current_app.config["MODERATION_LINK_SECONDS"])
    except SignatureExpired:
        raise LinkRefused("This link has expired. Moderate the comment in the studio.") from None
    except BadSignature:
        raise LinkRefused("This link is not valid.", 404) from None
    comment = db.session.get(Comment, data.get("comment")) if isinstance(data, dict) else None
    if comment is None or data.get("action") not in MAIL_ACTIONS:
        raise LinkRefused("This comment no longer exists.", 404)
    if comment.status != CommentStatus.PENDING:  # a link works once: any decision ends every link
        raise LinkRefused(f"This comment was already moderated (it is {comment.status.value}); the link "
                          "works only once.")
    return comment, data["action"]


class LinkRefused(Exception):
    """A moderation link that cannot be used, with what to tell its reader and the status."""

    def __init__(self, message: str, status: int = 410) -> None:
        super().__init__(message)
        self.message, self.status = message, status


def notice(comment: Comment, case: Case) -> EmailMessage:
    """The email that tells a case's author about a new comment, with approve and reject links."""
    message = EmailMessage()
    message["Subject"] = f"New comment on “{case.title}” from {comment.name}"
    message["From"] = current_app.config["SMTP_FROM"]
    message["To"] = case.author.email
    message.set_content(
        f"{comment.name} commented on “{case.title}” ({page_url('public.case', slug=case.slug)}):\n\n"
        f"{comment.body}\n\n"
        f"Approve: {mail_link(comment, 'approve')}\n"
        f"Reject as spam: {mail_link(comment, 'spam')}\n\n"
        f"Each link works once, for {current_app.config['MODERATION_LINK_SECONDS'] // 86400} days. "
        f"All comments waiting: {page_url('moderation.index')}\n")
    return message


def notify_author(comment_id: int) -> bool:
    """Email the case's author about a committed comment; never raise (the comment is kept either way)."""
    config = current_app.config
    if not config["SMTP_HOST"]:
        log.info("comment %s: no SMTP host configured, the author is not emailed", comment_id)
        return False
    comment = db.session.get(Comment, comment_id)
    case = db.session.get(Case, comment.case_id)
    try:
        with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=10) as smtp:
            if config["SMTP_STARTTLS"]:
                smtp.starttls()
            if config["SMTP_USER"]:
                smtp.login(config["SMTP_USER"], config["SMTP_PASSWORD"] or "")
            smtp.send_message(notice(comment, case))
    except (OSError, smtplib.SMTPException):
        log.exception("comment %s: emailing the author %s failed", comment_id, case.author_id)
        return False
    return True


@bp.route("/mail/<token>", methods=["GET", "POST"])
def by_mail(token: str):
    """An emailed link: GET shows the comment and one button (mail scanners follow links, not forms);
    POST applies the action for the case's author. Nobody is logged in."""
    try:
        comment, action = read_link(token)
    except LinkRefused as refused:
        return render_template("public/moderation_link.html", refused=refused.message), refused.status
    case = db.session.get(Case, comment.case_id)
    form = ModerateForm(action=action)
    if request.method == "POST":
        if not form.validate_on_submit() or form.action.data != action:
            abort(400)
        moderate(comment, action, by=case.author, how="email link")
        return render_template("public/moderation_link.html", done=action, case=case)
    return render_template("public/moderation_link.html", comment=comment, case=case, action=action,
                           label=MAIL_ACTIONS[action], form=form)
