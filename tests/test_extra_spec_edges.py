"""Documents served with `--spec` that stretch parameter reading, generated
bodies and `$ref`s, over HTTP and the command line.

Each test writes a small OpenAPI document of its own and serves it with
`--spec` (through the settings or the command line), then speaks to the mock
as a user would, on both roads where a request is answered.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from jsonschema import Draft202012Validator

from tests.conftest import free_port, running_mock

AUTH = {"Authorization": "Bearer hunt-token"}
ROADS = [True, False]


def _document(paths: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Hunt 5c", "version": "1.0"},
        "paths": paths,
        **extra,
    }


def _get(operation_id: str, parameters: list[Any], schema: Any) -> dict[str, Any]:
    """A GET with `parameters` that answers `schema` (and declares a 404)."""
    content = {"application/json": {"schema": schema}}
    return {
        "get": {
            "operationId": operation_id,
            "summary": operation_id,
            "tags": ["hunt"],
            "parameters": parameters,
            "responses": {
                "200": {"description": "ok", "content": content},
                "404": {"description": "not found"},
            },
        }
    }


def _write(tmp_path: Path, name: str, document: dict[str, Any]) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


@contextmanager
def _serving(spec: Path, fast_path: bool) -> Iterator[httpx.Client]:
    with (
        running_mock(extra_specs=(spec,), fast_path=fast_path) as url,
        httpx.Client(base_url=url, headers=AUTH, timeout=30) as http,
    ):
        yield http


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zoom_mock.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


OK_SCHEMA = {"type": "object", "properties": {"ok": {"type": "boolean"}}}


def _header_spec(tmp_path: Path, header: dict[str, Any]) -> Path:
    return _write(
        tmp_path,
        "headers.yaml",
        _document({"/hunt/headers": _get("huntHeaders", [header], OK_SCHEMA)}),
    )


@pytest.mark.parametrize("fast_path", ROADS)
@pytest.mark.parametrize("text", ["nan", "NaN", "1_0"])
def test_a_number_header_that_is_not_a_number_is_refused(
    tmp_path: Path, fast_path: bool, text: str
) -> None:
    header = {
        "name": "X-Ratio",
        "in": "header",
        "schema": {"type": "number", "minimum": 0.5, "maximum": 100},
    }
    spec = _header_spec(tmp_path, header)

    with _serving(spec, fast_path) as http:
        answer = http.get("/hunt/headers", headers={"X-Ratio": text})

    assert answer.status_code == 400, answer.text
    assert answer.json()["errors"][0]["field"] == "X-Ratio"


@pytest.mark.parametrize("fast_path", ROADS)
def test_items_of_an_integer_array_header_are_read_strictly(
    tmp_path: Path, fast_path: bool
) -> None:
    header = {
        "name": "X-Counts",
        "in": "header",
        "schema": {"type": "array", "items": {"type": "integer"}},
    }
    spec = _header_spec(tmp_path, header)

    with _serving(spec, fast_path) as http:
        answer = http.get("/hunt/headers", headers={"X-Counts": "1,1_0"})

    assert answer.status_code == 400, answer.text
    assert answer.json()["errors"][0]["field"].startswith("X-Counts")


@pytest.mark.parametrize("fast_path", ROADS)
def test_an_integer_header_whose_schema_is_a_one_of_is_accepted(
    tmp_path: Path, fast_path: bool
) -> None:
    either = {"oneOf": [{"type": "integer"}, {"type": "string", "enum": ["auto"]}]}
    spec = _header_spec(tmp_path, {"name": "X-Limit", "in": "header", "schema": either})

    with _serving(spec, fast_path) as http:
        answer = http.get("/hunt/headers", headers={"X-Limit": "5"})

    assert answer.status_code == 200, answer.text


@pytest.mark.parametrize("fast_path", ROADS)
def test_a_query_parameter_whose_schema_has_no_type_is_not_a_500(
    tmp_path: Path, fast_path: bool
) -> None:
    either = {"oneOf": [{"type": "integer"}, {"type": "string", "enum": ["auto"]}]}
    query = {"name": "limit", "in": "query", "schema": either}
    spec = _write(
        tmp_path,
        "query.yaml",
        _document({"/hunt/query": _get("huntQuery", [query], OK_SCHEMA)}),
    )

    with _serving(spec, fast_path) as http:
        answer = http.get("/hunt/query", params={"limit": "5"})

    assert answer.status_code == 200, answer.text


@pytest.mark.parametrize("fast_path", ROADS)
def test_a_required_nullable_header_sent_as_null_is_not_missing(
    tmp_path: Path, fast_path: bool
) -> None:
    header = {
        "name": "X-Parent",
        "in": "header",
        "required": True,
        "schema": {"type": "integer", "nullable": True},
    }
    spec = _header_spec(tmp_path, header)

    with _serving(spec, fast_path) as http:
        answer = http.get("/hunt/headers", headers={"X-Parent": "null"})

    assert answer.status_code == 200, answer.text


def _thing_spec(tmp_path: Path, id_schema: dict[str, Any]) -> tuple[Path, Any]:
    thing = {
        "type": "object",
        "required": ["id", "name"],
        "properties": {"id": id_schema, "name": {"type": "string"}},
    }
    path_id = {
        "name": "thingId",
        "in": "path",
        "required": True,
        "schema": {"type": "string"},
    }
    document = _document(
        {"/hunt/things/{thingId}": _get("huntThing", [path_id], thing)}
    )
    return _write(tmp_path, "things.yaml", document), thing


@pytest.mark.parametrize("fast_path", ROADS)
def test_an_echoed_id_is_not_put_in_a_uuid_field_it_does_not_fit(
    tmp_path: Path, fast_path: bool
) -> None:
    spec, thing = _thing_spec(tmp_path, {"type": "string", "format": "uuid"})

    with _serving(spec, fast_path) as http:
        answer = http.get("/hunt/things/123")

    assert answer.status_code == 200, answer.text
    checker = Draft202012Validator.FORMAT_CHECKER
    problems = [
        e.message
        for e in Draft202012Validator(thing, format_checker=checker).iter_errors(
            answer.json()
        )
    ]
    assert problems == [], answer.text


@pytest.mark.parametrize("fast_path", ROADS)
@pytest.mark.parametrize(
    ("sent", "meant"),
    [("aB%2FcD%2BeF%3D%3D", "aB/cD+eF=="), ("%252F%252FaB%2Bc%3D%3D", "//aB+c==")],
)
def test_an_echoed_id_is_the_id_the_client_meant_not_its_encoding(
    tmp_path: Path, fast_path: bool, sent: str, meant: str
) -> None:
    spec, _ = _thing_spec(tmp_path, {"type": "string"})

    with _serving(spec, fast_path) as http:
        answer = http.get(f"/hunt/things/{sent}")

    assert answer.status_code == 200, answer.text
    assert answer.json()["id"] == meant


def _cycle_spec(tmp_path: Path) -> Path:
    looping = {"schemas": {"Loop": {"$ref": "#/components/schemas/Loop"}}}
    get = _get("huntLoop", [], {"$ref": "#/components/schemas/Loop"})
    return _write(
        tmp_path, "loop.yaml", _document({"/hunt/loop": get}, components=looping)
    )


def _whole_document_spec(tmp_path: Path) -> Path:
    return _write(
        tmp_path,
        "whole.yaml",
        _document({"/hunt/whole": _get("huntWhole", [], {"$ref": ""})}),
    )


def _beside_spec(tmp_path: Path) -> Path:
    beside = {"Thing": {"type": "object", "properties": {"id": {"type": "string"}}}}
    _write(tmp_path, "beside.yaml", beside)
    get = _get("huntBeside", [], {"$ref": "beside.yaml#/Thing"})
    return _write(tmp_path, "main.yaml", _document({"/hunt/beside": get}))


def _serve_errors(spec: str) -> str:
    """What `serve --spec` writes to stderr before it refuses or starts."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "zoom_mock.cli", "serve", "--port", str(port),
         "--spec", spec],
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while server.poll() is None and time.monotonic() < deadline:
            try:
                httpx.get(f"http://127.0.0.1:{port}/_mock/health", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.2)
    finally:
        if server.poll() is None:
            server.terminate()
        _, errors = server.communicate(timeout=30)
    return errors


@pytest.mark.parametrize(
    ("make", "command"),
    [
        (_cycle_spec, "lint"),
        (_cycle_spec, "routes"),
        (_cycle_spec, "serve"),
        (_whole_document_spec, "routes"),
        (_whole_document_spec, "serve"),
        (_beside_spec, "routes"),
        (_beside_spec, "serve"),
    ],
)
def test_a_document_with_an_awkward_ref_is_never_a_traceback(
    tmp_path: Path, make: Any, command: str
) -> None:
    spec = str(make(tmp_path))

    if command == "serve":
        errors = _serve_errors(spec)
    else:
        args = ["lint", spec] if command == "lint" else ["routes", "--spec", spec]
        errors = _cli(*args).stderr

    assert "Traceback" not in errors, errors[-600:]


def test_lint_finds_a_ref_to_the_whole_document(tmp_path: Path) -> None:
    result = _cli("lint", str(_whole_document_spec(tmp_path)))

    assert result.returncode == 1, result.stdout
