"""Resumable uploads: the tus 1.0 protocol at /api/v1/uploads.

Extensions: creation, creation-with-upload, termination, expiration, checksum (sha1).
A PATCH body streams in slices of 8 MiB: each slice goes from the network to the request's
temporary file (no lock held while a slow phone sends), then into storage's multipart writer while
the upload's row is locked, and the offset is committed. Nothing about an upload stays on a web
host between requests (its state is the row; its bytes are in storage), so any PATCH may land on
any web process. A dropped connection keeps every byte that arrived and the client resumes from
there; a stale second request gets 409 instead of interleaving; a body past the declared length
gets 413. With storage or the database down, a PATCH gets 503 and Retry-After (runphys.outages).
On completion the clip is created and queued, and the response carries
`Location-Clip: /api/v1/clips/<id>`.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import io
import logging
import re
import tempfile
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from typing import IO, Any

from flask import Blueprint, Response, current_app, g, request
from sqlalchemy import select, update
from werkzeug.exceptions import RequestEntityTooLarge

from . import cases
from .api import api_user
from .extensions import db
from .models import Clip, Stage, Upload, User, new_uuid, utcnow
from .storage import Storage, copy_limited, original_key

bp = Blueprint("uploads", __name__, url_prefix="/api/v1/uploads")
log = logging.getLogger(__name__)

TUS_VERSION = "1.0.0"
EXTENSIONS = "creation,creation-with-upload,termination,expiration,checksum"
OFFSET_TYPE = "application/offset+octet-stream"
SLICE = 8 * 1024 * 1024  # bytes per storage append; the offset is committed after each
META_KEYS = ("filename", "filetype", "stage_id", "clip_id", "caption", "view")
MAX_ID = 2**31 - 1  # the largest id the database's integer columns hold


def _storage() -> Storage:
    return current_app.extensions["runphys.storage"]


def tus_response(status: int = 204, message: str | None = None, **headers: Any) -> Response:
    response = Response(message or "", status=status, mimetype="text/plain")
    response.headers["Tus-Resumable"] = TUS_VERSION
    response.headers["Cache-Control"] = "no-store"
    for name, value in headers.items():
        if value is not None:
            response.headers[name.replace("_", "-")] = str(value)
    return response


def expires_at(upload: Upload):
    return (upload.updated_at or upload.created_at) + timedelta(seconds=current_app.config["UPLOAD_EXPIRE_AFTER"])


def http_date(when: datetime) -> str:
    """An HTTP date (RFC 9110), e.g. for Upload-Expires."""
    return format_datetime(when.astimezone(timezone.utc), usegmt=True)


def parse_count(value: str) -> int | None:
    """A byte count or offset written in ASCII digits (str.isdigit also takes "²"), else None."""
    return int(value) if re.fullmatch(r"[0-9]{1,19}", value) else None


def parse_id(value: str) -> int | None:
    """A row id from Upload-Metadata, or None when it cannot name a row."""
    number = int(value) if re.fullmatch(r"[0-9]{1,10}", value) else None
    return number if number is not None and 0 < number <= MAX_ID else None


def parse_metadata(header: str) -> dict[str, str]:
    """Decode `Upload-Metadata: key base64value,key2 base64value2`."""
    meta: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in header.split(","))):
        key, _, value = item.partition(" ")
        try:
            meta[key] = base64.b64decode(value, validate=True).decode("utf-8") if value else ""
        except (binascii.Error, UnicodeDecodeError):
            raise cases.RuleError(f"Upload-Metadata value of {key!r} is not base64 UTF-8.") from None
    return meta


class _Received(io.RawIOBase):
    """The request body as a stream that ends (instead of raising) when the client disconnects."""

    def __init__(self, stream: IO[bytes], sha1: Any = None) -> None:
        self.stream = stream
        self.sha1 = sha1
        self.broken = False

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self.broken:
            return b""
        try:
            chunk = self.stream.read(size)
        except RequestEntityTooLarge:  # the route's body limit (runphys.limits): refused, not a disconnect
            raise
        except Exception:  # ClientDisconnected, a reset socket, a gunicorn NoMoreData
            self.broken = True
            return b""
        if self.sha1 is not None:
            self.sha1.update(chunk)
        return chunk


@bp.before_request
def check_protocol():
    if request.method == "OPTIONS":
        return None
    if request.headers.get("Tus-Resumable") != TUS_VERSION:
        return tus_response(412, "Unsupported tus version; send Tus-Resumable: 1.0.0.", Tus_Version=TUS_VERSION)
    user = api_user()
    if user is None:
        response = tus_response(401, "Authentication required: a Bearer token or a session with X-CSRFToken.")
        response.headers["WWW-Authenticate"] = 'Bearer realm="runphys"'
        return response
    g.api_user = user
    return None


@bp.errorhandler(RequestEntityTooLarge)
def too_large(exc: RequestEntityTooLarge):
    return tus_response(413, "This request is larger than the largest upload accepted.")


@bp.errorhandler(cases.RuleError)
def rule_error(exc: cases.RuleError):
    return tus_response(exc.status, exc.message)


@bp.route("", methods=["OPTIONS"])
@bp.route("/<upload_id>", methods=["OPTIONS"])
def options(upload_id: str | None = None):
    return tus_response(204, Tus_Version=TUS_VERSION, Tus_Extension=EXTENSIONS,
                        Tus_Max_Size=current_app.config["MAX_UPLOAD_BYTES"], Tus_Checksum_Algorithm="sha1")


def _target(meta: dict[str, str], user: User) -> tuple[Stage | None, Clip | None]:
    """The stage a new clip goes to, or the clip whose file is being replaced."""
    if meta.get("clip_id"):
        clip_id = parse_id(meta["clip_id"])
        clip = db.session.get(Clip, clip_id) if clip_id else None
        if clip is None or not user.can_edit(clip.case):  # alike, so that ids cannot be probed
            raise cases.RuleError("No such clip.", 404)
        cases.check_takes_video(clip.case)
        return None, clip
    stage_id = meta.get("stage_id", "")
    stage = db.session.get(Stage, parse_id(stage_id)) if parse_id(stage_id) else None
    if stage is None or not user.can_edit(stage.case):  # alike, so that ids cannot be probed
        raise cases.RuleError("Upload-Metadata needs the stage_id of an existing stage.", 404 if stage_id else 400)
    cases.check_takes_video(stage.case)
    return stage, None


@bp.post("")
def create():
    """Creation (and creation-with-upload): a new upload of Upload-Length bytes."""
    if "Upload-Defer-Length" in request.headers:
        raise cases.RuleError("Upload-Defer-Length is not supported; send Upload-Length.")
    length = parse_count(request.headers.get("Upload-Length", ""))
    if length is None:
        raise cases.RuleError("Send Upload-Length with the file's size in bytes.")
    limit = current_app.config["MAX_UPLOAD_BYTES"]
    if length > limit:
        raise cases.RuleError(f"The file is {length / 1024**2:.0f} MiB; the largest upload accepted is "
                              f"{limit / 1024**2:.0f} MiB.", 413)
    if length == 0:
        raise cases.RuleError("The file is empty.")
    meta = parse_metadata(request.headers.get("Upload-Metadata", ""))
    filename = meta.get("filename", "").strip() or "upload"
    _target(meta, g.api_user)
    cases.parse_view(meta.get("view"))
    upload = Upload(id=new_uuid(), user_id=g.api_user.id, length=length, offset=0,
                    meta={k: meta[k] for k in META_KEYS if k in meta})
    upload.key = original_key(upload.id, filename)
    upload.state = _storage().multipart_begin(upload.key)
    db.session.add(upload)
    db.session.commit()
    location = f"{bp.url_prefix}/{upload.id}"
    if request.headers.get("Content-Type") == OFFSET_TYPE and (request.content_length or 0) > 0:
        response = _append(upload)
        if response.status_code == 204:  # created, with the bytes it carried; a refusal keeps its status
            response.status_code = 201
        response.headers["Location"] = location
        return response
    return tus_response(201, Location=location, Upload_Offset=0, Upload_Expires=http_date(expires_at(upload)))


def _load(upload_id: str) -> Upload:
    upload = db.session.get(Upload, upload_id)
    if upload is None:
        raise cases.RuleError("No such upload (it finished long ago, was cancelled or never existed).", 404)
    if upload.user_id != g.api_user.id:
        raise cases.RuleError("This upload belongs to someone else.", 403)
    if upload.offset < upload.length and expires_at(upload) < utcnow():
        discard(upload)
        raise cases.RuleError("This upload expired; start it again.", 410)
    return upload


@bp.route("/<upload_id>", methods=["HEAD"])
def head(upload_id: str):
    upload = _load(upload_id)
    meta = ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in upload.meta.items())
    response = tus_response(200, Upload_Offset=upload.offset, Upload_Length=upload.length,
                            Upload_Metadata=meta or None)
    if upload.offset < upload.length:
        response.headers["Upload-Expires"] = http_date(expires_at(upload))
    if upload.clip_id:
        response.headers["Location-Clip"] = f"/api/v1/clips/{upload.clip_id}"
    return response


@bp.route("/<upload_id>", methods=["PATCH"])
def patch(upload_id: str):
    upload = _load(upload_id)
    if request.headers.get("Content-Type") != OFFSET_TYPE:
        raise cases.RuleError(f"PATCH needs Content-Type: {OFFSET_TYPE}.", 415)
    offset = parse_count(request.headers.get("Upload-Offset", ""))
    if offset is None:
        raise cases.RuleError("PATCH needs Upload-Offset: the upload's offset in bytes.")
    if offset != upload.offset:
        return tus_response(409, f"Upload-Offset {offset} does not match the upload's offset {upload.offset}.",
                            Upload_Offset=upload.offset)
    return _append(upload)


def _append(upload: Upload) -> Response:
    """Stream the body into storage slice by slice, committing the offset after each."""
    if upload.offset + (request.content_length or 0) > upload.length:
        return _past_end(upload)
    checksum = request.headers.get("Upload-Checksum")
    if checksum:
        algorithm, _, digest = checksum.partition(" ")
        if algorithm != "sha1":
            raise cases.RuleError("Only sha1 checksums are supported.", 400)
        return _append_checked(upload, digest)
    stream = _Received(request.stream)
    if not _store(upload, stream):
        return _past_end(upload)
    return _after_append(upload, stream.broken)


def _past_end(upload: Upload) -> Response:
    """Refuse a body that runs past the declared length (a client bug): nothing more is kept."""
    return tus_response(413, f"This PATCH runs past the end of the {upload.length}-byte upload; send at most "
                             f"{upload.length - upload.offset} bytes from offset {upload.offset}.",
                        Upload_Offset=upload.offset)


def _append_checked(upload: Upload, digest: str) -> Response:
    """With a checksum the chunk is spooled to disk first and kept only if it matches."""
    store = _storage()
    store.spool_dir.mkdir(parents=True, exist_ok=True)
    sha1 = hashlib.sha1()
    with tempfile.TemporaryFile(dir=store.spool_dir) as spool:
        stream = _Received(request.stream, sha1)
        copy_limited(stream, spool, upload.length - upload.offset)
        if stream.read(1):
            return _past_end(upload)
        if stream.broken or base64.b64encode(sha1.digest()).decode() != digest.strip():
            return tus_response(460, "Checksum mismatch: the chunk was discarded.", Upload_Offset=upload.offset)
        spool.seek(0)
        _store(upload, spool)
    return _after_append(upload, False)


def _store(upload: Upload, stream: IO[bytes]) -> bool:
    """Append the body a slice at a time: network to a request's temporary file with no lock held,
    then to storage while holding the upload's row, so two requests never write one upload.
    Return False, keeping nothing of the last slice, when the body runs past the upload's end."""
    store = _storage()
    store.spool_dir.mkdir(parents=True, exist_ok=True)
    position = upload.offset
    while position < upload.length:
        want = min(SLICE, upload.length - position)
        with tempfile.TemporaryFile(dir=store.spool_dir) as spool:
            got = copy_limited(stream, spool, want)
            if got == 0:
                break
            if position + got == upload.length and stream.read(1):
                return False
            spool.seek(0)
            _hold(upload, position)
            state, taken = store.multipart_append(upload.key, upload.state, spool, final=False, limit=got)
            position += taken
            upload.state, upload.offset = state, position
            db.session.commit()
        if got < want:
            break
    if position == upload.length and upload.clip_id is None:
        _hold(upload, position)
        if not upload.state.get("complete"):  # complete the stored object exactly once
            state, _ = store.multipart_append(upload.key, upload.state, io.BytesIO(b""), final=True)
            upload.state = {**state, "complete": True}
            db.session.commit()
        _finish(upload)
    return True


def _hold(upload: Upload, position: int) -> None:
    """Lock the upload's row until the next commit (a row lock on PostgreSQL, the write lock on
    SQLite), provided it is still at `position`; else another request moved it: 409."""
    held = db.session.execute(update(Upload).where(Upload.id == upload.id, Upload.offset == position)
                              .values(updated_at=utcnow()).execution_options(synchronize_session=False))
    if held.rowcount != 1:
        db.session.rollback()
        raise cases.RuleError("Another request is writing to this upload; ask for its offset (HEAD) and resume.",
                              409)
    db.session.refresh(upload)


def _finish(upload: Upload) -> None:
    """The upload is whole: create (or re-point) the clip, commit, then queue it."""
    meta = upload.meta
    stage, replaced = _target(meta, g.api_user)
    if replaced is not None:
        old_key = replaced.original_key
        replaced.original_key, replaced.original_name = upload.key, (meta.get("filename") or "upload")[:255]
        replaced.original_size = upload.length
        clip = replaced
        if old_key and old_key != upload.key:
            _storage().delete(old_key)
    else:
        clip = cases.new_clip(stage, meta.get("filename") or "upload", meta.get("caption", ""), meta.get("view"))
        clip.uuid = upload.id
        clip.original_key = upload.key
        clip.original_size = upload.length
    db.session.flush()
    upload.clip_id = clip.id
    db.session.commit()
    cases.enqueue_clip(clip)
    log.info("upload %s complete: clip %s queued", upload.id, clip.id)


def _after_append(upload: Upload, broken: bool) -> Response:
    response = tus_response(204, Upload_Offset=upload.offset)
    if upload.offset < upload.length:
        response.headers["Upload-Expires"] = http_date(expires_at(upload))
    if upload.clip_id:
        response.headers["Location-Clip"] = f"/api/v1/clips/{upload.clip_id}"
    if broken:
        log.info("upload %s: connection dropped at offset %s of %s", upload.id, upload.offset, upload.length)
    return response


@bp.delete("/<upload_id>")
def terminate(upload_id: str):
    """Termination: drop the upload and its stored bytes (a finished upload's clip stays)."""
    upload = _load(upload_id)
    discard(upload)
    return tus_response(204)


def discard(upload: Upload) -> None:
    """Delete an upload row; abort its storage write unless it completed into a clip."""
    if upload.clip_id is None:
        try:
            if upload.state.get("complete"):
                _storage().delete(upload.key)  # stored whole, but no clip was made of it
            else:
                _storage().multipart_abort(upload.key, upload.state)
        except Exception:  # the row must go even if storage is unhappy; the bucket's lifecycle catches strays
            log.exception("upload %s: aborting the storage write failed", upload.id)
    db.session.delete(upload)
    db.session.commit()


def interrupted_uploads(user: User, stage_ids: list[int]) -> dict[int, list[Upload]]:
    """The user's unfinished, unexpired uploads of new clips into these stages, by stage id."""
    found: dict[int, list[Upload]] = {}
    rows = db.session.scalars(select(Upload).where(Upload.user_id == user.id, Upload.clip_id.is_(None),
                                                   Upload.offset < Upload.length).order_by(Upload.created_at))
    for upload in rows:
        stage_id = parse_id(upload.meta.get("stage_id", ""))
        if stage_id in stage_ids and not upload.meta.get("clip_id") and expires_at(upload) >= utcnow():
            found.setdefault(stage_id, []).append(upload)
    return found


def clean_expired_uploads() -> int:
    """Discard uploads untouched for longer than UPLOAD_EXPIRE_AFTER; return how many."""
    cutoff = utcnow() - timedelta(seconds=current_app.config["UPLOAD_EXPIRE_AFTER"])
    stale = db.session.scalars(select(Upload).where(Upload.updated_at < cutoff)).all()
    for upload in stale:
        discard(upload)
    return len(stale)
