"""Login session plumbing for Flask-Login."""
from __future__ import annotations

from .extensions import db, login
from .models import User


@login.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None
