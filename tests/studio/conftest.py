"""Fixtures of the studio tests: a live site (module-wide) and logged-in test clients."""
from __future__ import annotations

from typing import Iterator

import pytest
from support import LiveSite, local_env

from .helpers import Studio, site_token


@pytest.fixture
def studio(app) -> Studio:
    return Studio(app, "maria@example.com")


@pytest.fixture
def other(app) -> Studio:
    return Studio(app, "omar@example.com")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[LiveSite]:
    """A live site served over HTTP (no worker: uploads only need to be stored and queued)."""
    tmp = tmp_path_factory.mktemp("site")
    live = LiveSite(tmp, local_env(tmp))
    yield live
    live.close()


@pytest.fixture(scope="module")
def site_auth(site) -> dict[str, str]:
    return site_token(site, "tus@example.com")
