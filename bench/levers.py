"""Measuring optimisations before anyone writes them: the mock with patches applied.

    python bench/levers.py decorate-once,route-index -- serve --port 18123

runs `zoom-mock serve` (or any other zoom-mock command) in this process after
applying the named patches to connexion, starlette or the mock. The patches
are experiments, not fixes: each one shows what a real change in the named
place would buy, so that bench/run.py can measure it beside the plain mock
(`--variant NAME=PATCH,PATCH`). None of them is used outside the benchmark.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any

from starlette.types import Receive, Scope, Send

PATCHES: dict[str, Callable[[], None]] = {}


def patch(name: str) -> Callable[[Callable[[], None]], Callable[[], None]]:
    def register(function: Callable[[], None]) -> Callable[[], None]:
        PATCHES[name] = function
        return function

    return register


@patch("decorate-once")
def decorate_once() -> None:
    """connexion rebuilds three decorators around the handler on every request.

    ASGIDecorator.__call__ calls `self.decorate(function)` inside the request
    wrapper, and AsyncOperation.fn builds a new StarletteDecorator each time;
    both run `inspect.signature` and `functools.wraps` per request. Here the
    decorated function is built once per operation.
    """
    from connexion.apps.asynchronous import AsyncOperation
    from connexion.context import receive, scope
    from connexion.decorators.main import ASGIDecorator

    def call(self: Any, function: Callable[..., Any]) -> Callable[..., Any]:
        decorated = self.decorate(function)

        @functools.wraps(function)
        async def wrapper(*_args: Any, **_kwargs: Any) -> Any:
            request = self.framework.get_request(
                uri_parser=self.uri_parser, scope=scope, receive=receive
            )
            return await decorated(request)

        return wrapper

    ASGIDecorator.__call__ = call  # type: ignore[method-assign]
    original = AsyncOperation.fn

    def cached_fn(self: Any) -> Any:
        found = self.__dict__.get("_bench_fn")
        if found is None:
            found = original.fget(self)  # type: ignore[attr-defined]
            self.__dict__["_bench_fn"] = found
        return found

    AsyncOperation.fn = property(cached_fn)  # type: ignore[method-assign,assignment]


@patch("pythonic-cache")
def pythonic_cache() -> None:
    """Parameter names are converted to snake_case with regexes on every request."""
    from connexion.decorators import parameter

    parameter.pythonic = functools.lru_cache(maxsize=4096)(parameter.pythonic)
    parameter.sanitized = functools.lru_cache(maxsize=4096)(parameter.sanitized)


@patch("route-index")
def route_index() -> None:
    """Starlette's router tries every route's regex in turn.

    With hundreds of operations that linear scan is a large share of a
    request. Here a router with many routes first narrows the candidates to
    those whose first path segment matches (routes that start with a
    parameter stay in every bucket), keeping their order, so the first match
    is the same route as before.
    """
    from starlette.routing import Match, Router, get_route_path

    original = Router.app

    def first_segment(path: str) -> str:
        return path.split("/", 2)[1] if path.startswith("/") else ""

    def buckets(router: Router) -> tuple[dict[str, list[Any]], list[Any]] | None:
        cached = router.__dict__.get("_bench_buckets")
        if cached is not None and cached[0] == len(router.routes):
            return cached[1]
        if len(router.routes) < 32:
            return None

        firsts = [first_segment(getattr(r, "path", "")) for r in router.routes]
        is_wild = ["{" in first or not first for first in firsts]
        wild = [r for r, w in zip(router.routes, is_wild, strict=True) if w]
        by_segment = {
            segment: [
                route
                for route, first, w in zip(router.routes, firsts, is_wild, strict=True)
                if w or first == segment
            ]
            for segment in set(firsts)
            if "{" not in segment and segment
        }
        router.__dict__["_bench_buckets"] = (len(router.routes), (by_segment, wild))
        return by_segment, wild

    async def app(self: Router, scope: Scope, receive: Receive, send: Send) -> None:
        found = buckets(self) if scope["type"] == "http" else None
        if found is None:
            await original(self, scope, receive, send)
            return
        by_segment, wild = found
        first = first_segment(get_route_path(scope))
        if "router" not in scope:
            scope["router"] = self

        partial = None
        for route in by_segment.get(first, wild):
            match, child_scope = route.matches(scope)
            if match is Match.FULL:
                scope["route"] = route
                scope.update(child_scope)
                await route.handle(scope, receive, send)
                return
            if match is Match.PARTIAL and partial is None:
                partial, partial_scope = route, child_scope
        if partial is not None:
            scope["route"] = partial
            scope.update(partial_scope)
            await partial.handle(scope, receive, send)
            return
        await original(self, scope, receive, send)

    Router.app = app  # type: ignore[method-assign]


@patch("uuid-index")
def uuid_index() -> None:
    """Creating a meeting scans every stored meeting to rule out a uuid clash.

    handlers/meetings.py `_fresh_ids` calls Store.find_meeting(uuid), a linear
    walk over all meetings, so each create gets slower as meetings pile up.
    Here the clash check uses a set of known uuids instead.
    """
    from zoom_mock.handlers import meetings

    from zoom_mock.runtime import current

    known: set[str] = set()

    def fresh_ids() -> tuple[int, str]:
        runtime = current()
        store = runtime.store
        if not known:
            known.update(str(m.get("uuid")) for m in store.meetings.values())
        number = runtime.ids.meeting_id()
        while number in store.meetings:
            number = runtime.ids.meeting_id()
        uuid = runtime.ids.uuid()
        while uuid in known:
            uuid = runtime.ids.uuid()
        known.add(uuid)
        return number, uuid

    meetings._fresh_ids = fresh_ids


@patch("lean-middlewares")
def lean_middlewares() -> None:
    """Three connexion layers do nothing for the mock on an ordinary request.

    SecurityMiddleware has no schemes left to check (BearerAuthMiddleware does
    auth), ResponseValidationMiddleware only matters with
    --validate-responses, and SwaggerUIMiddleware only answers /ui and the
    spec itself, yet each routes and copies the scope on every request. Here
    they pass requests straight on; the real change is to leave them out of
    the `middlewares` list given to connexion.AsyncApp.
    """
    from connexion.middleware.response_validation import (
        ResponseValidationMiddleware,
    )
    from connexion.middleware.security import SecurityMiddleware
    from connexion.middleware.swagger_ui import SwaggerUIMiddleware

    async def passthrough(
        self: Any, scope: Scope, receive: Receive, send: Send
    ) -> None:
        await self.app(scope, receive, send)

    SecurityMiddleware.__call__ = passthrough  # type: ignore[method-assign]
    ResponseValidationMiddleware.__call__ = passthrough  # type: ignore[method-assign]
    swagger = SwaggerUIMiddleware.__call__

    async def swagger_only(
        self: Any, scope: Scope, receive: Receive, send: Send
    ) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and not (
            path.startswith("/ui") or path.endswith(".json")
        ):
            await self.app(scope, receive, send)
            return
        await swagger(self, scope, receive, send)

    SwaggerUIMiddleware.__call__ = swagger_only  # type: ignore[method-assign]


@patch("no-own-middlewares")
def no_own_middlewares() -> None:
    """What the mock's own layers cost: journal, limits, rate limits, faults,
    Prefer handling and bearer auth, all switched off.

    This removes features, so it is a measurement only: it tells how much of a
    request those layers take, not something to ship.
    """
    from zoom_mock import app as mock_app
    from zoom_mock.auth import BearerAuthMiddleware

    def nothing(*_args: Any, **_kwargs: Any) -> None:
        return None

    for name in dir(mock_app):
        if name.startswith("install_"):
            setattr(mock_app, name, nothing)

    async def direct(
        _runtime: Any, scope: Scope, receive: Receive, send: Send, app: Any
    ) -> None:
        await app(scope, receive, send)

    mock_app.record_exchange = direct  # type: ignore[attr-defined]

    async def passthrough(
        self: Any, scope: Scope, receive: Receive, send: Send
    ) -> None:
        await self.app(scope, receive, send)

    BearerAuthMiddleware.__call__ = passthrough  # type: ignore[method-assign]


def apply(names: list[str]) -> None:
    for name in names:
        if name not in PATCHES:
            raise SystemExit(
                f"levers.py: no patch named {name!r}; known: {', '.join(PATCHES)}."
            )
        PATCHES[name]()


def main() -> int:
    if "--" not in sys.argv:
        raise SystemExit("usage: levers.py PATCH[,PATCH...] -- <zoom-mock arguments>")
    split = sys.argv.index("--")
    names = [n for n in ",".join(sys.argv[1:split]).split(",") if n]
    apply(names)

    from zoom_mock.cli import main as zoom_mock

    return zoom_mock(sys.argv[split + 1 :])


if __name__ == "__main__":
    sys.exit(main())
