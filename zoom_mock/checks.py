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
    return _every(checks)


def _every(checks: list[Check]) -> Check:
    """A check that passes when all of `checks` pass, tried in order.

    A plain loop, not `all()` over a generator: this runs for every schema
    level of every request, and the generator's frame cost more than most of
    the checks it drives.
    """
    every = tuple(checks)

    def check_all(value: Any) -> bool:
        for check in every:  # noqa: SIM110 - see the docstring
            if not check(value):
                return False
        return True

    return check_all


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
        if not all(isinstance(name, str) for name in schema["required"]):
            raise Unmodelled("required names that are not strings")
        required = frozenset(schema["required"])
        checks.append(
            lambda value: not isinstance(value, dict) or value.keys() >= required
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

        def items_fit(value: Any) -> bool:
            if isinstance(value, list):
                for item in value:
                    if not item_check(item):
                        return False
            return True

        checks.append(items_fit)
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
        checks.append(_every([_compile(sub, formats) for sub in schema["allOf"]]))
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
    """Whether `compile_explainer` can explain this level exactly (it compiles, and
    no keyword at this level needs jsonschema's sub-errors)."""
    return not COMBINING & schema.keys()


Explain = Callable[[Any], list[Leaf]]
Finder = Callable[[Any, list[Leaf]], None]


def compile_explainer(schema: dict[str, Any], formats: FormatChecker) -> Explain:
    """What explains a refusal by the keywords of this level alone.

    `properties`, `items`, `allOf` and a schema-valued `additionalProperties`
    are not applied here: the caller descends into them. Each violation is
    reported as jsonschema (draft 4, with connexion's nullable `type` and
    `enum`) reports it: same keyword, same expected value, same instance. The
    keywords the schema has are picked out once; explaining a value then runs
    only their tests, in a fixed order.
    """
    nullable = schema.get("x-nullable") is True or bool(schema.get("nullable"))
    finders: list[Finder] = []
    if "type" in schema:
        finders.append(_type_finder(schema["type"], nullable))
    if "enum" in schema:
        finders.append(_enum_finder(schema["enum"], nullable))
    for low_key, high_key, kind in SIZE_KEYWORDS:
        for key, too_far in ((low_key, _below), (high_key, _above)):
            if key in schema:
                finders.append(_size_finder(key, schema[key], kind, too_far))
    if "pattern" in schema:
        finders.append(_pattern_finder(schema["pattern"]))
    if "format" in schema:
        finders.append(_format_finder(schema["format"], formats))
    if "minimum" in schema:
        exclusive = schema.get("exclusiveMinimum") is True
        finders.append(_bound_finder("minimum", schema["minimum"], exclusive, _below))
    if "maximum" in schema:
        exclusive = schema.get("exclusiveMaximum") is True
        finders.append(_bound_finder("maximum", schema["maximum"], exclusive, _above))
    if schema.get("required"):
        finders.append(_required_finder(schema["required"]))
    if schema.get("additionalProperties") is False:
        finders.append(_closed_finder(schema.get("properties", {})))
    if schema.get("uniqueItems") is True:
        finders.append(_unique_finder)

    every = tuple(finders)

    def explain(value: Any) -> list[Leaf]:
        found: list[Leaf] = []
        for finder in every:
            finder(value, found)
        return found

    return explain


def _below(size: Any, bound: Any) -> bool:
    return bool(size < bound)


def _above(size: Any, bound: Any) -> bool:
    return bool(size > bound)


def _type_finder(declared: Any, nullable: bool) -> Finder:
    names = [declared] if isinstance(declared, str) else declared
    tests = tuple(TYPE_TESTS[name] for name in names)

    def find(value: Any, found: list[Leaf]) -> None:
        if value is None and nullable:
            return
        if not any(test(value) for test in tests):
            found.append(Leaf("type", declared, value))

    return find


def _enum_finder(allowed: Any, nullable: bool) -> Finder:
    def find(value: Any, found: list[Leaf]) -> None:
        if value is None and nullable:
            return
        if not any(json_equal(value, item) for item in allowed):
            found.append(Leaf("enum", allowed, value))

    return find


def _size_finder(
    keyword: str, bound: Any, kind: type, too_far: Callable[[Any, Any], bool]
) -> Finder:
    def find(value: Any, found: list[Leaf]) -> None:
        if isinstance(value, kind) and too_far(len(value), bound):
            found.append(Leaf(keyword, bound, value))

    return find


def _pattern_finder(pattern: str) -> Finder:
    def find(value: Any, found: list[Leaf]) -> None:
        if isinstance(value, str) and not re.search(pattern, value):
            found.append(Leaf("pattern", pattern, value))

    return find


def _format_finder(name: str, formats: FormatChecker) -> Finder:
    def find(value: Any, found: list[Leaf]) -> None:
        if not formats.conforms(value, name):
            found.append(Leaf("format", name, value))

    return find


def _bound_finder(
    keyword: str, bound: Any, exclusive: bool, too_far: Callable[[Any, Any], bool]
) -> Finder:
    def find(value: Any, found: list[Leaf]) -> None:
        if type(value) in (int, float) and (
            too_far(value, bound) or (exclusive and value == bound)
        ):
            found.append(Leaf(keyword, bound, value))

    return find


def _required_finder(required: list[str]) -> Finder:
    def find(value: Any, found: list[Leaf]) -> None:
        if isinstance(value, dict):
            for name in required:
                if name not in value:
                    message = f"{name!r} is a required property"
                    found.append(Leaf("required", required, value, message))

    return find


def _closed_finder(declared: dict[str, Any]) -> Finder:
    def find(value: Any, found: list[Leaf]) -> None:
        if isinstance(value, dict) and any(name not in declared for name in value):
            found.append(Leaf("additionalProperties", False, value))

    return find


def _unique_finder(value: Any, found: list[Leaf]) -> None:
    if isinstance(value, list) and not _unique_items(value):
        found.append(Leaf("uniqueItems", True, value))
