"""RunPhys: running-form case studies built from video."""
from __future__ import annotations

import logging
import os
from datetime import timedelta
from typing import Any, Mapping

from flask import Flask, jsonify
from sqlalchemy import event

from .config import load_config


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: configuration, extensions, blueprints, CLI. Nothing happens at import."""
    config = dict(config or {})
    instance_path = config.pop("INSTANCE_PATH", None) or os.environ.get("RUNPHYS_INSTANCE_PATH")
    app = Flask(__name__, instance_path=os.path.abspath(instance_path) if instance_path else None,
                instance_relative_config=False,
                template_folder="../templates", static_folder="../static")
    from .routing import IdConverter
    app.url_map.converters["int"] = IdConverter  # before any route is added
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.update(load_config(app.instance_path, config))
    https = app.config["FORCE_HTTPS"] or app.config["PUBLIC_URL"].lower().startswith("https://")
    app.config.update(
        SQLALCHEMY_DATABASE_URI=app.config["DATABASE_URL"],
        SQLALCHEMY_ENGINE_OPTIONS=_engine_options(app.config["DATABASE_URL"]),
        MAX_FORM_MEMORY_SIZE=1024 * 1024,
        WTF_CSRF_TIME_LIMIT=None,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=https,
        REMEMBER_COOKIE_NAME="remember_token",
        REMEMBER_COOKIE_SECURE=https,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_DURATION=timedelta(days=30),
        # Redis holds the limits for every web process; without it, run one process (scripts/gunicorn.conf.py).
        RATELIMIT_STORAGE_URI=app.config["REDIS_URL"] or "memory://",
        # One site's counters apart from another's in a shared Redis (the storage's own prefix: Flask-Limiter
        # keeps the first app's RATELIMIT_KEY_PREFIX for good, these options follow each app).
        RATELIMIT_STORAGE_OPTIONS={"key_prefix": f"LIMITS:{app.config['QUEUE_NAME']}"},
        RATELIMIT_HEADERS_ENABLED=True,
    )
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)

    from . import api, auth, cli, exports, limits, media_routes, public, security, tasks  # noqa: F401  (auth, tasks, exports register themselves)
    from . import drawings, feeds, moderation, search, timeline
    from .extensions import csrf, db, limiter, login, migrate, queue
    from .storage import make_storage

    limits.init_app(app)  # the first before_request: a body's limit is set before anything reads it
    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _sqlite_foreign_keys)
    migrate.init_app(app, db, render_as_batch=True, include_name=search.include_name, directory=os.path.join(os.path.dirname(__file__), "migrations"))
    login.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    queue.init_app(app)
    app.extensions["runphys.storage"] = make_storage(app.config, app.instance_path)
    security.init_app(app)
    from . import outages
    outages.init_app(app)
    timeline.init_app(app)
    drawings.init_app(app)
    if app.config["PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix
        n = app.config["PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_port=n)

    app.register_blueprint(public.bp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(moderation.bp)
    search.watch(db.session)
    app.register_blueprint(media_routes.bp)
    app.register_blueprint(api.bp)
    from . import embed  # embeds, oEmbed, clip pages, social preview images
    app.register_blueprint(embed.bp)
    csrf.exempt(api.bp)
    from . import studio, uploads
    app.register_blueprint(uploads.bp)
    csrf.exempt(uploads.bp)
    studio.init_app(app)
    cli.init_app(app)

    @app.get("/healthz")
    def healthz():
        from .health import health
        report = health(app)
        return jsonify(report), 200 if report["status"] == "ok" else 503

    return app


def _sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    """Enforce foreign keys (ON DELETE CASCADE/SET NULL) on every SQLite connection; SQLite's default is off."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _engine_options(url: str) -> dict[str, Any]:
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": 30}}
    return {"pool_pre_ping": True}
