"""Every setting RunPhys reads, from RUNPHYS_* environment variables with embedded defaults."""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping


@dataclass(frozen=True)
class Setting:
    """One configuration key, its environment variable and how to parse it."""

    key: str
    default: Any
    parse: Callable[[str], Any] = str
    help: str = ""

    @property
    def env(self) -> str:
        return "RUNPHYS_" + self.key


def _bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(value: str) -> int:
    return int(value.replace("_", ""))


SETTINGS: tuple[Setting, ...] = (
    Setting("SECRET_KEY", None, help="session/CSRF key; generated once into the instance folder when unset"),
    Setting("DATABASE_URL", None, help="SQLAlchemy URL; default SQLite file in the instance folder"),
    Setting("STORAGE", "local", help="'local' (disk under the instance folder) or 's3'"),
    Setting("STORAGE_DIR", None, help="root of local storage; default <instance>/storage"),
    Setting("S3_BUCKET", "runphys"),
    Setting("S3_ENDPOINT_URL", None, help="S3-compatible endpoint, e.g. http://127.0.0.1:7480"),
    Setting("S3_REGION", "us-east-1"),
    Setting("S3_ACCESS_KEY", None),
    Setting("S3_SECRET_KEY", None),
    Setting("S3_PUBLIC_BASE_URL", None, help="public URL of the bucket (CDN); default endpoint/bucket"),
    Setting("REDIS_URL", None, help="Redis URL: the queue and rate limits go there when set"),
    Setting("QUEUE_NAME", "runphys", help="queue name (Redis key prefix); one per site sharing a Redis"),
    Setting("QUEUE_PATH", None, help="SQLite file of the embedded queue; default <instance>/queue.db"),
    Setting("QUEUE_IMMEDIATE", False, _bool, help="run tasks in-process at enqueue (unit tests only)"),
    Setting("WORKERS", 1, _int, help="worker threads of `flask runphys worker`"),
    Setting("STALE_AFTER", 120, _int, help="seconds without a heartbeat before a job is taken up again"),
    Setting("MEDIA_GRACE_SECONDS", 24 * 3600, _int,
            help="seconds a replaced version's files stay for readers who loaded it (then the reaper "
                 "deletes them); a day outlasts a paused 20-minute clip, the hour-long caches of "
                 "unfurlers and CDNs, and a tab left open overnight, for one extra ladder per re-process"),
    Setting("PUBLIC_URL", "http://127.0.0.1:5000", help="absolute base URL used in feeds, embeds, metadata"),
    Setting("SITE_NAME", "RunPhys"),
    Setting("TAGLINE", "Physics...Physiology...Physical Therapy"),
    Setting("PER_PAGE", 10, _int),
    Setting("MAX_UPLOAD_BYTES", 8 * 1024**3, _int, help="largest clip upload accepted"),
    Setting("MAX_DURATION", 1200, _int, help="longest clip accepted, seconds"),
    Setting("MAX_SIDE", 8192, _int, help="largest frame side accepted, pixels"),
    Setting("PROXIES", 0, _int, help="reverse proxies in front (trust that many X-Forwarded-* hops)"),
    Setting("FORCE_HTTPS", False, _bool, help="redirect to HTTPS and send HSTS (behind a TLS proxy)"),
    Setting("RATELIMIT_LOGIN", "10 per minute", help="login attempts one address may make"),
    Setting("RATELIMIT_LOGIN_ACCOUNT", "20 per hour", help="failed logins one account may receive, from any address"),
    Setting("RATELIMIT_COMMENT", "5 per minute;30 per day", help="comments one address may post"),
    Setting("PAGE_CACHE_SECONDS", 60, _int, help="longest a rendered case page is reused in one process"),
    Setting("UPLOAD_EXPIRE_AFTER", 24 * 3600, _int,
            help="seconds an unfinished resumable upload is kept without activity before it is deleted"),
    Setting("UPLOAD_CHUNK_BYTES", 8 * 1024**2, _int, help="size of each PATCH the studio's uploader sends"),
    Setting("SMTP_HOST", None, help="mail server for authors' comment notices; unset: no email (logged)"),
    Setting("SMTP_PORT", 25, _int),
    Setting("SMTP_USER", None, help="SMTP login, when the server asks for one"),
    Setting("SMTP_PASSWORD", None),
    Setting("SMTP_STARTTLS", False, _bool, help="upgrade the SMTP connection with STARTTLS"),
    Setting("SMTP_FROM", "runphys@localhost", help="sender address of the site's email"),
    Setting("MODERATION_LINK_SECONDS", 7 * 24 * 3600, _int,
            help="how long the approve/reject links of a comment notice work (once)"),
    Setting("CONSENT_MAX_BYTES", 20 * 1024**2, _int, help="largest signed consent form accepted (PDF or photo)"),
)


def load_config(instance_path: str, overrides: Mapping[str, Any] | None = None,
                environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Return the configuration: defaults, then environment, then explicit overrides."""
    environ = os.environ if environ is None else environ
    overrides = dict(overrides or {})
    config: dict[str, Any] = {}
    for setting in SETTINGS:
        value = setting.default
        if setting.env in environ and environ[setting.env] != "":
            value = setting.parse(environ[setting.env])
        config[setting.key] = value
    config.update(overrides)

    instance = Path(instance_path)
    config["DATABASE_URL"] = config["DATABASE_URL"] or f"sqlite:///{instance / 'runphys.db'}"
    config["STORAGE_DIR"] = config["STORAGE_DIR"] or str(instance / "storage")
    config["QUEUE_PATH"] = config["QUEUE_PATH"] or str(instance / "queue.db")
    config["SECRET_KEY"] = config["SECRET_KEY"] or _instance_secret(instance)
    return config


def _instance_secret(instance: Path) -> str:
    """Read the instance's secret key, creating it on first use."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()
