"""Fixtures of the generator tests."""

from __future__ import annotations

import pytest
from zoom_mock.generator import Generator, GeneratorSettings


@pytest.fixture(scope="session")
def generator() -> Generator:
    """One generator for the session; small fuzz pools keep the tests quick."""
    return Generator(GeneratorSettings(fuzz_pool_size=8, fuzz_mutations=4))
