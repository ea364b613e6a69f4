"""Every route refuses a body over its limit with 413, sized or chunked, before any of it reaches the
disk (issue 11, item 10). Served by real gunicorn; its worker's writes are read from /proc."""
from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Iterator

import pytest
import requests
from sqlalchemy import select
from support import PASSWORD, add_token, base_config, setup_db

from runphys import create_app
from runphys.config import load_config
from runphys.extensions import db
from runphys.limits import BODY_LIMITS, NO_BODY, limit_for, markdown_table
from runphys.models import Case, CaseStatus, Note, Stage
from studio.helpers import CSRF, Studio, ready_clip

from .server import Gunicorn

ROOT = Path(__file__).resolve().parents[2]
MAX_UPLOAD = 300_000  # below Werkzeug's 500 KiB in-memory spool, so a refused upload never needs the disk
CONSENT_MAX = 200_000
BIG = 200 * 1024**2


def test_the_documented_table_is_the_table(tmp_path):
    defaults = load_config(str(tmp_path), environ={})
    assert markdown_table(defaults) in (ROOT / "docs" / "request-limits.md").read_text()


def test_every_route_that_takes_a_body_has_a_limit_of_its_own(app):
    body_routes = {r.endpoint for r in app.url_map.iter_rules() if r.methods & {"POST", "PUT", "PATCH"}}
    assert len(body_routes) > 30
    assert sorted(e for e in body_routes if limit_for(e) is NO_BODY) == []
    assert limit_for("public.index") is NO_BODY


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[dict]:
    """gunicorn (one worker, four threads) over a case with a stage, a clip, a note and a comment form."""
    tmp = tmp_path_factory.mktemp("limits")
    (tmp / "tmp").mkdir()
    settings = {"MAX_UPLOAD_BYTES": MAX_UPLOAD, "CONSENT_MAX_BYTES": CONSENT_MAX,
                "RATELIMIT_LOGIN": "1000 per minute", "RATELIMIT_COMMENT": "1000 per minute",
                "QUEUE_NAME": "limits-" + uuid.uuid4().hex[:8]}
    app = create_app({**base_config(tmp), **settings, "TESTING": True})
    setup_db(app)
    admin = Studio(app, "admin@example.com", role="admin")
    case = admin.new_case("Hip drop")
    with app.app_context():
        stage_id = db.session.scalars(select(Stage.id).where(Stage.case_id == case.id)).first()
    clip_id = ready_clip(app, stage_id)
    admin.post(f"/studio/clips/{clip_id}/notes", {"new-t": "1", "new-text": "foot strike"})
    with app.app_context():
        db.session.get(Case, case.id).status = CaseStatus.PUBLISHED
        db.session.commit()
        note_id = db.session.scalar(select(Note.id))
    token = add_token(app, "admin@example.com")
    env = {"RUNPHYS_INSTANCE_PATH": app.instance_path, "RUNPHYS_SECRET_KEY": "test-secret", "TMPDIR": str(tmp / "tmp"),
           **{f"RUNPHYS_{k}": str(v) for k, v in settings.items()}}
    server = Gunicorn(env, "--workers", "1", "--threads", "4")
    browser = requests.Session()
    page = browser.get(server.url + "/auth/login")
    browser.post(server.url + "/auth/login", data={"email": "admin@example.com", "password": PASSWORD,
                                                    "csrf_token": _csrf(page.text)})
    csrf = _csrf(browser.get(server.url + "/studio/").text)
    cookie = "; ".join(f"{c.name}={c.value}" for c in browser.cookies)
    ids = {"case_id": case.id, "stage_id": stage_id, "clip_id": clip_id, "note_id": note_id, "comment_id": 1,
           "user_id": admin.user_id, "consent_id": 1, "page_id": 1, "slug": case.slug, "direction": "up",
           "comparison_id": 1, "drawing_id": 1, "token": "not-a-signed-link"}
    yield {"server": server, "app": app, "ids": ids, "tmp": tmp, "config": app.config,
           "session": {"Cookie": cookie, "X-CSRFToken": csrf}, "api": {"Authorization": f"Bearer {token}"}}
    server.close()
    with app.app_context():
        db.engine.dispose()


def _csrf(html: str) -> str:
    match = CSRF.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


def files_on_disk(site) -> dict[str, int]:
    """Every file under the instance folder and the temporary folder, with its size."""
    found = {}
    for root in (Path(site["app"].instance_path), site["tmp"] / "tmp"):
        for path in root.rglob("*"):
            if path.is_file() and not path.name.startswith("runphys.db") and path.name != "queue.db":
                found[str(path)] = path.stat().st_size
    return found


def body_routes(app) -> list[tuple[str, str, str]]:
    """(endpoint, method, path template) of every route that takes a body, tus's excepted."""
    routes = []
    for rule in app.url_map.iter_rules():
        method = next((m for m in ("POST", "PATCH", "PUT") if m in rule.methods), None)
        if method and not rule.endpoint.startswith("uploads."):  # tus is tested with the tus helper's work
            routes.append((rule.endpoint, method, rule.rule))
    return sorted(set(routes))


def oversized(endpoint: str, size: int) -> tuple[dict[str, str], list[bytes]]:
    """Headers and the chunks of a well-formed body of exactly `size` bytes of the kind the route reads."""
    limit = limit_for(endpoint)
    if limit.setting:  # a file route: multipart with one file part
        boundary = "limit" + uuid.uuid4().hex
        head = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.mp4"\r\n'
                f"Content-Type: application/octet-stream\r\n\r\n").encode()
        tail = f"\r\n--{boundary}--\r\n".encode()
        return ({"Content-Type": f"multipart/form-data; boundary={boundary}"},
                _chunks(head, size - len(head) - len(tail), tail))
    if endpoint.startswith("api.") or endpoint == "studio.order_clips":
        head, tail = b'{"pad": "', b'"}'
        return {"Content-Type": "application/json"}, _chunks(head, size - len(head) - len(tail), tail)
    head = b"csrf_token=x&pad="
    return {"Content-Type": "application/x-www-form-urlencoded"}, _chunks(head, size - len(head), b"")


def _chunks(head: bytes, pad: int, tail: bytes) -> list[bytes]:
    block = b"x" * (64 * 1024)
    parts = [head]
    while pad > 0:
        parts.append(block[:pad])
        pad -= len(parts[-1])
    return parts + [tail]


@pytest.mark.parametrize("chunked", [False, True], ids=["sized", "chunked"])
def test_one_byte_over_the_limit_is_refused_on_every_route(site, chunked):
    server, ids = site["server"], site["ids"]
    tried = []
    for endpoint, method, template in body_routes(site["app"]):
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", lambda m: str(ids[m.group(1)]), template)
        headers, chunks = oversized(endpoint, limit_for(endpoint).total(site["config"]) + 1)
        assert sum(map(len, chunks)) == limit_for(endpoint).total(site["config"]) + 1
        headers.update(site["api"] if endpoint.startswith("api.") else site["session"])
        before_files, before_written = files_on_disk(site), server.written()
        status, _ = server.request(method, path, chunks, headers, chunked)
        tried.append((endpoint, status, server.written() - before_written, files_on_disk(site) == before_files))
    assert len(tried) > 30
    assert [t for t in tried if t[1] != 413] == [], tried
    # A refused body leaves no file, and the worker writes no more than a log line and an API token's
    # last use (a SQLite commit, 17 KB measured) — except a chunked upload to a file route: its size
    # is known only once it passes the limit, and until then it streams towards storage (then deleted).
    def streamed(endpoint: str) -> bool:
        return chunked and limit_for(endpoint).setting == "MAX_UPLOAD_BYTES"
    assert [t for t in tried if not t[3] or (t[2] > 32 * 1024 and not streamed(t[0]))] == [], tried


@pytest.mark.parametrize("chunked", [False, True], ids=["sized", "chunked"])
def test_exactly_the_limit_is_read(site, chunked):
    """The limit is the most a route receives, not one byte less: a login form of exactly 4 KiB is read."""
    server = site["server"]
    size = BODY_LIMITS["auth.login"].total(site["config"])
    form = b"email=nobody%40example.com&password=x&pad="
    status, body = server.request("POST", "/auth/login", [form, b"x" * (size - len(form))],
                                  {"Content-Type": "application/x-www-form-urlencoded"}, chunked)
    assert status == 400 and b"The CSRF token is missing" in body


def test_a_body_sent_to_no_route_is_not_found(site):
    status, _ = site["server"].request("POST", "/no/such/page", [b"x" * 10_000])
    assert status == 404


@pytest.mark.parametrize("path", ["/auth/login", "/cases/{slug}/comment"])
@pytest.mark.parametrize("chunked", [False, True], ids=["sized", "chunked"])
def test_an_anonymous_200_MiB_post_is_refused_without_touching_the_disk(site, path, chunked):
    server = site["server"]
    boundary = "big" + uuid.uuid4().hex
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="body"; filename="x.bin"\r\n\r\n').encode()
    chunks = _chunks(head, BIG - len(head) - 8, f"\r\n--{boundary}--".encode())
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    before_files, before_written = files_on_disk(site), server.written()
    status, body = server.request("POST", path.format(**site["ids"]), chunks, headers, chunked)
    assert server.written() - before_written < 1024**2
    assert files_on_disk(site) == before_files
    assert status == 413 and b"Too large" in body


