"""Merging the parts of an `allOf` into one schema.

Generating from `allOf` part by part cannot work: a value made for one part
knows nothing of the others. So the parts are merged keyword by keyword into a
single schema that allows exactly the values every part allows. What cannot
be merged exactly (two different patterns, say) is kept in a residual `allOf`
that the compilers check for themselves.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from zoom_mock.generator.errors import SchemaProblem

Schema = dict[str, Any] | bool

NUMERIC_TYPES = {"integer", "number"}
MAX_PRODUCT = 32
_ANNOTATIONS = ("title", "default")


def json_key(value: Any) -> str:
    """A string that is equal for two values exactly when JSON Schema says so."""

    def canonical(item: Any) -> Any:
        if isinstance(item, float) and item.is_integer():
            return int(item)
        if isinstance(item, dict):
            return {key: canonical(inner) for key, inner in item.items()}
        if isinstance(item, list):
            return [canonical(inner) for inner in item]
        return item

    return json.dumps(canonical(value), sort_keys=True, ensure_ascii=False)


def types_of(schema: Schema) -> set[str] | None:
    """The JSON types `schema` names, or None when it does not restrict them."""
    if schema is False:
        return set()
    if schema is True:
        return None
    declared = schema.get("type")
    if declared is None:
        return None
    return {declared} if isinstance(declared, str) else set(declared)


def intersect_types(first: set[str] | None, second: set[str] | None) -> set[str] | None:
    if first is None:
        return second
    if second is None:
        return first

    common = first & second
    if "number" in first and "integer" in second:
        common.add("integer")
    if "integer" in first and "number" in second:
        common.add("integer")
    return common


def merge(first: Schema, second: Schema, pointer: str = "") -> Schema:
    """A schema that allows the values both `first` and `second` allow."""
    if first is True or first == {}:
        return second
    if second is True or second == {}:
        return first
    if first is False or second is False:
        return False
    if "$ref" in first or "$ref" in second:
        return {"allOf": [first, second]}

    out: dict[str, Any] = {}
    residual: list[Schema] = list(first.get("allOf", [])) + list(
        second.get("allOf", [])
    )

    _merge_types(first, second, out, pointer)
    _merge_values(first, second, out, pointer)
    _merge_numbers(first, second, out, residual)
    _merge_strings(first, second, out, residual)
    _merge_arrays(first, second, out, pointer)
    _merge_objects(first, second, out, pointer)
    _merge_branches(first, second, out, residual, pointer)
    _merge_annotations(first, second, out)

    if residual:
        out["allOf"] = residual
    return out


def merge_all(parts: list[Schema], pointer: str = "") -> Schema:
    merged: Schema = True
    for index, part in enumerate(parts):
        merged = merge(merged, part, f"{pointer}/allOf/{index}")
    return merged


def _merge_types(
    first: dict[str, Any], second: dict[str, Any], out: dict[str, Any], pointer: str
) -> None:
    first_types, second_types = types_of(first), types_of(second)
    common = intersect_types(first_types, second_types)
    if common is None:
        return

    if not common:
        raise SchemaProblem(
            "type",
            pointer,
            f"the allOf parts allow only {sorted(first_types or [])} and "
            f"{sorted(second_types or [])}, which share no type",
        )
    ordered = [name for name in _type_order(first, second) if name in common]
    out["type"] = ordered[0] if len(ordered) == 1 else ordered


def _type_order(first: dict[str, Any], second: dict[str, Any]) -> list[str]:
    names: list[str] = []
    for schema in (first, second):
        declared = schema.get("type", [])
        for name in [declared] if isinstance(declared, str) else declared:
            if name not in names:
                names.append(name)
    if "integer" not in names:
        names.append("integer")
    return names


def _merge_values(
    first: dict[str, Any], second: dict[str, Any], out: dict[str, Any], pointer: str
) -> None:
    if (
        "const" in first
        and "const" in second
        and json_key(first["const"]) != json_key(second["const"])
    ):
        raise SchemaProblem(
            "const",
            pointer,
            f"the allOf parts require both {first['const']!r} and {second['const']!r}",
        )
    for schema in (first, second):
        if "const" in schema:
            out["const"] = schema["const"]

    enums = [schema["enum"] for schema in (first, second) if "enum" in schema]
    if len(enums) == 2:
        allowed = {json_key(value) for value in enums[1]}
        common = [value for value in enums[0] if json_key(value) in allowed]
        if not common:
            raise SchemaProblem(
                "enum",
                pointer,
                f"the allOf parts allow {enums[0]!r} and {enums[1]!r}, "
                "which share no value",
            )
        out["enum"] = common
    elif enums:
        out["enum"] = list(enums[0])


def _merge_numbers(
    first: dict[str, Any],
    second: dict[str, Any],
    out: dict[str, Any],
    residual: list[Schema],
) -> None:
    for key, pick in (
        ("minimum", max),
        ("exclusiveMinimum", max),
        ("maximum", min),
        ("exclusiveMaximum", min),
        ("minLength", max),
        ("maxLength", min),
        ("minItems", max),
        ("maxItems", min),
        ("minProperties", max),
        ("maxProperties", min),
    ):
        values = [schema[key] for schema in (first, second) if key in schema]
        if values:
            out[key] = pick(values)

    steps = [
        schema["multipleOf"] for schema in (first, second) if "multipleOf" in schema
    ]
    if len(steps) == 2 and all(isinstance(step, int) for step in steps):
        out["multipleOf"] = math.lcm(*steps)
    elif len(steps) == 2:
        out["multipleOf"] = steps[0]
        if steps[0] != steps[1]:
            residual.append({"multipleOf": steps[1]})
    elif steps:
        out["multipleOf"] = steps[0]


def _merge_strings(
    first: dict[str, Any],
    second: dict[str, Any],
    out: dict[str, Any],
    residual: list[Schema],
) -> None:
    for key in ("pattern", "format"):
        values = [schema[key] for schema in (first, second) if key in schema]
        if values:
            out[key] = values[0]
        if len(values) == 2 and values[0] != values[1]:
            residual.append({key: values[1]})


def _merge_arrays(
    first: dict[str, Any], second: dict[str, Any], out: dict[str, Any], pointer: str
) -> None:
    if first.get("uniqueItems") or second.get("uniqueItems"):
        out["uniqueItems"] = True

    items = [schema["items"] for schema in (first, second) if "items" in schema]
    if len(items) == 2:
        out["items"] = merge(items[0], items[1], f"{pointer}/items")
    elif items:
        out["items"] = items[0]


def _merge_objects(
    first: dict[str, Any], second: dict[str, Any], out: dict[str, Any], pointer: str
) -> None:
    first_props, second_props = (
        first.get("properties", {}),
        second.get("properties", {}),
    )
    if first_props or second_props:
        names = list(first_props) + [
            name for name in second_props if name not in first_props
        ]
        out["properties"] = {
            name: merge(
                _member_schema(first, name),
                _member_schema(second, name),
                f"{pointer}/properties/{name}",
            )
            for name in names
        }

    required = list(
        dict.fromkeys(
            list(first.get("required", [])) + list(second.get("required", []))
        )
    )
    if required:
        out["required"] = required

    patterns = dict(first.get("patternProperties", {}))
    for key, value in second.get("patternProperties", {}).items():
        patterns[key] = (
            merge(patterns[key], value, f"{pointer}/patternProperties")
            if key in patterns
            else value
        )
    if patterns:
        out["patternProperties"] = patterns

    for key in ("additionalProperties", "propertyNames"):
        if key in first or key in second:
            out[key] = merge(
                first.get(key, True), second.get(key, True), f"{pointer}/{key}"
            )


def _member_schema(schema: dict[str, Any], name: str) -> Schema:
    """What `schema` says about a property called `name`."""
    if name in schema.get("properties", {}):
        return schema["properties"][name]

    matched = [
        value
        for key, value in schema.get("patternProperties", {}).items()
        if re.search(key, name)
    ]
    if matched:
        return merge_all(matched)
    return schema.get("additionalProperties", True)


def _merge_branches(
    first: dict[str, Any],
    second: dict[str, Any],
    out: dict[str, Any],
    residual: list[Schema],
    pointer: str,
) -> None:
    for key in ("oneOf", "anyOf"):
        lists = [schema[key] for schema in (first, second) if key in schema]
        if len(lists) == 1:
            out[key] = list(lists[0])
        elif len(lists) == 2 and len(lists[0]) * len(lists[1]) <= MAX_PRODUCT:
            out[key] = _product(lists[0], lists[1], key, pointer)
        elif len(lists) == 2:
            out[key] = list(lists[0])
            residual.append({key: lists[1]})

    negations = [schema["not"] for schema in (first, second) if "not" in schema]
    if len(negations) == 2:
        out["not"] = {"anyOf": negations}
    elif negations:
        out["not"] = negations[0]


def _product(
    left: list[Schema], right: list[Schema], key: str, pointer: str
) -> list[Schema]:
    """Every pairing of the branches.

    A value matches exactly one pair exactly when it matches exactly one branch
    of each list, so the product keeps the meaning of two `oneOf`s.
    """
    branches: list[Schema] = []
    for one in left:
        for other in right:
            try:
                branches.append(merge(one, other, f"{pointer}/{key}"))
            except SchemaProblem:
                continue

    if not branches:
        raise SchemaProblem(
            key,
            pointer,
            "no branch of one allOf part is compatible with any branch of the other",
        )
    return branches


def _merge_annotations(
    first: dict[str, Any], second: dict[str, Any], out: dict[str, Any]
) -> None:
    for key in _ANNOTATIONS:
        for schema in (first, second):
            if key in schema:
                out[key] = schema[key]
                break

    examples = list(first.get("examples", [])) + list(second.get("examples", []))
    if examples:
        out["examples"] = examples
