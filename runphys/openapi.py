"""The OpenAPI 3.1 document of API v1."""
from __future__ import annotations

from typing import Any


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def _obj(required: list[str], **props: Any) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": props}


ERROR = {"description": "Error", **_json(_obj(["error"], error={"type": "string"}))}
STR, NUM, INT, BOOL = {"type": "string"}, {"type": "number"}, {"type": "integer"}, {"type": "boolean"}
ID = [{"name": "id", "in": "path", "required": True, "schema": INT}]

CLIP = _obj(["id", "status"], id=INT, status={"enum": ["uploaded", "queued", "processing", "ready", "failed"]},
            progress=NUM, eta_seconds={"type": ["number", "null"]}, error={"type": ["string", "null"]},
            duration={"type": ["number", "null"]}, width={"type": ["integer", "null"]},
            height={"type": ["integer", "null"]}, fps={"type": ["number", "null"]},
            renditions={"type": "array", "items": _obj(["url"], width=INT, height=INT, url=STR,
                                                       bitrate={"type": ["integer", "null"]})},
            hls={"type": ["string", "null"]}, poster={"type": ["string", "null"]},
            partial={**BOOL, "description": "Only a first, low version is published so far (its HLS "
                                            "playlist may still grow); the rest follows."},
            storyboard_vtt={"type": ["string", "null"]})


def _op(summary: str, ok: str, response: dict[str, Any] | None = None, request: dict[str, Any] | None = None,
        params: list | None = None, errors: tuple[str, ...] = ("400", "401", "403", "404")) -> dict[str, Any]:
    op: dict[str, Any] = {"summary": summary, "responses": {ok: {"description": "OK", **_json(response or {})}}}
    op["responses"].update({code: ERROR for code in errors})
    if request is not None:
        op["requestBody"] = {"required": True, **request}
    if params:
        op["parameters"] = params
    return op


def openapi_document() -> dict[str, Any]:
    """Describe every API v1 route."""
    case = _obj(["id", "slug", "url", "status"], id=INT, slug=STR, url=STR, status=STR, title=STR)
    return {
        "openapi": "3.1.0",
        "info": {"title": "RunPhys API", "version": "1"},
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearer": []}],
        "paths": {
            "/api/v1/cases": {"post": _op("Create a case", "201", case, _json(_obj(
                ["title"], title=STR, summary=STR, client_alias=STR, categories={"type": "array", "items": STR})))},
            "/api/v1/cases/{id}": {"get": _op("Read a case", "200", case, params=ID)},
            "/api/v1/cases/{id}/stages": {"post": _op("Add a stage", "201", _obj(["id"], id=INT), _json(_obj(
                ["kind"], kind={"enum": ["initial", "drill", "result", "section"]}, title=STR, body=STR)), ID)},
            "/api/v1/stages/{id}/clips": {"post": _op(
                "Upload a clip (multipart, streamed)", "202", _obj(["id", "status_url"], id=INT, status_url=STR),
                {"content": {"multipart/form-data": {"schema": _obj(
                    ["file"], file={"type": "string", "format": "binary"}, caption=STR,
                    view={"enum": ["side", "behind", "front", "other"]})}}}, ID,
                errors=("400", "401", "403", "404", "413"))},
            "/api/v1/clips/{id}": {"get": _op("Clip status and media", "200", CLIP, params=ID)},
            "/api/v1/clips/{id}/notes": {"post": _op("Add a time-coded note", "201", _obj(["id"], id=INT),
                                                     _json(_obj(["t", "text"], t=NUM, end=NUM, text=STR)), ID)},
            "/api/v1/cases/{id}/consent": {"post": _op(
                "Record the client's consent", "201", _obj(["id"], id=INT),
                _json(_obj(["client_name"], client_name=STR, date={"type": "string", "format": "date"},
                           scope_site=BOOL, scope_embeds=BOOL)), ID)},
            "/api/v1/cases/{id}/publish": {"post": _op(
                "Publish (or {unlisted: true})", "200", _obj(["status", "url"], status=STR, url=STR),
                {"required": False, **_json(_obj([], unlisted=BOOL))}, ID,
                errors=("401", "403", "404", "409"))},
            "/api/v1/uploads": {"post": {"summary": "tus 1.0 resumable upload creation (metadata: filename, "
                                                    "stage_id, caption, view); see tus.io",
                                         "responses": {"201": {"description": "Created"}, "413": ERROR}}},
        },
    }
