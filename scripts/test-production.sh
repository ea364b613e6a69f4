#!/usr/bin/env bash
# The test suite's second run: every app on PostgreSQL, Redis and a Ceph RGW (the production
# configuration). PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) must be running; this script
# starts a private RGW and makes a scratch database for the run (each app a schema in it), and drops
# both after: one DROP DATABASE instead of hundreds of DROP SCHEMAs.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d "${TMPDIR:-/tmp}/runphys-rgw.XXXXXX")
free_port() { .venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port)
mon=$(free_port)
server=${RUNPHYS_TEST_PG_SERVER:-postgresql://postgres@127.0.0.1:5432}
db=runphys_test_$(.venv/bin/python -c 'import uuid; print(uuid.uuid4().hex[:12])')
sql() { .venv/bin/python -c 'import sys, psycopg; psycopg.connect(sys.argv[1] + "/postgres", autocommit=True).execute(sys.argv[2])' "$server" "$1"; }
export RGW_PORT=$port RGW_MON_PORT=$mon RGW_MEMSTORE_MB=2048
cleanup() {
  scripts/s3/rgw.sh stop "$dir" >/dev/null 2>&1 || true
  rm -rf "$dir"
  sql "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
}
trap cleanup EXIT
sql "CREATE DATABASE $db"
endpoint=$(scripts/s3/rgw.sh start "$dir" | tail -n 1)
echo "test-production: PostgreSQL (database $db) + Redis + RGW at $endpoint" >&2
# RUNPHYS_TEST_PG_SCRATCH: the database goes with the run, so the session leaves its schemas to it
S3_ENDPOINT_URL=$endpoint RUNPHYS_TEST_PROFILE=production RUNPHYS_TEST_PG="postgresql+psycopg://${server#postgresql://}/$db" \
  RUNPHYS_TEST_PG_SCRATCH=1 .venv/bin/pytest "$@"
