"""Where files live. The only module that knows keys, buckets, paths and media URLs.

Keys:
  originals/<clip uuid>/<safe name>           private upload of a clip
  private/consents/<case id>/<uuid>/<name>    private signed consent forms
  media/<clip uuid>/<version>/<file>          public renditions, poster, storyboard, HLS
  media/<clip uuid>/exports/<token>.mp4       public exported videos (unguessable names)
"""
from __future__ import annotations

import contextlib
import json
import mimetypes
import os
import shutil
import tempfile
from abc import ABC, abstractmethod
from pathlib import Path, PurePosixPath
from typing import IO, Any, Iterator
from urllib.parse import urlsplit

import boto3
from boto3.exceptions import Boto3Error
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from werkzeug.utils import secure_filename

PUBLIC_PREFIX = "media/"
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, no-cache"
S3_MIN_PART = 5 * 1024 * 1024
COPY_CHUNK = 1024 * 1024

mimetypes.add_type("application/vnd.apple.mpegurl", ".m3u8")
mimetypes.add_type("video/mp4", ".m4s")
mimetypes.add_type("text/vtt", ".vtt")


class StorageError(Exception):
    """The storage backend failed (retryable)."""


def safe_name(filename: str, fallback: str, limit: int = 100) -> str:
    """A file name fit for a key: ASCII, no path, at most `limit` characters, extension kept."""
    name = secure_filename(filename) or fallback
    if len(name) <= limit:
        return name
    stem, dot, suffix = name.rpartition(".")
    suffix = dot + suffix if stem and len(suffix) <= 16 else ""
    return name[:limit - len(suffix)].rstrip("._") + suffix


def original_key(clip_uuid: str, filename: str) -> str:
    return f"originals/{clip_uuid}/{safe_name(filename, 'upload')}"


def consent_key(case_id: int, token: str, filename: str) -> str:
    return f"private/consents/{case_id}/{token}/{safe_name(filename, 'consent')}"


def media_prefix(clip_uuid: str, version: int | None = None) -> str:
    base = f"{PUBLIC_PREFIX}{clip_uuid}/"
    return base if version is None else f"{base}{version}/"


def export_key(clip_uuid: str, token: str) -> str:
    """Key of an exported video: in the clip's media folder, so withdrawal and deletion take it too."""
    return f"{media_prefix(clip_uuid)}exports/{token}.mp4"


def cache_control_for(key: str) -> str:
    """Media files never change under their versioned key; playlists may still grow (live HLS)."""
    return REVALIDATE if key.endswith(".m3u8") else IMMUTABLE


def content_type_for(key: str) -> str:
    return mimetypes.guess_type(key)[0] or "application/octet-stream"


def _check_key(key: str) -> str:
    parts = PurePosixPath(key).parts
    if not key or key.startswith("/") or ".." in parts or "\\" in key:
        raise ValueError(f"unsafe storage key: {key!r}")
    return key


class Storage(ABC):
    """A key/value file store with public URLs for media/ keys and multipart writes."""

    def __init__(self, spool_dir: Path) -> None:
        self.spool_dir = spool_dir

    @abstractmethod
    def put_file(self, key: str, path: Path) -> None:
        """Store the local file at `path` under `key`."""

    @abstractmethod
    def open(self, key: str) -> contextlib.AbstractContextManager[IO[bytes]]:
        """Open the stored file for streaming reads."""

    @abstractmethod
    def size(self, key: str) -> int | None:
        """Size in bytes, or None when the key does not exist."""

    @abstractmethod
    def delete_prefix(self, prefix: str) -> int:
        """Delete every key under `prefix`; return how many."""

    @abstractmethod
    def public_url(self, key: str) -> str:
        """URL a browser can fetch a public (media/) key from."""

    @abstractmethod
    def check(self) -> dict[str, Any]:
        """Say whether the backend answers."""

    # multipart: append chunks of any size, complete into one object
    @abstractmethod
    def multipart_begin(self, key: str) -> dict[str, Any]:
        """Start a multipart write; return its JSON-serialisable state."""

    @abstractmethod
    def multipart_append(self, key: str, state: dict[str, Any], stream: IO[bytes], final: bool,
                         limit: int | None = None) -> tuple[dict[str, Any], int]:
        """Append bytes from `stream` (at most `limit`); return the new state and bytes taken."""

    @abstractmethod
    def multipart_abort(self, key: str, state: dict[str, Any]) -> None:
        """Drop an unfinished multipart write."""

    def ensure(self) -> None:
        """Create what the backend needs (directory, bucket and its public-read policy)."""

    def delete(self, key: str) -> None:
        self.delete_prefix(key) if key.endswith("/") else self._delete_one(key)

    @abstractmethod
    def _delete_one(self, key: str) -> None: ...

    def exists(self, key: str) -> bool:
        return self.size(key) is not None

    @abstractmethod
    def keys(self, prefix: str) -> list[str]:
        """Every stored key under `prefix` (whole objects only), sorted."""

    def put_stream(self, key: str, stream: IO[bytes]) -> int:
        """Store a stream under `key` by spooling it to disk; return its size."""
        self.spool_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=self.spool_dir) as tmp:
            shutil.copyfileobj(stream, tmp, COPY_CHUNK)
            tmp.flush()
            self.put_file(key, Path(tmp.name))
            return tmp.tell()

    def put_tree(self, prefix: str, root: Path, names: list[str]) -> None:
        """Store each relative file name under root as prefix + name."""
        for name in names:
            self.put_file(prefix + name, root / name)

    @contextlib.contextmanager
    def local_path(self, key: str, folder: Path, suffix: str = "") -> Iterator[Path]:
        """Yield a local path holding the stored file: a copy in `folder`, deleted after use."""
        path = folder / ("source" + suffix)
        try:
            with self.open(key) as src, open(path, "wb") as dst:
                shutil.copyfileobj(src, dst, COPY_CHUNK)
            yield path
        finally:
            path.unlink(missing_ok=True)

    def served_file(self, key: str) -> Path | None:
        """The local file this site serves for a public key itself, or None (served elsewhere)."""
        return None

    def media_origins(self) -> list[str]:
        """Origins public media is fetched from besides this site."""
        return []

    @staticmethod
    def is_public(key: str) -> bool:
        return key.startswith(PUBLIC_PREFIX)


class LocalStorage(Storage):
    """Files under a directory; the app serves media/ keys with Range support."""

    def __init__(self, root: Path, url_prefix: str = "/") -> None:
        super().__init__(root / ".spool")
        self.root = root
        self.url_prefix = url_prefix

    def path(self, key: str) -> Path:
        return self.root / _check_key(key)

    def ensure(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)

    def put_file(self, key: str, path: Path) -> None:
        dest = self.path(key)
        tmp = dest.with_name(dest.name + ".part")
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, tmp)
            os.replace(tmp, dest)
        except FileNotFoundError:
            raise  # the source is gone: not the storage's fault
        except OSError as exc:  # disk full, read-only mount: as retryable as a failing S3 server
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
            raise StorageError(f"could not store {key}: {exc.strerror or exc}") from exc

    def open(self, key: str) -> contextlib.AbstractContextManager[IO[bytes]]:
        return open(self.path(key), "rb")

    @contextlib.contextmanager
    def local_path(self, key: str, folder: Path, suffix: str = "") -> Iterator[Path]:
        """Yield the stored file itself: it is local already (no copy of up to 8 GiB)."""
        path = self.path(key)
        if not path.is_file():
            raise FileNotFoundError(key)
        yield path

    def served_file(self, key: str) -> Path | None:
        try:
            path = self.path(key)
        except ValueError:
            return None
        return path if self.is_public(key) and path.is_file() else None

    def size(self, key: str) -> int | None:
        try:
            return self.path(key).stat().st_size
        except (FileNotFoundError, NotADirectoryError):
            return None

    def _delete_one(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def keys(self, prefix: str) -> list[str]:
        base = self.path(prefix.rstrip("/")) if prefix else self.root
        if base.is_file():
            return [prefix]
        spool = self.root / ".spool"
        return sorted(str(p.relative_to(self.root)) for p in base.rglob("*")
                      if p.is_file() and not p.name.endswith(".part") and spool not in p.parents)

    def delete_prefix(self, prefix: str) -> int:
        target = self.path(prefix.rstrip("/"))
        if target.is_file():
            target.unlink()
            return 1
        if not target.exists():
            return 0
        count = sum(1 for p in target.rglob("*") if p.is_file())
        shutil.rmtree(target)
        return count

    def public_url(self, key: str) -> str:
        if not self.is_public(key):
            raise ValueError("not a public key")
        return self.url_prefix + key

    def check(self) -> dict[str, Any]:
        self.root.mkdir(parents=True, exist_ok=True)
        ok = os.access(self.root, os.W_OK)
        return {"ok": ok, "backend": "local"}

    def multipart_begin(self, key: str) -> dict[str, Any]:
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.with_name(path.name + ".part").write_bytes(b"")
        return {"size": 0}

    def multipart_append(self, key, state, stream, final, limit=None):
        part = self.path(key)
        part = part.with_name(part.name + ".part")
        with open(part, "ab") as out:
            out.truncate(state["size"])  # drop bytes of an append that crashed before its commit
            taken = copy_limited(stream, out, limit)
        state = {"size": state["size"] + taken}
        if final:
            os.replace(part, self.path(key))
        return state, taken

    def multipart_abort(self, key: str, state: dict[str, Any]) -> None:
        path = self.path(key)
        path.with_name(path.name + ".part").unlink(missing_ok=True)


class S3Storage(Storage):
    """An S3-compatible bucket: media/ is publicly readable, everything else private."""

    def __init__(self, bucket: str, spool_dir: Path, *, endpoint_url: str | None, region: str,
                 access_key: str | None, secret_key: str | None, public_base_url: str | None) -> None:
        super().__init__(spool_dir)
        self.bucket = bucket
        self.client = boto3.client(
            "s3", endpoint_url=endpoint_url, region_name=region,
            aws_access_key_id=access_key, aws_secret_access_key=secret_key,
            # A stopped S3 server fails a request within seconds (then the caller answers 503 or
            # retries the job) instead of holding a web thread through long backoffs.
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 3, "mode": "standard"},
                          connect_timeout=5, read_timeout=20,
                          request_checksum_calculation="when_required",
                          response_checksum_validation="when_required"))
        base = public_base_url or f"{(endpoint_url or f'https://s3.{region}.amazonaws.com').rstrip('/')}/{bucket}"
        self.public_base = base.rstrip("/") + "/"

    def ensure(self) -> None:
        """Create the bucket if missing and make media/ (only) publicly readable."""
        try:
            self.client.head_bucket(Bucket=self.bucket)
        except ClientError:
            self.client.create_bucket(Bucket=self.bucket)
        policy = {"Version": "2012-10-17", "Statement": [{
            "Sid": "PublicMedia", "Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject"],
            "Resource": [f"arn:aws:s3:::{self.bucket}/{PUBLIC_PREFIX}*"]}]}
        self.client.put_bucket_policy(Bucket=self.bucket, Policy=json.dumps(policy))
        self.client.put_bucket_cors(Bucket=self.bucket, CORSConfiguration={"CORSRules": [{
            "AllowedMethods": ["GET", "HEAD"], "AllowedOrigins": ["*"], "AllowedHeaders": ["*"],
            "ExposeHeaders": ["Content-Length", "Content-Range", "ETag"], "MaxAgeSeconds": 86400}]})

    def _extra(self, key: str) -> dict[str, str]:
        extra = {"ContentType": content_type_for(key)}
        if self.is_public(key):
            extra["CacheControl"] = cache_control_for(key)
        return extra

    def put_file(self, key: str, path: Path) -> None:
        try:
            self.client.upload_file(str(path), self.bucket, _check_key(key), ExtraArgs=self._extra(key))
        except (BotoCoreError, ClientError, Boto3Error) as exc:
            raise StorageError(f"upload of {key} failed: {exc}") from exc

    @contextlib.contextmanager
    def open(self, key: str) -> Iterator[IO[bytes]]:
        try:
            body = self.client.get_object(Bucket=self.bucket, Key=_check_key(key))["Body"]
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise FileNotFoundError(key) from exc
            raise StorageError(str(exc)) from exc
        except BotoCoreError as exc:
            raise StorageError(str(exc)) from exc
        try:
            yield body
        finally:
            body.close()

    def size(self, key: str) -> int | None:
        try:
            return self.client.head_object(Bucket=self.bucket, Key=_check_key(key))["ContentLength"]
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise StorageError(str(exc)) from exc
        except BotoCoreError as exc:
            raise StorageError(str(exc)) from exc

    def _delete_one(self, key: str) -> None:
        try:
            self.client.delete_object(Bucket=self.bucket, Key=_check_key(key))
        except (BotoCoreError, ClientError) as exc:
            raise StorageError(f"deleting {key} failed: {exc}") from exc

    def delete_prefix(self, prefix: str) -> int:
        count = 0
        paginator = self.client.get_paginator("list_objects_v2")
        try:
            for page in paginator.paginate(Bucket=self.bucket, Prefix=_check_key(prefix)):
                objects = [{"Key": o["Key"]} for o in page.get("Contents", [])]
                if objects:
                    self.client.delete_objects(Bucket=self.bucket, Delete={"Objects": objects, "Quiet": True})
                    count += len(objects)
        except (BotoCoreError, ClientError) as exc:
            raise StorageError(f"deleting {prefix} failed: {exc}") from exc
        return count

    def keys(self, prefix: str) -> list[str]:
        found = []
        try:
            for page in self.client.get_paginator("list_objects_v2").paginate(
                    Bucket=self.bucket, Prefix=_check_key(prefix) if prefix else ""):
                found += [o["Key"] for o in page.get("Contents", [])]
        except (BotoCoreError, ClientError) as exc:
            raise StorageError(f"listing {prefix} failed: {exc}") from exc
        return sorted(found)

    def public_url(self, key: str) -> str:
        if not self.is_public(key):
            raise ValueError("not a public key")
        return self.public_base + key

    def media_origins(self) -> list[str]:
        parts = urlsplit(self.public_base)
        return [f"{parts.scheme}://{parts.netloc}"]

    def check(self) -> dict[str, Any]:
        try:
            self.client.head_bucket(Bucket=self.bucket)
            return {"ok": True, "backend": "s3"}
        except (BotoCoreError, ClientError) as exc:
            return {"ok": False, "backend": "s3", "error": type(exc).__name__}

    # Multipart: S3 wants parts of >= 5 MiB (but the last) and tus chunks can be smaller. As in
    # tusd's s3store, bytes short of a part wait in the bucket as a private "incomplete part"
    # object, never on a web host's disk, so the next PATCH may land on any web process: it
    # prepends that object to its bytes. The object's key carries the number of parts already
    # sent and only ever grows by appending under that key, so an append that crashed before
    # its state was committed is undone by reading just the committed `pending` bytes of it.
    def _incomplete(self, key: str, parts: int) -> str:
        return f"{_check_key(key)}.incomplete/{parts}"

    def multipart_begin(self, key: str) -> dict[str, Any]:
        try:
            upload_id = self.client.create_multipart_upload(Bucket=self.bucket, Key=_check_key(key),
                                                            **self._extra(key))["UploadId"]
        except (BotoCoreError, ClientError) as exc:
            raise StorageError(f"starting the upload of {key} failed: {exc}") from exc
        return {"upload_id": upload_id, "parts": [], "pending": 0, "size": 0}

    def multipart_append(self, key, state, stream, final, limit=None):
        parts, pending = state["parts"], state["pending"]
        self.spool_dir.mkdir(parents=True, exist_ok=True)
        try:
            if state.get("sent_part"):  # the incomplete part that went into the last part sent
                self._delete_one(self._incomplete(key, len(parts) - 1))
            with tempfile.TemporaryFile(dir=self.spool_dir) as buf:
                if pending:
                    body = self.client.get_object(Bucket=self.bucket, Key=self._incomplete(key, len(parts)),
                                                  Range=f"bytes=0-{pending - 1}")["Body"]
                    with contextlib.closing(body):
                        if copy_limited(body, buf, pending) != pending:
                            raise StorageError(f"the incomplete part of {key} is shorter than recorded")
                taken = copy_limited(stream, buf, limit)
                total = pending + taken
                buf.seek(0)
                sent = total >= S3_MIN_PART or (final and (total or not parts))
                if sent:
                    number = len(parts) + 1
                    etag = self.client.upload_part(Bucket=self.bucket, Key=key, UploadId=state["upload_id"],
                                                   PartNumber=number, Body=buf, ContentLength=total)["ETag"]
                    parts = parts + [{"PartNumber": number, "ETag": etag}]
                    pending = 0
                elif taken:
                    self.client.put_object(Bucket=self.bucket, Key=self._incomplete(key, len(parts)), Body=buf,
                                           ContentLength=total, ContentType="application/octet-stream")
                    pending = total
            if final:
                self.client.complete_multipart_upload(Bucket=self.bucket, Key=key, UploadId=state["upload_id"],
                                                      MultipartUpload={"Parts": parts})
                self.delete_prefix(f"{key}.incomplete/")
        except (BotoCoreError, ClientError) as exc:
            raise StorageError(f"appending to {key} failed: {exc}") from exc
        state = {**state, "parts": parts, "pending": pending, "size": state["size"] + taken, "sent_part": sent}
        return state, taken

    def multipart_abort(self, key: str, state: dict[str, Any]) -> None:
        try:
            with contextlib.suppress(ClientError):
                self.client.abort_multipart_upload(Bucket=self.bucket, Key=key, UploadId=state["upload_id"])
            self.delete_prefix(f"{key}.incomplete/")
        except (BotoCoreError, ClientError) as exc:
            raise StorageError(f"aborting the upload of {key} failed: {exc}") from exc


def copy_limited(src: IO[bytes], dst: IO[bytes], limit: int | None) -> int:
    """Copy at most `limit` bytes (all when None) in chunks; return the count."""
    taken = 0
    while limit is None or taken < limit:
        want = COPY_CHUNK if limit is None else min(COPY_CHUNK, limit - taken)
        chunk = src.read(want)
        if not chunk:
            break
        dst.write(chunk)
        taken += len(chunk)
    dst.flush()
    return taken


def make_storage(config: dict[str, Any], instance_path: str) -> Storage:
    """Build the storage backend named by the configuration."""
    if config["STORAGE"] == "s3":
        storage = S3Storage(
            config["S3_BUCKET"], Path(instance_path) / "spool",
            endpoint_url=config["S3_ENDPOINT_URL"], region=config["S3_REGION"],
            access_key=config["S3_ACCESS_KEY"], secret_key=config["S3_SECRET_KEY"],
            public_base_url=config["S3_PUBLIC_BASE_URL"])
        return storage
    if config["STORAGE"] != "local":
        raise ValueError(f"RUNPHYS_STORAGE must be 'local' or 's3', not {config['STORAGE']!r}")
    return LocalStorage(Path(config["STORAGE_DIR"]))
