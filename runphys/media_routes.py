"""Serves public media from local-disk storage, with HTTP Range support for seeking."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, send_file

from .storage import PUBLIC_PREFIX, LocalStorage, cache_control_for, content_type_for

bp = Blueprint("media", __name__)


@bp.get("/media/<path:key>")
def serve(key: str):
    storage = current_app.extensions["runphys.storage"]
    if not isinstance(storage, LocalStorage):
        abort(404)
    try:
        path = storage.path(PUBLIC_PREFIX + key)
    except ValueError:
        abort(404)
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=content_type_for(path.name), conditional=True, etag=True)
    response.headers["Cache-Control"] = cache_control_for(key)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
