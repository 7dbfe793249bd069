"""Checking responses against the specs, the way every HTTP test here does.

`ContractClient` is an httpx client whose every response is matched to its
operation and validated: the status must be declared, and a JSON body must fit
the declared schema in our own specs. Where Zoom's published OpenAPI files sit
beside the repo, a 2xx body is also validated against Zoom's own schema for the
same method and path.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import httpx
from connexion.json_schema import Draft4ResponseValidator, resolve_refs
from jsonschema import Draft4Validator

from zoom_mock.config import Settings
from zoom_mock.documents import HTTP_METHODS, merge_specs

REPO = Path(__file__).resolve().parents[1]
REFERENCE_DIR = REPO.parent / "shared" / "reference" / "zoom-openapi"
OFFICIAL_FILES = (
    "zoom-users.openapi.json",
    "zoom-meetings.openapi.json",
    "zoom-accounts.openapi.json",
    "zoom-qss.openapi.json",
    "zoom-team-chat.openapi.json",
    "zoom-calendar.openapi.json",
    "zoom-mail.openapi.json",
    "zoom-phone.openapi.json",
    "zoom-video-sdk.openapi.json",
)


@dataclass(frozen=True)
class Route:
    method: str
    template: str
    pattern: re.Pattern[str]
    operation: dict[str, Any]


def _compile(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template)
    regex = "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts)
    return re.compile(f"^{regex}$")


def _routes(document: dict[str, Any]) -> list[Route]:
    found = []
    for template, item in document.get("paths", {}).items():
        for method in HTTP_METHODS:
            if method in item:
                found.append(
                    Route(method.upper(), template, _compile(template), item[method])
                )
    # Literal segments beat parameters: /users/me/messages before /users/{id}/...
    found.sort(key=lambda r: (r.template.count("{"), -len(r.template)))
    return found


@cache
def our_routes() -> list[Route]:
    merged = merge_specs(Settings().specs_dir)
    return _routes(resolve_refs(merged.document))


@cache
def official_routes() -> list[Route]:
    if not REFERENCE_DIR.is_dir():
        return []
    found: list[Route] = []
    for name in OFFICIAL_FILES:
        path = REFERENCE_DIR / name
        if path.is_file():
            found += _routes(json.loads(path.read_text(encoding="utf-8")))
    return found


def find_route(routes: list[Route], method: str, path: str) -> Route | None:
    for route in routes:
        if route.method == method and route.pattern.match(path):
            return route
    return None


def _schema_for(route: Route, status: int) -> tuple[bool, dict[str, Any] | None]:
    responses = route.operation.get("responses", {})
    entry = responses.get(str(status)) or responses.get(f"{str(status)[0]}XX")
    if entry is None:
        entry = responses.get("default")
        if entry is None:
            return False, None
    content = entry.get("content") or {}
    for media_type, media in content.items():
        if "json" in media_type and "schema" in media:
            return True, media["schema"]
    return True, None


def schema_problems(schema: dict[str, Any], body: Any) -> list[str]:
    validator = Draft4ResponseValidator(
        schema, format_checker=Draft4Validator.FORMAT_CHECKER
    )
    return [
        f"{'.'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}"
        for error in validator.iter_errors(body)
    ]


def contract_problems(
    response: httpx.Response, *, official: bool = True
) -> Iterator[str]:
    """Everything wrong with `response` against our specs (and Zoom's)."""
    request = response.request
    path = request.url.path
    if path.startswith("/v2/"):
        path = path[3:]
    route = find_route(our_routes(), request.method, path)
    if route is None:
        return
    declared, schema = _schema_for(route, response.status_code)
    where = f"{request.method} {route.template} -> {response.status_code}"
    if not declared:
        yield f"{where}: status {response.status_code} is not declared in our spec"
        return
    is_json = "json" in response.headers.get("content-type", "")
    if schema is not None and is_json and response.content:
        for problem in schema_problems(schema, response.json()):
            yield f"{where} (our spec): {problem}"

    if official and 200 <= response.status_code < 300 and is_json and response.content:
        zoom = find_route(official_routes(), request.method, path)
        if zoom is not None:
            _, zoom_schema = _schema_for(zoom, response.status_code)
            if zoom_schema is not None:
                for problem in schema_problems(zoom_schema, response.json()):
                    yield f"{where} (Zoom's spec {zoom.template}): {problem}"


class ContractClient(httpx.Client):
    """An httpx client that fails the test on any response breaking the contract."""

    def __init__(self, base_url: str, *, official: bool = True, **kwargs: Any):
        headers = {"Authorization": "Bearer test-token", **kwargs.pop("headers", {})}
        super().__init__(base_url=base_url, headers=headers, timeout=30, **kwargs)
        self.official = official

    def send(self, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        response = super().send(request, **kwargs)
        response.read()
        problems = list(contract_problems(response, official=self.official))
        assert not problems, "Response breaks the contract:\n" + "\n".join(problems)
        return response
