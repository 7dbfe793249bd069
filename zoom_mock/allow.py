"""The `Allow` header of a 405: every method the specs declare for the path.

connexion registers one Starlette route per operation, and Starlette answers
a method it has no route for with the `Allow` of the first route whose path
matched, which names that one operation's method only. A client (or
schemathesis) reading `Allow: GET` on a path that also takes PATCH and DELETE
is misled, so the 405 is given the full list here, worked out from the spec:
the path's template with the most literal segments wins, as in routing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from zoom_mock.documents import OperationInfo

if TYPE_CHECKING:
    from zoom_mock.runtime import Runtime

INDEX_KEY = "allow_index"


@dataclass(frozen=True)
class PathMethods:
    template: str
    pattern: re.Pattern[str]
    methods: tuple[str, ...]


def build_index(operations: Iterable[OperationInfo]) -> list[PathMethods]:
    """Each path template with its methods, most literal templates first."""
    methods: dict[str, set[str]] = {}
    for info in operations:
        methods.setdefault(info.path, set()).add(info.method.upper())
    index = []
    for template, found in methods.items():
        if "GET" in found:
            found.add("HEAD")
        parts = re.split(r"(\{[^}]+\})", template)
        regex = "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts)
        index.append(
            PathMethods(template, re.compile(f"^{regex}$"), tuple(sorted(found)))
        )
    index.sort(key=lambda entry: (entry.template.count("{"), -len(entry.template)))
    return index


def allowed_methods(index: list[PathMethods], path: str) -> tuple[str, ...]:
    """The methods the specs declare for `path`; empty when no template matches."""
    for entry in index:
        if entry.pattern.match(path):
            return entry.methods
    return ()


def allow_header(runtime: Runtime | None, path: str) -> dict[str, str]:
    """`{"Allow": ...}` for `path` in the mock serving `runtime`."""
    if runtime is None:
        return {}
    index = runtime.extras.get(INDEX_KEY)
    if index is None:
        index = runtime.extras[INDEX_KEY] = build_index(runtime.operations.values())
    methods = allowed_methods(index, path)
    return {"Allow": ", ".join(methods)} if methods else {}
