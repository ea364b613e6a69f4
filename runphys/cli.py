"""`flask runphys ...` commands: users, tokens, demo content, the worker."""
from __future__ import annotations

import logging
import secrets
import sys
import threading
import time

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select

from .extensions import db, queue
from .models import ApiToken, Role, User

group = AppGroup("runphys", help="RunPhys administration.")
log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    app.cli.add_command(group)


def _user(email: str) -> User:
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"No user {email}.")
    return user


@group.command("create-user")
@click.argument("email")
@click.option("--name", default="", help="Name shown as the author.")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.PHYSIO.value)
def create_user(email: str, name: str, role: str) -> None:
    """Create a user (or reset their password); the password is read from stdin."""
    password = sys.stdin.readline().rstrip("\n") if not sys.stdin.isatty() else click.prompt(
        "Password", hide_input=True, confirmation_prompt=True)
    if len(password) < 8:
        raise click.ClickException("The password must have at least 8 characters.")
    email = email.strip().lower()
    user = db.session.scalar(select(User).where(User.email == email)) or User(email=email)
    user.name = name or user.name
    user.role = Role(role)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    click.echo(f"User {email} ({role}) saved.")


@group.command("create-token")
@click.argument("email")
@click.option("--name", default="cli")
def create_token(email: str, name: str) -> None:
    """Create an API token for a user and print it (it is stored hashed; shown once)."""
    user = _user(email)
    token = "rp_" + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user=user, name=name, token_hash=ApiToken.hash(token)))
    db.session.commit()
    click.echo(token)


@group.command("setup")
def setup() -> None:
    """Apply migrations, create the standard categories and prepare storage (idempotent)."""
    from flask_migrate import upgrade

    from .cases import seed_categories, seed_pages
    upgrade()
    seed_categories()
    seed_pages()
    current_app.extensions["runphys.storage"].ensure()
    click.echo("Database, categories and storage ready.")


@group.command("demo")
def demo() -> None:
    """Load the demo case (clips made with ffmpeg, processed by the worker)."""
    from .demo import load_demo
    click.echo(load_demo())


@group.command("worker")
@click.option("--workers", type=int, default=None, help="Worker threads (default RUNPHYS_WORKERS).")
def worker(workers: int | None) -> None:
    """Run the queue consumer, plus the loop that takes up jobs of dead workers."""
    app = current_app._get_current_object()
    huey = queue.huey(app)
    count = workers or app.config["WORKERS"]
    from .tasks import worker_spool
    worker_spool(app)  # sweeps what dead workers left in the spool
    threading.Thread(target=_reaper, args=(app,), daemon=True, name="reaper").start()
    consumer = huey.create_consumer(workers=count, worker_type="thread", periodic=False,
                                    check_worker_health=True, initial_delay=0.1, max_delay=1.0, backoff=1.15)
    click.echo(f"Worker: {count} thread(s) on {type(huey).__name__}")
    consumer.run()


@group.command("add-social-images")
def add_social_images() -> None:
    """Queue the social image of every published version made before the worker made them."""
    from .models import Clip
    count = 0
    for clip in db.session.scalars(select(Clip).where(Clip.version > 0)):
        if clip.media.get("poster") and not clip.media.get("partial") and not clip.media.get("social"):
            queue.enqueue(current_app, "add_social_image", clip.id, clip.version)
            count += 1
    click.echo(f"Queued {count} social image(s) for the worker.")


@group.command("clean-uploads")
def clean_uploads() -> None:
    """Delete resumable uploads left unfinished for longer than RUNPHYS_UPLOAD_EXPIRE_AFTER."""
    from .uploads import clean_expired_uploads
    click.echo(f"Removed {clean_expired_uploads()} abandoned upload(s).")


def _reaper(app: Flask) -> None:
    from . import exports
    from .lifecycle import collect_retired, requeue_stale
    from .uploads import clean_expired_uploads
    interval = max(1.0, min(5.0, app.config["STALE_AFTER"] / 2))  # a lost job is found within seconds
    missing: dict = {}  # queued clips the last pass found without a job on the queue
    missing_exports: dict = {}  # the same for exports
    while True:
        try:
            with app.app_context():
                requeue_stale(missing)
                exports.requeue_stale(missing_exports)
                collect_retired()
                clean_expired_uploads()
        except Exception:  # keep the loop alive through a database hiccup
            log.exception("reaper pass failed")
        time.sleep(interval)
