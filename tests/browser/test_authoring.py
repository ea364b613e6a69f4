"""The authoring flow of issue 13 in real chromium, on the real pages with a real worker: files dropped
with a caption each, live rows, consent then "Publish now", the preview banner, a visible "Log in", and
a reader's comment that reaches the author by email (a real SMTP server) with a one-time approve link."""
from __future__ import annotations

import email
import email.policy
import re
import time

import pytest
from support import PASSWORD, LiveSite, add_user, free_port, local_env, make_clip

EMAIL = "maria@example.com"
CHUNK = 128 * 1024


@pytest.fixture(scope="module")
def mailbox():
    """A real SMTP server (aiosmtpd) on a free port; yields the list of messages it received."""
    from aiosmtpd.controller import Controller

    class Keep:
        def __init__(self) -> None:
            self.messages: list[email.message.Message] = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
            return "250 OK"

    handler = Keep()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, handler.messages
    controller.stop()


@pytest.fixture(scope="module")
def site(tmp_path_factory, mailbox):
    tmp = tmp_path_factory.mktemp("authoring-site")
    controller, _ = mailbox
    live = LiveSite(tmp, {**local_env(tmp), "RUNPHYS_UPLOAD_CHUNK_BYTES": str(CHUNK),
                          "RUNPHYS_SMTP_HOST": "127.0.0.1", "RUNPHYS_SMTP_PORT": str(controller.port),
                          "RUNPHYS_SMTP_FROM": "site@runphys.test"})
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


def publish(page, site: LiveSite, title: str) -> str:
    """A new case, consent recorded and published with "Publish now"; returns its public path."""
    case_id = new_case(page, site, title)
    page.get_by_role("link", name="Consent (missing)").click()
    page.get_by_label("Client's full name").fill("Jo Runner")
    page.get_by_role("button", name="Record consent").click()
    page.get_by_role("button", name="Publish now").click()
    page.wait_for_url(f"{site.url}/studio/cases/{case_id}")
    return page.get_by_role("link", name="Public page").get_attribute("href")


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


DROP = """async ([files]) => {
  const transfer = new DataTransfer();
  for (const [name, b64] of files) {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    transfer.items.add(new File([bytes], name, { type: "video/mp4" }));
  }
  const form = document.querySelector("section.stage-edit form.upload");
  form.dispatchEvent(new DragEvent("dragover", { dataTransfer: transfer, bubbles: true, cancelable: true }));
  form.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
}"""


def test_three_dropped_files_each_get_their_caption_and_the_rows_go_live(browser, site, tmp_path):
    import base64

    from runphys.extensions import db
    from runphys.models import Case

    names = ["side-run.mp4", "behind-run.mp4", "front-run.mp4"]
    files = [make_clip(tmp_path / n, seconds=1) for n in names]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    log_in(page, site)
    case_id = new_case(page, site, "Three angles")

    held = []  # PATCHes wait until the captions are typed, as a slow phone's upload would

    def hold(route, request):
        if request.method == "PATCH":
            held.append(route)
        else:
            route.continue_()

    page.route("**/api/v1/uploads/*", hold)
    page.evaluate("window.__samePage = true")
    page.evaluate(DROP, [[[p.name, base64.b64encode(p.read_bytes()).decode()] for p in files]])
    items = page.locator(".upload-item")
    assert items.count() == 3
    captions = {"side-run.mp4": "Side: hip drop", "behind-run.mp4": "Behind: crossover", "front-run.mp4": ""}
    for name in names:
        item = items.filter(has_text=name)
        item.locator("input.caption").fill(captions[name])
        item.locator("select.view").select_option(name.split("-")[0])
    deadline = time.monotonic() + 20
    while len(held) < 3 and time.monotonic() < deadline:
        page.wait_for_timeout(50)  # lets Playwright hand over the routed requests
    assert len(held) == 3
    for route in held:
        route.continue_()
    page.unroute("**/api/v1/uploads/*")

    stage = page.locator("section.stage-edit").first
    rows = stage.locator("li.clip-row")
    rows.nth(2).wait_for(timeout=30_000)
    # the third caption is written on its row after the upload, and saved there
    front = rows.filter(has=page.locator("input[placeholder='front-run.mp4']"))
    front.locator("input.caption").fill("Front: knees in")
    front.get_by_role("button", name="Save").click()
    page.locator("li.clip-row .clip-name", has_text="Front: knees in").wait_for(timeout=10_000)

    # live rows: thumbnails, "3 of 3", buttons, without a reload
    page.wait_for_function("() => document.querySelectorAll('li.clip-row img.thumb').length === 3", timeout=60_000)
    page.locator("ul.checklist", has_text="3 of 3 clip(s) ready").wait_for(timeout=10_000)
    assert page.evaluate("window.__samePage") is True
    assert stage.get_by_role("link", name="Edit & notes").count() == 3
    assert stage.get_by_role("button", name="Move clip up").count() == 2  # not on the first row
    assert stage.get_by_role("button", name="Move clip down").count() == 2  # not on the last
    with site.app.app_context():
        case = db.session.get(Case, case_id)
        stored = {c.original_name: (c.caption, c.view.value) for c in case.clips}
    assert stored == {"side-run.mp4": ("Side: hip drop", "side"), "behind-run.mp4": ("Behind: crossover", "behind"),
                      "front-run.mp4": ("Front: knees in", "front")}

    # order by the keyboard-reachable buttons (touch too): the last clip moves up one place
    order = [rows.nth(i).locator(".clip-name").inner_text() for i in range(3)]
    page.reload()  # the live page showed the order the server keeps
    assert [rows.nth(i).locator(".clip-name").inner_text() for i in range(3)] == order
    rows.nth(2).get_by_role("button", name="Move clip up").click()
    page.wait_for_url(re.compile(r"#clip-\d+$"))
    moved = [page.locator("section.stage-edit").first.locator("li.clip-row .clip-name").nth(i).inner_text()
             for i in range(3)]
    assert moved == [order[0], order[2], order[1]]
    assert not errors, errors
    context.close()


def test_a_reload_at_40_percent_resumes_at_the_servers_offset(browser, site, tmp_path):
    from runphys.extensions import db
    from runphys.models import Clip, Upload

    source = make_clip(tmp_path / "long-run.mp4", seconds=3, size="640x360", extra=["-b:v", "3M"])
    size = source.stat().st_size
    assert size > 6 * CHUNK
    context = browser.new_context(viewport={"width": 390, "height": 844})  # a phone
    page = context.new_page()
    log_in(page, site)
    new_case(page, site, "Reload mid-upload")

    state = {"offline": False, "offsets": []}

    def route(route, request):
        if request.method == "PATCH":
            offset = int(request.headers["upload-offset"])
            if state["offline"] or offset >= 0.4 * size:  # the phone sleeps at ~40 %
                state["offline"] = True
                return route.abort("internetdisconnected")
            state["offsets"].append(offset)
        return route.continue_()

    page.route("**/api/v1/uploads/**", route)
    page.locator("section.stage-edit").first.locator("input.files").set_input_files(str(source))
    page.locator(".upload-item.retrying").wait_for(timeout=30_000)
    leaving = "() => { const e = new Event('beforeunload', {cancelable: true}); dispatchEvent(e); return e.defaultPrevented; }"
    assert page.evaluate(leaving) is True  # the browser asks before the page is left mid-upload
    with site.app.app_context():
        stored = db.session.scalars(db.select(Upload).where(Upload.meta["filename"].as_string() == source.name)).one()
        at = stored.offset
    assert 0.3 * size <= at < 0.6 * size

    page.evaluate("localStorage.clear()")  # nothing kept in the browser: the server's list is enough
    page.reload()
    listed = page.locator(".interrupted li", has_text=source.name)
    assert f"({size / 1048576:.1f} MiB) stopped at {round(100 * at / size)} %" in listed.inner_text()
    assert page.evaluate(leaving) is False  # nothing uploads now: leaving is free
    state["offline"], state["offsets"] = False, []
    page.unroute("**/api/v1/uploads/**")
    seen: list[int] = []
    page.route("**/api/v1/uploads/**", lambda r, q: (q.method == "PATCH" and seen.append(int(q.headers["upload-offset"])),
                                                     r.continue_()))
    page.locator("section.stage-edit").first.locator("input.files").set_input_files(str(source))
    page.locator("li.clip-row").first.wait_for(timeout=30_000)
    assert seen[0] == at  # resumed at the server's offset, not from 0
    assert page.locator(".interrupted li").count() == 0
    with site.app.app_context():
        clip = db.session.scalars(db.select(Clip).where(Clip.original_name == source.name)).one()
        with site.app.extensions["runphys.storage"].open(clip.original_key) as f:
            assert f.read() == source.read_bytes()
    context.close()


def test_a_readers_comment_reaches_the_author_by_email_with_a_one_time_approve_link(browser, site, mailbox):
    _, messages = mailbox
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, site)
    public = publish(page, site, "Overstriding on the track")
    assert page.get_by_role("link", name=re.compile(r"^Comments$")).count() == 1  # nothing waiting

    reader = browser.new_context().new_page()
    reader.goto(site.url + public)
    reader.get_by_role("link", name="Leave a comment").last.click()
    reader.get_by_label("Name").fill("Sam")
    reader.get_by_label("Comment").fill("Does cadence work help overstriding?")
    reader.get_by_role("button", name=re.compile("comment", re.I)).click()
    reader.get_by_text("Your comment will appear here once it has been approved").wait_for()
    deadline = time.monotonic() + 10
    while not messages and time.monotonic() < deadline:
        reader.wait_for_timeout(50)
    assert len(messages) == 1
    mail = messages[0]
    assert mail["To"] == EMAIL and "Overstriding on the track" in mail["Subject"]
    body = mail.get_content()
    assert "Does cadence work help overstriding?" in body
    approve = re.search(r"Approve: (\S+)", body).group(1)
    assert approve.startswith(site.url + "/")

    # the studio shows the queue with its count
    page.goto(site.url + "/studio/")
    page.get_by_role("link", name="Comments 1 waiting").click()
    assert page.locator("article.comment", has_text="Does cadence work help overstriding?").count() == 1

    # the link works for anyone holding it, once, and logs nobody in
    reader.goto(approve)
    reader.get_by_role("button", name="Approve").click()
    reader.get_by_text("Approved: the comment is on").wait_for()
    reader.goto(site.url + public)
    assert reader.locator(".comments article.comment", has_text="Does cadence work help overstriding?").count() == 1
    again = reader.goto(approve)
    assert again.status == 410 and "works only once" in reader.locator("main").inner_text()
    reader.goto(site.url + "/studio/")
    assert "/auth/login" in reader.url
    tampered = reader.goto(approve[:-3] + ("aaa" if not approve.endswith("aaa") else "bbb"))
    assert tampered.status == 404
    reader.context.close()
    context.close()


def test_the_time_left_after_a_resume_counts_only_the_bytes_sent_since(browser, site, tmp_path):
    """The page's clock is Playwright's: each resumed chunk is held until the test lets it go, 10 s
    of page time after the one before. The estimate must come from those bytes alone; counting the
    40 % sent before the reload would promise the rest far too soon."""
    source = make_clip(tmp_path / "eta-run.mp4", seconds=3, size="640x360", extra=["-b:v", "3M"])
    size = source.stat().st_size
    assert size > 6 * CHUNK
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, site)
    new_case(page, site, "Time left after a resume")

    def sleep_at_40(route, request):
        if request.method == "PATCH" and int(request.headers["upload-offset"]) >= 0.4 * size:
            return route.abort("internetdisconnected")
        return route.continue_()

    page.route("**/api/v1/uploads/**", sleep_at_40)
    page.locator("section.stage-edit").first.locator("input.files").set_input_files(str(source))
    page.locator(".upload-item.retrying").wait_for(timeout=30_000)
    page.evaluate("localStorage.clear()")
    page.clock.install()
    page.reload()  # the network stays down until the page is gone: no retry moves the offset meanwhile
    page.unroute("**/api/v1/uploads/**")
    held: list = []
    page.route("**/api/v1/uploads/**", lambda r, q: held.append((int(q.headers["upload-offset"]), r))
               if q.method == "PATCH" else r.continue_())

    def next_patch(count: int) -> int:
        deadline = time.monotonic() + 30
        while len(held) < count:
            assert time.monotonic() < deadline, "no PATCH came"
            page.wait_for_timeout(20)
        return held[count - 1][0]

    page.locator("section.stage-edit").first.locator("input.files").set_input_files(str(source))
    at = next_patch(1)
    assert 0.3 * size <= at < 0.5 * size
    held[0][1].continue_()
    assert next_patch(2) == at + CHUNK
    page.clock.fast_forward(10_000)
    held[1][1].continue_()
    sent = next_patch(3)
    assert sent == at + 2 * CHUNK
    text = page.locator(".upload-item .upload-text").first.inner_text()
    left = int(re.search(r"(\d+) s left", text).group(1))
    # since the resume: between 1 and 2 chunks (the first progress is the base) in 10 s and a little
    slowest, fastest = CHUNK / 10.5, 2 * CHUNK / 10.0
    assert (size - sent) / fastest <= left <= (size - sent) / slowest + 1, (left, text)
    for _, route in held[2:]:
        route.continue_()
    page.unroute("**/api/v1/uploads/**")
    context.close()


def test_clips_reorder_by_touch_drag(browser, site, tmp_path):
    """On a phone (touch emulation, real touch input through the DevTools protocol) a clip is dragged
    by its picture from last to first; the server keeps the new order."""
    from runphys import cases
    from runphys.extensions import db
    from runphys.models import Clip, ClipStatus, User

    with site.app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == EMAIL))
        case = cases.create_case(user, "Touch reorder")
        stage = cases.add_stage(case, "initial")
        ids = []
        for name in ("one", "two", "three"):
            path = make_clip(tmp_path / f"{name}.mp4", seconds=0.5, size="160x90")
            with open(path, "rb") as f:
                ids.append(cases.add_clip_from_stream(stage, f, f"{name}.mp4").id)
        case_id = case.id
        deadline = time.monotonic() + 120
        while any(db.session.get(Clip, i, populate_existing=True).status != ClipStatus.READY for i in ids):
            assert time.monotonic() < deadline, "the clips were not processed"
            time.sleep(0.3)
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    log_in(page, site)
    page.goto(f"{site.url}/studio/cases/{case_id}")
    rows = page.locator("section.stage-edit").first.locator("li.clip-row")
    assert [rows.nth(i).get_attribute("data-clip-id") for i in range(3)] == [str(i) for i in ids]
    rows.nth(0).evaluate("row => row.scrollIntoView({block: 'start'})")
    start, target = rows.nth(2).locator(".thumb").bounding_box(), rows.nth(0).bounding_box()
    x, y = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    to_y = target["y"] + 5  # the top of the first row: drop above it
    cdp = context.new_cdp_session(page)

    def touch(kind: str, at_y: float) -> None:
        points = [] if kind == "touchEnd" else [{"x": x, "y": at_y, "id": 1}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    with page.expect_response(lambda r: r.url.endswith("/order") and r.request.method == "POST") as saved:
        touch("touchStart", y)
        for step in range(1, 11):
            touch("touchMove", y + (to_y - y) * step / 10)
        touch("touchEnd", to_y)
    assert saved.value.ok
    assert [rows.nth(i).get_attribute("data-clip-id") for i in range(3)] == [str(ids[2]), str(ids[0]), str(ids[1])]
    with site.app.app_context():
        kept = list(db.session.scalars(db.select(Clip.id).where(Clip.id.in_(ids))
                                       .order_by(Clip.position, Clip.id)))
    assert kept == [ids[2], ids[0], ids[1]]
    page.reload()
    assert [rows.nth(i).get_attribute("data-clip-id") for i in range(3)] == [str(ids[2]), str(ids[0]), str(ids[1])]
    context.close()
