"""Responses for operations that have no hand-written handler.

The generator makes the body from the operation's success schema: realistic
and deterministic by default (the same operation, path parameters and seed
give the same bytes), or fuzzed with `Prefer: dynamic=true`, in which case the
seed used is returned in `X-Mock-Seed` so the body can be replayed with
`Prefer: seed=N`. Schemas are compiled once per operation, at start-up.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from starlette.datastructures import Headers
from starlette.responses import Response

from zoom_mock.documents import OperationInfo
from zoom_mock.generator import stable_seed
from zoom_mock.prefer import parse_preferences
from zoom_mock.responses import json_response
from zoom_mock.runtime import Runtime, current, current_scope

JSON_TYPES = ("application/json", "application/scim+json", "*/*")


def success_response(operation: dict[str, Any]) -> tuple[int, dict[str, Any] | None]:
    """The status and JSON schema of the operation's first 2xx response."""
    responses = operation.get("responses", {})
    codes = sorted(str(code) for code in responses if str(code).startswith("2"))
    if not codes:
        return 200, None
    code = codes[0]
    content = responses[code].get("content") or {}
    for media_type in JSON_TYPES:
        if media_type in content and "schema" in content[media_type]:
            return int(code), content[media_type]["schema"]
    for media_type, entry in content.items():
        if media_type.endswith("json") and "schema" in entry:
            return int(code), entry["schema"]
    return int(code), None


def plan_for(runtime: Runtime, info: OperationInfo) -> Any:
    """The compiled plan for the operation's success body (compiled once)."""
    plans = runtime.extras.setdefault("plans", {})
    if info.operation_id not in plans:
        status, schema = success_response(info.operation)
        plans[info.operation_id] = (
            None
            if schema is None
            else runtime.generator.compile(
                schema,
                document=runtime.spec.document,
                direction="response",
                where=f"{info.method} {info.path} {status}",
            )
        )
    return plans[info.operation_id]


def make_generated_handler(info: OperationInfo) -> Callable[..., Any]:
    status, _ = success_response(info.operation)

    async def generated(**_params: Any) -> Response:
        runtime = current()
        scope = current_scope()
        preferences = parse_preferences(Headers(scope=scope))
        plan = plan_for(runtime, info)
        if plan is None:
            return Response(status_code=status)

        if preferences.dynamic:
            seed = preferences.seed
            if seed is None:
                seed = random.SystemRandom().randrange(2**31)
            body = plan.fuzz(seed)
            headers = {"X-Mock-Seed": str(seed)}
        else:
            base = (
                preferences.seed
                if preferences.seed is not None
                else runtime.settings.seed
            )
            path_params = sorted(scope.get("path_params", {}).items())
            seed = stable_seed(
                info.operation_id, *(f"{k}={v}" for k, v in path_params), base
            )
            body = plan.realistic(seed)
            headers = {}
        if preferences.applied():
            headers["Preference-Applied"] = preferences.applied()
        return json_response(body, status, headers)

    generated.__name__ = info.operation_id
    return generated
