"""The regex sampler, lint messages and settings checks."""

from __future__ import annotations

import re
from datetime import date

import pytest
from zoom_mock.generator import Generator, GeneratorSettings, UnsatisfiableSchema
from zoom_mock.generator.patterns import UnsupportedPattern, length_range, samples


@pytest.mark.parametrize(
    ("pattern", "low", "high"),
    [
        (r"^[a-z]{3}-\d{2}$", 0, None),
        (r"^#[0-9a-fA-F]{6}$", 0, None),
        (r"^(INC|REQ)[0-9]+$", 8, 10),
        (r"^\d+$", 10, 12),
        (r"^[^@\s]+@example\.(com|org)$", 0, 40),
        (r"^(https?)://[a-z]+\.example\.com/\1$", 0, None),
        (r"v\d\.\d", 6, None),
    ],
)
def test_samples_match_and_keep_to_the_lengths(
    pattern: str, low: int, high: int | None
) -> None:
    found = samples(pattern, low, high)

    assert found
    for text in found:
        assert re.search(pattern, text)
        assert len(text) >= low and (high is None or len(text) <= high)


def test_samples_are_the_same_every_time() -> None:
    assert samples(r"^[A-Z]{2}\d{3}$", 0, None) == samples(r"^[A-Z]{2}\d{3}$", 0, None)


def test_lookarounds_are_enforced_by_the_final_check() -> None:
    found = samples(r"^(?=.*\d)(?!.*x)[a-z\d]{8}$", 0, None)

    assert found
    assert all(any(ch.isdigit() for ch in text) and "x" not in text for text in found)


def test_an_unknown_construct_is_refused() -> None:
    with pytest.raises(UnsupportedPattern):
        samples(r"(a)?(?(1)b|c)", 0, None)


def test_a_lookaround_pattern_compiles() -> None:
    plan = Generator().compile({"type": "string", "pattern": r"^(?=.*\d)[a-z\d]{8}$"})

    for seed in range(10):
        value = plan.realistic(seed)
        assert re.search(r"^(?=.*\d)[a-z\d]{8}$", value)


def test_an_invalid_pattern_is_reported_at_compile_time() -> None:
    with pytest.raises(UnsatisfiableSchema, match="not a valid regular expression"):
        Generator().compile({"type": "string", "pattern": "(unclosed"}, where="GET /x")


def test_lint_is_empty_for_a_clean_schema() -> None:
    schema = {
        "type": "object",
        "properties": {"name": {"type": "string", "example": "Team"}},
    }

    assert Generator().lint(schema, {}, "GET /teams 200") == []


def test_lint_flags_misplaced_keywords_bad_examples_and_unknown_formats() -> None:
    schema = {
        "type": "object",
        "properties": {
            "password": {"type": "string", "minimum": 8},
            "color": {"type": "string", "format": "Hex color code"},
            "count": {"type": "integer", "maximum": 3, "example": 10},
        },
    }
    found = Generator().lint(schema, {}, "GET /things 200")

    assert all(line.startswith("GET /things 200: ") for line in found)
    assert any("/properties/password" in line and "minimum" in line for line in found)
    assert any("Hex color code" in line for line in found)
    assert any("/properties/count" in line and "example 10" in line for line in found)


def test_settings_refuse_a_reversed_date_range() -> None:
    with pytest.raises(
        ValueError, match="date_from 2026-05-01 after date_to 2026-04-01"
    ):
        GeneratorSettings(date_from=date(2026, 5, 1), date_to=date(2026, 4, 1))


def test_settings_refuse_a_relative_base_url() -> None:
    with pytest.raises(ValueError, match="'api.zoom.us'"):
        GeneratorSettings(base_url="api.zoom.us")


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"^[0-9]{6}\Z", (6, 6)),
        (r"^[0-9]{6}$", (6, 7)),
        (r"^(INC|REQ)\d{2,4}\Z", (5, 7)),
        (r"[0-9]{6}", (6, None)),
        (r"^a+\Z", (1, None)),
    ],
)
def test_length_range_of_a_pattern(
    pattern: str, expected: tuple[int, int | None]
) -> None:
    assert length_range(pattern) == expected
