"""Helpers shared by the generator tests: fixture specs and validation."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft7Validator, Draft202012Validator
from zoom_mock.generator import Generator, Plan

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[2]
SPECS = REPO / "specs"
REFERENCE = REPO / ".." / "shared" / "reference" / "zoom-openapi"


@cache
def fixture(name: str) -> dict[str, Any]:
    """A fixture spec from tests/generator/fixtures, loaded once."""
    return yaml.safe_load((FIXTURES / f"{name}.yaml").read_text(encoding="utf-8"))


def component(
    generator: Generator, name: str, schema: str, direction: str = "response"
) -> Plan:
    """Compile `#/components/schemas/<schema>` of fixture `name`."""
    return generator.compile(
        {"$ref": f"#/components/schemas/{schema}"},
        document=fixture(name),
        direction=direction,
        where=f"{name}:{schema}",
    )


def errors(body: Any, plan: Plan) -> list[str]:
    """Draft 7 validation errors (formats included) of `body` against the plan."""
    validator = Draft7Validator(
        plan.json_schema, format_checker=Draft7Validator.FORMAT_CHECKER
    )
    return [error.message for error in validator.iter_errors(body)]


def errors_2020(body: Any, plan: Plan) -> list[str]:
    validator = Draft202012Validator(
        plan.json_schema, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    return [error.message for error in validator.iter_errors(body)]


def matches(body: Any, schema: Any) -> bool:
    validator = Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)
    return bool(validator.is_valid(body))


def walk(value: Any) -> list[Any]:
    """Every value inside `value`, itself included."""
    found = [value]
    if isinstance(value, dict):
        for inner in value.values():
            found.extend(walk(inner))
    elif isinstance(value, list):
        for inner in value:
            found.extend(walk(inner))
    return found


def depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((depth(inner) for inner in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((depth(inner) for inner in value), default=0)
    return 0
