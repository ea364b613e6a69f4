"""Extensions, created unbound here and bound to an app in create_app()."""
from __future__ import annotations

from typing import Any, Callable

import redis.exceptions
from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_talisman import Talisman
from flask_wtf import CSRFProtect
from huey import Huey, RedisHuey, SqliteHuey
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
talisman = Talisman()


QUEUE_DOWN = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)  # Redis is not answering


class Queue:
    """Huey bound to an app: builds the Huey instance from config and registers the tasks.

    Task functions are plain functions taking ids; they run inside an app context.
    """

    def __init__(self) -> None:
        self._registry: dict[str, Callable[..., Any]] = {}

    def task(self, retries: int = 0, retry_delay: int = 0) -> Callable:
        """Declare a task; it becomes a Huey task when an app binds the queue."""
        def wrap(fn: Callable) -> Callable:
            self._registry[fn.__name__] = (fn, retries, retry_delay)
            return fn
        return wrap

    def init_app(self, app: Flask) -> None:
        cfg = app.config
        if cfg["REDIS_URL"]:
            huey: Huey = RedisHuey(cfg["QUEUE_NAME"], url=cfg["REDIS_URL"], immediate=cfg["QUEUE_IMMEDIATE"])
        else:
            huey = SqliteHuey(cfg["QUEUE_NAME"], filename=cfg["QUEUE_PATH"], immediate=cfg["QUEUE_IMMEDIATE"])
        tasks = {}
        for name, (fn, retries, delay) in self._registry.items():
            tasks[name] = huey.task(retries=retries, retry_delay=delay, name=name)(_in_context(app, fn))
        app.extensions["runphys.queue"] = (huey, tasks)

    @staticmethod
    def huey(app: Flask) -> Huey:
        return app.extensions["runphys.queue"][0]

    @staticmethod
    def enqueue(app: Flask, name: str, *args: Any) -> None:
        """Put one task on the app's queue."""
        app.extensions["runphys.queue"][1][name](*args)

    @staticmethod
    def held(app: Flask, name: str) -> set[tuple]:
        """The arguments of every `name` job the queue holds: waiting, or scheduled for a retry."""
        huey = Queue.huey(app)
        return {tuple(task.args) for task in [*huey.pending(), *huey.scheduled()] if task.name == name}


def _in_context(app: Flask, fn: Callable) -> Callable:
    def run(*args: Any, **kwargs: Any) -> Any:
        with app.app_context():
            return fn(*args, **kwargs)
    run.__name__ = fn.__name__
    run.__doc__ = fn.__doc__
    return run


queue = Queue()
