"""Login session plumbing for Flask-Login: a session holds "<user id>:<session token>"."""
from __future__ import annotations

import functools
import secrets

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from .extensions import db, login
from .models import User
from .routing import parse_id


@login.user_loader
def load_user(session_id: str) -> User | None:
    """The user a session or remember-me cookie names, if its token is still theirs and they are active."""
    user_id, _, token = session_id.partition(":")
    ident = parse_id(user_id)
    user = db.session.get(User, ident) if ident is not None and token else None
    return user if user is not None and user.holds(token) else None


@functools.cache
def _dummy_hash() -> str:
    """A password hash of nothing anyone knows, made like a real one (scrypt), once per process."""
    return generate_password_hash(secrets.token_urlsafe(16), method="scrypt")


def authenticate(email: str, password: str) -> User | None:
    """The active account with this email and password, else None, in the same time either way.

    An unknown email, an inactive account or one without a password still checks one scrypt hash,
    so the answer's timing does not tell which emails have accounts.
    """
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None or not user.active or not user.password_hash:
        check_password_hash(_dummy_hash(), password)
        return None
    return user if user.check_password(password) else None
