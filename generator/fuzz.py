"""Adversarial but valid bodies, served from a pool built once per plan.

hypothesis-jsonschema knows how to find the awkward corners of a schema, but
it takes tens of milliseconds to start. So the first fuzz request of a plan
draws a pool of bodies in one seeded hypothesis run (see `drawing`), then
derives mutations of each body that push it toward the edges: numbers at
their bounds (int64 extremes where nothing narrower is given), empty strings
and strings at maxLength in non-ASCII text, optional properties left out,
empty arrays and null wherever null is allowed. Every body and every mutation
is validated against the plan's JSON Schema once, while the pool is built;
serving is an index and a copy.

If hypothesis-jsonschema cannot handle a schema, the pool starts from
realistic bodies instead, and the mutations still make them adversarial.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from random import Random
from typing import Any

import orjson
from zoom_mock.generator.drawing import DrawFailed, draw
from zoom_mock.generator.merge import Schema, types_of
from zoom_mock.generator.seeds import stable_seed
from zoom_mock.generator.validation import is_valid

NON_ASCII = "Zoë Łódź 東京 Ångström ‮ مرحبا 😀 "
LONGEST_FILL = 5000
MAX_SITES = 400
FLOAT_EXTREMES = (1.7976931348623157e308, -1.7976931348623157e308, 5e-324)

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Edit:
    """Replace (or, with `drop`, remove) the value at `path`."""

    path: Path
    value: Any = None
    drop: bool = False


class FuzzPool:
    """The validated bodies that fuzz mode serves for one plan."""

    def __init__(
        self,
        generation_schema: Schema,
        json_schema: Schema,
        realistic: Callable[[int], Any],
        size: int,
        mutations: int,
        pool_seed: int,
    ) -> None:
        self._generation_schema = generation_schema
        self._json_schema = json_schema
        self._realistic = realistic
        self._size = size
        self._mutations = mutations
        self._seed = pool_seed
        self._lock = threading.Lock()
        self._bodies: list[bytes] | None = None
        self.source = "not built"

    @property
    def ready(self) -> bool:
        return self._bodies is not None

    def body(self, seed: int) -> Any:
        return orjson.loads(self.encoded(seed))

    def encoded(self, seed: int) -> bytes:
        bodies = self._bodies if self._bodies is not None else self.build()
        return bodies[seed % len(bodies)]

    def build(self) -> list[bytes]:
        with self._lock:
            if self._bodies is None:
                self._bodies = self._build()
            return self._bodies

    def _build(self) -> list[bytes]:
        bases = self._bases()
        out: dict[bytes, None] = {}
        for index, base in enumerate(bases):
            out[orjson.dumps(base)] = None
            rng = Random(stable_seed(self._seed, "mutate", index))
            for candidate in mutate(
                base, self._generation_schema, rng, self._mutations
            ):
                if is_valid(candidate, self._json_schema):
                    out[orjson.dumps(candidate)] = None
        return list(out)

    def _bases(self) -> list[Any]:
        try:
            drawn = draw(self._generation_schema, self._size, self._seed)
            valid = [
                body
                for body in drawn
                if _encodable(body) and is_valid(body, self._json_schema)
            ]
        except DrawFailed as failure:
            self.source = f"realistic bodies ({failure})"
            valid = []
        else:
            self.source = "hypothesis-jsonschema"

        if not valid:
            if self.source == "hypothesis-jsonschema":
                self.source = "realistic bodies (no drawn body was valid)"
            valid = [
                self._realistic(stable_seed(self._seed, index))
                for index in range(self._size)
            ]
        return valid


def with_proven(schema: Schema, proven: dict[str, list[Any]]) -> Schema:
    """`schema` with each node the realistic compiler had to prove made an enum.

    hypothesis-jsonschema meets `not` or a second pattern only by filtering,
    which can take many seconds; the values proven at compile time are valid
    there by construction.
    """
    out: Any = orjson.loads(orjson.dumps(schema))
    for pointer in sorted(proven, key=len, reverse=True):
        tokens = pointer.split("/")[1:]
        if not tokens:
            return {"enum": proven[pointer]}
        parent = out
        for token in tokens[:-1]:
            parent = _child(parent, token)
        last = tokens[-1]
        if isinstance(parent, dict) and last in parent:
            parent[last] = {"enum": proven[pointer]}
        elif isinstance(parent, list) and last.isdigit() and int(last) < len(parent):
            parent[int(last)] = {"enum": proven[pointer]}
    return out


def _child(node: Any, token: str) -> Any:
    if isinstance(node, dict):
        return node.get(token)
    if isinstance(node, list) and token.isdigit() and int(token) < len(node):
        return node[int(token)]
    return None


def _encodable(body: Any) -> bool:
    try:
        orjson.dumps(body)
    except (orjson.JSONEncodeError, TypeError):
        return False
    return True


def mutate(body: Any, schema: Schema, rng: Random, count: int) -> list[Any]:
    """`count` single edits of `body`, plus one body with many edits at once."""
    edits = list(_edits(body, schema, ()))
    if not edits:
        return []

    chosen = rng.sample(edits, min(count, len(edits)))
    out = [_apply(body, [edit]) for edit in chosen]
    many = rng.sample(edits, min(len(edits), max(count * 3, 12)))
    out.append(_apply(body, sorted(many, key=lambda edit: -len(edit.path))))
    return out


def _edits(value: Any, schema: Schema, path: Path) -> Iterator[Edit]:
    """Every boundary edit that the schema suggests for `value` at `path`."""
    if len(path) > 40 or not isinstance(schema, dict):
        return
    if "anyOf" in schema:
        branch = next(
            (branch for branch in schema["anyOf"] if is_valid(value, branch)), None
        )
        if branch is not None:
            yield from _edits(value, branch, path)
        return

    declared = types_of(schema) or set()
    if "null" in declared and value is not None:
        yield Edit(path, None)
    if "enum" in schema or "const" in schema:
        return

    if isinstance(value, bool):
        yield Edit(path, not value)
    elif isinstance(value, int) and "integer" in declared:
        yield from (Edit(path, bound) for bound in _integer_edges(schema))
    elif isinstance(value, (int, float)):
        yield from (Edit(path, bound) for bound in _number_edges(schema))
    elif isinstance(value, str):
        yield from (Edit(path, text) for text in _string_edges(schema))
    elif isinstance(value, list):
        yield from _array_edits(value, schema, path)
    elif isinstance(value, dict):
        yield from _object_edits(value, schema, path)


def _integer_edges(schema: dict[str, Any]) -> list[int]:
    edges = [0]
    if "minimum" in schema:
        edges.append(math.ceil(schema["minimum"]))
    if "maximum" in schema:
        edges.append(math.floor(schema["maximum"]))
    if "exclusiveMinimum" in schema:
        edges.append(math.floor(schema["exclusiveMinimum"]) + 1)
    if "exclusiveMaximum" in schema:
        edges.append(math.ceil(schema["exclusiveMaximum"]) - 1)
    return edges


def _number_edges(schema: dict[str, Any]) -> list[float]:
    edges: list[float] = [0.0, -0.0]
    for key in ("minimum", "maximum"):
        if key in schema:
            edges.append(float(schema[key]))
    if not any(
        key in schema
        for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
    ):
        edges.extend(FLOAT_EXTREMES)
    return edges


def _string_edges(schema: dict[str, Any]) -> list[str]:
    if "pattern" in schema or "format" in schema:
        return []
    low, high = schema.get("minLength", 0), schema.get("maxLength")
    edges = [""] if low == 0 else []
    length = high if high is not None and high <= LONGEST_FILL else max(low, 64)
    if length >= low:
        edges.append(_fill(length))
    return edges


def _fill(length: int) -> str:
    repeats = length // len(NON_ASCII) + 1
    return (NON_ASCII * repeats)[:length]


def _array_edits(
    value: list[Any], schema: dict[str, Any], path: Path
) -> Iterator[Edit]:
    if value and schema.get("minItems", 0) == 0:
        yield Edit(path, [])
    items = schema.get("items", True)
    for index, item in enumerate(value[:MAX_SITES]):
        yield from _edits(item, items, (*path, index))


def _object_edits(
    value: dict[str, Any], schema: dict[str, Any], path: Path
) -> Iterator[Edit]:
    required = set(schema.get("required", []))
    properties = schema.get("properties", {})
    for field, inner in value.items():
        place = (*path, field)
        if field not in required:
            yield Edit(place, drop=True)
        yield from _edits(
            inner,
            properties.get(field, schema.get("additionalProperties", True)),
            place,
        )


def _apply(body: Any, edits: list[Edit]) -> Any:
    copy = orjson.loads(orjson.dumps(body))
    for edit in edits:
        copy = _apply_one(copy, edit)
    return copy


def _apply_one(body: Any, edit: Edit) -> Any:
    if not edit.path:
        return edit.value
    parent = body
    for step in edit.path[:-1]:
        try:
            parent = parent[step]
        except (KeyError, IndexError, TypeError):
            return body

    last = edit.path[-1]
    try:
        if edit.drop:
            del parent[last]
        else:
            parent[last] = edit.value
    except (KeyError, IndexError, TypeError):
        pass
    return body
