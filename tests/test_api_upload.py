"""The multipart clip upload (POST /api/v1/stages/<id>/clips) streams the file to storage as it arrives:
limit+1 bytes are refused with 413, sized or chunked, early, and nothing is left on disk."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
import requests
from studio.helpers import site_token
from support import LiveSite, add_token, add_user, base_config, local_env, setup_db

from runphys import create_app
from runphys.extensions import db
from runphys.models import Clip

LIMIT = 1024 * 1024
BOUNDARY = "runphys-test-boundary"


@pytest.fixture
def small(tmp_path: Path):
    """An app that takes clips up to 1 MiB, a physio's token and a stage of theirs."""
    app = create_app({**base_config(tmp_path), "TESTING": True, "MAX_UPLOAD_BYTES": LIMIT})
    setup_db(app)
    add_user(app, "physio@example.com")
    auth = {"Authorization": f"Bearer {add_token(app, 'physio@example.com')}"}
    client = app.test_client()
    case = client.post("/api/v1/cases", json={"title": "Big file"}, headers=auth).json
    stage = client.post(f"/api/v1/cases/{case['id']}/stages", json={"kind": "initial"}, headers=auth).json
    yield app, client, auth, f"/api/v1/stages/{stage['id']}/clips"
    with app.app_context():
        db.engine.dispose()


def multipart(size: int) -> bytes:
    """A multipart body: a caption, then a file of `size` bytes."""
    head = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\nSide\r\n"
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"run.mp4\"\r\n"
            f"Content-Type: video/mp4\r\n\r\n").encode()
    return head + b"\x00" * size + f"\r\n--{BOUNDARY}--\r\n".encode()


class Counted(io.BytesIO):
    """A request body that counts how much of it the server read."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.taken = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.taken += len(chunk)
        return chunk


def post(client, url: str, auth: dict, body: bytes, chunked: bool):
    stream = Counted(body)
    headers = {**auth, "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
    if chunked:  # no Content-Length: the server must count as it reads (werkzeug's dev server sets this flag)
        r = client.post(url, input_stream=stream, headers={**headers, "Transfer-Encoding": "chunked"},
                        environ_overrides={"wsgi.input_terminated": True})
    else:
        r = client.post(url, input_stream=stream, headers={**headers, "Content-Length": str(len(body))})
    return r, stream.taken


def files_under(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and "runphys.db" not in p.name}


@pytest.mark.parametrize("chunked", [False, True], ids=["sized", "chunked"])
def test_limit_plus_one_byte_is_refused_and_nothing_is_kept(small, chunked: bool) -> None:
    app, client, auth, url = small
    before = files_under(Path(app.instance_path))
    r, _ = post(client, url, auth, multipart(LIMIT + 1), chunked)
    assert (r.status_code, r.json) == (413, {"error": "The file is larger than the upload limit."})
    assert files_under(Path(app.instance_path)) == before
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Clip.id))) == 0
    r, _ = post(client, url, auth, multipart(LIMIT), chunked)
    assert r.status_code == 202, r.json
    with app.app_context():
        assert app.extensions["runphys.storage"].size(db.session.get(Clip, r.json["id"]).original_key) == LIMIT


@pytest.mark.parametrize("chunked", [False, True], ids=["sized", "chunked"])
def test_an_oversized_upload_is_refused_before_it_is_read(small, chunked: bool) -> None:
    app, client, auth, url = small
    r, taken = post(client, url, auth, multipart(20 * LIMIT), chunked)
    assert r.status_code == 413
    assert taken <= LIMIT + 256 * 1024  # stopped at the limit, not after 20 MiB


def test_the_file_is_written_once_on_its_way_to_storage(small) -> None:
    """Bytes written by this process while one upload is taken: the storage's own copy, and no
    temporary form file before it (/proc/self/io counts every write() of the process)."""
    app, client, auth, url = small
    size = LIMIT - 1024
    written = int(dict(line.split(": ") for line in Path("/proc/self/io").read_text().splitlines())["wchar"])
    r, _ = post(client, url, auth, multipart(size), chunked=False)
    assert r.status_code == 202
    written = int(dict(line.split(": ") for line in Path("/proc/self/io").read_text().splitlines())["wchar"]) - written
    print(f"{written / size:.2f} bytes written per byte uploaded")
    assert written < 2.5 * size  # the storage's spool and final copy; the form parser's temporary file is gone


@pytest.mark.parametrize("chunked", [False, True], ids=["sized", "chunked"])
def test_over_http_limit_plus_one_byte_gets_413(tmp_path: Path, chunked: bool) -> None:
    """The same through a real HTTP server (werkzeug's, which de-chunks as gunicorn does)."""
    site = LiveSite(tmp_path, {**local_env(tmp_path), "RUNPHYS_MAX_UPLOAD_BYTES": str(LIMIT)})
    try:
        auth = site_token(site, "physio@example.com")
        case = requests.post(f"{site.url}/api/v1/cases", json={"title": "Big"}, headers=auth, timeout=10).json()
        stage = requests.post(f"{site.url}/api/v1/cases/{case['id']}/stages", json={"kind": "initial"},
                              headers=auth, timeout=10).json()
        before = files_under(Path(site.app.instance_path))
        body = multipart(LIMIT + 1)
        data = (body[i:i + 65536] for i in range(0, len(body), 65536)) if chunked else body
        r = requests.post(f"{site.url}/api/v1/stages/{stage['id']}/clips", data=data, timeout=30,
                          headers={**auth, "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"})
        assert (r.status_code, r.json()) == (413, {"error": "The file is larger than the upload limit."})
        assert ("Transfer-Encoding" in r.request.headers) == chunked
        assert files_under(Path(site.app.instance_path)) == before
    finally:
        site.close()
