"""Schemas that no value can satisfy fail at compile time, naming where and why."""

from __future__ import annotations

import pytest
from zoom_mock.generator import Generator, UnsatisfiableSchema

from tests.generator.support import component, fixture

CASES = [
    ("MinAboveMax", "maximum"),
    ("EmptyEnum", "enum"),
    ("RequiredForbidden", "required"),
    ("PatternTooLong", "pattern"),
    ("ItemsOutOfRange", "minItems"),
    ("ConflictingTypes", "type"),
    ("TooFewDistinct", "uniqueItems"),
    ("EndlessChain", "$ref"),
    ("MissingRef", "$ref"),
    ("EnumOutsideLength", "enum"),
]


@pytest.mark.parametrize(("schema", "keyword"), CASES)
def test_compile_names_where_and_the_keyword(
    generator: Generator, schema: str, keyword: str
) -> None:
    with pytest.raises(UnsatisfiableSchema) as caught:
        component(generator, "unsatisfiable", schema)

    problem = caught.value
    assert problem.where == f"unsatisfiable:{schema}"
    assert problem.keyword == keyword
    assert str(problem).startswith(f"unsatisfiable:{schema}: `{keyword}`")


def test_every_component_of_the_fixture_is_covered() -> None:
    assert {name for name, _ in CASES} == set(
        fixture("unsatisfiable")["components"]["schemas"]
    )


def test_the_message_says_what_was_received() -> None:
    with pytest.raises(UnsatisfiableSchema, match="minimum 10 and the maximum 5"):
        component(Generator(), "unsatisfiable", "MinAboveMax")


def test_a_required_property_that_direction_drops_is_not_required(
    generator: Generator,
) -> None:
    plan = component(generator, "read_write_only", "Account")

    assert "password" not in plan.json_schema.get("required", [])


@pytest.mark.parametrize(("schema", "keyword"), CASES)
def test_lint_reports_the_same_problem(
    generator: Generator, schema: str, keyword: str
) -> None:
    found = generator.lint(
        {"$ref": f"#/components/schemas/{schema}"},
        fixture("unsatisfiable"),
        "GET /x 200",
    )

    assert len(found) == 1 and f"`{keyword}`" in found[0]
