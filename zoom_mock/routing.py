"""Faster route lookup for the routers connexion builds.

Starlette tries every route of a router in turn, and connexion routes each
request twice, so with a hundred paths most of a simple GET went into regular
expressions that could never match. This router first looks at the request's
first path segment and only tries the routes that start with that literal
segment, plus the few that start with a parameter. The order among those
routes is the original one, so which route wins, and when a method mismatch
becomes a 405, is exactly as before. Anything it does not find is handed to
Starlette's own full scan, so 404s behave as they always did. Slash redirects
are switched off: `/users/` is not Zoom's `/users`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from starlette.routing import Match, Mount, Router, get_route_path
from starlette.types import Receive, Scope, Send

ANY_SEGMENT = ""
Item = TypeVar("Item")


def first_segment(template: str) -> str:
    """`/users/{userId}` -> `users`; a leading parameter or a root mount -> ANY."""
    head = template.lstrip("/").split("/", 1)[0]
    return ANY_SEGMENT if not head or "{" in head else head


def segment_index(
    items: Iterable[Item], template: Callable[[Item], str]
) -> dict[str, list[Item]]:
    """`items` bucketed by the first literal segment of their route template.

    An item whose template starts with a parameter could match any path, so
    it goes into every bucket; within a bucket the original order is kept.
    """
    listed = list(items)
    keys = {first_segment(template(item)) for item in listed}
    index: dict[str, list[Item]] = {key: [] for key in keys | {ANY_SEGMENT}}
    for item in listed:
        key = first_segment(template(item))
        for bucket, members in index.items():
            if key in (ANY_SEGMENT, bucket):
                members.append(item)
    return index


class SegmentIndexedRouter(Router):
    """A Router that narrows the candidate routes by the first path segment."""

    _index: dict[str, list[Any]]
    _indexed_count: int = -1

    def _candidates(self, path: str) -> list[Any]:
        if self._indexed_count != len(self.routes):
            self._build_index()
        head = path.lstrip("/").split("/", 1)[0]
        return self._index.get(head, self._index[ANY_SEGMENT])

    def _build_index(self) -> None:
        self._index = segment_index(
            self.routes, lambda route: getattr(route, "path", "")
        )
        self._indexed_count = len(self.routes)

    async def app(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().app(scope, receive, send)
            return
        scope.setdefault("router", self)

        partial = partial_scope = None
        for route in self._candidates(get_route_path(scope)):
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
            scope.update(partial_scope or {})
            await partial.handle(scope, receive, send)
            return
        await super().app(scope, receive, send)


def _routers_below(root: Any) -> Iterator[Router]:
    """Every Router reachable from `root` through `.router` and mounted apps."""
    seen: set[int] = set()
    pending = [root]
    while pending:
        node = pending.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, Router):
            yield node
            pending.extend(
                route.app for route in node.routes if isinstance(route, Mount)
            )
            pending.extend(
                route.app for route in node.routes if isinstance(route, Router)
            )
        pending.append(getattr(node, "router", None))


def index_routers(middleware_stack: Any) -> int:
    """Switch every plain Router in connexion's stack to the indexed one."""
    count = 0
    for middleware in middleware_stack:
        for router in _routers_below(middleware):
            # A trailing slash is a different path in Zoom's API, not a redirect.
            router.redirect_slashes = False
            # Only routers whose stack is their own `app` (no middleware).
            if type(router) is Router and router.middleware_stack == router.app:
                router.__class__ = SegmentIndexedRouter
                # Router keeps a bound `app` as the entry point of its stack.
                router.middleware_stack = router.app
                count += 1
    return count
