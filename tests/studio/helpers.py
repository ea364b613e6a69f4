"""Helpers of the studio tests: logging in with a CSRF token, processed-looking clips."""
from __future__ import annotations

import re

from support import PASSWORD, add_token, add_user

from runphys.extensions import db
from runphys.models import Case, ClipStatus

CSRF = re.compile(r'name="csrf-token" content="([^"]+)"|name="csrf_token" type="hidden" value="([^"]+)"')


def csrf_of(html: str) -> str:
    match = CSRF.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


def login(client, email: str, password: str = PASSWORD):
    page = client.get("/auth/login")
    return client.post("/auth/login", data={"email": email, "password": password,
                                            "csrf_token": csrf_of(page.text)})


class Studio:
    """A test client logged in as one user, posting forms with the session's CSRF token."""

    def __init__(self, app, email: str, role: str = "physio") -> None:
        self.app = app
        self.email = email
        self.user_id = add_user(app, email, role)
        self.client = app.test_client()
        assert login(self.client, email).status_code == 302
        self.token = csrf_of(self.client.get("/studio/").text)

    def get(self, url: str, **kw):
        return self.client.get(url, **kw)

    def post(self, url: str, data: dict | None = None, **kw):
        return self.client.post(url, data={"csrf_token": self.token, **(data or {})}, **kw)

    def new_case(self, title: str = "Hip drop on the left", **fields) -> Case:
        r = self.post("/studio/cases/new", {"title": title, "with_stages": "y", **fields})
        assert r.status_code == 302, r.text
        case_id = int(r.headers["Location"].rstrip("/").split("/")[-1])
        with self.app.app_context():
            return db.session.get(Case, case_id)


def ready_clip(app, stage_id: int, duration: float = 4.0, caption: str = "Side view") -> int:
    """A clip row that looks processed (no ffmpeg needed for pure studio logic)."""
    with app.app_context():
        from runphys.models import Stage
        from runphys.cases import new_clip
        clip = new_clip(db.session.get(Stage, stage_id), "run.mp4", caption, "side")
        clip.status, clip.duration, clip.source_duration, clip.version = ClipStatus.READY, duration, duration, 1
        clip.media = {"renditions": [{"name": "360p.mp4", "width": 640, "height": 360}], "poster": "poster.jpg"}
        db.session.commit()
        return clip.id


def site_token(site, email: str) -> dict[str, str]:
    """A physio and their API token on a live site, made in-process (no CLI subprocess)."""
    add_user(site.app, email)
    return {"Authorization": f"Bearer {add_token(site.app, email)}"}
