#!/usr/bin/env bash
# Serve RunPhys with its worker beside it (the embedded defaults: SQLite, local disk, SQLite queue).
set -euo pipefail
cd "$(dirname "$0")/.."
host=${RUNPHYS_HOST:-127.0.0.1}
port=${RUNPHYS_PORT:-5000}
export RUNPHYS_PUBLIC_URL=${RUNPHYS_PUBLIC_URL:-http://$host:$port}
flask=".venv/bin/flask --app app"
$flask runphys setup
$flask runphys demo
$flask runphys worker &
worker=$!
trap 'kill $worker 2>/dev/null; wait $worker 2>/dev/null' EXIT INT TERM
echo "RunPhys is running at $RUNPHYS_PUBLIC_URL/  (demo case: $RUNPHYS_PUBLIC_URL/cases/back-pain-from-weak-hips; Ctrl-C stops)"
# One process with threads unless RUNPHYS_REDIS_URL is set: the login rate limit lives in its memory.
.venv/bin/gunicorn -c scripts/gunicorn.conf.py --bind "$host:$port" \
    --access-logfile - --log-level warning 'app:create_app()'
