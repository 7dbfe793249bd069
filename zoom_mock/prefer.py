"""The `Prefer` request header (RFC 7240), as the mock reads it.

Clients steer the mock per request: `dynamic=true` asks for a fuzzed body,
`seed=N` pins the generator, `code=404` asks for a declared error response and
`example=NAME` for a named example. Unknown preferences are ignored, as the RFC
says; a known one with a value the mock cannot honour is an error, and so is a
preference the operation cannot meet (a status it does not declare, an example
it does not have): the 400 lists what the operation does declare, so the
client's author can fix the test at once. The answer names what was honoured
in `Preference-Applied`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import anyio
from connexion import AsyncApp
from connexion.middleware import MiddlewarePosition
from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zoom_mock.errors import FieldError, MockError, error_response, validation_failed
from zoom_mock.generator import UnsatisfiableSchema
from zoom_mock.journal import ADMIN_SOURCE, mark_preferred
from zoom_mock.responses import JsonResponse, json_response

if TYPE_CHECKING:
    from zoom_mock.documents import OperationInfo
    from zoom_mock.runtime import Runtime


@dataclass(frozen=True)
class Preferences:
    dynamic: bool = False
    seed: int | None = None
    code: int | None = None
    example: str | None = None

    def applied(self) -> str:
        """The `Preference-Applied` value for the preferences that were set."""
        parts = []
        if self.code is not None:
            parts.append(f"code={self.code}")
        if self.example is not None:
            parts.append(f"example={self.example}")
        if self.dynamic:
            parts.append("dynamic=true")
        if self.seed is not None:
            parts.append(f"seed={self.seed}")
        return ", ".join(parts)


def preference_tokens(headers: Headers) -> dict[str, str]:
    found: dict[str, str] = {}
    for header in headers.getlist("prefer"):
        # RFC 7240 separates preferences with "," and a preference's parameters
        # with ";"; clients often write `dynamic=true; seed=7`, so both count.
        for preference in header.replace(";", ",").split(","):
            head = preference.strip()
            if not head:
                continue
            name, _, value = head.partition("=")
            found[name.strip().lower()] = value.strip().strip('"')
    return found


def parse_preferences(headers: Headers) -> Preferences:
    tokens = preference_tokens(headers)
    errors: list[FieldError] = []

    dynamic = False
    if "dynamic" in tokens:
        value = tokens["dynamic"].lower()
        if value not in ("true", "false", ""):
            errors.append(
                FieldError(
                    "Prefer", f"dynamic was {value!r}; use dynamic=true or false."
                )
            )
        dynamic = value in ("true", "")

    seed = _integer(tokens, "seed", errors, minimum=0, maximum=2**63 - 1)
    code = _integer(tokens, "code", errors, minimum=100, maximum=599)
    example = tokens.get("example") or None

    if errors:
        raise validation_failed(errors)
    return Preferences(dynamic=dynamic, seed=seed, code=code, example=example)


def _integer(
    tokens: dict[str, str],
    name: str,
    errors: list[FieldError],
    *,
    minimum: int,
    maximum: int,
) -> int | None:
    if name not in tokens:
        return None
    raw = tokens[name]
    try:
        value = int(raw)
    except ValueError:
        errors.append(
            FieldError("Prefer", f"{name} was {raw!r}, but it must be a number.")
        )
        return None
    if not minimum <= value <= maximum:
        errors.append(
            FieldError(
                "Prefer",
                f"{name} was {value}, but it must be between {minimum} and {maximum}.",
            )
        )
        return None
    return value


# Honouring the preferences of one request.

ERROR_CODES = {400: 300, 401: 124, 429: 429}
"""Zoom's integer error code for a status, where it differs from the status."""

ERROR_SCHEMA_REF = "#/components/schemas/Error"


@dataclass(frozen=True)
class Decision:
    """How a request's preferences will be met.

    Either the middleware answers itself (`response` is set), or the request
    goes on to its handler and `applied` is added to the answer, with
    `code_applied` only echoed when the handler answers with that status.
    """

    applied: str
    response: Response | None = None
    forced: bool = False
    code_applied: int | None = None


def cannot_honour(info: OperationInfo, detail: str) -> MockError:
    """400 for a preference this operation cannot meet, saying what it can."""
    return validation_failed(
        [
            FieldError(
                "Prefer", f"{info.method} {info.path} ({info.operation_id}): {detail}"
            )
        ]
    )


def declared_codes(info: OperationInfo) -> list[str]:
    return [str(code) for code in info.operation.get("responses", {})]


def response_key(info: OperationInfo, code: int) -> str | None:
    """The response that answers `code`: exact, a range such as 4XX, or default."""
    responses = {
        str(key): value for key, value in info.operation.get("responses", {}).items()
    }
    for key in (str(code), f"{str(code)[0]}XX", "default"):
        if key in responses:
            return key
    return None


def named_examples(runtime: Runtime, info: OperationInfo, key: str) -> dict[str, Any]:
    """The named examples of response `key`, by name, with their values."""
    from zoom_mock.generated import resolve

    document = runtime.spec.document
    response = resolve(document, info.operation.get("responses", {}).get(key))
    if not isinstance(response, dict):
        return {}
    found: dict[str, Any] = {}
    for entry in (response.get("content") or {}).values():
        for name, example in ((entry or {}).get("examples") or {}).items():
            example = resolve(document, example)
            if isinstance(example, dict) and "value" in example:
                found.setdefault(name, example["value"])
    return found


async def warm_fuzz_pool(
    runtime: Runtime, info: OperationInfo, preferences: Preferences
) -> None:
    """Draw the fuzz pool in a worker thread, so other requests keep flowing.

    The first fuzz request of an operation waits for hypothesis to draw the
    pool (up to a few seconds for a big schema); doing it here keeps that wait
    off the event loop.
    """
    from zoom_mock.generated import plan_for, response_schema, success_key

    key = success_key(info.operation)
    if preferences.code is not None:
        key = response_key(info, preferences.code)
    if (
        key is None
        or response_schema(runtime.spec.document, info.operation, key) is None
    ):
        return
    try:
        plan = plan_for(runtime, info, key)
    except UnsatisfiableSchema:
        return  # answered as 501 later, with the reason
    if plan is not None and not plan.fuzz_ready:
        await anyio.to_thread.run_sync(plan.warm)


def decide(
    runtime: Runtime,
    info: OperationInfo,
    preferences: Preferences,
    path_params: dict[str, Any],
) -> Decision:
    """What to do for `preferences` on `info`; raises 400 when they cannot be met."""
    from zoom_mock.generated import response_schema, status_of, success_key

    if preferences.example is not None and preferences.dynamic:
        raise cannot_honour(
            info,
            f"example={preferences.example} and dynamic=true were both asked for, "
            "but an example is a fixed body; ask for one or the other.",
        )
    key = None
    if preferences.code is not None:
        key = response_key(info, preferences.code)
        if key is None:
            raise cannot_honour(
                info,
                f"code={preferences.code} is not a status this operation declares; "
                f"it declares {', '.join(declared_codes(info))}.",
            )

    if preferences.example is not None:
        return _example_answer(runtime, info, preferences, key)

    handled = info.operation_id in runtime.handled
    success = success_key(info.operation)
    target = key if key is not None else success
    fuzzable = preferences.dynamic and (
        target is not None
        and response_schema(runtime.spec.document, info.operation, target) is not None
    )
    if target is None or (target == success and not (handled and fuzzable)):
        # dynamic=true is ignored where the answer has no JSON body to fuzz
        # (a 204, a WebVTT file): the handler runs and nothing claims otherwise.
        shown = Preferences(
            dynamic=fuzzable, seed=None if handled else preferences.seed
        )
        return Decision(shown.applied(), code_applied=preferences.code)

    status = preferences.code if preferences.code is not None else status_of(target)
    return _status_answer(runtime, info, preferences, target, status, path_params)


def _example_answer(
    runtime: Runtime, info: OperationInfo, preferences: Preferences, key: str | None
) -> Decision:
    from zoom_mock.generated import status_of, success_key

    name = preferences.example
    keys = (
        [key] if key is not None else _search_order(info, success_key(info.operation))
    )
    catalogue = {k: named_examples(runtime, info, k) for k in keys}
    for candidate in keys:
        if name in catalogue[candidate]:
            status = preferences.code or status_of(candidate)
            applied = Preferences(code=preferences.code, example=name)
            body = catalogue[candidate][name]
            return Decision(
                applied.applied(),
                response=_body_response(body, status, {}),
                forced=status >= 400,
            )

    everything = {k: named_examples(runtime, info, k) for k in declared_codes(info)}
    offered = "; ".join(
        f"{k}: {', '.join(sorted(names))}" for k, names in everything.items() if names
    )
    where = f" for status {key}" if key is not None else ""
    raise cannot_honour(
        info,
        f"example={name} is not an example this operation declares{where}; "
        + (f"it declares {offered}." if offered else "it declares no named examples."),
    )


def _search_order(info: OperationInfo, success: str | None) -> list[str]:
    codes = declared_codes(info)
    return ([success] if success else []) + [code for code in codes if code != success]


def _status_answer(
    runtime: Runtime,
    info: OperationInfo,
    preferences: Preferences,
    key: str,
    status: int,
    path_params: dict[str, Any],
) -> Decision:
    from zoom_mock.generated import generated_body, plan_for, response_schema

    applied = Preferences(
        code=preferences.code, dynamic=preferences.dynamic, seed=preferences.seed
    )
    schema = response_schema(runtime.spec.document, info.operation, key)
    if status >= 400 and (schema is None or schema.get("$ref") == ERROR_SCHEMA_REF):
        error = _declared_error(runtime, info, key, status)
        response = error_response(error)
        return Decision(
            Preferences(code=preferences.code).applied(), response=response, forced=True
        )

    plan = plan_for(runtime, info, key)
    if plan is None:
        return Decision(
            Preferences(code=preferences.code).applied(),
            response=Response(status_code=status),
            forced=status >= 400,
        )
    body, headers = generated_body(runtime, info, plan, preferences, path_params)
    return Decision(
        applied.applied(),
        response=JsonResponse(body, status, headers),
        forced=status >= 400,
    )


def _declared_error(
    runtime: Runtime, info: OperationInfo, key: str, status: int
) -> MockError:
    """The operation's declared error `status`, in the mock's one error shape."""
    from zoom_mock.generated import resolve

    if status == 429:
        return _rate_limited(runtime, info)
    response = resolve(runtime.spec.document, info.operation["responses"][key])
    description = ""
    if isinstance(response, dict):
        description = str(response.get("description", "")).strip()
    return MockError(
        status,
        ERROR_CODES.get(status, status),
        description or f"The operation answered {status}.",
        details=f"Answered with {status} because the request asked for it "
        f"(Prefer: code={status}).",
    )


def _rate_limited(runtime: Runtime, info: OperationInfo) -> MockError:
    """The 429 the rate limiter sends for this operation's category and plan.

    With rate limits off no plan applies, so the body keeps Zoom's message and
    the headers the Pro plan's numbers, but `details` says the 429 was asked
    for rather than naming a plan whose limit was reached.
    """
    from zoom_mock.ratelimit import OFF, QPS, operation_category, rate_limited_error

    plan = getattr(runtime.settings, "rate_limits", OFF)
    category = operation_category(info.operation)
    error = rate_limited_error(category, QPS, plan=None if plan == OFF else plan)
    if plan != OFF:
        return error

    label = (
        f"is labelled `{category}`"
        if category
        else "carries no rate-limit label, so it counts as `light`"
    )
    error.details = (
        "Answered 429 because the request asked for it (Prefer: code=429). Rate "
        "limits are off (--rate-limits off), so no limit was reached. This "
        f"operation {label}; the X-RateLimit headers show the Pro plan's limit "
        "for that label."
    )
    return error


def _body_response(body: Any, status: int, headers: dict[str, str]) -> Response:
    if status == 204 or body is None:
        return Response(status_code=status, headers=headers)
    if isinstance(body, str):
        return Response(
            body, status_code=status, headers=headers, media_type="text/plain"
        )
    return json_response(body, status, headers)


class PreferMiddleware:
    """Meets each request's `Prefer` header after routing, auth and validation.

    Preferences that the operation's own answer can carry (a seed or fuzz for
    a generated body) go on to the handler; the rest (another status, a named
    example, fuzz for a hand-written operation) are answered here, before the
    handler runs, so they never change state. Admin operations ignore Prefer.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _has_prefer(scope):
            await self.app(scope, receive, send)
            return
        state = scope.get("zoom_mock", {})
        runtime = state.get("runtime")
        routing = scope.get("extensions", {}).get("connexion_routing", {})
        info = runtime.operations.get(routing.get("operation_id")) if runtime else None
        if info is None or info.source == ADMIN_SOURCE:
            await self.app(scope, receive, send)
            return

        preferences = parse_preferences(Headers(scope=scope))
        state["preferences"] = preferences
        if preferences.dynamic:
            await warm_fuzz_pool(runtime, info, preferences)
        decision = decide(runtime, info, preferences, scope.get("path_params", {}))
        if decision.response is not None:
            if decision.applied:
                decision.response.headers["Preference-Applied"] = decision.applied
            _note(scope, decision.applied, forced=decision.forced)
            await decision.response(scope, receive, send)
            return
        await self.app(scope, receive, echoing_preferences(scope, send, decision))


def _has_prefer(scope: Scope) -> bool:
    return any(name == b"prefer" for name, _ in scope.get("headers", ()))


def _note(scope: Scope, applied: str, *, forced: bool) -> None:
    mark_preferred(scope, applied, forced=forced)


def echoing_preferences(scope: Scope, send: Send, decision: Decision) -> Send:
    """`send`, adding Preference-Applied for what the handler's answer honours."""

    async def echo(message: Message) -> None:
        if message["type"] == "http.response.start":
            parts = [decision.applied] if decision.applied else []
            if decision.code_applied == message["status"]:
                parts.insert(0, f"code={decision.code_applied}")
            applied = ", ".join(parts)
            if applied:
                headers = [
                    item
                    for item in message.get("headers", [])
                    if item[0].lower() != b"preference-applied"
                ]
                headers.append((b"preference-applied", applied.encode("latin-1")))
                message = {**message, "headers": headers}
            _note(scope, applied, forced=False)
        await send(message)

    return echo


class RateLimitPreferenceMiddleware:
    """Answers `Prefer: code=429` where the rate limiter refuses requests.

    A real refusal comes before validation and is not counted against any
    limit, so an asked-for one does the same: it must be the limiter's answer
    exactly, without the quota headers the limiter adds to requests it admits.
    Anything else, including a malformed header, is left to PreferMiddleware.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        error = _asked_rate_limit(scope) if _has_prefer(scope) else None
        if error is None:
            await self.app(scope, receive, send)
            return
        response = error_response(error)
        response.headers["Preference-Applied"] = "code=429"
        _note(scope, "code=429", forced=True)
        await response(scope, receive, send)


def _asked_rate_limit(scope: Scope) -> MockError | None:
    state = scope.get("zoom_mock", {})
    runtime = state.get("runtime")
    routing = scope.get("extensions", {}).get("connexion_routing", {})
    info = runtime.operations.get(routing.get("operation_id")) if runtime else None
    if info is None or info.source == ADMIN_SOURCE:
        return None
    try:
        preferences = parse_preferences(Headers(scope=scope))
    except MockError:
        return None
    if preferences.code != 429 or preferences.example is not None:
        return None
    if response_key(info, 429) is None:
        return None
    return _rate_limited(runtime, info)


def install_rate_limit_preference(app: AsyncApp) -> None:
    """Answer `Prefer: code=429` as the rate limiter would; call before it installs."""
    app.add_middleware(
        RateLimitPreferenceMiddleware, position=MiddlewarePosition.BEFORE_VALIDATION
    )


def install_preferences(app: AsyncApp) -> None:
    """Honour `Prefer` after auth and validation, right before the handler."""
    app.add_middleware(PreferMiddleware, position=MiddlewarePosition.BEFORE_CONTEXT)
