"""Shared fixtures: app/client/runner (Flask tutorial style), tokens, generated clips,
a live server with a real worker process, a real S3 server (Ceph RGW) and PostgreSQL schemas."""
from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from pathlib import Path
from typing import Iterator

import pytest
from support import (
    PG_URL,
    PROFILE,
    drop_pg_schemas,
    drop_queues,
    new_pg_schema,
    RGW,
    LiveSite,
    add_token,
    add_user,
    base_config,
    free_port,
    local_env,
    make_clip,
    setup_db,
)

from runphys import create_app
from runphys.extensions import db


def pytest_runtest_setup(item) -> None:
    """`@pytest.mark.embedded_only(reason)`: the behaviour exists only on the embedded defaults
    (SQLite, local disk, no Redis); `@pytest.mark.once(reason)`: the test sets up the very services
    the production run has and would do the same work twice. The production run skips both, saying why."""
    marker = item.get_closest_marker("embedded_only")
    if marker and PROFILE == "production":
        pytest.skip("embedded only: " + (marker.args[0] if marker.args else "the production profile has no such behaviour"))
    marker = item.get_closest_marker("once")
    if marker and PROFILE == "production":
        pytest.skip("runs once, in the embedded run: " + marker.args[0])


@pytest.fixture
def clip_file(tmp_path: Path) -> Path:
    return make_clip(tmp_path / "run.mp4")


@pytest.fixture
def app(tmp_path: Path):
    app = create_app({**base_config(tmp_path), "TESTING": True})
    setup_db(app)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def token(app) -> str:
    add_user(app, "physio@example.com")
    return add_token(app, "physio@example.com")


@pytest.fixture
def auth(token) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def live_site(tmp_path: Path) -> Iterator[LiveSite]:
    site = LiveSite(tmp_path, local_env(tmp_path))
    site.start_worker()
    yield site
    site.close()


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory) -> Iterator[str]:
    if url := os.environ.get("S3_ENDPOINT_URL"):  # started by the production profile's run
        yield url
        return
    if not shutil.which("radosgw") or not RGW.exists():
        if os.environ.get("CI"):
            pytest.fail("radosgw is not installed in CI (make test installs it as root)")
        pytest.skip("radosgw not installed (run scripts/s3/install-rgw.sh, or make test as root)")
    d = tmp_path_factory.mktemp("rgw")
    env = {**os.environ, "RGW_PORT": str(free_port()), "RGW_MON_PORT": str(free_port()), "RGW_MEMSTORE_MB": "1024"}
    out = subprocess.run([str(RGW), "start", str(d)], env=env, text=True, capture_output=True, timeout=180)
    if out.returncode != 0:
        pytest.fail(f"RGW did not start: {out.stderr[-2000:]}")
    yield out.stdout.strip().splitlines()[-1]
    subprocess.run([str(RGW), "stop", str(d)], env=env, check=False, capture_output=True, timeout=60)


@pytest.fixture
def s3_env(s3_endpoint) -> dict[str, str]:
    return {"RUNPHYS_STORAGE": "s3", "RUNPHYS_S3_ENDPOINT_URL": s3_endpoint,
            "RUNPHYS_S3_BUCKET": "t-" + uuid.uuid4().hex[:16], "RUNPHYS_S3_ACCESS_KEY": "runphys",
            "RUNPHYS_S3_SECRET_KEY": "runphys-secret"}


@pytest.fixture
def pg_url() -> str:
    """A URL of a new, empty PostgreSQL schema (dropped when the session ends)."""
    import sqlalchemy as sa
    try:
        return new_pg_schema()
    except sa.exc.OperationalError as exc:
        pytest.fail(f"PostgreSQL is not reachable at {PG_URL}: {exc}")


@pytest.fixture(scope="session", autouse=True)
def _drop_profile_resources() -> Iterator[None]:
    """Drop the PostgreSQL schemas and Redis queues the tests made, once the session ends."""
    yield
    if not os.environ.get("RUNPHYS_TEST_PG_SCRATCH"):  # else the whole database is dropped after the run
        drop_pg_schemas()
    if PROFILE == "production":
        drop_queues()
