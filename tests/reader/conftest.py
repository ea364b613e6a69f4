"""Fixtures for reader tests: published cases made through the business rules, a logged-in client."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from dataclasses import dataclass
from support import add_user

from runphys import cases
from runphys.extensions import db
from runphys.models import Case, CaseStatus, ClipStatus, User


@pytest.fixture
def author(app) -> int:
    return add_user(app, "mike@example.com", "physio")


@dataclass
class Made:
    id: int
    slug: str
    title: str
    clip_id: int
    clip_uid: str  # the clip's id in public URLs


def make_case(app, author_id: int, title: str, *, categories=(), notes=(), caption="Side view",
              status: CaseStatus = CaseStatus.PUBLISHED, published_at: datetime | None = None,
              playable: bool = False, embeds: bool = False) -> Made:
    """A case with one stage and one clip (rows only: no media unless playable)."""
    with app.app_context():
        user = db.session.get(User, author_id)
        case = cases.create_case(user, title, f"Summary of {title.lower()}.", "Alias", categories)
        stage = cases.add_stage(case, "initial", "", "What we saw on the treadmill.")
        clip = cases.new_clip(stage, "side.mp4", caption, "side")
        clip.duration, clip.width, clip.height, clip.fps = 20.0, 640, 360, 30.0
        if playable:
            clip.status, clip.version = ClipStatus.READY, 1
            clip.media = {"renditions": [{"name": "360p.mp4", "width": 640, "height": 360, "bitrate": 800_000,
                                          "fps": 30, "kind": "mp4"}], "poster": "poster.jpg",
                          "poster_width": 640, "poster_height": 360}
        db.session.commit()
        for t, text in notes:
            cases.add_note(clip, t, text)
        if status != CaseStatus.DRAFT:
            cases.record_consent(case, user, "Private Person", date.today(), scope_embeds=embeds)
            cases.publish_case(case, user, CaseStatus.UNLISTED if status == CaseStatus.UNLISTED else CaseStatus.PUBLISHED)
            if published_at is not None:
                case.published_at = published_at
                db.session.commit()
            if status == CaseStatus.WITHDRAWN:
                cases.withdraw_consent(case, user)
        return Made(case.id, case.slug, case.title, clip.id, clip.uuid)


@pytest.fixture
def make(app, author):
    base = datetime(2024, 1, 1, tzinfo=timezone.utc)
    counter = iter(range(10_000))

    def make_one(title: str, **kw) -> Made:
        kw.setdefault("published_at", base + timedelta(days=next(counter)))
        return make_case(app, author, title, **kw)
    return make_one


def login(client, user_id: int) -> None:
    """Log the test client in as a user (Flask-Login keeps the user's session id in the session)."""
    with client.application.app_context():
        session_id = db.session.get(User, user_id).get_id()
    with client.session_transaction() as session:
        session["_user_id"] = session_id
        session["_fresh"] = True


