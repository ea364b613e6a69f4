"""Export video in the studio, with a real browser and a real worker: the physio picks a note's
moment, follows the progress, downloads the MP4, and on a browser that can share files hands the
file itself to the share sheet (Web Share API level 2; only navigator.share/canShare are stubbed)."""
from __future__ import annotations

import time
from urllib.parse import urljoin

import pytest
from support import LiveSite, add_user, local_env, make_clip
from test_player import run_axe
from test_studio import log_in

from runphys import cases
from runphys.extensions import db
from runphys.models import Clip, ClipStatus, Export, User

# What the page hands to the share sheet, recorded by a stand-in for the browser's own share.
SHARE_STUB = """
window.__shared = [];
navigator.canShare = (data) => Boolean(data && data.files && data.files.length);
navigator.share = async (data) => {
  window.__shared.push(data.files.map((f) => ({isFile: f instanceof File, type: f.type, size: f.size,
                                               name: f.name})));
};
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("export-site")
    live = LiveSite(tmp, local_env(tmp))
    live.start_worker()
    yield live
    live.close()


@pytest.fixture(scope="module")
def clip_id(site, tmp_path_factory) -> int:
    """A processed 60 fps clip with a note, made by the live site's worker."""
    add_user(site.app, "maria@example.com")
    path = make_clip(tmp_path_factory.mktemp("clip") / "side.mp4", seconds=1.0, size="160x120", fps=60)
    with site.app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == "maria@example.com"))
        case = cases.create_case(user, "Hip drop")
        stage = cases.add_stage(case, "initial")
        with open(path, "rb") as f:
            clip = cases.add_clip_from_stream(stage, f, "side.mp4")
        deadline = time.monotonic() + 120
        while db.session.get(Clip, clip.id, populate_existing=True).status != ClipStatus.READY:
            assert time.monotonic() < deadline, site.log.read_text()[-2000:]
            time.sleep(0.3)
        cases.add_note(clip, 0.4, "Knee drifts inward", end=0.8)
        return clip.id


@pytest.mark.slow
def test_export_a_moment_then_download_and_share_the_file(browser, site, clip_id):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_init_script(SHARE_STUB)
    page = context.new_page()
    try:
        log_in(page, site)
        page.goto(f"{site.url}/studio/clips/{clip_id}")
        assert run_axe(page) == []
        page.get_by_label("Shape").select_option("9:16")
        page.get_by_label("What").select_option(label="The moment at 0:00.4: Knee drifts inward")
        assert page.locator(".export-empty").is_visible()  # nothing exported yet
        page.get_by_role("button", name="Export video").click()
        page.locator(".export-list .export-item").wait_for()
        state = page.locator(".export-list .export-state")
        page.wait_for_function("() => !/^(Queued|Exporting|Waiting)/.test(document.querySelector('.export-state')"
                               ".textContent)", timeout=180_000)
        assert state.text_content().startswith("Ready"), state.text_content()
        download = page.get_by_role("link", name="Download")
        href = download.get_attribute("href")
        response = page.request.get(urljoin(page.url, href))
        assert response.status == 200 and response.headers["content-type"] == "video/mp4"
        body = response.body()
        with site.app.app_context():
            export = db.session.scalar(db.select(Export))
            assert export.note_id is not None and export.bytes == len(body)
        page.get_by_role("button", name="Share…").click()
        page.wait_for_function("() => window.__shared.length === 1")
        shared = page.evaluate("() => window.__shared[0]")
        assert shared == [{"isFile": True, "type": "video/mp4", "size": len(body), "name": "runphys-9x16.mp4"}]
        assert run_axe(page) == []  # with the result shown
        # after a reload the export is still listed: what, format, state, size and its file
        page.reload()
        item = page.locator(".export-list .export-item")
        assert item.count() == 1 and not page.locator(".export-empty").is_visible()
        text = " ".join(item.inner_text().split())
        assert "The moment at 0:00.4 of side.mp4: Knee drifts inward" in text, text
        assert "9:16, MP4" in text and f"Ready: {len(body) / 1e6:.1f} MB" in text, text
        assert item.get_by_role("link", name="Download").get_attribute("href") == href
    finally:
        context.close()
