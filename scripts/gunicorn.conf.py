"""gunicorn settings of RunPhys (`gunicorn -c scripts/gunicorn.conf.py 'app:create_app()'`).

The login and comment rate limits live where RUNPHYS_REDIS_URL points; without Redis they live in the
memory of one process, so the site then runs as ONE process with threads, and refuses to start with
more: each process would count on its own (two processes let twice the tries through).
"""
import os

redis = bool(os.environ.get("RUNPHYS_REDIS_URL"))
workers = 2 if redis else 1  # `--workers N` on the command line overrides it (allowed with Redis only)
threads = 8
timeout = 300


def on_starting(server):
    """Refuse more than one web process when the rate limits live in one process's memory."""
    if not redis and server.cfg.workers > 1:
        raise SystemExit(f"RunPhys: {server.cfg.workers} web processes without RUNPHYS_REDIS_URL would each keep "
                         "their own login rate limit; run one process with threads, or set RUNPHYS_REDIS_URL.")
