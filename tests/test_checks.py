"""The compiled checks (zoom_mock/checks.py) agree with jsonschema, exactly.

A compiled check that said yes to a value jsonschema refuses would let a bad
request through, which a contract checker must never do; one that said no
to a good value would only cost time, but would hide a modelling mistake. So
every request schema the mock serves (each JSON body and each parameter,
as connexion resolved them) gets realistic values from the generator plus
many broken variants of them, and both must give the same answer for each.
"""

from __future__ import annotations

import copy
import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from zoom_mock.generator import UnsatisfiableSchema

from tests.conftest import SEED_DATA
from zoom_mock.app import create_app
from zoom_mock.checks import compile_check, json_equal
from zoom_mock.config import Settings
from zoom_mock.validation import (
    OPENAPI_FORMATS,
    compiled_validator,
    schema_errors,
    violations,
)

VARIANTS_PER_VALUE = 40
ODD_VALUES = (
    None, True, False, 0, -1, 2.0, 2.5, 2**31, 2**63, "", "x", "2026-13-45",
    "2026-05-04T15:00:00Z", "2026-05-04", "a@b.co", "not an email", "x" * 400,
    [], ["a", "a"], [1, True], {}, {"unexpected": 1},
)  # fmt: skip


def _request_schemas(tmp: Path) -> list[tuple[str, dict[str, Any]]]:
    data = tmp / "data"
    shutil.copytree(SEED_DATA, data)
    app = create_app(Settings().with_options(data_dir=data))
    found: dict[str, dict[str, Any]] = {}
    for route in app.requests.routes:
        operation = route.plan.operation
        body = operation.body_schema("application/json")
        if body:
            found[f"{route.plan.operation_id} body"] = body
        for param in operation.parameters:
            key = f"{route.plan.operation_id} {param['in']} {param['name']}"
            found[key] = param.get("schema", {})
    return sorted(found.items())


def _mutate(value: Any, rng: random.Random) -> Any:
    """`value` with one spot changed, removed or added, chosen by `rng`."""
    if isinstance(value, dict) and value and rng.random() < 0.7:
        key = rng.choice(sorted(value))
        changed = dict(value)
        roll = rng.random()
        if roll < 0.2:
            del changed[key]
        elif roll < 0.3:
            changed["surprise_field"] = rng.choice(ODD_VALUES)
        else:
            changed[key] = _mutate(value[key], rng)
        return changed
    if isinstance(value, list) and value and rng.random() < 0.7:
        changed = list(value)
        index = rng.randrange(len(changed))
        roll = rng.random()
        if roll < 0.2:
            changed.append(copy.deepcopy(changed[index]))
        elif roll < 0.3:
            del changed[index]
        else:
            changed[index] = _mutate(changed[index], rng)
        return changed
    if isinstance(value, str) and rng.random() < 0.3:
        return rng.choice([value + value, value[:1], value.upper(), " " + value])
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    if numeric and rng.random() < 0.3:
        return rng.choice([value + 1, -value - 1, value * 1000, float(value)])
    return copy.deepcopy(rng.choice(ODD_VALUES))


def _values(name: str, schema: dict[str, Any]) -> list[Any]:
    from zoom_mock.generator import Generator, GeneratorSettings

    generator = Generator(GeneratorSettings())
    rng = random.Random(name)
    bases: list[Any] = []
    try:
        plan = generator.compile(schema, direction="request", where=name)
        bases = [plan.realistic(seed) for seed in range(3)]
    except UnsatisfiableSchema:
        pass
    values = list(bases) + list(ODD_VALUES)
    for base in bases or list(ODD_VALUES):
        current = base
        for _ in range(VARIANTS_PER_VALUE):
            current = _mutate(current if rng.random() < 0.5 else base, rng)
            values.append(current)
    return values


def test_every_request_schema_compiles(tmp_path: Path) -> None:
    schemas = _request_schemas(tmp_path)
    assert len(schemas) > 300
    refused = [
        name
        for name, schema in schemas
        if compile_check(schema, OPENAPI_FORMATS) is None
    ]
    assert refused == []


def test_compiled_checks_answer_as_jsonschema_does(tmp_path: Path) -> None:
    disagreements = []
    valid = invalid = 0
    for name, schema in _request_schemas(tmp_path):
        check = compile_check(schema, OPENAPI_FORMATS)
        assert check is not None, name
        validator = compiled_validator(schema)
        for value in _values(name, schema):
            expected = validator.is_valid(value)
            valid += expected
            invalid += not expected
            if check(value) != expected:
                disagreements.append((name, value, expected))
    assert disagreements[:5] == []
    # Both answers were exercised, many times over.
    assert valid > 1000 and invalid > 1000


def test_errors_found_locally_are_jsonschemas(tmp_path: Path) -> None:
    """`violations` walks only the failing parts, and must find the same errors."""
    compared = 0
    for name, schema in _request_schemas(tmp_path):
        validator = compiled_validator(schema)
        for value in _values(name, schema)[::3]:
            expected = schema_errors(validator, value, "body", prefix="p")
            assert violations(schema, value, "body", prefix="p") == expected, name
            compared += bool(expected)
    assert compared > 500


@pytest.mark.parametrize(
    ("schema", "good", "bad"),
    [
        ({"type": "integer"}, [3, 3.0, -7], [True, 3.5, "3", None]),
        ({"type": "string", "nullable": True}, ["", None], [1, False]),
        ({"enum": [1, 2]}, [1, 2.0], [True, "1", 3]),
        ({"enum": ["a"], "nullable": True}, ["a", None], ["b", 1]),
        ({"type": "array", "uniqueItems": True}, [[1, True], ["a", "b"]], [[1, 1.0]]),
        ({"minimum": 2, "exclusiveMinimum": True}, [3, "1", True], [2, 1.5]),
        ({"maximum": 2, "exclusiveMaximum": True}, [1, 1.5, "9"], [2, 2.0, 7]),
        ({"type": "object", "minProperties": 1, "maxProperties": 2}, [{"a": 1}], [{}]),
        (
            {"type": "array", "items": {"type": "integer"}, "maxItems": 1},
            [[], [1]],
            [[1, 2], ["x"], [1, "x"]],
        ),
        (
            {"required": ["a", "b"], "properties": {"a": {"enum": ["x", "y"]}}},
            [{"a": "x", "b": 0}],
            [{}, {"a": "z"}, {"b": 1, "a": 3}],
        ),
        ({"oneOf": [{"type": "integer"}, {"type": "number"}]}, [2.5], [2, "x"]),
        ({"not": {"type": "string"}}, [1, None], ["s"]),
        (
            {"properties": {"a": {"type": "string"}}, "additionalProperties": False},
            [{}, {"a": "x"}, 5],
            [{"b": 1}, {"a": 1}],
        ),
        ({"format": "date"}, ["2026-02-28", 5], ["2026-02-30"]),
        ({"format": "int32"}, [2**31 - 1, "x"], [2**31]),
        ({"pattern": "^[a-z]+$"}, ["abc", 7], ["ABC", ""]),
        (
            {"type": "string", "minLength": 2, "maxLength": 3},
            ["ab", "abc"],
            ["a", "abcd"],
        ),
        ({"unknownKeyword": 1, "const": 5, "readOnly": True}, [4, "x"], []),
    ],
)
def test_hand_picked_cases(
    schema: dict[str, Any], good: list[Any], bad: list[Any]
) -> None:
    check = compile_check(schema, OPENAPI_FORMATS)
    assert check is not None
    validator = compiled_validator(schema)
    for value in good:
        assert validator.is_valid(value), value
        assert check(value), value
    for value in bad:
        assert not validator.is_valid(value), value
        assert not check(value), value
        # The local walk explains a refusal in jsonschema's words.
        expected = schema_errors(validator, value, "body")
        assert violations(schema, value, "body") == expected, value


@pytest.mark.parametrize(
    "schema",
    [
        {"$ref": "#/components/schemas/X"},
        {"patternProperties": {"^x": {}}},
        {"multipleOf": 3},
        {"items": [{"type": "string"}]},
        {"enum": [1, "one"]},
        {"properties": {"a": {"dependencies": {"b": ["c"]}}}},
    ],
)
def test_what_is_not_modelled_is_left_to_jsonschema(schema: dict[str, Any]) -> None:
    assert compile_check(schema, OPENAPI_FORMATS) is None


def test_json_equality_is_json_schemas() -> None:
    assert json_equal(1, 1.0)
    assert not json_equal(1, True)
    assert not json_equal([1], [True])
    assert json_equal({"a": [1, "x"]}, {"a": [1.0, "x"]})
    assert not json_equal({"a": 1}, {"b": 1})
    assert not json_equal("1", 1)
