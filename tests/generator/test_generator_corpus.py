"""Zoom's own OpenAPI files, every 2xx JSON response: both modes make valid bodies.

The files are read from the shared reference folder beside the repository and
the test is skipped where it is absent. Only the files that pass
openapi-spec-validator are covered; what cannot be covered is listed, with a
reason, in corpus_gaps.py.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest
from zoom_mock.generator import Generator, GeneratorSettings

from tests.generator.corpus_gaps import CORPUS_GAPS
from tests.generator.operations import Operation, success_responses
from tests.generator.support import REFERENCE, errors

VALID_FILES = (
    "zoom-meetings.openapi.json",
    "zoom-users.openapi.json",
    "zoom-accounts.openapi.json",
    "zoom-qss.openapi.json",
    "zoom-mail.openapi.json",
    "zoom-video-sdk.openapi.json",
)
GAPS = {(file, method, path): reason for file, method, path, reason in CORPUS_GAPS}

pytestmark = pytest.mark.skipif(
    not REFERENCE.is_dir(), reason=f"Zoom's OpenAPI files are not at {REFERENCE}"
)


@cache
def load(file: str) -> dict[str, Any]:
    return json.loads((REFERENCE / file).read_text(encoding="utf-8"))


def operations() -> list[Operation]:
    if not REFERENCE.is_dir():
        return []
    return [op for file in VALID_FILES for op in success_responses(file, load(file))]


def is_gap(operation: Operation) -> bool:
    return (operation.file, operation.method, operation.path) in GAPS


OPERATIONS = operations()
COVERED = [operation for operation in OPERATIONS if not is_gap(operation)]
UNCOVERED = [operation for operation in OPERATIONS if is_gap(operation)]


@pytest.fixture(scope="module")
def generator() -> Generator:
    return Generator(GeneratorSettings(fuzz_pool_size=2, fuzz_mutations=2))


def cover(generator: Generator, operation: Operation) -> None:
    """Compile, then check realistic and fuzz bodies against the converted schema."""
    plan = generator.compile(
        operation.schema, load(operation.file), where=operation.where
    )
    for seed in range(3):
        assert errors(plan.realistic(seed), plan) == [], f"realistic seed {seed}"
    for seed in range(2):
        assert errors(plan.fuzz(seed), plan) == [], f"fuzz seed {seed}"


@pytest.mark.parametrize("operation", COVERED, ids=lambda operation: operation.where)
def test_every_operation_makes_valid_bodies(
    generator: Generator, operation: Operation
) -> None:
    cover(generator, operation)


@pytest.mark.parametrize("operation", UNCOVERED, ids=lambda operation: operation.where)
@pytest.mark.xfail(strict=True, reason="listed in CORPUS_GAPS")
def test_listed_gaps_still_fail(generator: Generator, operation: Operation) -> None:
    cover(generator, operation)


def test_the_gap_list_names_real_operations() -> None:
    known = {
        (operation.file, operation.method, operation.path) for operation in OPERATIONS
    }

    assert set(GAPS) <= known
    assert all(reason.strip() for reason in GAPS.values())


def test_the_corpus_is_large() -> None:
    assert len(OPERATIONS) > 200
    assert {operation.file for operation in OPERATIONS} == set(VALID_FILES)
