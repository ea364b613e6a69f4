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


@pytest.fixture
def made(app, tmp_path):
    """A case with two processed 60 fps clips and a note on the first."""
    with app.app_context():
        user = User(email="a@example.com")
        db.session.add(user)
        db.session.commit()
        case = cases.create_case(user, "Hip drop")
        stage = cases.add_stage(case, "initial")
        ids = []
        for name in ("before", "after"):
            path = make_clip(tmp_path / f"{name}.mp4", seconds=1.0, size="160x120", fps=60)
            with open(path, "rb") as f:
                ids.append(cases.add_clip_from_stream(stage, f, f"{name}.mp4").id)
            tasks.process_clip(ids[-1])
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
