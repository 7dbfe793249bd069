"""Exact yes/no validity checks, compiled from request schemas.

jsonschema walks a schema anew for every request, building a validator object
per sub-schema it descends into; for a meeting body that was most of a POST.
Most requests are valid, and for them a yes is all that is needed. So each
schema is compiled once into nested Python closures that answer exactly what
connexion's request validator would (draft 4, OpenAPI's `nullable`, `2.0`
counted as an integer, the mock's formats), only faster. Where the answer is
no, jsonschema still runs, to list every violation in its words.

Exactness is the contract: a schema that uses a keyword this module does not
model (`$ref`, `patternProperties`, `dependencies`, `multipleOf`, tuple
`items`, `additionalItems`, or an `enum` mixing kinds of values) is not
compiled at all, and such requests go to jsonschema. Keywords draft 4 does not
know are ignored here exactly as jsonschema ignores them. tests/test_checks.py
compares both answers on many valid and broken instances of every request
schema in specs/.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from jsonschema import FormatChecker

Check = Callable[[Any], bool]

UNMODELLED = frozenset(
    {
        "$ref",
        "patternProperties",
        "dependencies",
        "multipleOf",
        "additionalItems",
    }
)
"""Draft 4 keywords the compiler leaves to jsonschema."""


class Unmodelled(Exception):
    """The schema uses something the compiler does not model exactly."""


def compile_check(schema: Any, formats: FormatChecker) -> Check | None:
    """An exact validity check for `schema`, or None if it cannot be compiled."""
    try:
        return _compile(schema, formats)
    except (Unmodelled, RecursionError):
        return None


def _is_integer(value: Any) -> bool:
    kind = type(value)
    return kind is int or (kind is float and value.is_integer())


TYPE_TESTS: dict[str, Check] = {
    "string": lambda value: isinstance(value, str),
    "integer": _is_integer,
    "number": lambda value: type(value) in (int, float),
    "boolean": lambda value: type(value) is bool,
    "object": lambda value: isinstance(value, dict),
    "array": lambda value: isinstance(value, list),
    "null": lambda value: value is None,
}
"""Types as jsonschema tells them apart: a bool is neither integer nor number."""


def _compile(schema: Any, formats: FormatChecker) -> Check:
    if not isinstance(schema, dict):
        raise Unmodelled(f"a schema of type {type(schema).__name__}")
    if UNMODELLED & schema.keys():
        raise Unmodelled(", ".join(sorted(UNMODELLED & schema.keys())))

    checks: list[Check] = []
    # connexion's rule: `x-nullable: true`, or any true `nullable`.
    nullable = schema.get("x-nullable") is True or bool(schema.get("nullable"))

    if "type" in schema:
        checks.append(_type_check(schema["type"], nullable))
    if "enum" in schema:
        checks.append(_enum_check(schema["enum"], nullable))
    checks += _string_checks(schema, formats)
    checks += _number_checks(schema)
    checks += _object_checks(schema, formats)
    checks += _array_checks(schema, formats)
    checks += _combined_checks(schema, formats)

    if not checks:
        return lambda _value: True
    if len(checks) == 1:
        return checks[0]
    every = tuple(checks)
    return lambda value: all(check(value) for check in every)


def _type_check(declared: Any, nullable: bool) -> Check:
    names = [declared] if isinstance(declared, str) else declared
    if not isinstance(names, list) or any(name not in TYPE_TESTS for name in names):
        raise Unmodelled(f"type {declared!r}")
    tests = tuple(TYPE_TESTS[name] for name in names)
    if nullable:
        return lambda value: value is None or any(test(value) for test in tests)
    if len(tests) == 1:
        return tests[0]
    return lambda value: any(test(value) for test in tests)


def _enum_check(allowed: Any, nullable: bool) -> Check:
    if not isinstance(allowed, list) or not allowed:
        raise Unmodelled("an empty or malformed enum")
    if all(type(item) is str for item in allowed):
        strings = frozenset(allowed)
        return lambda value: (
            (value is None and nullable)
            or (isinstance(value, str) and value in strings)
        )
    if all(type(item) is int for item in allowed):
        numbers = frozenset(allowed)
        return lambda value: (
            (value is None and nullable)
            or (type(value) in (int, float) and value in numbers)
        )
    raise Unmodelled("an enum mixing kinds of values")


SIZE_KEYWORDS = (
    ("minLength", "maxLength", str),
    ("minItems", "maxItems", list),
    ("minProperties", "maxProperties", dict),
)
"""Bounds on a size (`len`), with the kind of value each applies to."""


def _size_checks(
    schema: dict[str, Any], low_key: str, high_key: str, kind: type
) -> list[Check]:
    checks: list[Check] = []
    if low_key in schema:
        low = schema[low_key]
        checks.append(lambda value: not isinstance(value, kind) or len(value) >= low)
    if high_key in schema:
        high = schema[high_key]
        checks.append(lambda value: not isinstance(value, kind) or len(value) <= high)
    return checks


def _string_checks(schema: dict[str, Any], formats: FormatChecker) -> list[Check]:
    checks = _size_checks(schema, "minLength", "maxLength", str)
    if "pattern" in schema:
        pattern = re.compile(schema["pattern"])
        checks.append(
            lambda value: (
                not isinstance(value, str) or pattern.search(value) is not None
            )
        )
    if "format" in schema:
        name = schema["format"]
        checks.append(lambda value: formats.conforms(value, name))
    return checks


def _number_checks(schema: dict[str, Any]) -> list[Check]:
    checks: list[Check] = []

    def numeric(value: Any) -> bool:
        return type(value) in (int, float)

    if "minimum" in schema:
        low = schema["minimum"]
        if schema.get("exclusiveMinimum") is True:
            checks.append(lambda value: not numeric(value) or value > low)
        else:
            checks.append(lambda value: not numeric(value) or value >= low)
    if "maximum" in schema:
        high = schema["maximum"]
        if schema.get("exclusiveMaximum") is True:
            checks.append(lambda value: not numeric(value) or value < high)
        else:
            checks.append(lambda value: not numeric(value) or value <= high)
    return checks


def _object_checks(schema: dict[str, Any], formats: FormatChecker) -> list[Check]:
    checks: list[Check] = []
    if "required" in schema:
        if not isinstance(schema["required"], list):
            raise Unmodelled("required that is not a list")
        required = tuple(schema["required"])
        checks.append(
            lambda value: (
                not isinstance(value, dict) or all(name in value for name in required)
            )
        )
    checks += _size_checks(schema, "minProperties", "maxProperties", dict)

    properties = schema.get("properties", {})
    if not isinstance(properties, dict):
        raise Unmodelled("properties that are not an object")
    compiled = {name: _compile(sub, formats) for name, sub in properties.items()}
    extra = schema.get("additionalProperties", True)
    if extra is True or extra is None:
        extra_check: Check | None = None
        closed = False
    elif extra is False:
        extra_check, closed = None, True
    else:
        extra_check, closed = _compile(extra, formats), False

    if compiled or closed or extra_check is not None:

        def members_fit(value: Any) -> bool:
            if not isinstance(value, dict):
                return True
            for key, item in value.items():
                check = compiled.get(key)
                if check is not None:
                    if not check(item):
                        return False
                elif closed or extra_check is not None and not extra_check(item):
                    return False
            return True

        checks.append(members_fit)
    return checks


def _array_checks(schema: dict[str, Any], formats: FormatChecker) -> list[Check]:
    checks = _size_checks(schema, "minItems", "maxItems", list)
    if schema.get("uniqueItems") is True:
        checks.append(_unique_items)
    if "items" in schema:
        if not isinstance(schema["items"], dict):
            raise Unmodelled("tuple items")
        item_check = _compile(schema["items"], formats)
        checks.append(
            lambda value: (
                not isinstance(value, list) or all(item_check(item) for item in value)
            )
        )
    return checks


def _unique_items(value: Any) -> bool:
    if not isinstance(value, list):
        return True
    if all(type(item) is str for item in value):
        return len(set(value)) == len(value)
    return not any(
        json_equal(one, other)
        for index, one in enumerate(value)
        for other in value[index + 1 :]
    )


def json_equal(one: Any, other: Any) -> bool:
    """Equality as JSON Schema means it: `true` is not `1`, but `1.0` is `1`."""
    if isinstance(one, str) or isinstance(other, str):
        return one == other
    if isinstance(one, bool) or isinstance(other, bool):
        return type(one) is type(other) and one == other
    if isinstance(one, list) and isinstance(other, list):
        return len(one) == len(other) and all(
            json_equal(a, b) for a, b in zip(one, other, strict=True)
        )
    if isinstance(one, dict) and isinstance(other, dict):
        return one.keys() == other.keys() and all(
            json_equal(item, other[key]) for key, item in one.items()
        )
    if isinstance(one, list | dict) or isinstance(other, list | dict):
        return False
    return bool(one == other)


def _combined_checks(schema: dict[str, Any], formats: FormatChecker) -> list[Check]:
    checks: list[Check] = []
    if "allOf" in schema:
        every = tuple(_compile(sub, formats) for sub in schema["allOf"])
        checks.append(lambda value: all(check(value) for check in every))
    if "anyOf" in schema:
        some = tuple(_compile(sub, formats) for sub in schema["anyOf"])
        checks.append(lambda value: any(check(value) for check in some))
    if "oneOf" in schema:
        branches = tuple(_compile(sub, formats) for sub in schema["oneOf"])
        checks.append(lambda value: sum(1 for check in branches if check(value)) == 1)
    if "not" in schema:
        forbidden = _compile(schema["not"], formats)
        checks.append(lambda value: not forbidden(value))
    return checks


# Explaining a refusal, one schema level at a time.

COMBINING = frozenset({"anyOf", "oneOf", "not"})
"""Keywords whose failures jsonschema explains with sub-errors; left to it."""


class Leaf:
    """One violation, with the attributes of jsonschema's ValidationError that
    the mock's messages use (`validator` is the keyword)."""

    __slots__ = ("validator", "validator_value", "instance", "message")

    context: tuple[()] = ()
    absolute_path: tuple[()] = ()

    def __init__(
        self, keyword: str, expected: Any, instance: Any, message: str = ""
    ) -> None:
        self.validator = keyword
        self.validator_value = expected
        self.instance = instance
        self.message = message


def explainable(schema: dict[str, Any]) -> bool:
    """Whether `explain_level` can explain this level exactly (it compiles, and
    no keyword at this level needs jsonschema's sub-errors)."""
    return not COMBINING & schema.keys()


def explain_level(
    schema: dict[str, Any], value: Any, formats: FormatChecker
) -> list[Leaf]:
    """The violations of `value` by the keywords of this level alone.

    `properties`, `items`, `allOf` and a schema-valued `additionalProperties`
    are not applied here: the caller descends into them. Each violation is
    reported as jsonschema (draft 4, with connexion's nullable `type` and
    `enum`) reports it: same keyword, same expected value, same instance.
    """
    found: list[Leaf] = []
    nullable = schema.get("x-nullable") is True or bool(schema.get("nullable"))
    null_passes = value is None and nullable

    if "type" in schema and not null_passes:
        declared = schema["type"]
        names = [declared] if isinstance(declared, str) else declared
        if not any(TYPE_TESTS[name](value) for name in names):
            found.append(Leaf("type", declared, value))
    if "enum" in schema and not null_passes:
        allowed = schema["enum"]
        if not any(json_equal(value, item) for item in allowed):
            found.append(Leaf("enum", allowed, value))

    for low_key, high_key, kind in SIZE_KEYWORDS:
        if isinstance(value, kind):
            if low_key in schema and len(value) < schema[low_key]:
                found.append(Leaf(low_key, schema[low_key], value))
            if high_key in schema and len(value) > schema[high_key]:
                found.append(Leaf(high_key, schema[high_key], value))

    pattern = schema.get("pattern")
    if pattern is not None and isinstance(value, str) and not re.search(pattern, value):
        found.append(Leaf("pattern", pattern, value))
    if "format" in schema and not formats.conforms(value, schema["format"]):
        found.append(Leaf("format", schema["format"], value))

    if type(value) in (int, float):
        if "minimum" in schema:
            low = schema["minimum"]
            if value < low or (schema.get("exclusiveMinimum") is True and value == low):
                found.append(Leaf("minimum", low, value))
        if "maximum" in schema:
            high = schema["maximum"]
            if value > high or (
                schema.get("exclusiveMaximum") is True and value == high
            ):
                found.append(Leaf("maximum", high, value))

    if isinstance(value, dict):
        for name in schema.get("required", ()):
            if name not in value:
                found.append(
                    Leaf(
                        "required",
                        schema["required"],
                        value,
                        f"{name!r} is a required property",
                    )
                )
        if schema.get("additionalProperties") is False:
            declared_names = schema.get("properties", {})
            if any(name not in declared_names for name in value):
                found.append(Leaf("additionalProperties", False, value))

    unique = schema.get("uniqueItems") is True
    if unique and isinstance(value, list) and not _unique_items(value):
        found.append(Leaf("uniqueItems", True, value))
    return found
