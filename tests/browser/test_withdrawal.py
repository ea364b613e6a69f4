"""Withdrawing consent in chromium: the confirmation shows (Cancel keeps the case, OK takes it down),
and a foreign page's embed then shows a neutral "no longer available" card inside its frame."""
from __future__ import annotations

import io
import re
from datetime import date

import pytest
from support import PASSWORD, LiveSite, add_user, local_env
from test_embed import host_page, other_origin  # noqa: F401  (a fixture: a clinician's blog elsewhere)

from runphys import cases
from runphys.extensions import db
from runphys.models import Case, CaseStatus, ClipStatus, User
from runphys.storage import media_prefix


@pytest.fixture
def site(tmp_path):
    live = LiveSite(tmp_path, local_env(tmp_path))
    yield live
    live.close()


def published_case(site: LiveSite) -> tuple[int, str]:
    """A published case with embed consent and one clip that looks processed (no worker needed)."""
    author = add_user(site.app, "maria@example.com")
    with site.app.app_context():
        user = db.session.get(User, author)
        case = cases.create_case(user, "Hope's hamstring", "Sore after long runs.")
        clip = cases.new_clip(cases.add_stage(case, "initial"), "side.mp4", "Side view", "side")
        clip.status, clip.version, clip.duration, clip.width, clip.height = ClipStatus.READY, 1, 2.0, 320, 240
        clip.media = {"renditions": [{"name": "240p.mp4", "width": 320, "height": 240, "kind": "mp4"}]}
        db.session.commit()
        site.app.extensions["runphys.storage"].put_stream(media_prefix(clip.uuid, 1) + "240p.mp4", io.BytesIO(b"x"))
        cases.record_consent(case, user, "Hope Private", date(2026, 1, 2), scope_embeds=True)
        cases.publish_case(case, user)
        return case.id, case.slug


def status(site: LiveSite, case_id: int) -> CaseStatus:
    with site.app.app_context():
        return db.session.get(Case, case_id).status


def test_withdraw_asks_first_then_the_embed_shows_a_neutral_card(page, site, other_origin) -> None:
    case_id, slug = published_case(site)
    page.goto(site.url + "/auth/login")
    page.get_by_label("Email").fill("maria@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/studio/$"))
    page.goto(f"{site.url}/studio/cases/{case_id}/consent")
    button = page.get_by_role("button", name="Withdraw consent and take the case down")

    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    button.click()
    page.wait_for_load_state()
    assert asked == ["The case, its embeds and its public video are removed at once. Continue?"]
    assert status(site, case_id) == CaseStatus.PUBLISHED

    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    with page.expect_navigation():
        button.click()
    assert len(asked) == 2
    assert "Consent withdrawn" in page.locator(".flashes").inner_text()
    assert status(site, case_id) == CaseStatus.WITHDRAWN

    page.goto(host_page(other_origin, "blog.html", {"runphys": f"{site.url}/embed/cases/{slug}"}))
    frame = page.frame(name="runphys")
    frame.wait_for_selector("main")
    assert frame.locator("main").inner_text().strip() == "This video is no longer available."
    assert frame.locator("nav, form, .site-header").count() == 0
    box = frame.locator("main").bounding_box()
    assert box and box["width"] <= 640 and box["height"] <= 360  # the card fits the frame
