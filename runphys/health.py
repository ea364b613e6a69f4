"""The /healthz report: database, storage and queue."""
from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import text

from .extensions import db, queue


PART_NAMES = {"db": "database", "storage": "storage", "queue": "queue"}


def health(app: Flask) -> dict[str, Any]:
    """Check each component; status is 'ok' only when all answer."""
    report: dict[str, Any] = {}
    try:
        db.session.execute(text("SELECT 1"))
        report["db"] = {"ok": True, "backend": db.engine.dialect.name}
    except Exception as exc:  # a health check reports, it does not raise
        db.session.rollback()
        report["db"] = {"ok": False, "error": type(exc).__name__}
    try:
        report["storage"] = app.extensions["runphys.storage"].check()
    except Exception as exc:
        report["storage"] = {"ok": False, "error": type(exc).__name__}
    try:
        huey = queue.huey(app)
        report["queue"] = {"ok": True, "backend": type(huey).__name__, "pending": huey.pending_count()}
    except Exception as exc:
        report["queue"] = {"ok": False, "error": type(exc).__name__}
    down = [PART_NAMES[name] for name, part in report.items() if not part.get("ok")]
    report["status"] = "degraded" if down else "ok"
    report["down"] = down
    return report
