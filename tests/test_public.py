"""What a reader sees: listings, case pages, sanitised text, status codes and security headers."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from runphys import cases
from runphys.extensions import db
from runphys.models import Case, CaseStatus, User


@pytest.fixture
def author(app):
    with app.app_context():
        user = User(email="ana@example.com", name="Ana")
        db.session.add(user)
        db.session.commit()
        return user.id


def published(app, author_id: int, title: str, body: str = "", when: datetime | None = None,
              status: CaseStatus = CaseStatus.PUBLISHED, categories=("Knees",)) -> str:
    with app.app_context():
        user = db.session.get(User, author_id)
        case = cases.create_case(user, title, f"Summary of {title}", "Kim", categories)
        cases.add_stage(case, "initial", "", body)
        cases.record_consent(case, user, "Kim Private", date(2026, 1, 2))
        cases.publish_case(case, user, status)
        if when:
            case.published_at = when
            db.session.commit()
        return case.slug


def test_stage_markdown_is_rendered_and_sanitised(app, client, author) -> None:
    slug = published(app, author, "Knee wobble", "**Loading** phase\n\n<script>alert(1)</script>\n\n"
                                                  "[bad](javascript:alert(1)) [good](https://example.com)")
    html = client.get(f"/cases/{slug}").get_data(as_text=True)
    assert "<strong>Loading</strong>" in html
    assert "<script>alert(1)</script>" not in html and "href=\"javascript" not in html
    assert 'href="https://example.com"' in html
    assert "Kim Private" not in html


def test_home_lists_newest_first_with_pages(app, client, author) -> None:
    app.config["PER_PAGE"] = 2
    now = datetime.now(timezone.utc)
    for n in range(5):
        published(app, author, f"Case number {n}", when=now - timedelta(days=10 - n))
    first = client.get("/").get_data(as_text=True)
    assert first.index("Case number 4") < first.index("Case number 3")
    assert "Case number 2" not in first and 'rel="next"' in first
    third = client.get("/?page=3").get_data(as_text=True)
    assert "Case number 0" in third and 'rel="prev"' in third and 'rel="next"' not in third
    assert client.get("/?page=9").status_code == 404


def test_category_page_lists_only_its_cases(app, client, author) -> None:
    published(app, author, "Hip story", categories=("Hips",))
    published(app, author, "Knee story", categories=("Knees",))
    html = client.get("/category/hips").get_data(as_text=True)
    assert "Hip story" in html and "Knee story" not in html
    assert client.get("/category/elbows").status_code == 404


def test_draft_is_404_and_withdrawn_is_410(app, client, author) -> None:
    with app.app_context():
        draft = cases.create_case(db.session.get(User, author), "Secret draft")
        draft_slug = draft.slug
    assert client.get(f"/cases/{draft_slug}").status_code == 404
    assert "Secret draft" not in client.get("/").get_data(as_text=True)
    slug = published(app, author, "Soon gone")
    with app.app_context():
        case = db.session.scalar(db.select(Case).where(Case.slug == slug))
        cases.withdraw_consent(case, db.session.get(User, author))
    r = client.get(f"/cases/{slug}")
    assert r.status_code == 410 and "taken down" in r.get_data(as_text=True)
    assert "Soon gone" not in client.get("/").get_data(as_text=True)


def test_security_headers(client) -> None:
    r = client.get("/")
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_unknown_page_is_a_friendly_404(client) -> None:
    r = client.get("/no/such/page")
    assert r.status_code == 404 and "Back to the latest cases" in r.get_data(as_text=True)
    r = client.get("/api/v1/nothing")
    assert r.status_code == 404 and r.is_json


@pytest.mark.embedded_only("the site serves media itself only from local disk; on S3 the bucket does")
def test_local_media_is_served_with_ranges_and_private_files_are_not(app, client, tmp_path) -> None:
    store = app.extensions["runphys.storage"]
    payload = bytes(range(256)) * 40
    (tmp := tmp_path / "x.bin").write_bytes(payload)
    store.put_file("media/abc/1/720p.mp4", tmp)
    store.put_file("originals/abc/side.mp4", tmp)
    r = client.get("/media/abc/1/720p.mp4", headers={"Range": "bytes=100-199"})
    assert r.status_code == 206 and r.data == payload[100:200]
    assert "immutable" in r.headers["Cache-Control"]
    assert client.get("/media/../originals/abc/side.mp4").status_code == 404
    assert client.get("/media/%2e%2e/originals/abc/side.mp4").status_code == 404
    assert client.get("/originals/abc/side.mp4").status_code == 404
