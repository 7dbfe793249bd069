"""Every 2xx JSON response of our own specs makes valid bodies in both modes."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
import yaml
from zoom_mock.generator import Generator, GeneratorSettings, Plan

from tests.generator.operations import Operation, success_responses
from tests.generator.support import SPECS, errors

COMMON = "common.yaml"
REALISTIC_SEEDS = range(25)
FUZZ_SEEDS = range(12)


@cache
def load(name: str) -> dict[str, Any]:
    return yaml.safe_load((SPECS / name).read_text(encoding="utf-8")) or {}


def operations() -> list[Operation]:
    found: list[Operation] = []
    for path in sorted(SPECS.glob("*.yaml")):
        if path.name != COMMON:
            found.extend(success_responses(path.name, load(path.name), documents()))
    return found


def documents() -> dict[str, Any]:
    return {COMMON: load(COMMON)} if (SPECS / COMMON).is_file() else {}


@pytest.fixture(scope="module")
def generator() -> Generator:
    return Generator(GeneratorSettings(fuzz_pool_size=2, fuzz_mutations=4))


def compile_operation(generator: Generator, operation: Operation) -> Plan:
    return generator.compile(
        operation.schema,
        document=load(operation.file),
        where=operation.where,
        documents=documents(),
    )


OPERATIONS = operations()


def test_the_specs_folder_is_searched() -> None:
    assert SPECS.is_dir()
    assert all(operation.file != COMMON for operation in OPERATIONS)


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.where)
def test_bodies_validate_in_both_modes(
    generator: Generator, operation: Operation
) -> None:
    plan = compile_operation(generator, operation)

    for seed in REALISTIC_SEEDS:
        body = plan.realistic(seed)
        assert errors(body, plan) == [], f"realistic seed {seed}: {body!r:.300}"
    for seed in FUZZ_SEEDS:
        body = plan.fuzz(seed)
        assert errors(body, plan) == [], f"fuzz seed {seed}: {body!r:.300}"
