"""Rules of the design checked on the code itself: one module writes a clip's lifecycle columns;
no request a reader (or an unfurler) can make starts a subprocess."""
from __future__ import annotations

import ast
import subprocess
from datetime import date
from pathlib import Path
from urllib.parse import quote

from runphys import cases, drawings, tasks
from runphys.extensions import db
from runphys.models import Clip, User
from runphys.storage import media_prefix
from runphys.studio import edits

PACKAGE = Path(__file__).resolve().parents[1] / "runphys"
OWNER = PACKAGE / "lifecycle.py"
# the clip's state and its job fence: written only by runphys/lifecycle.py
LIFECYCLE_COLUMNS = {"status", "version", "media", "generation", "last_job", "attempts", "heartbeat_at",
                     "progress", "eta_seconds", "error", "output_start"}
ONLY_CLIPS_HAVE = LIFECYCLE_COLUMNS - {"status", "progress", "error"}  # other models have a status


def lifecycle_writes(source: str) -> list[str]:
    """Where this source writes a clip's lifecycle columns: `x.version = …`, `x.status = ClipStatus.…`,
    `x.media[…] = …`, `Clip(version=…)` or any `update(Clip)`."""
    found = []

    def targets(node: ast.AST) -> list[ast.AST]:
        if isinstance(node, ast.Assign):
            return [t for target in node.targets for t in (target.elts if isinstance(target, ast.Tuple) else [target])]
        return [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []

    for node in ast.walk(ast.parse(source)):
        value = node.value if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)) else None
        names_clip_status = value is not None and "ClipStatus" in ast.unparse(value)
        for target in targets(node):
            if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Attribute):
                target = target.value  # clip.media["x"] = …
            if isinstance(target, ast.Attribute) and (
                    target.attr in ONLY_CLIPS_HAVE or (target.attr == "status" and names_clip_status)):
                found.append(f"line {node.lineno}: {ast.unparse(target)} = …")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args \
                and isinstance(node.args[0], ast.Name) and node.args[0].id == "Clip" and node.func.id == "update":
            found.append(f"line {node.lineno}: update(Clip)")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Clip":
            found += [f"line {node.lineno}: Clip({k.arg}=…)" for k in node.keywords if k.arg in LIFECYCLE_COLUMNS]
    return found


def test_the_check_sees_the_writes_main_made_outside_the_lifecycle_module() -> None:
    enqueue = ("def enqueue_clip(clip):\n    clip.status = ClipStatus.QUEUED\n    clip.progress = 0.0\n"
               "    db.session.execute(update(Clip).where(Clip.id == 1).values(attempts=0))\n")
    withdraw = "for clip in case.clips:\n    clip.version, clip.media = 0, {}\n    clip.media['x'] = 1\n"
    unrelated = "case.status = CaseStatus.WITHDRAWN\ncomment.status = ACTIONS[action]\nupload.state = {}\n"
    assert lifecycle_writes(enqueue) == ["line 2: clip.status = …", "line 4: update(Clip)"]
    assert lifecycle_writes(withdraw) == ["line 2: clip.version = …", "line 2: clip.media = …",
                                          "line 3: clip.media = …"]
    assert lifecycle_writes(unrelated) == []


def test_only_the_lifecycle_module_writes_a_clips_status_version_media_and_fence() -> None:
    modules = [p for p in PACKAGE.rglob("*.py") if p != OWNER and "migrations" not in p.parts]
    assert len(modules) > 20 and (PACKAGE / "tasks.py") in modules
    writes = {str(p.relative_to(PACKAGE)): w for p in modules if (w := lifecycle_writes(p.read_text()))}
    assert writes == {}
    assert lifecycle_writes(OWNER.read_text())  # the check sees the owner's own writes


def published_case(app, clip_file) -> dict[str, object]:
    """A published, embeddable case with two processed clips, a note with a drawing and a comparison."""
    user = User(email="physio@example.com", name="Maria")
    db.session.add(user)
    db.session.commit()
    case = cases.create_case(user, "Hip drop", summary="Hips.", categories=["Hips"])
    stage = cases.add_stage(case, "initial")
    clips = []
    for name in ("side.mp4", "behind.mp4"):
        with open(clip_file, "rb") as f:
            clip = cases.add_clip_from_stream(stage, f, name, caption=name)
        tasks.process_clip(clip.id)
        clips.append(db.session.get(Clip, clip.id))
    note = cases.add_note(clips[0], 1.0, "Hip drops on landing")
    drawing = drawings.add(note, "vertical", [[0.5, 0.3], [0.55, 0.7]], label="trunk lean")
    comparison = edits.save_comparison(case, clips[0].id, clips[1].id, 0.5, 0.5, "")
    cases.record_consent(case, user, "Private Name", date(2026, 1, 2), scope_embeds=True)
    cases.publish_case(case, user)
    return {"clip_id": clips[0].id, "clip_uid": clips[0].uuid, "comparison_uid": comparison.public_id,
            "slug": case.slug, "comparison_id": comparison.id, "case_id": case.id,
            "ident": str(user.id), "key": media_prefix(clips[0].uuid, clips[0].version)[len("media/"):]
            + clips[0].media["poster"], "filename": "js/player.js", "consent_id": case.consents[0].id,
            "page_id": 1, "token": "not-a-signed-link", "stage_id": stage.id, "note_id": note.id,
            "export_id": 1, "drawing_id": drawing.id}


def test_no_request_starts_a_subprocess(app, client, clip_file, monkeypatch) -> None:
    with app.app_context():
        values = published_case(app, clip_file)
    started: list[list[str]] = []
    real_init = subprocess.Popen.__init__

    def watched(self, args, *rest, **kwargs):
        started.append(list(args) if isinstance(args, (list, tuple)) else [str(args)])
        real_init(self, args, *rest, **kwargs)

    monkeypatch.setattr(subprocess.Popen, "__init__", watched)
    case_url = f"http://localhost/cases/{values['slug']}"
    extra = {"public.search": "?q=hip", "embed.oembed": "?url=" + quote(case_url, safe="")}
    answers = {}
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        _, path = rule.build({name: values[name] for name in rule.arguments}, append_unknown=False)
        answers[rule.endpoint] = client.get(path + extra.get(rule.endpoint, "")).status_code
    assert answers["embed.og_image"] == 302 and answers["public.case"] == 200
    assert answers["media.serve"] == 200 and answers["embed.embed_compare"] == 200
    assert len(answers) > 30
    assert started == []  # the social preview was made by the worker:
    with app.app_context():
        assert db.session.get(Clip, values["clip_id"]).media["social"] == "social-1200x630.jpg"
