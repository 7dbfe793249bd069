"""A body made for a oneOf matches exactly one branch, even when branches overlap."""

from __future__ import annotations

import pytest
from zoom_mock.generator import Generator, UnsatisfiableSchema

from tests.generator.support import component, errors, fixture, matches

SEEDS = range(60)


def bodies(generator: Generator, schema: str) -> list[object]:
    plan = component(generator, "one_of_overlap", schema)
    made = [plan.realistic(seed) for seed in SEEDS] + [
        plan.fuzz(seed) for seed in SEEDS
    ]
    assert all(errors(body, plan) == [] for body in made)
    return made


def branches(generator: Generator, schema: str) -> list[object]:
    return component(generator, "one_of_overlap", schema).json_schema["oneOf"]


@pytest.mark.parametrize("schema", ["OpenBranches", "RequiredBranches", "Numbers"])
def test_every_body_matches_exactly_one_branch(
    generator: Generator, schema: str
) -> None:
    options = branches(generator, schema)

    for body in bodies(generator, schema):
        assert sum(matches(body, branch) for branch in options) == 1, body


@pytest.mark.parametrize("schema", ["OpenBranches", "RequiredBranches", "Numbers"])
def test_every_branch_gets_generated(generator: Generator, schema: str) -> None:
    options = branches(generator, schema)
    made = bodies(generator, schema)

    for index, branch in enumerate(options):
        assert any(matches(body, branch) for body in made), f"branch {index}"


def test_overlapping_number_ranges_are_split(generator: Generator) -> None:
    numbers = bodies(generator, "Numbers")

    assert not [value for value in numbers if 50 <= value <= 100]
    assert any(value < 50 for value in numbers) and any(
        value > 100 for value in numbers
    )


def test_identical_branches_cannot_be_satisfied(generator: Generator) -> None:
    with pytest.raises(UnsatisfiableSchema) as caught:
        component(generator, "one_of_overlap", "Identical")

    assert caught.value.keyword == "oneOf"
    assert caught.value.where == "one_of_overlap:Identical"


def test_any_of_may_overlap_and_uses_every_branch(generator: Generator) -> None:
    made = bodies(generator, "Either")

    assert any("email" in body for body in made)
    assert any("id" in body and "email" not in body for body in made)


def test_lint_reports_what_was_done_to_tell_branches_apart(
    generator: Generator,
) -> None:
    identical = generator.lint(
        {"$ref": "#/components/schemas/Identical"},
        fixture("one_of_overlap"),
        "GET /things 200",
    )

    assert len(identical) == 1
    assert identical[0].startswith("GET /things 200:")
    assert "oneOf" in identical[0]
