"""What one running mock holds: settings, state, specs and the generator.

A runtime is created per app and travels with every request in the ASGI scope,
so several mocks with different settings can run in one process (as the pytest
plugin and the test suite do) without sharing a global.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from connexion.context import _scope as request_scope

from zoom_mock.config import Settings
from zoom_mock.documents import MergedSpec, OperationInfo
from zoom_mock.generator import Generator
from zoom_mock.ids import IdFactory
from zoom_mock.store import Store


@dataclass
class Runtime:
    settings: Settings
    store: Store
    spec: MergedSpec
    generator: Generator
    operations: dict[str, OperationInfo] = field(default_factory=dict)
    handled: set[str] = field(default_factory=set)
    extras: dict[str, Any] = field(default_factory=dict)
    ids: IdFactory = field(default_factory=IdFactory)
    fuzz_seeds: random.Random = field(default_factory=random.Random)
    """Where a fuzzed body's seed comes from when the request names none."""


def current() -> Runtime:
    """The runtime of the mock serving the request being handled."""
    return request_scope.get()["zoom_mock"]["runtime"]


def current_scope() -> dict[str, Any]:
    """The ASGI scope of the request being handled (connexion's context variable)."""
    return request_scope.get()
