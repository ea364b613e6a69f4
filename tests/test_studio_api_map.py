"""Every studio action (each POST route of runphys/studio/views.py) has an API operation that keeps the
same rule: for one representative violation of each, both refuse with the same message, the API with
the right 4xx."""
from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass
from typing import Any, Callable

import pytest
from studio.helpers import Studio, ready_clip
from support import add_token

from runphys.extensions import db
from runphys.models import Case


@dataclass
class Env:
    app: Any
    studio: Studio  # maria, a physio, logged in to the studio
    auth: dict[str, str]  # maria's API token
    theirs: dict[str, int]  # ids of omar's case, stage, clip, note

    def api(self, method: str, url: str, **kw: Any):
        return self.studio.app.test_client().open(url, method=method, headers=self.auth, **kw)

    def case(self, title: str = "Hip drop", consent: bool = False, published: bool = False,
             withdrawn: bool = False, clips: int = 0) -> dict[str, Any]:
        """One of maria's cases (made through the API) with a stage, ready clips and a note on the first."""
        case = self.api("POST", "/api/v1/cases", json={"title": title}).json
        stage = self.api("POST", f"/api/v1/cases/{case['id']}/stages", json={"kind": "initial"}).json
        ids = {"case": case["id"], "slug": case["slug"], "stage": stage["id"],
               "clips": [ready_clip(self.app, stage["id"]) for _ in range(clips)]}
        if clips:
            ids["note"] = self.api("POST", f"/api/v1/clips/{ids['clips'][0]}/notes",
                                   json={"t": 1.0, "text": "Foot strike"}).json["id"]
        if consent or published or withdrawn:
            r = self.api("POST", f"/api/v1/cases/{case['id']}/consent", json={"client_name": "Jo"})
            assert r.status_code == 201
        if published:
            assert self.api("POST", f"/api/v1/cases/{case['id']}/publish").status_code == 200
        if withdrawn:
            assert self.api("POST", f"/api/v1/cases/{case['id']}/consent/withdraw").status_code == 200
        return ids


@dataclass
class Action:
    """A studio action, the API operation that does the same, and a violation both must refuse alike."""

    operation: str  # "METHOD /api/v1/… template", as in the OpenAPI document
    message: str
    status: int  # the API's status
    run: Callable[[Env], tuple[Any, Any]]  # makes the violating request to the studio, then to the API
    studio_message: str | None = None  # where the studio says it otherwise: its 404 page


ABSENT = {"case": 2_000_000_000, "stage": 2_000_000_000, "clip": 2_000_000_000, "note": 2_000_000_000}


def not_theirs(operation: str, what: str, studio_url: str, method: str, api_url: str, **api: Any) -> Action:
    """Omar's row touched by maria (cases.check_editor): each side answers exactly as for an id that does not
    exist, the API "No such …" and the studio the site's 404 page, so nobody learns which ids are someone's."""
    def run(env: Env) -> tuple[Any, Any]:
        data = {"new-kind": "drill", "new-title": "x"} if studio_url.endswith("/stages") else {}
        absent = env.studio.post(studio_url.format(**ABSENT), data), env.api(method, api_url.format(**ABSENT), **api)
        theirs = (env.studio.post(studio_url.format(**env.theirs), data),
                  env.api(method, api_url.format(**env.theirs), **api))
        assert [(r.status_code, r.get_data()) for r in theirs] == [(r.status_code, r.get_data()) for r in absent]
        return theirs
    return Action(operation, f"No such {what}.", 404, run, "There is nothing at this address.")


def _new_case(env: Env):
    return (env.studio.post("/studio/cases/new", {"title": "   "}),
            env.api("POST", "/api/v1/cases", json={"title": "   "}))


def _case(env: Env):
    taken = env.case("Knee wobble")["slug"]
    mine = env.case()["case"]
    return (env.studio.post(f"/studio/cases/{mine}", {"title": "Hip drop", "slug": taken, "cover_clip_id": "0"}),
            env.api("PATCH", f"/api/v1/cases/{mine}", json={"slug": taken}))


def _case_status(env: Env):
    mine = env.case()["case"]
    return (env.studio.post(f"/studio/cases/{mine}/status", {"status": "published"}),
            env.api("POST", f"/api/v1/cases/{mine}/status", json={"status": "published"}))


def _delete_case(env: Env):
    mine = env.case(published=True)["case"]
    return env.studio.post(f"/studio/cases/{mine}/delete"), env.api("DELETE", f"/api/v1/cases/{mine}")


def _order_clips(env: Env):
    stage = env.case(clips=1)["stage"]
    return (env.studio.client.post(f"/studio/stages/{stage}/order", json={"clips": [999]},
                                   headers={"X-CSRFToken": env.studio.token}),
            env.api("POST", f"/api/v1/stages/{stage}/order", json={"clips": [999]}))


def _upload_clips(env: Env):
    stage = env.case()["stage"]
    return (env.studio.post(f"/studio/stages/{stage}/clips", {"files": (io.BytesIO(b""), "run.mp4"), "view": "side"},
                            content_type="multipart/form-data"),
            env.api("POST", f"/api/v1/stages/{stage}/clips", data={"file": (io.BytesIO(b""), "run.mp4")},
                    content_type="multipart/form-data"))


def _clip(env: Env):
    clip = env.case(clips=1)["clips"][0]
    return (env.studio.post(f"/studio/clips/{clip}", {"view": "side", "trim_in": "3", "trim_out": "2"}),
            env.api("PATCH", f"/api/v1/clips/{clip}", json={"trim_in": 3, "trim_out": 2}))


def _add_note(env: Env):
    clip = env.case(clips=1)["clips"][0]
    return (env.studio.post(f"/studio/clips/{clip}/notes", {"new-t": "2", "new-end": "1", "new-text": "Knee"}),
            env.api("POST", f"/api/v1/clips/{clip}/notes", json={"t": 2, "end": 1, "text": "Knee"}))


def _edit_note(env: Env):
    note = env.case(clips=1)["note"]
    return (env.studio.post(f"/studio/notes/{note}", {f"note{note}-t": "9", f"note{note}-text": "Knee"}),
            env.api("PATCH", f"/api/v1/notes/{note}", json={"t": 9}))


def _consent(env: Env):
    mine = env.case(withdrawn=True)["case"]
    return (env.studio.post(f"/studio/cases/{mine}/consent", {"client_name": "Jo", "consented_on": "2026-01-05",
                                                              "scope_site": "y"}),
            env.api("POST", f"/api/v1/cases/{mine}/consent", json={"client_name": "Jo"}))


def _withdraw(env: Env):
    mine = env.case(withdrawn=True)["case"]
    return env.studio.post(f"/studio/cases/{mine}/withdraw"), env.api("POST", f"/api/v1/cases/{mine}/consent/withdraw")


def _comparison(env: Env):
    ids = env.case(clips=2)
    clip = ids["clips"][0]
    return (env.studio.post(f"/studio/cases/{ids['case']}/comparison",
                            {"before_clip_id": clip, "after_clip_id": clip, "before_offset": "0",
                             "after_offset": "0", "title": "Before and after"}),
            env.api("POST", f"/api/v1/cases/{ids['case']}/comparisons",
                    json={"before_clip_id": clip, "after_clip_id": clip}))


def _social_image(env: Env):
    ids = env.case(clips=1)
    clip = ids["clips"][0]  # 4 s long
    return (env.studio.post(f"/studio/cases/{ids['case']}/social-image", {"clip_id": clip, "t": "99"}),
            env.api("POST", f"/api/v1/cases/{ids['case']}/social-image", json={"clip_id": clip, "t": 99}))


def _page(env: Env):
    return (env.studio.post("/studio/pages/new", {"title": "Shoes", "in_nav": "y"}),
            env.api("POST", "/api/v1/pages", json={"title": "Shoes"}))


def _export_clip(env: Env):
    ids = env.case(clips=1)
    clip = ids["clips"][0]
    return (env.studio.post(f"/studio/clips/{clip}/export", {"export-shape": "4:5", "export-moment": ""}),
            env.api("POST", f"/api/v1/clips/{clip}/exports", json={"shape": "4:5"}))


def _export_comparison(env: Env):
    ids = env.case(clips=2)
    pair = env.api("POST", f"/api/v1/cases/{ids['case']}/comparisons",
                   json={"before_clip_id": ids["clips"][0], "after_clip_id": ids["clips"][1]}).json
    return (env.studio.post(f"/studio/cases/{ids['case']}/comparison/export",
                            {"export-shape": "9:16", "export-layout": "diagonal"}),
            env.api("POST", f"/api/v1/comparisons/{pair['id']}/exports",
                    json={"shape": "9:16", "layout": "diagonal"}))


MAP: dict[str, Action] = {
    "studio.new_case": Action("POST /api/v1/cases", "A case needs a title.", 400, _new_case),
    "studio.case": Action("PATCH /api/v1/cases/{case_id}", "The address “knee-wobble” is already used by another "
                          "case.", 409, _case),
    "studio.case_status": Action("POST /api/v1/cases/{case_id}/status",
                                 "Record the client's consent before publishing this case.", 409, _case_status),
    "studio.delete_case": Action("DELETE /api/v1/cases/{case_id}", "Return the case to draft before deleting it.",
                                 409, _delete_case),
    "studio.add_stage": not_theirs("POST /api/v1/cases/{case_id}/stages", "case", "/studio/cases/{case}/stages",
                                    "POST", "/api/v1/cases/{case}/stages", json={"kind": "drill"}),
    "studio.edit_stage": not_theirs("PATCH /api/v1/stages/{stage_id}", "stage", "/studio/stages/{stage}",
                                     "PATCH", "/api/v1/stages/{stage}", json={"title": "x"}),
    "studio.move_stage": not_theirs("POST /api/v1/stages/{stage_id}/move", "stage", "/studio/stages/{stage}/move/up",
                                     "POST", "/api/v1/stages/{stage}/move", json={"direction": "up"}),
    "studio.delete_stage": not_theirs("DELETE /api/v1/stages/{stage_id}", "stage", "/studio/stages/{stage}/delete",
                                       "DELETE", "/api/v1/stages/{stage}"),
    "studio.order_clips": Action("POST /api/v1/stages/{stage_id}/order",
                                 "The new order must list every clip of the stage once.", 409, _order_clips),
    "studio.upload_clips": Action("POST /api/v1/stages/{stage_id}/clips", "The file is empty.", 400, _upload_clips),
    "studio.clip": Action("PATCH /api/v1/clips/{clip_id}", "Trim out must come after trim in.", 400, _clip),
    "studio.relabel_clip": not_theirs("PATCH /api/v1/clips/{clip_id}", "clip", "/studio/clips/{clip}/label",
                                       "PATCH", "/api/v1/clips/{clip}", json={"caption": "x"}),
    "studio.move_clip": not_theirs("POST /api/v1/clips/{clip_id}/move", "clip", "/studio/clips/{clip}/move/down",
                                    "POST", "/api/v1/clips/{clip}/move", json={"direction": "down"}),
    "studio.delete_clip": not_theirs("DELETE /api/v1/clips/{clip_id}", "clip", "/studio/clips/{clip}/delete",
                                      "DELETE", "/api/v1/clips/{clip}"),
    "studio.add_note": Action("POST /api/v1/clips/{clip_id}/notes", "A note's end must come after its start.", 400,
                              _add_note),
    "studio.edit_note": Action("PATCH /api/v1/notes/{note_id}", "The note's time is outside the clip.", 400,
                               _edit_note),
    "studio.delete_note": not_theirs("DELETE /api/v1/notes/{note_id}", "note", "/studio/notes/{note}/delete",
                                      "DELETE", "/api/v1/notes/{note}"),
    "studio.consent": Action("POST /api/v1/cases/{case_id}/consent",
                             "Consent for this case was withdrawn; it cannot be recorded again.", 409, _consent),
    "studio.withdraw": Action("POST /api/v1/cases/{case_id}/consent/withdraw", "Consent was already withdrawn.", 409,
                              _withdraw),
    "studio.comparison": Action("POST /api/v1/cases/{case_id}/comparisons",
                                "The before and after clips must be different clips.", 400, _comparison),
    "studio.social_image": Action("POST /api/v1/cases/{case_id}/social-image",
                                  "The moment is outside the clip.", 400, _social_image),
    "studio.page": Action("POST /api/v1/pages", "Only editors and admins edit the site's pages.", 403, _page),
    "studio.export_clip": Action("POST /api/v1/clips/{clip_id}/exports", "Choose the shape 9:16, 1:1 or 16:9.",
                                 400, _export_clip),
    "studio.export_comparison": Action(
        "POST /api/v1/comparisons/{comparison_id}/exports",
        "Choose side by side, stacked or overlay for a before/after; a clip is shown alone.", 400,
        _export_comparison),
}


def studio_messages(response) -> list[str]:
    """What the studio told the user: its flashed errors and form errors, an error page's text, or JSON."""
    if response.is_json:
        return [response.json["error"]]
    page = response.get_data(as_text=True)
    found = re.findall(r'role="alert">(.*?)</p>', page, re.S)
    if response.status_code >= 400:
        found += re.findall(r"<p>(.*?)</p>", page, re.S)
    return [html.unescape(m.strip()) for m in found]


@pytest.fixture
def env(app) -> Env:
    studio = Studio(app, "maria@example.com")
    omar = Studio(app, "omar@example.com")
    theirs = omar.new_case("Omar's case")
    with app.app_context():
        stage_id = db.session.get(Case, theirs.id).stages[0].id
    clip = ready_clip(app, stage_id)
    omar_auth = {"Authorization": f"Bearer {add_token(app, 'omar@example.com')}"}
    note = app.test_client().post(f"/api/v1/clips/{clip}/notes", json={"t": 1, "text": "x"}, headers=omar_auth).json
    return Env(app, studio, {"Authorization": f"Bearer {add_token(app, 'maria@example.com')}"},
               {"case": theirs.id, "stage": stage_id, "clip": clip, "note": note["id"]})


def test_every_studio_action_is_in_the_map(app, client) -> None:
    actions = {rule.endpoint for rule in app.url_map.iter_rules()
               if rule.endpoint.startswith("studio.") and "POST" in rule.methods}
    assert len(actions) >= 20 and actions == set(MAP)
    documented = {f"{method.upper()} {path}" for path, item in client.get("/api/v1/openapi.json").json["paths"].items()
                  for method in item}
    assert {action.operation for action in MAP.values()} <= documented


@pytest.mark.parametrize("endpoint", sorted(MAP))
def test_studio_and_api_refuse_alike(env: Env, endpoint: str) -> None:
    action = MAP[endpoint]
    studio, api = action.run(env)
    if studio.status_code == 302:
        studio = env.studio.get(studio.headers["Location"])
    assert (action.studio_message or action.message) in studio_messages(studio)
    assert "flash-message" not in studio.get_data(as_text=True)  # and no "done" beside the refusal
    assert (api.status_code, api.json) == (action.status, {"error": action.message})
    method, template = action.operation.split(" ")
    pattern = re.sub(r"\\\{\w+\\\}", r"\\d+", re.escape(template))
    assert api.request.method == method and re.fullmatch(pattern, api.request.path)
