"""Responses for operations that have no hand-written handler.

The generator makes the body from the operation's success schema: realistic
and deterministic by default (the same operation, path parameters and seed
give the same bytes), or fuzzed with `Prefer: dynamic=true`, in which case the
seed used is returned in `X-Mock-Seed` so the body can be replayed with
`Prefer: seed=N`. A success schema is compiled once per operation, on first
use; the schemas of other statuses, which only `Prefer: code=N` asks for, are
compiled the same way when first asked for.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

from starlette.datastructures import Headers
from starlette.responses import Response

from zoom_mock.documents import OperationInfo
from zoom_mock.errors import MockError
from zoom_mock.generator import UnsatisfiableSchema, stable_seed
from zoom_mock.prefer import Preferences, parse_preferences
from zoom_mock.responses import JsonResponse
from zoom_mock.runtime import Runtime, current, current_scope

JSON_TYPES = ("application/json", "application/scim+json", "*/*")


def resolve(document: dict[str, Any], node: Any) -> Any:
    """Follow local `$ref`s (`#/components/...`) until a real node is reached."""
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if not ref.startswith("#/") or ref in seen:
            return node
        seen.add(ref)
        target: Any = document
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(target, dict) or part not in target:
                return node
            target = target[part]
        node = target
    return node


def json_media(response: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """The JSON media type entry of a response, if it has one."""
    content = response.get("content") or {}
    for media_type in JSON_TYPES:
        if media_type in content:
            return media_type, content[media_type] or {}
    for media_type, entry in content.items():
        if media_type.endswith("json"):
            return media_type, entry or {}
    return None


def response_schema(
    document: dict[str, Any], operation: dict[str, Any], key: str
) -> dict[str, Any] | None:
    """The JSON schema of the operation's response `key`, or None."""
    response = resolve(document, operation.get("responses", {}).get(key))
    if not isinstance(response, dict):
        return None
    media = json_media(response)
    if media is None or "schema" not in media[1]:
        return None
    return media[1]["schema"]


def success_key(operation: dict[str, Any]) -> str | None:
    """The key of the operation's first 2xx response."""
    codes = sorted(
        str(code) for code in operation.get("responses", {}) if str(code)[0] == "2"
    )
    return codes[0] if codes else None


def status_of(key: str) -> int:
    """The status a response key stands for: 404 for "404", 400 for "4XX"."""
    if key.isdigit():
        return int(key)
    return int(key[0]) * 100 if key[0].isdigit() else 200


def plan_for(runtime: Runtime, info: OperationInfo, key: str | None = None) -> Any:
    """The compiled plan for response `key` (default: success), compiled once."""
    key = key or success_key(info.operation) or "200"
    plans = runtime.extras.setdefault("plans", {})
    cache_key = (info.operation_id, key)
    if cache_key not in plans:
        schema = response_schema(runtime.spec.document, info.operation, key)
        plans[cache_key] = (
            None
            if schema is None
            else runtime.generator.compile(
                schema,
                document=runtime.spec.document,
                direction="response",
                where=f"{info.method} {info.path} {key}",
            )
        )
    return plans[cache_key]


def compile_generated_plans(runtime: Runtime) -> dict[str, str]:
    """Compile every generated operation's success schema now, at start-up.

    A schema the generator cannot satisfy is reported here, by operation and
    keyword, instead of on the first request. Such an operation then answers
    501 with the same explanation. Returns {operationId: problem}.
    """
    problems: dict[str, str] = {}
    for operation_id, info in runtime.operations.items():
        if operation_id in runtime.handled:
            continue
        try:
            plan_for(runtime, info)
        except UnsatisfiableSchema as exc:
            problems[operation_id] = str(exc)
    runtime.extras["unsatisfiable"] = problems
    return problems


def generated_body(
    runtime: Runtime,
    info: OperationInfo,
    plan: Any,
    preferences: Preferences,
    path_params: dict[str, Any],
) -> tuple[bytes, dict[str, str]]:
    """A JSON body from `plan`: fuzzed if asked for, else realistic and stable."""
    if preferences.dynamic:
        seed = preferences.seed
        if seed is None:
            seed = runtime.fuzz_seeds.randrange(2**31)
        return plan.fuzz_json(seed), {"X-Mock-Seed": str(seed)}

    base = preferences.seed if preferences.seed is not None else runtime.settings.seed
    parts = (f"{name}={value}" for name, value in sorted(path_params.items()))
    seed = stable_seed(info.operation_id, *parts, base)
    return plan.realistic_json(seed, _echoed(info.path, path_params)), {}


LAST_PARAMETER = re.compile(r"/\{([^}/]+)\}$")


@functools.lru_cache(maxsize=1024)
def _last_parameter(template: str) -> str | None:
    """The path parameter a route template ends with, as Starlette names it."""
    found = LAST_PARAMETER.search(template)
    return None if found is None else found.group(1).replace("-", "_")


def _echoed(template: str, path_params: dict[str, Any]) -> dict[str, Any]:
    """The body's `id`, as the id a path ends with: GET /webinars/{webinarId}
    answers the webinar asked for, as Zoom's does."""
    name = _last_parameter(template)
    if name is None:
        return {}
    value = path_params.get(name)
    # The path keeps %2F encoded so that an id may hold a slash; the body
    # holds the id itself.
    return {} if value is None else {"id": unquote(str(value))}


def make_generated_handler(info: OperationInfo) -> Callable[..., Any]:
    status = status_of(success_key(info.operation) or "200")

    async def generated(**_params: Any) -> Response:
        runtime = current()
        scope = current_scope()
        preferences = scope.get("zoom_mock", {}).get("preferences")
        if preferences is None:
            preferences = parse_preferences(Headers(scope=scope))
        problem = runtime.extras.get("unsatisfiable", {}).get(info.operation_id)
        if problem is not None:
            raise MockError(
                501, 501, "The mock cannot generate this response.", problem
            )
        plan = plan_for(runtime, info)
        if plan is None:
            return Response(status_code=status)

        body, headers = generated_body(
            runtime, info, plan, preferences, scope.get("path_params", {})
        )
        return JsonResponse(body, status, headers)

    generated.__name__ = info.operation_id
    generated.reads_no_arguments = True  # type: ignore[attr-defined]
    return generated
