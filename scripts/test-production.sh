#!/usr/bin/env bash
# The test suite's second run: every app on PostgreSQL, Redis and a Ceph RGW (the production
# configuration). PostgreSQL (127.0.0.1:5432, database test) and Redis (127.0.0.1:6379) must be running;
# this script starts a private RGW for the run and stops it after.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d "${TMPDIR:-/tmp}/runphys-rgw.XXXXXX")
port=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mon=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export RGW_PORT=$port RGW_MON_PORT=$mon RGW_MEMSTORE_MB=2048
cleanup() { scripts/s3/rgw.sh stop "$dir" >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap cleanup EXIT
endpoint=$(scripts/s3/rgw.sh start "$dir" | tail -n 1)
echo "test-production: PostgreSQL + Redis + RGW at $endpoint" >&2
S3_ENDPOINT_URL=$endpoint RUNPHYS_TEST_PROFILE=production .venv/bin/pytest "$@"
