"""Fuzz bodies are valid, reach the edges of the schema and come from a pool."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from zoom_mock.generator import Generator, GeneratorSettings
from zoom_mock.generator.drawing import DrawFailed

from tests.generator.support import component, errors, walk

SEEDS = range(120)


def fuzz_bodies(plan: Any) -> list[Any]:
    bodies = [plan.fuzz(seed) for seed in SEEDS]
    assert all(errors(body, plan) == [] for body in bodies)
    return bodies


def strings(bodies: list[Any]) -> list[str]:
    return [value for body in bodies for value in walk(body) if isinstance(value, str)]


def test_fuzz_bodies_are_valid_and_reach_the_edges(generator: Generator) -> None:
    plan = component(generator, "all_of", "Meeting")
    bodies = fuzz_bodies(plan)
    texts = strings(bodies)

    assert "" in texts
    assert any(not text.isascii() for text in texts)
    assert any(len(text) == 50 for text in texts), "topic at its maxLength"
    assert {body["duration"] for body in bodies} >= {15, 60}


def test_optional_properties_are_left_out_and_arrays_emptied(
    generator: Generator,
) -> None:
    plan = component(generator, "recursive", "Folder")
    bodies = fuzz_bodies(plan)

    assert any("parent" not in body for body in bodies)
    assert any(body["children"] == [] for body in bodies)
    assert any(body["children"] for body in bodies)


def test_numbers_without_bounds_reach_float_extremes(generator: Generator) -> None:
    plan = generator.compile(
        {
            "type": "object",
            "required": ["ratio"],
            "properties": {"ratio": {"type": "number"}},
        }
    )
    ratios = {body["ratio"] for body in fuzz_bodies(plan)}

    assert ratios & {1.7976931348623157e308, -1.7976931348623157e308, 5e-324}


def test_the_pool_is_drawn_once_per_plan(
    generator: Generator, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zoom_mock.generator import fuzz

    calls: list[int] = []
    real_draw = fuzz.draw

    def counting(schema: Any, count: int, seed: int) -> list[Any]:
        calls.append(count)
        return real_draw(schema, count, seed)

    monkeypatch.setattr(fuzz, "draw", counting)
    plan = generator.compile(
        {"type": "array", "items": {"type": "integer", "format": "int32"}}
    )
    for seed in range(300):
        plan.fuzz(seed)

    assert calls == [8]


def test_fuzz_falls_back_to_realistic_bodies_when_hypothesis_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from zoom_mock.generator import fuzz

    def failing(schema: Any, count: int, seed: int) -> list[Any]:
        raise DrawFailed("hypothesis-jsonschema rejected the schema: test")

    monkeypatch.setattr(fuzz, "draw", failing)
    plan = component(
        Generator(GeneratorSettings(fuzz_pool_size=3)), "all_of", "Meeting"
    )
    bodies = fuzz_bodies(plan)

    assert plan.fuzz_source.startswith("realistic bodies")
    assert "" in strings(bodies)


def test_fuzz_works_inside_a_hypothesis_test(generator: Generator) -> None:
    plan = generator.compile(
        {"type": "object", "properties": {"note": {"type": "string", "maxLength": 5}}}
    )
    seen: list[Any] = []

    @settings(max_examples=5, database=None, deadline=None)
    @given(st.integers(min_value=0, max_value=10**6))
    def outer(seed: int) -> None:
        body = plan.fuzz(seed)
        assert errors(body, plan) == []
        seen.append(body)

    outer()
    assert len(seen) == 5
    assert plan.fuzz_source == "hypothesis-jsonschema"


def test_warm_builds_the_pool_ahead_of_time(generator: Generator) -> None:
    plan = generator.compile({"type": "string", "maxLength": 3})

    assert plan.fuzz_source == "not built"
    plan.warm()
    assert plan.fuzz_source == "hypothesis-jsonschema"


def test_callers_get_their_own_copy(generator: Generator) -> None:
    plan = component(generator, "all_of", "Meeting")
    first = plan.fuzz(3)
    first["duration"] = "changed"

    assert plan.fuzz(3)["duration"] != "changed"
