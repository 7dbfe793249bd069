"""Measuring optimisations before anyone writes them: the mock with patches applied.

    python bench/levers.py pythonic-cache,lean-middlewares -- serve --port 18123

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


@patch("pythonic-cache")
def pythonic_cache() -> None:
    """Parameter names are converted to snake_case with regexes on every request."""
    from connexion.decorators import parameter

    parameter.pythonic = functools.lru_cache(maxsize=4096)(parameter.pythonic)
    parameter.sanitized = functools.lru_cache(maxsize=4096)(parameter.sanitized)


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


@patch("two-writes")
def two_writes() -> None:
    """uvicorn's own behaviour: a response's head and body in two socket writes.

    This undoes zoom_mock.serving.HeadWithBody, to measure what sending both
    in one write is worth.
    """
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    from zoom_mock.serving import GuardedHttpToolsProtocol

    def headers_complete(self: Any) -> None:
        self._awaiting_head = False
        HttpToolsProtocol.on_headers_complete(self)

    GuardedHttpToolsProtocol.on_headers_complete = headers_complete  # type: ignore[method-assign]


@patch("no-archive")
def no_archive() -> None:
    """Every meeting stays in memory as a dict: what archiving costs a create.

    Memory then grows by a few KiB a meeting without bound, so this is a
    measurement only (bench/memory.py shows the difference in RSS).
    """
    from zoom_mock.meeting_table import MeetingTable

    MeetingTable.hot_limit = None


@patch("no-memos")
def no_memos() -> None:
    """Nothing remembered between requests: every body, parameter and error
    answer is checked or read afresh, as for a client that never repeats one.

    The mock remembers verdicts on recent bodies by their bytes, parameter
    values that passed and the violations of recent error answers; a load
    test repeating one request hits those every time, so this shows what the
    same requests cost when each is new.
    """
    from zoom_mock import journal, validation

    class Forgetful(dict[Any, Any]):
        def __setitem__(self, key: Any, value: Any) -> None:
            return None

    class ForgetfulSet(set[Any]):
        def add(self, item: Any) -> None:
            return None

    original_init = validation.MockJSONBodyValidator.__init__

    def forgetful_init(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        self._verdicts = Forgetful()

    validation.MockJSONBodyValidator.__init__ = forgetful_init  # type: ignore[method-assign]
    original_parameter = validation.CheckedParameter.__init__

    def forgetful_parameter(self: Any, *args: Any, **kwargs: Any) -> None:
        original_parameter(self, *args, **kwargs)
        self._passing = ForgetfulSet()

    validation.CheckedParameter.__init__ = forgetful_parameter  # type: ignore[method-assign]
    journal._remembered_violations = journal._violations_in  # type: ignore[attr-defined]


@patch("canned-create")
def canned_create() -> None:
    """The create with its work left out: what the rest of the mock costs a POST.

    The first create is made for real; every later one answers that
    meeting's view again, encoded afresh, without new ids, passcodes, store
    or archive. The body is still read, validated and journaled. Beside the
    plain mock this splits a create's cost into the handler's share and the
    share of everything around it (bench/RESULTS.md).
    """
    import importlib

    import orjson

    from zoom_mock.responses import json_response

    # The handlers folder is installed as zoom_mock.handlers (pyproject.toml).
    meetings = importlib.import_module("zoom_mock.handlers.meetings")

    made = meetings.meetingCreate
    view: Any = None

    async def meetingCreate(user_id: str, body: Any) -> Any:
        nonlocal view
        if view is None:
            view = orjson.loads((await made(user_id, body)).body)
        return json_response(view, 201)

    meetings.meetingCreate = meetingCreate  # type: ignore[assignment]


@patch("body-timers")
def body_timers() -> None:
    """A timer for every body read, as before the mock checked whether the
    body had already arrived (zoom_mock/limits.py, `arrived`)."""
    from zoom_mock import limits

    limits.arrived = lambda receive: False  # type: ignore[assignment]


# Levers measured here first and since built into the mock; their patches
# are gone so that the logic lives in one place.
BUILT_IN = {
    "decorate-once": "zoom_mock/dispatch.py",
    "route-index": "zoom_mock/routing.py",
    "uuid-index": "MeetingTable in zoom_mock/meeting_table.py",
}


def apply(names: list[str]) -> None:
    for name in names:
        if name in BUILT_IN:
            raise SystemExit(
                f"levers.py: {name!r} is built into the mock now ({BUILT_IN[name]}); "
                "the plain mock already has it."
            )
        if name not in PATCHES:
            raise SystemExit(
                f"levers.py: no patch named {name!r}; known: {', '.join(PATCHES)}."
            )
        PATCHES[name]()


USAGE = "usage: levers.py PATCH[,PATCH...] -- <zoom-mock arguments>"


def main() -> int:
    if sys.argv[1:2] in (["-h"], ["--help"]):
        print(f"{USAGE}\n\n{__doc__}\npatches:")
        for name, function in PATCHES.items():
            print(f"  {name}: {(function.__doc__ or '').splitlines()[0]}")
        return 0
    if "--" not in sys.argv:
        raise SystemExit(USAGE)
    split = sys.argv.index("--")
    names = [n for n in ",".join(sys.argv[1:split]).split(",") if n]
    apply(names)

    from zoom_mock.cli import main as zoom_mock

    return zoom_mock(sys.argv[split + 1 :])


if __name__ == "__main__":
    sys.exit(main())
