"""Calling handlers without rebuilding connexion's decorators on every request.

connexion 3 wraps each handler in a parameter decorator and a response
decorator, and its asynchronous app builds both anew for every request,
inspecting the handler's signature each time. Nothing in them depends on the
request until they run, so here they are built once per operation and reused;
the request itself is still read per call, exactly as before.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any

from connexion.apps.asynchronous import AsyncASGIApp, AsyncOperation
from connexion.context import receive, scope
from connexion.decorators import StarletteDecorator


class DecoratedOnce(StarletteDecorator):
    """A StarletteDecorator that decorates its function once, not per call."""

    def __call__(self, function: Callable[..., Any]) -> Callable[..., Any]:
        decorated = self.decorate(function)

        @functools.wraps(function)
        async def call_with_request(*_args: Any, **_kwargs: Any) -> Any:
            request = self.framework.get_request(
                uri_parser=self.uri_parser, scope=scope, receive=receive
            )
            return await decorated(request)

        return call_with_request


class OnceDecoratedOperation(AsyncOperation):
    """An AsyncOperation whose decorated handler is built on first use."""

    @property
    def fn(self) -> Callable[..., Any]:
        cached = self.__dict__.get("_decorated_once")
        if cached is None and getattr(self._fn, "reads_no_arguments", False):
            # A generated handler answers from the scope and returns a
            # Response: connexion's conversion of its parameters, which
            # needs a `type` on every parameter schema, is left out.
            cached = self.__dict__["_decorated_once"] = self._fn
        if cached is None:
            decorator = DecoratedOnce(
                pythonic_params=self.pythonic_params, jsonifier=self.jsonifier
            )
            cached = self.__dict__["_decorated_once"] = decorator(self._fn)
        return cached


def decorate_handlers_once(middleware_stack: Iterable[Any]) -> int:
    """Switch every operation of connexion's async app to OnceDecoratedOperation."""
    count = 0
    for middleware in middleware_stack:
        if not isinstance(middleware, AsyncASGIApp):
            continue
        for apis in middleware.apis.values():
            for api in apis:
                for operation in api.operations.values():
                    if type(operation) is AsyncOperation:
                        operation.__class__ = OnceDecoratedOperation
                        count += 1
    return count
