"""Logging in and out, changing one's password, and (for admins) managing users."""
from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from ..auth import authenticate
from ..extensions import db, limiter
from ..models import Role, User
from .forms import ActionForm, LoginForm, PasswordForm, UserForm

bp = Blueprint("auth", __name__, url_prefix="/auth")


def safe_next(target: str | None) -> str | None:
    """`target` if it is a path on this site, else None (no open redirects)."""
    if not target:
        return None
    target = target.strip().replace("\\", "/")
    if not target.startswith("/") or target.startswith("//"):
        return None
    host = urlsplit(request.host_url)
    resolved = urlsplit(urljoin(request.host_url, target))
    if (resolved.scheme, resolved.netloc) != (host.scheme, host.netloc):
        return None
    return target


def _login_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN"]


def _account_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN_ACCOUNT"]


def _account_key() -> str:
    """The account a login tries, whichever address it comes from."""
    return "login-account:" + request.form.get("email", "").strip().lower()


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])  # per address, every attempt
@limiter.limit(_account_limit, methods=["POST"], key_func=_account_key,
               deduct_when=lambda response: response.status_code != 302)  # per account, failures only
def login():
    form = LoginForm(next=request.args.get("next", ""))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(safe_next(form.next.data) or url_for("studio.index"))
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            return redirect(safe_next(form.next.data) or url_for("studio.index"))
        form.password.errors.append("That email and password do not match an account.")
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    ActionForm().validate_on_submit() or abort(400)
    logout_user()
    flash("You are logged out.")
    return redirect(url_for("public.index"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    form = PasswordForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current.data):
            form.current.errors.append("That is not your current password.")
        else:
            user = current_user._get_current_object()
            user.set_password(form.new.data)  # ends every session, this one too
            db.session.commit()
            login_user(user, remember=current_app.config["REMEMBER_COOKIE_NAME"] in request.cookies)
            flash("Your password was changed; every other device is logged out.")
            return redirect(url_for("studio.index"))
    return render_template("auth/password.html", form=form)


@bp.route("/users", methods=["GET", "POST"])
@login_required
def users():
    if current_user.role != Role.ADMIN:
        abort(403)
    form = UserForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        if db.session.scalar(select(User.id).where(User.email == email)) is not None:
            form.email.errors.append("There is already an account with this email.")
        else:
            user = User(email=email, name=form.name.data.strip(), role=Role(form.role.data))
            user.set_password(form.password.data)
            db.session.add(user)
            db.session.commit()
            flash(f"Account {email} created.")
            return redirect(url_for("auth.users"))
    people = db.session.scalars(select(User).order_by(User.email)).all()
    return render_template("auth/users.html", form=form, users=people, action=ActionForm())


@bp.post("/users/<int:user_id>/active")
@login_required
def toggle_active(user_id: int):
    if current_user.role != Role.ADMIN:
        abort(403)
    ActionForm().validate_on_submit() or abort(400)
    user = db.session.get(User, user_id) or abort(404)
    if user.id == current_user.id:
        flash("You cannot deactivate your own account.")
    else:
        user.active = not user.active
        if not user.active:
            user.end_sessions()
        db.session.commit()
        flash(f"{user.email} is now {'active' if user.active else 'deactivated'}.")
    return redirect(url_for("auth.users"))
