"""One time base: moments are stored on the source timeline and every view shows them on the
played version, so changing a trim moves no moment off what it describes."""
from __future__ import annotations

import json
import re
from datetime import date

import sqlalchemy as sa
from flask_migrate import upgrade

from runphys import cases, create_app, tasks
from runphys.extensions import db
from runphys.models import Case, Clip, Comparison, Note
from runphys.studio import edits
from runphys.views import clip_json
from studio.helpers import Studio
from support import base_config, make_clip


def key_moments(html: str) -> list[dict]:
    found = []
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        data = json.loads(block)
        for item in data.get("@graph", [data]):
            for video in [item, *(p for p in item.get("hasPart", []) if isinstance(p, dict))]:
                found += [p for p in video.get("hasPart", []) if p.get("@type") == "Clip"]
    return found


def test_a_trim_moves_no_moment_and_a_caption_save_after_it_is_accepted(app, tmp_path) -> None:
    studio = Studio(app, "maria@example.com")
    source = make_clip(tmp_path / "run.mp4", seconds=6)
    case_id = studio.new_case().id
    with app.app_context():
        case = db.session.get(Case, case_id)
        stage = case.stages[0]
        ids = []
        for name in ("before.mp4", "after.mp4"):
            with open(source, "rb") as f:
                ids.append(cases.add_clip_from_stream(stage, f, name, caption=name).id)
            tasks.process_clip(ids[-1])
        before = db.session.get(Clip, ids[0])
        cases.add_note(before, 3.0, "Foot strike under the hip")  # 3 s into what the physio filmed
        edits.save_comparison(case, ids[0], ids[1], 3.0, 1.0, "")
        cases.record_consent(case, case.author, "Private Name", date(2026, 1, 2), scope_embeds=True)
        cases.publish_case(case, case.author)

        assert edits.update_clip(before, "Side", "side", 2.0, 5.0, False)  # re-processed
        tasks.process_clip(ids[0])
        before = db.session.get(Clip, ids[0])
        # saving the caption alone, with the trim as it stands, is accepted
        assert edits.update_clip(before, "Side view, after the trim", "side", 2.0, 5.0, False) is False
        assert abs(before.duration - 3.0) < 0.1 and abs(before.source_duration - 6.0) < 0.1
        assert db.session.get(Note, before.notes[0].id).t == 3.0  # stored on the source, untouched
        slug, note_id, uid = case.slug, before.notes[0].id, before.uuid
        assert clip_json(before)["notes"][0]["played_t"] == 1.0

    page = app.test_client().get(f"/cases/{slug}").text
    assert f'href="/cases/{slug}?t=1.0#clip-{uid}" data-t="1.0"' in page  # 3.0 − trim in 2.0
    assert 'data-before-offset="1.000" data-after-offset="1.000"' in page
    moments = key_moments(app.test_client().get(f"/clips/{uid}").text)
    assert [(m["name"], m["startOffset"]) for m in moments] == [("Foot strike under the hip", 1)]

    # the studio shows and takes times on the played video it plays
    form = studio.get(f"/studio/clips/{ids[0]}").text
    assert re.search(rf'id="note{note_id}-t"[^>]*value="1.0"', form)
    studio.post(f"/studio/clips/{ids[0]}/notes", {"new-t": "0.5", "new-text": "Arm swing"})
    with app.app_context():
        assert {n.text: n.t for n in db.session.get(Clip, ids[0]).notes}["Arm swing"] == 2.5


def test_the_migration_moves_existing_moments_to_the_source_timeline(tmp_path) -> None:
    app = create_app(base_config(tmp_path))
    with app.app_context():
        upgrade(revision="0003_reader")
        with db.engine.begin() as conn:
            run = conn.execute
            run(sa.text("INSERT INTO users (id, email, name, password_hash, role, active, created_at) "
                        "VALUES (1, 'a@example.com', '', '', 'physio', true, '2026-01-01')"))
            run(sa.text("INSERT INTO cases (id, kind, slug, title, summary, client_alias, author_id, status, "
                        "created_at, updated_at) VALUES (1, 'case', 'c', 'C', '', '', 1, 'draft', "
                        "'2026-01-01', '2026-01-01')"))
            run(sa.text("INSERT INTO stages (id, case_id, kind, position, title, body) "
                        "VALUES (1, 1, 'initial', 0, '', '')"))
            for clip_id, trim_in, duration in ((1, 2.0, 3.0), (2, None, 6.0)):
                run(sa.text("INSERT INTO clips (id, uuid, stage_id, position, caption, view, original_name, "
                            "original_size, status, progress, attempts, duration, has_audio, trim_in, "
                            "strip_audio, version, media, created_at, updated_at) VALUES (:id, :uuid, 1, 0, "
                            "'', 'side', 'a.mp4', 1, 'ready', 1, 1, :duration, false, :trim_in, false, 1, "
                            "'{}', '2026-01-01', '2026-01-01')"),
                    {"id": clip_id, "uuid": f"u{clip_id}", "duration": duration, "trim_in": trim_in})
            run(sa.text("INSERT INTO notes (id, clip_id, t, \"end\", text, created_at) "
                        "VALUES (1, 1, 1.0, 1.5, 'n', '2026-01-01')"))
            run(sa.text("INSERT INTO comparisons (id, case_id, title, before_clip_id, after_clip_id, "
                        "before_offset, after_offset) VALUES (1, 1, 't', 1, 2, 0.5, 0.5)"))
        upgrade()
        note, comparison = db.session.get(Note, 1), db.session.get(Comparison, 1)
        trimmed, whole = db.session.get(Clip, 1), db.session.get(Clip, 2)
        assert (note.t, note.end) == (3.0, 3.5)
        assert (comparison.before_offset, comparison.after_offset) == (2.5, 0.5)
        assert (trimmed.output_start, trimmed.source_duration, trimmed.last_job) == (2.0, None, 1)
        assert (whole.output_start, whole.source_duration) == (0.0, 6.0)
        db.engine.dispose()
