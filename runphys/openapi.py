"""The OpenAPI 3.1 document of API v1, made from the app's url_map and the schemas each view declares."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask import Flask
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema
from werkzeug.routing import IntegerConverter

from .schemas import Body, Error

PREFIX = "/api/v1"
MAX_ID = 2**31 - 1  # ids are 32-bit integers in PostgreSQL


@dataclass(frozen=True)
class Operation:
    """What one API route takes and answers: the single source of its validation and its documentation."""

    summary: str
    status: int = 200
    response: type[BaseModel] | None = None  # the success body; None: no body (204) or `raw`
    body: type[Body] | None = None  # a JSON request body
    form: type[Body] | None = None  # a multipart body
    errors: tuple[int, ...] = (400, 404)
    auth: bool = True
    description: str = ""
    raw: dict[str, Any] | None = None  # a response schema written out, for the document itself


class Undocumented(LookupError):
    """An API route that declares no Operation."""


# The tus 1.0 routes (runphys/uploads.py) speak in headers, not JSON: described here by hand, and
# the url_map check below keeps this list complete.
_TUS_TEXT = {"text/plain": {"schema": {"type": "string"}}}
_TUS = {
    "summary": "tus 1.0 resumable upload (metadata: filename, stage_id or clip_id, caption, view); see tus.io",
    "parameters": [{"name": "Tus-Resumable", "in": "header", "required": True,
                    "schema": {"type": "string", "const": "1.0.0"}}],
}
_TUS_ERRORS = {str(code): {"description": "Refused", "content": _TUS_TEXT}
               for code in (400, 401, 403, 404, 409, 410, 412, 413, 415, 460)}
TUS_OPERATIONS: dict[tuple[str, str], dict[str, Any]] = {
    ("uploads.create", "POST"): {**_TUS, "responses": {"201": {"description": "Created"}, **_TUS_ERRORS}},
    ("uploads.head", "HEAD"): {**_TUS, "responses": {"200": {"description": "Upload-Offset"}, **_TUS_ERRORS}},
    ("uploads.patch", "PATCH"): {**_TUS, "responses": {"204": {"description": "Appended"}, **_TUS_ERRORS}},
    ("uploads.terminate", "DELETE"): {**_TUS, "responses": {"204": {"description": "Terminated"}, **_TUS_ERRORS}},
    ("uploads.options", "OPTIONS"): {"summary": "tus 1.0 server capabilities",
                                     "responses": {"204": {"description": "Tus-Version, Tus-Extension"}}},
}

_PARAM = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


def api_routes(app: Flask) -> list[tuple[str, str, str]]:
    """(path, method, endpoint) of every API v1 route in the url_map, OpenAPI-style paths."""
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(PREFIX):
            continue
        methods = set(rule.methods or ())
        if "GET" in methods:
            methods.discard("HEAD")  # Flask's automatic HEAD
        if methods != {"OPTIONS"}:
            methods.discard("OPTIONS")  # Flask's automatic OPTIONS
        for method in sorted(methods):
            found.append((_PARAM.sub(r"{\2}", rule.rule), method, rule.endpoint))
    return found


def _parameters(app: Flask, endpoint: str) -> list[dict[str, Any]]:
    rule = next(r for r in app.url_map.iter_rules(endpoint))
    params = []
    for converter, name in _PARAM.findall(rule.rule):
        numeric = issubclass(app.url_map.converters[converter or "default"], IntegerConverter)
        schema = {"type": "integer", "minimum": 1, "maximum": MAX_ID} if numeric else {"type": "string"}
        params.append({"name": name, "in": "path", "required": True, "schema": schema})
    return params


def _json(ref: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": ref}}}


def document(app: Flask) -> dict[str, Any]:
    """Describe every API v1 route of the app; raise Undocumented for a route without an Operation."""
    operations: dict[tuple[str, str, str], Operation] = {}
    paths: dict[str, dict[str, Any]] = {}
    for path, method, endpoint in api_routes(app):
        if (endpoint, method) in TUS_OPERATIONS:
            paths.setdefault(path, {})[method.lower()] = TUS_OPERATIONS[(endpoint, method)]
            continue
        op = getattr(app.view_functions[endpoint], "operation", None)
        if not isinstance(op, Operation):
            raise Undocumented(f"{method} {path} ({endpoint}) declares no Operation")
        operations[(path, method, endpoint)] = op
    models: set[tuple[type[BaseModel], str]] = {(Error, "serialization")}
    for op in operations.values():
        models.update((m, "validation") for m in (op.body, op.form) if m is not None)
        if op.response is not None:
            models.add((op.response, "serialization"))
    refs, defs = models_json_schema(sorted(models, key=lambda m: (m[0].__name__, m[1])),
                                    ref_template="#/components/schemas/{model}")
    error = {"description": "Refused: the reason is in `error`", **_json(refs[(Error, "serialization")])}
    for (path, method, endpoint), op in operations.items():
        if op.response is not None:
            ok = {"description": "OK", **_json(refs[(op.response, "serialization")])}
        elif op.raw is not None:
            ok = {"description": "OK", **_json(op.raw)}
        else:
            ok = {"description": "Done (no body)"}
        item: dict[str, Any] = {"summary": op.summary, "operationId": endpoint.split(".")[-1],
                                "responses": {str(op.status): ok}}
        if op.description:
            item["description"] = op.description
        codes = set(op.errors) | ({401} if op.auth else set())
        if op.body is not None or op.form is not None:
            codes |= {400, 413}  # a body that breaks its schema; one larger than the route takes
        item["responses"].update({str(code): error for code in sorted(codes)})
        if not op.auth:
            item["security"] = []
        params = _parameters(app, endpoint)
        if params:
            item["parameters"] = params
        if op.body is not None:
            required = any(field.is_required() for field in op.body.model_fields.values())
            item["requestBody"] = {"required": required, **_json(refs[(op.body, "validation")])}
        if op.form is not None:
            item["requestBody"] = {"required": True, "content": {"multipart/form-data": {
                "schema": refs[(op.form, "validation")]}}}
        paths.setdefault(path, {})[method.lower()] = item
    return {
        "openapi": "3.1.0",
        "info": {"title": "RunPhys API", "version": "1",
                 "description": "Authenticate with `Authorization: Bearer <token>` (`flask runphys create-token`). "
                                "Every refusal is JSON `{\"error\": \"…\"}` with a 4xx status."},
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
                       "schemas": defs.get("$defs", {})},
        "security": [{"bearer": []}],
        "paths": dict(sorted(paths.items())),
    }
