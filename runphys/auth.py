"""Login session plumbing for Flask-Login: a session holds "<user id>:<session token>"."""
from __future__ import annotations

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
