"""The studio (authoring, login required) and the login pages."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the studio and auth blueprints and point Flask-Login at the login page."""
    from ..extensions import login
    from . import auth, views

    app.register_blueprint(auth.bp)
    app.register_blueprint(views.bp)
    login.login_view = "auth.login"
    login.login_message = "Log in to open the studio."
