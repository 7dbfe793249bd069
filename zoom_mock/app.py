"""Assembling the mock: specs in, one ASGI app out.

The request's story, in order: `MockApp` strips an optional `/v2` prefix and
attaches the runtime; connexion routes the request against the merged spec;
`BearerAuthMiddleware` checks the token; connexion validates parameters and
body with our collect-everything validators; the operation runs, either as a
hand-written handler from `zoom_mock.handlers` (found by its operationId) or as
a generated body from `zoom_mock.generator`. Every error on the way is a
`MockError`, rendered by `zoom_mock.errors`.
"""

from __future__ import annotations

import copy
import importlib
import inspect
import logging
import pkgutil
import random
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

import connexion
from connexion.datastructures import MediaTypeDict
from connexion.exceptions import ProblemException
from connexion.lifecycle import ConnexionResponse
from connexion.middleware import MiddlewarePosition
from connexion.resolver import Resolution, Resolver
from connexion.validators import FormDataValidator
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Receive, Scope, Send

from zoom_mock import handlers as handlers_package
from zoom_mock.allow import allow_header
from zoom_mock.auth import BearerAuthMiddleware
from zoom_mock.config import Settings, load_settings
from zoom_mock.dispatch import decorate_handlers_once
from zoom_mock.documents import HTTP_METHODS, MergedSpec, iter_operations, merge_specs
from zoom_mock.errors import (
    MockError,
    crash_error,
    error_connexion_response,
    problem_error,
)
from zoom_mock.fastpath import build_fast_path
from zoom_mock.faults import install_faults
from zoom_mock.generated import compile_generated_plans, make_generated_handler
from zoom_mock.generator import Generator, GeneratorSettings
from zoom_mock.ids import IdFactory
from zoom_mock.journal import (
    CLIENT_LEFT,
    install_journal,
    note_client_left,
    record_exchange,
)
from zoom_mock.limits import install_request_limits
from zoom_mock.prefer import install_preferences, install_rate_limit_preference
from zoom_mock.ratelimit import install_rate_limits
from zoom_mock.routing import index_routers
from zoom_mock.runtime import Runtime
from zoom_mock.store import Store
from zoom_mock.validation import (
    MockJSONBodyValidator,
    MockMultiPartFormDataValidator,
    MockParameterValidator,
    MockURIParser,
)

logger = logging.getLogger("zoom_mock.startup")
error_logger = logging.getLogger("zoom_mock.error")

V2_PREFIX = "/v2"


def handler_index() -> dict[str, Callable[..., Any]]:
    """Every public function in zoom_mock.handlers, by name (= operationId)."""
    found: dict[str, Callable[..., Any]] = {}
    for module_info in pkgutil.iter_modules(handlers_package.__path__):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"zoom_mock.handlers.{module_info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and not name.startswith("_"):
                if name in found:
                    raise RuntimeError(
                        f"Handler {name} is defined in both {found[name].__module__} "
                        f"and {module.__name__}."
                    )
                found[name] = function
    return found


class MockResolver(Resolver):
    """operationId → hand-written handler if one exists, else the generator."""

    def __init__(self, runtime: Runtime, handlers: dict[str, Callable[..., Any]]):
        super().__init__()
        self.runtime = runtime
        self.handlers = handlers

    def resolve(self, operation: Any) -> Resolution:
        operation_id = operation.operation_id
        info = self.runtime.operations[operation_id]
        handler = (
            self.handlers.get(operation_id)
            if info.operation.get("x-mock-ours")
            else None
        )
        if handler is not None:
            logger.debug("%s %s -> handler %s", info.method, info.path, operation_id)
            return Resolution(handler, operation_id)
        logger.debug("%s %s -> generated (%s)", info.method, info.path, operation_id)
        return Resolution(make_generated_handler(info), operation_id)


def _prepare_for_connexion(merged: MergedSpec) -> tuple[dict[str, Any], frozenset[str]]:
    """A copy of the merged document with auth moved out of connexion's hands.

    connexion would want a token-checking function per security scheme; the mock
    accepts any bearer token, so the requirement is noted per operation and
    enforced by BearerAuthMiddleware instead. Operation ids are made unique,
    since extra documents may reuse ours.
    """
    document = copy.deepcopy(merged.document)
    document.pop("security", None)
    protected: set[str] = set()
    seen: set[str] = set()
    for route, item in document["paths"].items():
        for method in HTTP_METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            operation_id = operation.get("operationId")
            if not operation_id or operation_id in seen:
                operation_id = _unique_id(operation_id or method, route, method, seen)
                operation["operationId"] = operation_id
            seen.add(operation_id)
            security = operation.pop("security", None) or []
            if any(_wants_token(merged, requirement) for requirement in security):
                protected.add(operation_id)
    document.get("components", {}).pop("securitySchemes", None)
    return document, frozenset(protected)


def _wants_token(merged: MergedSpec, requirement: dict[str, Any]) -> bool:
    """Whether a security requirement asks for a bearer or OAuth token."""
    schemes = merged.document.get("components", {}).get("securitySchemes", {})
    for name in requirement:
        scheme = schemes.get(name, {})
        if scheme.get("type") == "http" and scheme.get("scheme") == "basic":
            continue
        return True
    return False


def _unique_id(base: str, route: str, method: str, seen: set[str]) -> str:
    cleaned = "".join(ch if ch.isalnum() else "_" for ch in route).strip("_")
    candidate = f"{base}__{method}_{cleaned}"
    while candidate in seen:
        candidate += "_"
    return candidate


def _add_error_handlers(app: connexion.AsyncApp) -> None:
    async def mock_error(_request: Any, exc: MockError) -> Any:
        if exc.status >= 500:
            error_logger.error("Answered %s", exc)
        return error_connexion_response(exc)

    async def problem(_request: Any, exc: ProblemException) -> Any:
        return error_connexion_response(problem_error(exc))

    async def http_error(request: Any, exc: HTTPException) -> Any:
        path = _shown_path(request.scope.get("path", ""))
        if exc.status_code == 404:
            message = f"No API path matches {request.method} {path}."
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on {path}."
        else:
            message = str(exc.detail)
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            runtime = request.scope.get("zoom_mock", {}).get("runtime")
            headers.update(allow_header(runtime, request.url.path))
        return error_connexion_response(
            MockError(exc.status_code, exc.status_code, message, headers=headers)
        )

    async def client_left(request: Any, _exc: ClientDisconnect) -> Any:
        # Nobody is there to read an answer; this one is only for the journal.
        note_client_left(request.scope)
        return ConnexionResponse(status_code=CLIENT_LEFT, body=b"")

    async def crash(_request: Any, exc: Exception) -> Any:
        error_logger.exception(
            "Unhandled error while answering a request.", exc_info=exc
        )
        return error_connexion_response(crash_error(exc))

    app.add_error_handler(MockError, mock_error)
    app.add_error_handler(ProblemException, problem)
    app.add_error_handler(HTTPException, http_error)
    app.add_error_handler(ClientDisconnect, client_left)
    app.add_error_handler(Exception, crash)


def path_keeping_encoded_slashes(raw_path: bytes) -> str:
    """Decode a request path, but keep a once-encoded `/` inside its segment.

    Zoom accepts a meeting uuid that contains `/` encoded once (`%2F`), except
    when the uuid starts with `/` or contains `//`: those must be encoded twice
    (`%252F`). uvicorn decodes `%2F` into a real slash, which splits the uuid
    over two segments, so the path is decoded again from the raw bytes, segment
    by segment, leaving `%2F` for the handler wherever Zoom would accept it.
    """
    segments = []
    for raw in raw_path.decode("ascii", errors="replace").split("/"):
        decoded = unquote(raw)
        if "/" in decoded and not (decoded.startswith("/") or "//" in decoded):
            decoded = unquote(raw.replace("%2F", "%252F").replace("%2f", "%252F"))
        segments.append(decoded)
    return "/".join(segments)


JSON_TYPE = b"application/json"


CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f]")


def _shown_path(path: str) -> str:
    """`path` for a message: control characters percent-encoded, as sent."""
    return CONTROL_CHARACTER.sub(lambda found: f"%{ord(found.group()):02X}", path)


def normalised_headers(
    headers: list[tuple[bytes, bytes]],
) -> list[tuple[bytes, bytes]] | None:
    """The request's headers with its Content-Type made usable, or None if it is.

    - A request without a body loses its Content-Type: there is nothing for it
      to describe, and connexion would otherwise try to parse the absent body
      as that type (a 500 for a malformed type, a 400 for multipart).
    - A body without a Content-Type is read as JSON, the media type of every
      Zoom request body except uploads (where the missing multipart boundary
      then earns a 415 that says what was expected).
    - The media type itself is compared in lower case, as HTTP says it must
      be (`application/JSON` is JSON); its parameters are left as sent.
    """
    has_body = False
    typed = False
    for name, value in headers:
        if name == b"content-type":
            typed = True
        elif name == b"transfer-encoding" or (
            name == b"content-length" and value.strip(b" 0")
        ):
            has_body = True
    if not has_body:
        if not typed:
            return None
        return [item for item in headers if item[0] != b"content-type"]
    if not typed:
        return [*headers, (b"content-type", JSON_TYPE)]

    changed = False
    result = []
    for name, value in headers:
        if name == b"content-type":
            media, semicolon, rest = value.partition(b";")
            lowered = media.strip().lower()
            if lowered != media:
                value = lowered + semicolon + rest
                changed = True
        result.append((name, value))
    return result if changed else None


class MockApp:
    """The ASGI app uvicorn serves: prefix handling and the runtime, then connexion."""

    def __init__(
        self,
        runtime: Runtime,
        inner: connexion.AsyncApp,
        requests: ASGIApp | None = None,
    ):
        self.runtime = runtime
        self.inner = inner
        self.requests: ASGIApp = requests or inner
        """What answers API requests: the short road if built, else connexion."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            # The scope is this request's own, so it is changed in place.
            raw = scope.get("raw_path")
            if raw and b"%2" in raw and b"%2f" in raw.lower():
                scope["path"] = path_keeping_encoded_slashes(raw)
            path = scope["path"]
            if path.startswith(V2_PREFIX) and (
                len(path) == len(V2_PREFIX) or path[len(V2_PREFIX)] == "/"
            ):
                scope["path"] = path[len(V2_PREFIX) :] or "/"
                raw = scope.get("raw_path")
                if raw is not None and raw.startswith(b"/v2"):
                    scope["raw_path"] = raw[3:] or b"/"
            headers = normalised_headers(scope["headers"])
            if headers is not None:
                scope["headers"] = headers
            scope["zoom_mock"] = {"runtime": self.runtime}
            await record_exchange(self.runtime, scope, receive, send, self.requests)
            return
        await self.inner(scope, receive, send)


def build_runtime(settings: Settings) -> Runtime:
    merged = merge_specs(settings.specs_dir, settings.extra_specs)
    for clash in merged.clashes:
        logger.warning("%s", clash)
    for refusal in merged.refused:
        logger.warning("Not serving a --spec document: %s", refusal)
    generator = Generator(
        GeneratorSettings(
            date_from=settings.date_from,
            date_to=settings.date_to,
            base_url=settings.base_url or "https://zoom.us",
        )
    )
    store = Store(settings.data_dir, persist=settings.persist)
    return Runtime(
        settings=settings,
        store=store,
        spec=merged,
        generator=generator,
        ids=IdFactory(settings.seed),
        # Seeded like ids, but apart: fuzzed bodies do not move the ids made.
        fuzz_seeds=random.Random(f"zoom-mock-fuzz-{settings.seed}"),
    )


def _route_every_path_parameter_as_text() -> None:
    """Let requests with a malformed integer id reach validation.

    connexion routes `{meetingId}` of type integer with Starlette's int
    convertor, so `/meetings/abc` matches no route and becomes a bare 404. As a
    contract checker the mock should instead say which field is wrong, so ids
    are routed as text and the validator reports `meetingId` like any other
    parameter.
    """
    from connexion.frameworks import starlette as connexion_starlette

    connexion_starlette.PATH_PARAMETER_CONVERTERS.pop("integer", None)
    connexion_starlette.PATH_PARAMETER_CONVERTERS.pop("number", None)


def create_app(settings: Settings | None = None) -> MockApp:
    """Build the mock for `settings` (default: from the environment)."""
    settings = settings or load_settings()
    _route_every_path_parameter_as_text()
    runtime = build_runtime(settings)
    document, protected = _prepare_for_connexion(runtime.spec)
    runtime.operations = {info.operation_id: info for info in iter_operations(document)}

    app = connexion.AsyncApp(
        __name__,
        pythonic_params=True,
        uri_parser_class=MockURIParser,
        strict_validation=settings.strict,
        validate_responses=settings.validate_responses,
        swagger_ui_options=connexion.options.SwaggerUIOptions(swagger_ui_path="/ui"),
    )
    install_journal(app, runtime)
    app.add_middleware(
        BearerAuthMiddleware,
        position=MiddlewarePosition.BEFORE_SECURITY,
        protected=protected,
    )
    install_request_limits(app, settings.max_body_bytes)
    install_rate_limit_preference(app)
    install_rate_limits(app, runtime)
    install_faults(app, runtime)
    install_preferences(app)
    handlers = handler_index()
    runtime.handled = {
        operation_id
        for operation_id, info in runtime.operations.items()
        if operation_id in handlers and info.operation.get("x-mock-ours")
    }
    app.add_api(
        document,
        base_path="",
        resolver=MockResolver(runtime, handlers),
        validator_map={
            "parameter": MockParameterValidator,
            "body": MediaTypeDict(
                {
                    "*/*json": MockJSONBodyValidator,
                    "application/x-www-form-urlencoded": FormDataValidator,
                    "multipart/form-data": MockMultiPartFormDataValidator,
                }
            ),
        },
    )
    for operation_id, problem in compile_generated_plans(runtime).items():
        logger.warning(
            "%s cannot be generated and will answer 501: %s", operation_id, problem
        )
    _add_error_handlers(app)
    logger.debug(
        "Serving %d operations (%d handled, %d generated).",
        len(runtime.operations),
        len(runtime.handled),
        len(runtime.operations) - len(runtime.handled),
    )
    # Build connexion's middleware now rather than on the first request, so
    # start-up pays for it and its routers can be indexed.
    middleware = app.middleware
    middleware.app, middleware.middleware_stack = middleware._build_middleware_stack()
    logger.debug("Indexed %d routers.", index_routers(middleware.middleware_stack))
    logger.debug(
        "Decorated %d handlers once.",
        decorate_handlers_once(middleware.middleware_stack),
    )
    fast = build_fast_path(runtime, app, list(middleware.middleware_stack), protected)
    logger.debug(
        "Short road: %s.",
        f"{len(fast.routes)} routes" if fast is not None else "off",
    )
    return MockApp(runtime, app, fast)
