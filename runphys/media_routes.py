"""Serves public media the storage backend keeps on this host, with HTTP Range support for seeking."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, send_file

from .storage import PUBLIC_PREFIX, cache_control_for, content_type_for

bp = Blueprint("media", __name__)


@bp.get("/media/<path:key>")
def serve(key: str):
    path = current_app.extensions["runphys.storage"].served_file(PUBLIC_PREFIX + key)
    if path is None:
        abort(404)
    response = send_file(path, mimetype=content_type_for(path.name), conditional=True, etag=True)
    response.headers["Cache-Control"] = cache_control_for(key)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
