"""Queue tasks: the clip job as a list of named steps, run under a fenced claim that beats.

Every clip state change goes through runphys.lifecycle; this module fetches, encodes and stores.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import io
import logging
import os
import secrets
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from flask import Flask, current_app
from sqlalchemy import select

from . import lifecycle, media
from .extensions import db, queue
from .lifecycle import MAX_ATTEMPTS, Job, Superseded
from .media.social import make_social_image
from .models import Case, Clip
from .storage import Storage, StorageError, media_prefix
from .timeline import played_time

log = logging.getLogger(__name__)
PROGRESS_EVERY = 1.0  # seconds between progress writes
BEAT_EVERY = 5.0  # longest time between heartbeats
SOCIAL_IMAGE_NAME = "social-1200x630.jpg"
UNEXPECTED = "Processing failed repeatedly; try replacing the file."
STORAGE_DOWN = "Storage was unavailable while processing this clip."


def _storage() -> Storage:
    return current_app.extensions["runphys.storage"]


def _limits() -> media.Limits:
    cfg = current_app.config
    return media.Limits(max_side=cfg["MAX_SIDE"], max_duration=float(cfg["MAX_DURATION"]),
                        max_bytes=cfg["MAX_UPLOAD_BYTES"])


# ---- the job's steps ---------------------------------------------------------------------------

@dataclass
class Work:
    """What the steps of one job share: its claim, the clip's settings as claimed, its folder."""

    job: Job
    original_key: str
    suffix: str
    trim_in: float | None
    trim_out: float | None
    strip_audio: bool
    folder: Path
    beat: "Heartbeat"
    stack: contextlib.ExitStack
    source: Path | None = None
    probe: media.Probe | None = None
    result: media.TranscodeResult | None = None
    early: "EarlyPublisher | None" = None
    out: Path = field(init=False)

    def __post_init__(self) -> None:
        self.out = self.folder / "out"


def fetch(work: Work) -> None:
    """Get the original as a local file (in place on local storage)."""
    work.source = work.stack.enter_context(_storage().local_path(work.original_key, work.folder, work.suffix))


def probe(work: Work) -> None:
    """Read the original's facts; refuse what cannot be published."""
    work.probe = found = media.probe_clip(work.source, _limits())
    lifecycle.record_source(work.job, found.duration, found.width, found.height, found.fps, found.capture_fps)


def encode(work: Work) -> None:
    """Encode the ladder, publishing the lowest rung while it grows."""
    work.out.mkdir()
    work.early = EarlyPublisher(work.job, work.out, work.beat)
    work.result = media.transcode_clip(
        work.source, work.out, work.probe, trim_in=work.trim_in, trim_out=work.trim_out,
        strip_audio=work.strip_audio, limits=_limits(), on_progress=_progress_writer(work),
        on_playable=work.early)


def publish(work: Work) -> None:
    """Store the rest of the version, playlists last, then switch readers to it."""
    store, result = _storage(), work.result
    for name in work.early.remaining(result.files):
        work.beat.check()
        store.put_file(work.job.prefix + name, work.out / name)
    probe = work.probe
    lifecycle.publish(work.job, _media_record(result), duration=result.duration, width=probe.width,
                      height=probe.height, fps=probe.fps, capture_fps=probe.capture_fps,
                      has_audio=result.has_audio, start=work.trim_in or 0.0)


def social_image(work: Work) -> None:
    """Make the 1200×630 link preview from the poster (no web request runs ffmpeg)."""
    out = work.out / SOCIAL_IMAGE_NAME
    make_social_image(work.out / work.result.poster, out)
    _storage().put_file(work.job.prefix + SOCIAL_IMAGE_NAME, out)
    lifecycle.add_to_version(work.job, social=SOCIAL_IMAGE_NAME)
    case = db.session.get(Clip, work.job.clip_id).case
    if case.social_clip_id == work.job.clip_id:  # the case's chosen frame: remake it from the new version
        queue.enqueue(current_app, "make_case_social_image", case.id, work.job.clip_id, work.job.number)


@queue.task()
def add_social_image(clip_id: int, version: int) -> None:
    """Make the social image of a version published before the worker made them."""
    clip = db.session.get(Clip, clip_id)
    if clip is None or clip.version != version or not clip.media.get("poster") or clip.media.get("social"):
        return
    store, prefix = _storage(), media_prefix(clip.uuid, version)
    folder = worker_spool(current_app._get_current_object()) / f"clip{clip_id}-social{version}"
    folder.mkdir(exist_ok=True)
    try:
        with store.local_path(prefix + clip.media["poster"], folder, ".jpg") as poster:
            make_social_image(poster, folder / SOCIAL_IMAGE_NAME)
        store.put_file(prefix + SOCIAL_IMAGE_NAME, folder / SOCIAL_IMAGE_NAME)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if not lifecycle.add_to_published(clip_id, version, social=SOCIAL_IMAGE_NAME):
        log.info("clip %s: version %s was replaced while its social image was made", clip_id, version)
        store.delete(prefix + SOCIAL_IMAGE_NAME)  # a withdrawal must not find it back


def case_social_name(title: str, t: float) -> str:
    """The file name of a case's chosen-frame social image: a new name when the frame or title change."""
    digest = hashlib.sha256(f"{title}\n{t:.3f}".encode()).hexdigest()[:12]
    return f"case-social-{digest}.jpg"


@queue.task()
def make_case_social_image(case_id: int, clip_id: int, version: int) -> None:
    """Make the case's social image from the frame the physio chose, with the case title, into the
    clip's published version (so withdrawal and deletion take it with the clip's files)."""
    case, clip = db.session.get(Case, case_id), db.session.get(Clip, clip_id)
    if case is None or clip is None or case.social_clip_id != clip_id or clip.version != version:
        return
    mp4s = [r for r in clip.media.get("renditions", []) if r.get("kind", "mp4") == "mp4"]
    if not mp4s:
        return
    best = max(mp4s, key=lambda r: r.get("height") or 0)["name"]
    at = played_time(clip, case.social_t) or 0.0
    name = case_social_name(case.title, at)
    store, prefix = _storage(), media_prefix(clip.uuid, version)
    folder = worker_spool(current_app._get_current_object()) / f"case{case_id}-social-{secrets.token_hex(4)}"
    folder.mkdir()
    try:
        with store.local_path(prefix + best, folder, ".mp4") as video:
            make_social_image(video, folder / name, at=at, title=case.title)
        store.put_file(prefix + name, folder / name)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if not lifecycle.add_to_published(clip_id, version, case_social=name):
        store.delete(prefix + name)  # replaced or withdrawn meanwhile: a withdrawal must not find it back


@dataclass(frozen=True)
class Step:
    """One named step of the clip job."""

    name: str
    run: Callable[[Work], None]
    after_publish: bool = False  # the version plays already: a failure is logged, not the clip's


# A new step (pose, export) goes here, before "publish" if readers must wait for it.
STEPS: tuple[Step, ...] = (
    Step("fetch", fetch),
    Step("probe", probe),
    Step("encode", encode),
    Step("publish", publish),
    Step("social image", social_image, after_publish=True),
)


# ---- the task ----------------------------------------------------------------------------------

@queue.task(retries=MAX_ATTEMPTS - 1, retry_delay=10)
def process_clip(clip_id: int, generation: int | None = None) -> None:
    """Claim the clip's job for this generation and run its steps into a new version."""
    if generation is None:  # a job queued before jobs carried their generation
        generation = db.session.scalar(select(Clip.generation).where(Clip.id == clip_id))
    job = lifecycle.claim(clip_id, generation) if generation is not None else None
    if job is None:
        log.info("clip %s: not claimable (done, superseded, or another worker has it)", clip_id)
        return
    clip = db.session.get(Clip, clip_id)
    settings = dict(original_key=clip.original_key, suffix=Path(clip.original_name).suffix.lower()[:10],
                    trim_in=clip.trim_in, trim_out=clip.trim_out, strip_audio=clip.strip_audio)
    app = current_app._get_current_object()
    try:
        with Heartbeat(app, job) as beat, contextlib.ExitStack() as stack:
            folder = stack.enter_context(job_folder(app, f"clip{job.clip_id}-job{job.number}"))
            run_steps(Work(job=job, folder=folder, beat=beat, stack=stack, **settings))
    except Superseded:
        log.info("clip %s: job %s superseded; its outputs removed", clip_id, job.number)
        lifecycle.abandon(job)
    except media.RefusedInput as exc:
        log.info("clip %s refused: %s (%s)", clip_id, exc.reason, exc.detail)
        _end_failed(job, exc.reason, retry=False)
    except lifecycle.Withdrawn:
        _end_failed(job, lifecycle.WITHDRAWN, retry=False)
    except (media.MediaError, StorageError) as exc:
        log.warning("clip %s: attempt %s failed: %s", clip_id, job.number, exc)
        if _end_failed(job, getattr(exc, "reason", STORAGE_DOWN), retry=True):
            raise  # the queue's retry takes the clip up again
    except BaseException:  # an unexpected crash: never leave the clip in processing
        _end_failed(job, UNEXPECTED, retry=True)
        raise


def run_steps(work: Work) -> None:
    """Run the job's steps in order, checking its fence between them; then the clip is ready."""
    for step in STEPS:
        work.beat.check()
        log.info("clip %s: job %s: %s", work.job.clip_id, work.job.number, step.name)
        if not step.after_publish:
            step.run(work)
            continue
        try:
            step.run(work)
        except (media.MediaError, StorageError) as exc:
            log.warning("clip %s: step %s failed (the version plays without it): %s",
                        work.job.clip_id, step.name, exc)
    lifecycle.finish(work.job)
    log.info("clip %s ready as version %s", work.job.clip_id, work.job.number)


def _end_failed(job: Job, reason: str, retry: bool) -> bool:
    """Record the failed attempt; True when the queue should retry it."""
    try:
        return lifecycle.fail(job, reason, retry)
    except Superseded:
        return False


def _progress_writer(work: Work) -> Callable[[float, float | None], None]:
    last = [0.0]

    def write(fraction: float, eta: float | None) -> None:
        work.beat.check()  # a superseded job stops here: its ffmpeg is killed
        now = time.monotonic()
        if now - last[0] >= PROGRESS_EVERY or fraction >= 1.0:
            last[0] = now
            lifecycle.progress(work.job, fraction, eta)
    return write


class EarlyPublisher:
    """Publish the lowest rung while the rest is encoded, unless a complete version plays.

    Each hand-over uploads the files not yet uploaded, then the playlist that lists them, so a
    player never sees a segment that is not there. The clip row changes only when what it
    names changes (the MP4 and poster arrive), not with every segment.
    """

    def __init__(self, job: Job, out: Path, beat: "Heartbeat | None" = None) -> None:
        self.job, self.out, self.beat = job, out, beat
        self.uploaded: set[str] = set()

    def __call__(self, part: media.Playable) -> None:
        if self.beat is not None:
            self.beat.check()
        store, prefix = _storage(), self.job.prefix

        def upload() -> None:
            for name in part.files:
                if name not in self.uploaded:
                    store.put_file(prefix + name, self.out / name)
                    self.uploaded.add(name)
            store.put_stream(prefix + part.playlist, io.BytesIO(part.playlist_text.encode()))

        record = {"renditions": [{"name": part.mp4, "width": part.width, "height": part.height,
                                  "kind": "mp4"}] if part.mp4 else [],
                  "hls": part.playlist, "poster": part.poster, "partial": True, "fps": part.fps}
        lifecycle.publish_partial(self.job, record, upload)

    def remaining(self, files: list[str]) -> list[str]:
        """Return the files of the finished result still to upload: playlists always, last."""
        return sorted((name for name in files
                       if name not in self.uploaded or name.endswith(".m3u8")),
                      key=lambda name: name.endswith(".m3u8"))


def _media_record(result: media.TranscodeResult) -> dict:
    return {
        "renditions": [{"name": r.name, "width": r.width, "height": r.height, "bitrate": r.bitrate,
                        "fps": r.fps, "kind": r.kind} for r in result.renditions],
        "hls": result.hls_master,
        "poster": result.poster,
        "poster_width": result.poster_width,
        "poster_height": result.poster_height,
        "storyboard": result.storyboard,
        "thumbnails": result.thumbnails_vtt,
    }


# ---- the heartbeat -----------------------------------------------------------------------------

class Heartbeat:
    """Beat for a job (a clip's, or another kind's with its own `beat`) from its own thread,
    through download, encode and upload alike.

    When a beat finds the fence moved, the job is superseded: `check()` raises from then on.
    """

    def __init__(self, app: Flask, job: Job, beat: Callable[[Job], bool] = lifecycle.heartbeat,
                 name: str = "") -> None:
        self.app, self.job, self.beat = app, job, beat
        self.name = name or f"clip {job.clip_id}: job {job.number}"
        # often enough that a request supersedes a running job within seconds
        self.every = max(0.2, min(BEAT_EVERY, app.config["STALE_AFTER"] / 4))
        self.superseded = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name=f"heartbeat {self.name}")

    def __enter__(self) -> "Heartbeat":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def check(self) -> None:
        """Raise Superseded if a beat found the job superseded."""
        if self.superseded.is_set():
            raise Superseded(f"{self.name} superseded")

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                with self.app.app_context():
                    if not self.beat(self.job):
                        self.superseded.set()
                        return
            except Exception:  # a database hiccup: the next beat tries again
                log.exception("%s: heartbeat failed", self.name)


# ---- the worker's spool ------------------------------------------------------------------------

WORKERS_DIR = "workers"
LOCK_NAME = "lock"
NEW, NEW_FOR = ".new-", 60.0  # a worker's folder before its lock is held, and how long that may take
_spools: dict[str, Path] = {}
_locks: dict[str, object] = {}  # open lock files, held for the life of the process
_spool_lock = threading.Lock()


def worker_spool(app: Flask) -> Path:
    """This process's folder in the spool, locked while it lives (made, with a sweep, on first use)."""
    key = str(app.extensions["runphys.storage"].spool_dir)
    with _spool_lock:
        if key not in _spools:
            root = Path(key) / WORKERS_DIR
            root.mkdir(parents=True, exist_ok=True)
            sweep_spool(root)
            name = f"{os.getpid()}-{secrets.token_hex(4)}"
            making = root / (NEW + name)  # a sweep never takes a folder whose lock is not held yet
            making.mkdir()
            lock = open(making / LOCK_NAME, "w")
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            folder = making.rename(root / name)  # the lock stays held: it belongs to the open file
            _spools[key], _locks[key] = folder, lock
        return _spools[key]


def sweep_spool(root: Path) -> int:
    """Delete the folders of dead workers (their lock is free), with whatever they left; return how many."""
    swept = 0
    for folder in root.iterdir():
        try:
            if folder.name.startswith(NEW) and time.time() - folder.stat().st_mtime < NEW_FOR:
                continue  # a worker is making it right now
            with open(folder / LOCK_NAME, "a") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                shutil.rmtree(folder, ignore_errors=True)
        except BlockingIOError:
            continue  # a live worker holds it
        except FileNotFoundError:
            continue  # renamed by its worker or swept by another meanwhile
        except NotADirectoryError:
            folder.unlink(missing_ok=True)
        swept += 1
    if swept:
        log.info("spool: swept %d folder(s) of dead workers", swept)
    return swept


@contextlib.contextmanager
def job_folder(app: Flask, name: str):
    """The job's own folder, named after it (no other job shares it), deleted when the job ends."""
    folder = worker_spool(app) / name
    folder.mkdir()
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
