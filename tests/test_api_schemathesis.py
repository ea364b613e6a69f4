"""schemathesis against the API's own OpenAPI document, in-process (WSGI) with a real token: every
operation, valid and invalid requests, on real rows; no 5xx, and every answer as documented."""
from __future__ import annotations

import itertools
from datetime import date

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode, checks

from runphys.extensions import db
from runphys.models import Case, Clip, ClipStatus, ClipView, Comparison, Consent, Drawing, Note, Stage, StageKind, User
from runphys.openapi import MAX_ID

EXAMPLES = 12  # per operation and mode: 24 requests an operation, about two minutes in all
SERIAL = itertools.count(1)


def world(app) -> dict[str, int]:
    """Fresh rows (one commit): a consented case with a stage, two ready clips, a note and a comparison."""
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == "physio@example.com"))
        case = Case(title="Hip drop", slug=f"hip-drop-{next(SERIAL)}", author=user)
        stage = Stage(case=case, kind=StageKind.INITIAL, title="Initial")
        clips = [Clip(stage=stage, caption=name, view=ClipView.SIDE, original_name=f"{name}.mp4", position=i,
                      status=ClipStatus.READY, duration=4.0, version=1) for i, name in enumerate(("before", "after"))]
        note = Note(clip=clips[0], t=1.0, text="Foot strike")
        drawing = Drawing(note=note, kind="angle", points=[[0.3, 0.2], [0.5, 0.5], [0.35, 0.85]], label="knee")
        comparison = Comparison(case=case, before_clip=clips[0], after_clip=clips[1], before_offset=0.5)
        case.consents.append(Consent(client_name="Private Name", consented_on=date(2026, 1, 5),
                                     recorded_by_id=user.id))
        db.session.add_all([case, note, drawing, comparison])
        db.session.commit()
        return {"case_id": case.id, "stage_id": stage.id, "clip_id": clips[0].id, "note_id": note.id,
                "drawing_id": drawing.id, "comparison_id": comparison.id}


@pytest.mark.slow
def test_every_operation_answers_as_documented(app, token) -> None:
    config = schemathesis.Config.from_dict({
        "generation": {"with-security-parameters": False},
        # tus answers a request without `Tus-Resumable: 1.0.0` 412, as its protocol says
        "checks": {"negative_data_rejection": {"expected-statuses": [400, 401, 403, 404, 409, 412, 413, 415]}}})
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=config)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 40  # every documented operation, tus included
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            exercise(app, token, operation, mode)


def is_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID


def exercise(app, token: str, operation, mode: GenerationMode) -> None:
    """Send EXAMPLES generated requests of one mode to one operation (the same ones every run)."""
    rows: list[dict[str, int]] = []

    @given(operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case) -> None:
        if case.path_parameters:  # point valid ids at real rows; keep the invalid ones a negative case made
            if not rows or case.method in ("DELETE", "POST"):  # a fresh world where the last one may be gone
                rows[:] = [world(app)]
            ids = rows[0]
            case.path_parameters = {name: ids.get(name, value) if is_id(value) else value
                                    for name, value in case.path_parameters.items()}
        # A multipart field is text on the wire: a "number" schemathesis puts in a text field (a
        # caption of "6984576667825926.0") is a valid caption, not negative data.
        multipart = case.media_type == "multipart/form-data"
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"},
                               checks=[checks.not_a_server_error, checks.status_code_conformance,
                                       checks.content_type_conformance, checks.response_schema_conformance,
                                       *([] if multipart else [checks.negative_data_rejection])])
    try:
        run()
    except Unsatisfiable:
        assert mode == GenerationMode.NEGATIVE  # nothing to get wrong in a request without parameters or body
