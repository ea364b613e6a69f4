"""Security headers: a strict CSP, no framing (embed pages opt in per route), HSTS behind TLS."""
from __future__ import annotations

from flask import Flask, abort

from .extensions import talisman


def media_origins(app: Flask) -> list[str]:
    """Origins media may come from besides this site (the S3 public base / CDN)."""
    return app.extensions["runphys.storage"].media_origins()


def content_security_policy(app: Flask, frame_ancestors: str = "'none'") -> dict[str, str]:
    """The site's CSP; embed pages pass frame_ancestors='*'."""
    media = " ".join(["'self'", "blob:", *media_origins(app)])
    return {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self' 'unsafe-inline'",  # Media Chrome's shadow DOM styles are inline
        "img-src": " ".join(["'self'", "data:", *media_origins(app)]),
        "media-src": media,
        "connect-src": media,
        "worker-src": "'self' blob:",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": frame_ancestors,
    }


def init_app(app: Flask) -> None:
    talisman.init_app(
        app,
        force_https=app.config["FORCE_HTTPS"],
        strict_transport_security=app.config["FORCE_HTTPS"],
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        content_security_policy=content_security_policy(app),
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
        permissions_policy={"geolocation": "()", "camera": "()", "microphone": "()"},
    )

    @app.url_value_preprocessor
    def _no_nul_in_urls(_endpoint: str | None, values: dict | None) -> None:
        """A URL part with a NUL character names nothing (and PostgreSQL refuses NUL in a query): 404."""
        if values and any(isinstance(v, str) and "\x00" in v for v in values.values()):
            abort(404)


class _FrameableOptions(dict):
    """Talisman per-view options for a page any site may frame.

    Talisman reads a view's options from this mapping on every request and `setdefault`s the
    app-wide ones into it; the CSP depends on the app (its media origins), so it is built per
    request and nothing of one app is remembered for another.
    """

    def __init__(self) -> None:
        super().__init__(frame_options=None)

    def setdefault(self, key, default=None):
        return self[key] if key in ("frame_options", "content_security_policy") else default

    def __getitem__(self, key):
        if key == "content_security_policy":
            from flask import current_app
            return content_security_policy(current_app, frame_ancestors="*")
        if key == "frame_options":
            return None
        return getattr(talisman, key)


def frameable(view):
    """Let any site frame this view: no X-Frame-Options and CSP frame-ancestors *."""
    view.talisman_view_options = _FrameableOptions()
    return view
