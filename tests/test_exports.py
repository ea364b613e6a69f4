"""The export job: queued with progress, stored under an unguessable public name, fenced, and
gone at once with a withdrawal."""
from __future__ import annotations

import json
import subprocess
from datetime import date

import pytest
from support import make_clip

from runphys import cases, exports, tasks
from runphys.cases import RuleError
from runphys.extensions import db
from runphys.models import Clip, Export, ExportStatus, User
from runphys.storage import media_prefix

SMALL = 0.25  # a 270×480 canvas: the pipeline, at a test's cost


def processed_case(email: str, title: str, paths: list) -> tuple[User, object, list[int]]:
    """A user's case with one stage holding the clips at `paths`, each processed by the worker's job."""
    user = User(email=email)
    db.session.add(user)
    db.session.commit()
    case = cases.create_case(user, title)
    stage = cases.add_stage(case, "initial")
    ids = []
    for path in paths:
        with open(path, "rb") as f:
            ids.append(cases.add_clip_from_stream(stage, f, path.name).id)
        tasks.process_clip(ids[-1])
    return user, case, ids


@pytest.fixture
def made(app, tmp_path):
    """A case with two processed 60 fps clips and a note on the first."""
    with app.app_context():
        user, case, ids = processed_case("a@example.com", "Hip drop", [
            make_clip(tmp_path / f"{name}.mp4", seconds=1.0, size="160x120", fps=60) for name in ("before", "after")])
        before = db.session.get(Clip, ids[0])
        note = cases.add_note(before, 0.4, "Knee drifts inward", end=0.8)
        return {"case": case.id, "user": user.id, "clips": ids, "note": note.id}


def ffprobe(path) -> dict:
    done = subprocess.run(["ffprobe", "-v", "error", "-of", "json", "-show_format", "-show_streams",
                           str(path)], capture_output=True, text=True, check=True, timeout=60)
    return json.loads(done.stdout)


def storage(app):
    return app.extensions["runphys.storage"]


def test_a_before_after_export_is_made_and_served_under_an_unguessable_name(app, made, tmp_path) -> None:
    with app.app_context():
        case = db.session.get(Clip, made["clips"][0]).case
        pair = cases_comparison(case, made["clips"])
        export = exports.request_export(case, "9:16", "side", comparison=pair)
        assert export.status == ExportStatus.QUEUED
        exports.make_export(export.id, SMALL)
        db.session.refresh(export)
        assert export.status == ExportStatus.READY and export.progress == 1.0, export.error
        before = db.session.get(Clip, made["clips"][0])
        assert export.key.startswith(media_prefix(before.uuid) + "exports/")
        token = export.key.rsplit("/", 1)[1].removesuffix(".mp4")
        assert len(token) >= 32
        answer = exports.export_json(export)
        assert answer["url"].endswith(export.key) and answer["status"] == "ready"
        with storage(app).local_path(export.key, tmp_path, ".mp4") as path:
            info = ffprobe(path)
        assert (info["streams"][0]["width"], info["streams"][0]["height"]) == (270, 480)
        # the 1 s clips from their sync points (0 s); the 0.4 s note slowed ×2; cards 2 + 2
        assert float(info["format"]["duration"]) == pytest.approx(export.duration, abs=0.01)
        assert export.duration == pytest.approx(4 + 1.0 + 0.4, abs=0.1)


def cases_comparison(case, ids):
    from runphys.studio import edits
    return edits.add_comparison(case, ids[0], ids[1], 0.0, 0.0, "Before and after")


def test_withdrawal_deletes_exports_at_once(app, made) -> None:
    with app.app_context():
        clip = db.session.get(Clip, made["clips"][0])
        case, user = clip.case, db.session.get(User, made["user"])
        note = clip.notes[0]
        export = exports.request_export(case, "1:1", "single", note=note)
        exports.make_export(export.id, SMALL)
        db.session.refresh(export)
        key = export.key
        assert export.status == ExportStatus.READY and storage(app).exists(key)
        running = exports.claim(exports.request_export(case, "9:16", "single", clip=clip).id)
        assert exports.beat(running)
        cases.record_consent(case, user, "Anna", date(2026, 11, 1))
        cases.withdraw_consent(case, user)
        assert not storage(app).exists(key)
        assert db.session.query(Export).count() == 0
        assert not exports.beat(running)  # the running export's job stops (and removes its file)


def test_a_new_version_stops_a_running_export_and_leaves_no_file(app, made) -> None:
    with app.app_context():
        clip = db.session.get(Clip, made["clips"][0])
        export = exports.request_export(clip.case, "16:9", "single", clip=clip)
        job = exports.claim(export.id)
        assert job is not None and exports.beat(job)
        assert exports.claim(export.id) is None  # a live job is not taken twice
        cases.reprocess_clip(clip)
        tasks.process_clip(clip.id)  # version 2 is published: the export was reading version 1
        assert not exports.beat(job)
        db.session.refresh(export)
        assert export.status == ExportStatus.FAILED and export.error == exports.CHANGED
        assert storage(app).keys(media_prefix(clip.uuid) + "exports/") == []


def test_an_export_is_refused_for_a_withdrawn_case_and_a_wrong_layout(app, made) -> None:
    with app.app_context():
        clip = db.session.get(Clip, made["clips"][0])
        with pytest.raises(RuleError, match="side by side"):
            exports.request_export(clip.case, "9:16", "stacked", clip=clip)
        with pytest.raises(RuleError, match="9:16"):
            exports.request_export(clip.case, "4:5", "single", clip=clip)


def test_the_smallest_rung_that_fills_its_place_is_read() -> None:
    ladder = {"renditions": [{"name": f"{h}p.mp4", "width": h * 16 // 9, "height": h, "kind": "mp4"}
                             for h in (1080, 720, 480, 360)] + [{"name": "slowmo.mp4", "width": 1280,
                                                                 "height": 720, "kind": "slowmo"}]}
    clip = Clip(media=ladder)
    assert exports.rendition_for(clip, (1080, 960))["name"] == "720p.mp4"  # stacked 9:16: 1080×608
    assert exports.rendition_for(clip, (1920, 1080))["name"] == "1080p.mp4"
    assert exports.rendition_for(clip, (270, 240))["name"] == "360p.mp4"
    small = Clip(media={"renditions": [{"name": "120p.mp4", "width": 160, "height": 120, "kind": "mp4"}]})
    assert exports.rendition_for(small, (1080, 1920))["name"] == "120p.mp4"  # never more than there is


@pytest.mark.slow
def test_an_export_whose_worker_was_killed_is_queued_again_and_finishes(tmp_path) -> None:
    import signal
    import time

    import requests
    from faults import ffmpeg_processes
    from support import LiveSite, api_token, local_env

    def wait_for(what, timeout: float, message: str):
        deadline = time.monotonic() + timeout
        while not (found := what()):
            assert time.monotonic() < deadline, message
            time.sleep(0.1)
        return found

    site = LiveSite(tmp_path, {**local_env(tmp_path), "RUNPHYS_STALE_AFTER": "4"})
    try:
        headers = api_token(site)
        api = site.url + "/api/v1"
        case = requests.post(f"{api}/cases", json={"title": "Killed export"}, headers=headers, timeout=10).json()
        stage = requests.post(f"{api}/cases/{case['id']}/stages", json={"kind": "initial"}, headers=headers,
                              timeout=10).json()
        path = make_clip(tmp_path / "run.mp4", seconds=8, size="640x360")
        with open(path, "rb") as f:
            clip = requests.post(f"{api}/stages/{stage['id']}/clips", headers=headers, timeout=60,
                                 files={"file": (path.name, f)}).json()
        worker = site.start_worker()
        assert site.wait_clip(clip["id"], headers, timeout=180)["status"] == "ready"
        export = requests.post(f"{api}/clips/{clip['id']}/exports", json={"shape": "16:9"}, headers=headers,
                               timeout=10).json()
        marker = f"export{export['id']}-job1"
        wait_for(lambda: ffmpeg_processes(marker, (b"ffmpeg",)), 60, "the export's ffmpeg did not start")
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
        wait_for(lambda: not ffmpeg_processes(marker), 10, "ffmpeg kept running after its worker died")

        def state() -> dict:
            return requests.get(f"{api}/exports/{export['id']}", headers=headers, timeout=10).json()
        assert state()["status"] == "processing"
        site.start_worker()
        done = wait_for(lambda: (s := state())["status"] in ("ready", "failed") and s, 240,
                        "the dead worker's export was never finished")
        assert done["status"] == "ready", done
        with site.app.app_context():
            row = db.session.get(Export, export["id"])
            assert row.job == 2  # taken up again by the reaper, made by the new worker
            with site.app.extensions["runphys.storage"].open(row.key) as f:
                data = f.read()
        out = tmp_path / "export.mp4"
        out.write_bytes(data)
        info = ffprobe(out)
        assert float(info["format"]["duration"]) == pytest.approx(done["duration"], abs=0.05)
        assert {s["codec_name"] for s in info["streams"]} == {"h264", "aac"}
    finally:
        site.close()


@pytest.mark.slow
def test_a_note_on_a_240fps_clip_plays_every_captured_frame_8x_slower(app, tmp_path) -> None:
    from frames import barcode_clip, file_frames

    with app.app_context():
        _, case, (clip_id,) = processed_case("s@example.com", "Slow motion", [
            barcode_clip(tmp_path / "fast.mp4", fps=240, seconds=2.0, size="320x180")])
        clip = db.session.get(Clip, clip_id)
        assert exports.slow_rendition(clip)["factor"] == 8.0  # 240 fps shown at 30 fps
        note = cases.add_note(clip, 0.5, "Foot strike", end=0.75)
        export = exports.request_export(case, "16:9", "single", note=note)
        exports.make_export(export.id, SMALL)
        db.session.refresh(export)
        assert export.status == ExportStatus.READY, export.error
        out = tmp_path / "export.mp4"
        with app.extensions["runphys.storage"].open(export.key) as f:
            out.write_bytes(f.read())
    # promised: title 2 s + 0.5 s + the note's 0.25 s ×8 (2 s) + 1.25 s + end card 2 s
    info = ffprobe(out)
    video = next(s for s in info["streams"] if s["codec_type"] == "video")
    assert float(info["format"]["duration"]) == pytest.approx(7.75, abs=0.05)
    assert export.duration == pytest.approx(7.75, abs=0.05)
    assert abs(int(video["nb_frames"]) - 7.75 * 30) <= 0.5  # 232.5: half a frame either way
    # the 4:3 picture (the barcode clip keeps 320×240's shape) pillarboxed in 16:9: read it alone
    picture = tmp_path / "picture.mkv"
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", str(out), "-vf",
                    "crop=ih*4/3:ih:(iw-ih*4/3)/2:0", "-c:v", "ffv1", "-an", str(picture)], check=True,
                   timeout=120)
    shown = file_frames(picture)
    body = shown[60:60 + 165]  # after the 2 s title card: 0.5 s, 2 s slowed, 1.25 s
    assert body[:15] == list(range(0, 120, 8))  # 240 fps at 1×: every 8th captured frame
    assert body[15:75] == list(range(120, 180))  # the note: every captured frame, once, in order
    # then 1× again on the body's 30 fps grid: from the first grid frame at or after the note's end
    assert 180 <= body[75] < 188 and body[75:112] == list(range(body[75], body[75] + 37 * 8, 8))


def rgb_frame(path, t: float, width: int, height: int) -> bytes:
    return subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-ss", f"{t}", "-i", str(path), "-frames:v", "1",
                           "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], capture_output=True, check=True,
                          timeout=60).stdout[:width * height * 3]


def yellow_near(frame: bytes, width: int, x: int, y: int, reach: int = 6) -> int:
    """How many drawing-yellow (#ffd400) pixels lie within `reach` of (x, y)."""
    count = 0
    for yy in range(y - reach, y + reach + 1):
        for xx in range(x - reach, x + reach + 1):
            r, g, b = frame[(yy * width + xx) * 3:(yy * width + xx) * 3 + 3]
            count += r > 170 and g > 140 and b < 110
    return count


@pytest.mark.slow
def test_a_9x16_before_after_with_an_angle_drawing_and_a_slow_note(app, tmp_path) -> None:
    from frames import barcode_clip

    from runphys import drawings
    from runphys.studio import edits
    with app.app_context():
        _, case, ids = processed_case("d@example.com", "Knee angle", [  # 4:3 pictures filmed at 240 fps, with sound
            barcode_clip(tmp_path / f"{name}.mp4", fps=240, seconds=2.0, size="320x240") for name in ("before", "after")])
        before = db.session.get(Clip, ids[0])
        note = cases.add_note(before, 0.5, "Knee flexion at contact", end=0.75)
        drawings.add(note, "angle", [[0.3, 0.8], [0.5, 0.5], [0.7, 0.8]])
        pair = edits.add_comparison(case, ids[0], ids[1], 0.0, 0.0, "Before and after")
        export = exports.request_export(case, "9:16", "stacked", comparison=pair)
        exports.make_export(export.id)
        db.session.refresh(export)
        assert export.status == ExportStatus.READY, export.error
        out = tmp_path / "export.mp4"
        with app.extensions["runphys.storage"].open(export.key) as f:
            out.write_bytes(f.read())
    info = ffprobe(out)
    video = next(s for s in info["streams"] if s["codec_type"] == "video")
    audio = next(s for s in info["streams"] if s["codec_type"] == "audio")
    assert (video["codec_name"], video["width"], video["height"], audio["codec_name"]) == ("h264", 1080, 1920, "aac")
    # promised: cards 2 + 2, 0.5 s, the note's 0.25 s of 240 fps at 30 fps (2 s), 1.25 s
    assert export.duration == pytest.approx(7.75, abs=0.05)
    assert float(info["format"]["duration"]) == pytest.approx(7.75, abs=0.05)
    assert abs(int(video["nb_frames"]) - 7.75 * 30) <= 0.5
    # the before cell is 1080×960 on top; its 4:3 picture 1080×810 from y = 75. The angle's left leg
    # runs from the vertex (0.5, 0.5) to (0.3, 0.8): its middle is at (0.4, 0.65) of the picture.
    leg = (round(1080 * 0.4), round(75 + 810 * 0.65))
    during = rgb_frame(out, 2.0 + 0.5 + 1.0, 1080, 1920)  # the middle of the slowed note
    assert yellow_near(during, 1080, *leg) > 10, "the angle is not drawn at the note's moment"
    earlier = rgb_frame(out, 2.25, 1080, 1920)  # before the note: no drawing
    assert yellow_near(earlier, 1080, *leg) == 0
    later = rgb_frame(out, 2.0 + 2.5 + 0.6, 1080, 1920)  # after it
    assert yellow_near(later, 1080, *leg) == 0
