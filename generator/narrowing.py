"""Narrowing a converted schema to the one that generators draw from.

The faithful schema says what a valid document is; the narrowed one says what
the mock will send, and every value it allows is also valid. Three things
change:

- `oneOf` branches are made exclusive. A value made for one branch must fail
  every other branch, or it fails `oneOf` itself. Zoom's own specs have many
  `oneOf` whose branches are open objects that overlap completely, so each
  branch is narrowed until it is provably disjoint from the others: first by
  leaving out a property another branch requires, then by requiring one of
  its own properties with a value the other branch rejects, and only as a last
  resort by adding a property of the other branch with a value of the wrong
  type. A branch that cannot be separated is dropped; when none is left the
  schema cannot be satisfied. Exclusive branches are then written as `anyOf`.
- Base keywords next to `oneOf`/`anyOf` are merged into each branch, so a
  generator only ever picks a branch and generates from it.
- Objects with declared properties get `additionalProperties: false`,
  integers without bounds get int64 bounds and patterns are read as ASCII, so
  bodies hold only documented fields, numbers every client can parse and
  strings that an ECMA-262 regex engine accepts too.
"""

from __future__ import annotations

import math
import re
from typing import Any

from zoom_mock.generator.convert import INT_BOUNDS
from zoom_mock.generator.errors import SchemaProblem
from zoom_mock.generator.merge import (
    Schema,
    intersect_types,
    merge,
    merge_all,
    types_of,
)
from zoom_mock.generator.validation import is_valid

MAX_DEPTH = 6
# Python's \d and \w match any Unicode digit or letter, ECMA-262's (which
# JSON Schema means) only ASCII ones; generating with the ASCII flag stays
# inside both.
ASCII = "(?a)"
_JUNK: list[dict[str, Any]] = [
    {"type": "null"},
    {"type": "boolean"},
    {"type": "integer", "minimum": 0, "maximum": 0},
    {"type": "string", "maxLength": 0},
    {"type": "object", "additionalProperties": False},
]
_COMPOSITE = ("oneOf", "anyOf", "allOf", "not")


def narrow(schema: Schema, notes: list[str], pointer: str = "") -> Schema:
    """The generation schema for `schema` (a bounded, converted schema)."""
    return _close_all(_separate(schema, notes, pointer))


def _separate(schema: Schema, notes: list[str], pointer: str) -> Schema:
    """Make oneOf branches exclusive, innermost first."""
    if isinstance(schema, bool):
        return schema

    out = dict(schema)
    if "properties" in out:
        out["properties"] = {
            name: _separate(sub, notes, f"{pointer}/properties/{name}")
            for name, sub in out["properties"].items()
        }
    for key in ("items", "additionalProperties"):
        if isinstance(out.get(key), dict):
            out[key] = _separate(out[key], notes, f"{pointer}/{key}")
    if "patternProperties" in out:
        out["patternProperties"] = {
            key: _separate(sub, notes, f"{pointer}/patternProperties")
            for key, sub in out["patternProperties"].items()
        }

    if "oneOf" in out or "anyOf" in out:
        return _separate_branches(out, notes, pointer)
    return out


def _separate_branches(
    schema: dict[str, Any], notes: list[str], pointer: str
) -> Schema:
    key = "oneOf" if "oneOf" in schema else "anyOf"
    base = {name: value for name, value in schema.items() if name != key}
    originals: list[Schema] = []
    for index, branch in enumerate(schema[key]):
        try:
            originals.append(merge(base, branch, f"{pointer}/{key}/{index}"))
        except SchemaProblem:
            notes.append(
                f"{pointer or '/'}: {key} branch {index} contradicts "
                "the keywords beside it"
            )
            originals.append(False)

    separated = [
        _separate(branch, notes, f"{pointer}/{key}/{index}")
        for index, branch in enumerate(originals)
    ]
    if key == "oneOf":
        separated = _exclusive(separated, originals, notes, pointer)
    kept = [branch for branch in separated if branch is not False]
    if not kept:
        raise SchemaProblem(key, pointer, "no branch can be satisfied on its own")
    return kept[0] if len(kept) == 1 else {"anyOf": kept}


def _exclusive(
    separated: list[Schema], originals: list[Schema], notes: list[str], pointer: str
) -> list[Schema]:
    """Narrow each branch until it is disjoint from every other original branch."""
    out: list[Schema] = []
    for index, branch in enumerate(separated):
        narrowed: Schema | None = branch
        for other_index, other in enumerate(originals):
            if other_index == index or narrowed is None or narrowed is False:
                continue
            narrowed = exclusive(narrowed, other, 0)
            if narrowed is None:
                notes.append(
                    f"{pointer or '/'}: oneOf branch {index} cannot be told apart from "
                    f"branch {other_index}, so it is never generated"
                )
        out.append(False if narrowed is None else narrowed)
    return out


def exclusive(schema: Schema, other: Schema, depth: int) -> Schema | None:
    """A narrower `schema` that no value of `other` satisfies, or None."""
    if disjoint(schema, other, 0):
        return schema
    if isinstance(schema, bool) or isinstance(other, bool) or depth > MAX_DEPTH:
        return None

    if "anyOf" in schema:
        return _distribute(schema, other, depth)
    for key in ("anyOf", "oneOf"):
        if key in other:
            return _exclusive_of_branches(schema, other, key, depth)

    for strategy in (
        _by_omission,
        _by_own_property,
        _by_enum,
        _by_range,
        _by_type,
        _by_foreign_property,
    ):
        narrowed = strategy(schema, other, depth)
        if narrowed is not None and disjoint(narrowed, other, 0):
            return narrowed
    return None


def _distribute(schema: dict[str, Any], other: Schema, depth: int) -> Schema | None:
    """Narrow each alternative of `schema` on its own and keep those that can be."""
    core = _core(schema)
    kept: list[Schema] = []
    for branch in schema["anyOf"]:
        try:
            part = merge(core, branch)
        except SchemaProblem:
            continue
        narrowed = exclusive(part, other, depth + 1)
        if narrowed is not None and narrowed is not False:
            kept.append(narrowed)

    if not kept:
        return None
    return kept[0] if len(kept) == 1 else {"anyOf": kept}


def _exclusive_of_branches(
    schema: Schema, other: dict[str, Any], key: str, depth: int
) -> Schema | None:
    """Disjoint from each branch of `other` (with its base) is disjoint from `other`."""
    narrowed: Schema | None = schema
    for branch in other[key]:
        try:
            part = merge(_core(other), branch)
        except SchemaProblem:
            continue
        narrowed = exclusive(narrowed, part, depth + 1)
        if narrowed is None:
            return None
    return narrowed


def _by_omission(
    schema: dict[str, Any], other: dict[str, Any], depth: int
) -> Schema | None:
    if not _is_object(schema):
        return None
    required = set(schema.get("required", []))
    for name in other.get("required", []):
        if name not in required:
            return _with_property(schema, name, False, require=False)
    return None


def _by_own_property(
    schema: dict[str, Any], other: dict[str, Any], depth: int
) -> Schema | None:
    if not _is_object(schema):
        return None
    properties = {
        name: sub
        for name, sub in schema.get("properties", {}).items()
        if sub is not False
    }
    required = schema.get("required", [])
    ordered = [name for name in required if name in properties] + [
        n for n in properties if n not in required
    ]

    for name in ordered:
        theirs = member(other, name)
        if theirs is True or theirs == {}:
            continue
        if disjoint(properties[name], theirs, 0):
            return _with_property(schema, name, properties[name], require=True)
    for name in ordered:
        theirs = member(other, name)
        if theirs is True or theirs == {}:
            continue
        narrowed = exclusive(properties[name], theirs, depth + 1)
        if narrowed is not None:
            return _with_property(schema, name, narrowed, require=True)
    return None


def _by_enum(
    schema: dict[str, Any], other: dict[str, Any], depth: int
) -> Schema | None:
    if "enum" not in schema:
        return None
    kept = [value for value in schema["enum"] if not is_valid(value, other)]
    return {**schema, "enum": kept} if kept else None


def _by_range(
    schema: dict[str, Any], other: dict[str, Any], depth: int
) -> Schema | None:
    """Keep the part of a numeric range that lies below or above the other's."""
    declared = types_of(schema)
    if not declared or not declared <= {"integer", "number"}:
        return None

    whole = declared == {"integer"}
    low, low_open = _lower(other)
    high, high_open = _upper(other)
    cuts: list[dict[str, Any]] = []
    if math.isfinite(low) and whole:
        smallest = math.floor(low) + 1 if low_open else math.ceil(low)
        cuts.append({"maximum": smallest - 1})
    elif math.isfinite(low):
        cuts.append({"maximum": low} if low_open else {"exclusiveMaximum": low})
    if math.isfinite(high) and whole:
        largest = math.ceil(high) - 1 if high_open else math.floor(high)
        cuts.append({"minimum": largest + 1})
    elif math.isfinite(high):
        cuts.append({"minimum": high} if high_open else {"exclusiveMinimum": high})

    for cut in cuts:
        narrowed = merge(schema, cut)
        if isinstance(narrowed, dict) and not _empty_range(narrowed):
            return narrowed
    return None


def _empty_range(schema: dict[str, Any]) -> bool:
    low, low_open = _lower(schema)
    high, high_open = _upper(schema)
    return low > high or (low == high and (low_open or high_open))


def _by_type(
    schema: dict[str, Any], other: dict[str, Any], depth: int
) -> Schema | None:
    declared = types_of(schema)
    if not declared or len(declared) < 2:
        return None
    for name in sorted(declared, key=lambda item: item == "null"):
        narrowed = {**schema, "type": name}
        if disjoint(narrowed, other, 0):
            return narrowed
    return None


def _by_foreign_property(
    schema: dict[str, Any], other: dict[str, Any], depth: int
) -> Schema | None:
    if not _is_object(schema):
        return None
    for name, theirs in other.get("properties", {}).items():
        if member(schema, name) is not True or theirs is True or theirs == {}:
            continue
        for junk in _JUNK:
            if disjoint(junk, theirs, 0):
                return _with_property(schema, name, dict(junk), require=True)
    return None


def disjoint(first: Schema, second: Schema, depth: int) -> bool:
    """True only when no value satisfies both schemas (a safe approximation)."""
    if first is False or second is False:
        return True
    if first is True or second is True or depth > MAX_DEPTH:
        return False

    for one, two in ((first, second), (second, first)):
        for key in ("anyOf", "oneOf"):
            if key in one and all(
                disjoint(branch, two, depth + 1) for branch in one[key]
            ):
                return True
        if any(disjoint(part, two, depth + 1) for part in one.get("allOf", [])):
            return True
        for key in ("enum", "const"):
            if key in one:
                values = one["enum"] if key == "enum" else [one["const"]]
                if not any(is_valid(value, two) for value in values):
                    return True

    return _disjoint_cores(_core(first), _core(second), depth)


def _disjoint_cores(first: dict[str, Any], second: dict[str, Any], depth: int) -> bool:
    common = intersect_types(types_of(first), types_of(second))
    if common is None:
        return False
    if not common:
        return True

    if common <= {"object"}:
        for one, two in ((first, second), (second, first)):
            for name in one.get("required", []):
                if disjoint(member(one, name), member(two, name), depth + 1):
                    return True
    if common <= {"string"} and _ranges_apart(first, second, "minLength", "maxLength"):
        return True
    if common <= {"integer", "number"} and _numbers_apart(first, second):
        return True
    if (
        common <= {"array"}
        and first.get("minItems", 0) > 0
        and second.get("minItems", 0) > 0
    ):
        return disjoint(first.get("items", True), second.get("items", True), depth + 1)
    return False


def _numbers_apart(first: dict[str, Any], second: dict[str, Any]) -> bool:
    for one, two in ((first, second), (second, first)):
        high, high_open = _upper(one)
        low, low_open = _lower(two)
        if high < low or (high == low and (high_open or low_open)):
            return True
    return False


def _upper(schema: dict[str, Any]) -> tuple[float, bool]:
    closed = schema.get("maximum", math.inf)
    opened = schema.get("exclusiveMaximum", math.inf)
    return (opened, True) if opened <= closed else (closed, False)


def _lower(schema: dict[str, Any]) -> tuple[float, bool]:
    closed = schema.get("minimum", -math.inf)
    opened = schema.get("exclusiveMinimum", -math.inf)
    return (opened, True) if opened >= closed else (closed, False)


def _ranges_apart(
    first: dict[str, Any], second: dict[str, Any], low: str, high: str
) -> bool:
    for one, two in ((first, second), (second, first)):
        if high in one and low in two and one[high] < two[low]:
            return True
    return False


def member(schema: Schema, name: str) -> Schema:
    """What an object schema says about its property `name`."""
    if isinstance(schema, bool):
        return schema
    if name in schema.get("properties", {}):
        return schema["properties"][name]

    matched = [
        sub
        for key, sub in schema.get("patternProperties", {}).items()
        if re.search(key, name)
    ]
    if matched:
        return merge_all(matched)
    return schema.get("additionalProperties", True)


def _core(schema: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in schema.items() if key not in _COMPOSITE}


def _is_object(schema: Schema) -> bool:
    return isinstance(schema, dict) and types_of(schema) == {"object"}


def _with_property(
    schema: dict[str, Any], name: str, sub: Schema, *, require: bool
) -> dict[str, Any]:
    out = dict(schema)
    out["properties"] = {**schema.get("properties", {}), name: sub}
    required = [
        item for item in schema.get("required", []) if item != name or sub is not False
    ]
    if require and name not in required:
        required.append(name)
    if required:
        out["required"] = required
    else:
        out.pop("required", None)
    return out


def _close_all(schema: Schema) -> Schema:
    """Close declared objects and bound integers, everywhere in the tree."""
    if isinstance(schema, bool):
        return schema

    out = dict(schema)
    if "properties" in out:
        out["properties"] = {
            name: _close_all(sub) for name, sub in out["properties"].items()
        }
    for key in ("items", "additionalProperties"):
        if isinstance(out.get(key), dict):
            out[key] = _close_all(out[key])
    if "patternProperties" in out:
        out["patternProperties"] = {
            key: _close_all(sub) for key, sub in out["patternProperties"].items()
        }
    if "anyOf" in out:
        out["anyOf"] = [_close_all(branch) for branch in out["anyOf"]]

    _close(out)
    _bound_integers(out)
    if isinstance(out.get("pattern"), str) and not out["pattern"].startswith(ASCII):
        out["pattern"] = ASCII + out["pattern"]
    return out


def _close(schema: dict[str, Any]) -> None:
    if (
        "properties" not in schema
        or "additionalProperties" in schema
        or "patternProperties" in schema
    ):
        return

    properties = dict(schema["properties"])
    for name in schema.get("required", []):
        properties.setdefault(name, True)
    schema["properties"] = properties
    schema["additionalProperties"] = False


def _bound_integers(schema: dict[str, Any]) -> None:
    declared = types_of(schema)
    if not declared or "integer" not in declared or declared & {"number"}:
        return

    low, high = INT_BOUNDS["int64"]
    if "minimum" not in schema and "exclusiveMinimum" not in schema:
        schema["minimum"] = low
    if "maximum" not in schema and "exclusiveMaximum" not in schema:
        schema["maximum"] = high
