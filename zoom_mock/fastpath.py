"""The short road through the mock, for ordinary requests.

connexion answers a request by passing it through a dozen ASGI layers, and
each of them re-reads the scope, rebuilds request objects and looks the
operation up again; most of a simple GET went there. Everything those layers
need per operation is known once connexion has been built, so at start-up
`FastPath` takes from connexion what it made for each operation (the route's
pattern, the URI parser, our collect-everything validators and the handler)
and keeps it in one `Plan`. An ordinary request is then answered in one pass,
through the same functions and in the same order as connexion's stack:
authentication, parameters, body, preferences, handler, error rendering.

Whatever is not ordinary takes the long road, connexion's full stack,
untouched: an unknown path or method, a streamed or oversized body, a media
type other than JSON, a `Prefer` header a hand-written operation must meet,
and every request when fault injection, rate limits or response validation
are on. The long road stays the reference: tests/test_fast_path.py sends the
same requests down both and compares the answers. The plans lean on a few
connexion internals (its operation objects, parameter helpers and context
variables); connexion is pinned in pyproject.toml, and those tests are what
would catch an upgrade that changed them.
"""

from __future__ import annotations

import copy
import functools
import inspect
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from connexion.apps.asynchronous import AsyncASGIApp
from connexion.context import _context, _operation, _receive, _scope
from connexion.datastructures import MediaTypeDict
from connexion.decorators.parameter import (
    _get_query_defaults,
    _get_val_from_param,
    inspect_function_arguments,
    pythonic,
)
from connexion.exceptions import ProblemException
from connexion.middleware.request_validation import RequestValidationMiddleware
from connexion.middleware.routing import RoutingMiddleware
from connexion.utils import (
    TYPE_MAP,
    boolean,
    deep_merge,
    is_null,
    is_nullable,
    split_content_type,
)
from starlette.datastructures import Headers, QueryParams
from starlette.requests import ClientDisconnect
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from zoom_mock.auth import check_bearer
from zoom_mock.errors import (
    MockError,
    crash_error,
    error_response,
    problem_error,
)
from zoom_mock.journal import ADMIN_SOURCE, note_client_left
from zoom_mock.limits import MAX_PATH_BYTES, BodyReader, body_limit
from zoom_mock.prefer import (
    Preferences,
    decide,
    echoing_preferences,
    parse_preferences,
    preference_tokens,
    warm_fuzz_pool,
)
from zoom_mock.routing import ANY_SEGMENT, first_segment
from zoom_mock.runtime import Runtime
from zoom_mock.validation import (
    MockJSONBodyValidator,
    MockParameterValidator,
    read_integer,
    read_number,
)

logger = logging.getLogger("zoom_mock.error")

ROUTING_CONTEXT = "connexion_routing"
OCTET_STREAM = "application/octet-stream"
MEDIA_TYPES_KEPT = 16
FAST_PREFERENCES = frozenset({"dynamic", "seed"})
"""Preferences a generated operation meets in its own answer; any other
preference is answered before the handler runs, by connexion's stack."""

sanitize = functools.lru_cache(maxsize=4096)(pythonic)
"""connexion's parameter-name conversion (`userId` -> `user_id`), which runs
three regular expressions per name, remembered per name."""


@dataclass
class Arguments:
    """connexion's `get_arguments` for one operation, with its lookups done once.

    The values still go through connexion's own `_get_val_from_param`, and
    the keys through its name conversion; only the work that depends on the
    operation alone (which parameters exist, their defaults, the body's name)
    is done at start-up. tests/test_fast_path.py compares the two.
    """

    path: dict[str, tuple[str, Callable[[Any], Any]]]
    """Declared path parameters: name -> (argument name, value conversion)."""
    query: dict[str, tuple[str, Callable[[Any], Any]]]
    """Query parameters the handler takes: name -> (argument name, conversion)."""
    defaults: dict[str, Any]
    """Query defaults, as connexion computes them."""
    body_name: str | None
    """The body's argument name, or None when the handler gets no body."""
    flat_defaults: bool = True
    """Every query default is a string, number, boolean or null."""
    body_nullable: dict[str, bool] = field(default_factory=dict)
    body_defaults: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, operation: Any, arguments: list[str], has_kwargs: bool) -> Arguments:
        def argument(name: str) -> str:
            return sanitize(sanitize(name))

        path = {
            param["name"]: (argument(param["name"]), _conversion(param))
            for param in operation.parameters
            if param["in"] == "path"
        }
        query_definitions = {
            param["name"]: param
            for param in operation.parameters
            if param["in"] == "query"
        }
        query = {
            name: (argument(name), _conversion(param))
            for name, param in query_definitions.items()
            if has_kwargs or sanitize(name) in arguments
        }
        defaults = _get_query_defaults(query_definitions)
        body_name = None
        if (arguments or has_kwargs) and operation.is_request_body_defined:
            name = argument(operation.body_name(OCTET_STREAM))
            if name in arguments or has_kwargs:
                body_name = name
        flat = all(
            value is None or isinstance(value, str | int | float)
            for value in defaults.values()
        )
        return cls(path, query, defaults, body_name, flat_defaults=flat)

    def build(
        self,
        operation: Any,
        path_params: dict[str, Any],
        query_params: dict[str, Any],
        body: Any,
        mime: str,
    ) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for name, value in path_params.items():
            declared = self.path.get(name)
            if declared is None:
                found[sanitize(sanitize(name))] = value
            else:
                found[declared[0]] = declared[1](value)

        if not self.defaults:
            merged = query_params
        elif self.flat_defaults:
            # For scalar defaults, connexion's deep copy and merge come to this.
            merged = {**self.defaults, **query_params}
        else:
            merged = deep_merge(copy.deepcopy(self.defaults), query_params)
        for name, value in merged.items():
            declared = self.query.get(name)
            if declared is not None:
                found[declared[0]] = declared[1](value)

        if self.body_name is not None:
            found[self.body_name] = self._body(operation, body, mime)
        return found

    def _body(self, operation: Any, body: Any, mime: str) -> Any:
        nullable = self.body_nullable.get(mime)
        if nullable is None:
            schema = operation.body_schema(mime)
            nullable, default = bool(is_nullable(schema)), schema.get("default", {})
            if len(self.body_nullable) < MEDIA_TYPES_KEPT:
                self.body_nullable[mime] = nullable
                self.body_defaults[mime] = default
        else:
            default = self.body_defaults[mime]
        if nullable and is_null(body):
            return None
        if body is None:
            return copy.deepcopy(default)
        return body


def _conversion(definition: dict[str, Any]) -> Callable[[Any], Any]:
    """connexion's `_get_val_from_param` for one parameter, its lookups done once."""
    schema = definition.get("schema", definition)
    kind = schema.get("type")
    if kind not in TYPE_MAP or kind == "array" or schema.get("format") == "binary":
        return functools.partial(_get_val_from_param, param_definitions=definition)
    convert = TYPE_MAP[kind]
    if not is_nullable(schema):
        return convert  # type: ignore[no-any-return]

    def nullable(value: Any) -> Any:
        return None if is_null(value) else convert(value)

    return nullable


SCALAR_COERCIONS: dict[str, Callable[[str], Any]] = {
    "integer": read_integer,
    "number": read_number,
    "boolean": boolean,
}
"""How the URI parser converts a scalar parameter (MockURIParser, connexion's
coerce_type); a value it cannot convert stays the string it was, for
validation to refuse."""


def _keeping_text(convert: Callable[[str], Any]) -> Callable[[str], Any]:
    def coerce(text: str) -> Any:
        try:
            return convert(text)
        except ValueError:
            return text

    return coerce


def _as_sent(text: str) -> str:
    return text


@dataclass(frozen=True)
class QueryReader:
    """A query string read into what connexion's URI parser would make of it,
    for operations whose parameters are all plain scalars.

    For such parameters the parser's general machinery (deep objects, array
    styles, repeated values joined or split) comes down to this: the last
    value of a known name, converted to its type when it can be; every value
    of an unknown name, as a list. The parity tests in tests/test_fast_path.py
    compare it with connexion's parser.
    """

    coercions: dict[str, Callable[[str], Any]]

    @classmethod
    def of(cls, definitions: dict[str, dict[str, Any]]) -> QueryReader | None:
        coercions = {}
        for name, definition in definitions.items():
            schema = definition.get("schema", {})
            kind = schema.get("type")
            plain = kind in ("string", *SCALAR_COERCIONS) and not (
                "style" in definition
                or "explode" in definition
                or "[" in name
                or is_nullable(schema)
            )
            if not plain:
                return None
            convert = SCALAR_COERCIONS.get(kind)
            coercions[name] = _as_sent if convert is None else _keeping_text(convert)
        return cls(coercions)

    def read(self, query_string: bytes) -> tuple[list[str], dict[str, Any]]:
        """Every name as sent (repeats included), and the resolved values."""
        pairs = _query_pairs(query_string.decode("latin-1"))
        grouped: dict[str, list[str]] = {}
        for name, value in pairs:
            grouped.setdefault(name, []).append(value)
        coercions = self.coercions
        resolved: dict[str, Any] = {}
        for name, values in grouped.items():
            coerce = coercions.get(name)
            resolved[name] = values if coerce is None else coerce(values[-1])
        return [name for name, _ in pairs], resolved


def _query_pairs(text: str) -> list[tuple[str, str]]:
    """`parse_qsl(text, keep_blank_values=True)`, sooner when nothing is escaped.

    Without `%` or `+` the standard parser's decoding changes nothing, and what
    is left is splitting on `&` and on the first `=`, skipping empty parts.
    """
    if "%" in text or "+" in text:
        return parse_qsl(text, keep_blank_values=True)
    pairs = []
    for part in text.split("&"):
        if part:
            name, _, value = part.partition("=")
            pairs.append((name, value))
    return pairs


@dataclass
class Plan:
    """What answering one operation takes, gathered once from connexion."""

    operation_id: str
    operation: Any
    """connexion's OpenAPIOperation: parameters, request body, media types."""
    handler: Callable[..., Any]
    arguments: Arguments
    parameters: MockParameterValidator
    protected: bool
    admin: bool
    generated: bool
    strict: bool
    accepted: MediaTypeDict | None
    default_mime: str
    declared: frozenset[str] = frozenset()
    """The media types of the request body, in lower case."""
    text_path: bool = False
    """Every path parameter is a plain string, which connexion passes unchanged."""
    header_params: bool = False
    query_reader: QueryReader | None = None
    """A shortcut through connexion's URI parser, where every parameter is a
    plain scalar; None where the parser itself must run."""
    bodies: dict[str, MockJSONBodyValidator | None] = field(default_factory=dict)
    """Body validator per media type; None where the body is not checked."""

    def body_validator(self, mime: str) -> tuple[bool, MockJSONBodyValidator | None]:
        """(whether this path can take `mime`, the validator for it if any).

        Validators are kept for the media types the operation declares, so
        what a client writes in Content-Type cannot grow the cache.
        """
        if not self.operation.is_request_body_defined:
            return True, None
        if mime in self.bodies:
            return True, self.bodies[mime]
        schema = self.operation.body_schema(mime)
        if "json" not in mime or not schema:
            # Other types, and JSON nothing checks, are connexion's to parse.
            return False, None
        validator = MockJSONBodyValidator(
            schema=schema,
            required=self.operation.request_body.get("required", False),
            nullable=is_nullable(self.operation.body_definition(mime)),
            encoding="utf-8",
            strict_validation=self.strict,
            uri_parser=self.parameters.uri_parser,
        )
        if mime in self.declared:
            self.bodies[mime] = validator
        return True, validator


@dataclass(frozen=True)
class FastRoute:
    template: str
    pattern: re.Pattern[str]
    methods: frozenset[str]
    plan: Plan


@dataclass
class RequestHead:
    """The few request headers the short road looks at, read in one scan."""

    authorization: str | None = None
    content_type: str | None = None
    content_length: str | None = None
    prefer: bool = False
    unusual: bool = False
    """Transfer-Encoding or Expect: left to the long road's body limits."""


def read_head(raw_headers: list[tuple[bytes, bytes]]) -> RequestHead:
    head = RequestHead()
    for name, value in raw_headers:
        # The first of a repeated header counts, as in Starlette's Headers.
        if name == b"authorization":
            if head.authorization is None:
                head.authorization = value.decode("latin-1")
        elif name == b"content-type":
            if head.content_type is None:
                head.content_type = value.decode("latin-1")
        elif name == b"content-length":
            if head.content_length is not None:
                head.unusual = True
            head.content_length = value.decode("latin-1")
        elif name == b"prefer":
            head.prefer = True
        elif name in (b"transfer-encoding", b"expect"):
            head.unusual = True
    return head


RouteKey = tuple[str, int, str]
"""First literal path segment (or ANY_SEGMENT), number of slashes, method."""


def route_table(
    routes: list[FastRoute], heads: set[str]
) -> dict[RouteKey, list[FastRoute]]:
    """The routes that could answer each kind of path, in their original order.

    Only routes whose parameters take one whole segment come this way, so a
    route can match a path only if both hold the same number of slashes: with
    the first segment and the method, that leaves a few patterns at most (six
    for the busiest key of our specs, one for most paths).
    A route starting with a parameter joins the lists of every first segment.
    """
    table: dict[RouteKey, list[FastRoute]] = {}
    for route in routes:
        head = first_segment(route.template)
        slashes = route.template.count("/")
        for bucket in heads | {ANY_SEGMENT}:
            if head not in (ANY_SEGMENT, bucket):
                continue
            for method in route.methods:
                table.setdefault((bucket, slashes, method), []).append(route)
    return table


class FastPath:
    """An ASGI app: the short road where it applies, else `slow` (connexion)."""

    def __init__(
        self,
        runtime: Runtime,
        slow: ASGIApp,
        routes: list[FastRoute],
    ) -> None:
        self.runtime = runtime
        self.slow = slow
        self.max_body_bytes = runtime.settings.max_body_bytes
        self.routes = routes
        self.heads = {first_segment(route.template) for route in routes}
        self.table = route_table(routes, self.heads)

    def match(self, scope: Scope) -> tuple[Plan, dict[str, str]] | None:
        """The plan and path parameters for the request, or None for the long road.

        Routes are tried in connexion's order; the first whose pattern and
        method both fit wins, as in Starlette's router. No fit at all (a 404 or
        a 405) is the long road's to explain.
        """
        path = scope["path"]
        if scope.get("root_path") or "\n" in path:
            # connexion's routing matches no path holding a newline (some of
            # its patterns use `.`); the long road answers those alike.
            return None
        head = path.lstrip("/").split("/", 1)[0]
        if head not in self.heads:
            head = ANY_SEGMENT
        key = (head, path.count("/"), scope["method"])
        for route in self.table.get(key, ()):
            found = route.pattern.match(path)
            if found is not None:
                return route.plan, found.groupdict()
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if len(scope.get("raw_path") or scope["path"].encode()) > MAX_PATH_BYTES:
            await self.slow(scope, receive, send)
            return
        matched = self.match(scope)
        if matched is None:
            await self.slow(scope, receive, send)
            return
        plan, path_params = matched
        head = read_head(scope["headers"])
        if head.unusual:
            await self.slow(scope, receive, send)
            return

        preferences = None
        if head.prefer and not plan.admin:
            preferences = self._fast_preferences(plan, scope)
            if preferences is None:
                await self.slow(scope, receive, send)
                return

        length = 0
        if head.content_length is not None:
            declared = head.content_length
            if not (declared.isascii() and declared.isdigit()):
                await self.slow(scope, receive, send)
                return
            length = int(declared)
            limit, _ = body_limit(scope["method"], scope["path"], self.max_body_bytes)
            if length > limit:
                await self.slow(scope, receive, send)
                return

        if head.content_type is None:
            if length:
                # MockApp types every body it sees; any other caller's
                # untyped body is left to connexion.
                await self.slow(scope, receive, send)
                return
            mime = plan.default_mime
        else:
            mime = (split_content_type(head.content_type)[0] or OCTET_STREAM).lower()
        if (
            plan.accepted is not None
            and mime not in plan.declared
            and mime not in plan.accepted
        ):
            await self.slow(scope, receive, send)
            return
        takes_body, body_validator = plan.body_validator(mime)
        if not takes_body:
            await self.slow(scope, receive, send)
            return

        await self._answer(
            scope, receive, send, plan, path_params, head, mime, length,
            body_validator, preferences,
        )  # fmt: skip

    def _fast_preferences(self, plan: Plan, scope: Scope) -> Preferences | None:
        """The request's preferences when the short road can meet them, else None."""
        if not plan.generated:
            return None
        headers = Headers(scope=scope)
        if preference_tokens(headers).keys() - FAST_PREFERENCES:
            return None
        try:
            return parse_preferences(headers)
        except MockError:
            return None

    async def _answer(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        plan: Plan,
        path_params: dict[str, str],
        head: RequestHead,
        mime: str,
        length: int,
        body_validator: MockJSONBodyValidator | None,
        preferences: Preferences | None,
    ) -> None:
        state = scope["zoom_mock"]
        note = state.get("note")
        if note is not None:
            note.operation_id = plan.operation_id
        extensions = scope.setdefault("extensions", {})
        extensions[ROUTING_CONTEXT] = {
            "api_base_path": "",
            "operation_id": plan.operation_id,
        }
        scope["path_params"] = path_params

        answered_by_handler = False
        try:
            response = await self._run(
                scope, receive, plan, path_params, head, mime, length,
                body_validator, preferences,
            )  # fmt: skip
            answered_by_handler = True
        except MockError as exc:
            if exc.status >= 500:
                logger.error("Answered %s", exc)
            response = error_response(exc)
        except ProblemException as exc:
            response = error_response(problem_error(exc))
        except ClientDisconnect:
            note_client_left(scope)
            return
        except Exception as exc:
            logger.exception("Unhandled error while answering a request.", exc_info=exc)
            response = error_response(crash_error(exc))

        if answered_by_handler and preferences is not None:
            decision = state.get("decision")
            if decision is not None:
                send = echoing_preferences(scope, send, decision)
        await response(scope, receive, send)

    async def _run(
        self,
        scope: Scope,
        receive: Receive,
        plan: Plan,
        path_params: dict[str, str],
        head: RequestHead,
        mime: str,
        length: int,
        body_validator: MockJSONBodyValidator | None,
        preferences: Preferences | None,
    ) -> Response:
        if plan.protected:
            if head.authorization is not None:
                error = check_bearer({"authorization": head.authorization}, {})
            else:
                error = check_bearer({}, QueryParams(scope.get("query_string", b"")))
            if error is not None:
                raise error

        uri_parser = plan.parameters.uri_parser
        query_string = scope.get("query_string", b"")
        if query_string and plan.query_reader is not None:
            names, query = plan.query_reader.read(query_string)
        elif query_string:
            items = QueryParams(query_string).multi_items()
            names = [name for name, _ in items]
            values: dict[str, list[str]] = {}
            for name, value in items:
                values.setdefault(name, []).append(value)
            query = uri_parser.resolve_query(values)
        else:
            names, query = [], {}
        if not path_params or plan.text_path:
            path = path_params
        else:
            path = uri_parser.resolve_path(path_params)
        plan.parameters.check(
            scope,
            query=query,
            path=path,
            headers=Headers(scope=scope) if plan.header_params else {},
            query_names=names,
        )

        body = None
        if body_validator is not None:
            raw = await _read_body(receive) if length else b""
            body = body_validator.check_raw(raw, scope)

        if preferences is not None:
            await self._prepare_preferences(scope, plan, preferences)

        extensions = scope["extensions"]
        _context.set(extensions.setdefault("connexion_context", {}))
        _operation.set(plan.operation)
        _receive.set(receive)
        _scope.set(scope)

        if plan.generated:
            # A generated handler reads the request from the scope, not from
            # arguments (some parameters connexion could not convert).
            result = await plan.handler()
        else:
            kwargs = plan.arguments.build(plan.operation, path, query, body, mime)
            result = await plan.handler(**kwargs)
        if not isinstance(result, Response):
            raise TypeError(
                f"The handler of {plan.operation_id} returned "
                f"{type(result).__name__}, not a Response."
            )
        return result

    async def _prepare_preferences(
        self, scope: Scope, plan: Plan, preferences: Preferences
    ) -> None:
        """What PreferMiddleware does before a generated operation's handler runs."""
        runtime = self.runtime
        info = runtime.operations[plan.operation_id]
        scope["zoom_mock"]["preferences"] = preferences
        if preferences.dynamic:
            await warm_fuzz_pool(runtime, info, preferences)
        decision = decide(runtime, info, preferences, scope["path_params"])
        if decision.response is not None:
            raise RuntimeError(
                f"{plan.operation_id}: a generated operation's preferences "
                "were to be answered before its handler."
            )
        scope["zoom_mock"]["decision"] = decision


async def _read_body(receive: Receive) -> bytes:
    reader = BodyReader(receive)
    chunks = []
    while not reader.complete:
        message = await reader()
        if message["type"] == "http.disconnect":
            raise ClientDisconnect()
        chunks.append(message.get("body", b""))
    return b"".join(chunks)


# Building the plans from connexion's own objects.


def _find(stack: Iterator[Any], kind: type) -> Any:
    for layer in stack:
        if isinstance(layer, kind):
            return layer
    return None


def build_fast_path(
    runtime: Runtime,
    slow: ASGIApp,
    middleware_stack: list[Any],
    protected: frozenset[str],
) -> FastPath | None:
    """The short road over connexion's built stack, or None where it cannot apply."""
    settings = runtime.settings
    if not settings.fast_path or settings.validate_responses:
        return None
    if settings.fault_rate > 0 or settings.latency_ms or settings.rate_limits != "off":
        return None

    routing = _find(iter(middleware_stack), RoutingMiddleware)
    validation = _find(iter(middleware_stack), RequestValidationMiddleware)
    application = _find(iter(middleware_stack), AsyncASGIApp)
    if routing is None or validation is None or application is None:
        return None
    if set(validation.apis) != {""} or set(application.apis) != {""}:
        return None

    validating = {
        operation_id: operation
        for api in validation.apis[""]
        for operation_id, operation in api.operations.items()
    }
    handling = {
        operation_id: operation
        for api in application.apis[""]
        for operation_id, operation in api.operations.items()
    }
    plans: dict[str, Plan] = {}
    routes: list[FastRoute] = []
    for route in _routes_of(routing):
        operation_id = getattr(route.endpoint, "operation_id", None)
        if operation_id not in validating or operation_id not in handling:
            continue
        if any(
            type(c).__name__ != "StringConvertor"
            for c in route.param_convertors.values()
        ):
            continue
        plan = plans.get(operation_id)
        if plan is None:
            plan = _plan_for(
                runtime, validating[operation_id], handling[operation_id], protected
            )
            if plan is None:
                continue
            plans[operation_id] = plan
        methods = frozenset(route.methods or ()) - {"HEAD"}
        routes.append(FastRoute(route.path, route.path_regex, methods, plan))
    return FastPath(runtime, slow, routes)


def _routes_of(routing: RoutingMiddleware) -> Iterator[Route]:
    for mount in routing.router.routes:
        if not isinstance(mount, Mount) or mount.path != "":
            continue
        for route in mount.app.routes:
            if isinstance(route, Route):
                yield route


def _plan_for(
    runtime: Runtime,
    validating: Any,
    handling: Any,
    protected: frozenset[str],
) -> Plan | None:
    operation = validating._operation
    handler = handling._fn
    if not inspect.iscoroutinefunction(handler):
        return None
    arguments, has_kwargs = inspect_function_arguments(inspect.unwrap(handler))
    uri_parser = operation._uri_parser_class(
        operation.parameters, operation.body_definition()
    )
    parameters = MockParameterValidator(
        operation.parameters,
        uri_parser=uri_parser,
        strict_validation=validating.strict_validation,
        security_query_params=validating.security_query_params,
    )
    info = runtime.operations[operation.operation_id]
    consumes = operation.consumes
    return Plan(
        operation_id=operation.operation_id,
        operation=operation,
        handler=handler,
        arguments=Arguments.of(operation, arguments, has_kwargs),
        parameters=parameters,
        protected=operation.operation_id in protected,
        admin=info.source == ADMIN_SOURCE,
        generated=operation.operation_id not in runtime.handled,
        strict=validating.strict_validation,
        accepted=MediaTypeDict([(c.lower(), None) for c in consumes])
        if consumes
        else None,
        default_mime=consumes[0] if consumes else OCTET_STREAM,
        declared=frozenset(c.lower() for c in consumes),
        text_path=all(
            _plain_text(param)
            for param in operation.parameters
            if param["in"] == "path"
        ),
        header_params=any(param["in"] == "header" for param in operation.parameters),
        query_reader=QueryReader.of(uri_parser.param_defns),
    )


def _plain_text(param: dict[str, Any]) -> bool:
    """A string parameter that connexion's URI parser returns as it came."""
    schema = param.get("schema", {})
    return schema.get("type") == "string" and not (
        param.get("style")
        or param.get("explode") is not None
        or schema.get("nullable")
        or schema.get("x-nullable")
    )
