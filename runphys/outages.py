"""Answers while a backing service is down: 503 with Retry-After and a message a person can act on.

The database, the queue (Redis) and storage (S3) can each stop for a while. A request that needs
the missing part gets a 503 naming it (an HTML page, JSON under /api/, tus text for uploads) instead
of a 500 page, and the client tries again; nothing half-made is kept (the session is rolled back).
Uploads keep what was committed before the outage; a queued clip survives a Redis outage (see
lifecycle.request_processing and lifecycle.requeue_stale).
"""
from __future__ import annotations

import logging

from botocore.exceptions import BotoCoreError
from flask import Flask, Response, jsonify, render_template, request
from sqlalchemy import exc as sa_exc

from .extensions import QUEUE_DOWN, db
from .storage import StorageError

log = logging.getLogger(__name__)
RETRY_AFTER = 10  # seconds a client waits before trying again
PARTS: dict[str, tuple[type[BaseException], ...]] = {
    "database": (sa_exc.OperationalError, sa_exc.InterfaceError),
    "queue": QUEUE_DOWN,
    "storage": (StorageError, BotoCoreError),
}
MESSAGES = {
    "database": "The site's database is not answering right now.",
    "queue": "The site's Redis (its processing queue and sign-in limits) is not answering right now.",
    "storage": "The site's file storage is not answering right now.",
}


def part_down(exc: BaseException) -> str:
    """Name the backing service an exception says is unreachable."""
    return next(name for name, kinds in PARTS.items() if isinstance(exc, kinds))


def unavailable(exc: BaseException) -> Response:
    """Answer a request that failed because a backing service is down."""
    part = part_down(exc)
    log.warning("%s %s: %s unavailable: %s", request.method, request.path, part, exc)
    try:
        db.session.rollback()
    except Exception:  # the connection itself may be gone; the session is discarded at teardown
        log.debug("rollback after an outage failed", exc_info=True)
    message = f"{MESSAGES[part]} Nothing from this request was saved; please try again in a minute."
    if request.path.startswith("/api/v1/uploads"):
        from .uploads import tus_response
        response = tus_response(503, f"{MESSAGES[part]} The bytes received so far are kept: ask for the "
                                     "upload's offset (HEAD) and resume in a moment.")
    elif request.path.startswith("/api/"):
        response = jsonify(error=message, unavailable=part)
        response.status_code = 503
    else:
        response = Response(render_template("errors/unavailable.html", message=message), 503)
    response.headers["Retry-After"] = str(RETRY_AFTER)
    return response


def init_app(app: Flask) -> None:
    for kinds in PARTS.values():
        for kind in kinds:
            app.register_error_handler(kind, unavailable)
