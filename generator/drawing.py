"""Drawing values from hypothesis-jsonschema, the same ones in every process.

`strategy.example()` cannot be seeded, and starting hypothesis costs tens of
milliseconds, so values are drawn in batches through a one-off `@given` run
with a fixed `@seed`, no example database, only the generate phase, no
health checks and no constants borrowed from the caller's modules. With those
settings hypothesis replays the same choices on every run, so a batch depends
only on the schema and the seed. The first
value of a batch is hypothesis' simplest one (empty strings, no optional
properties, empty arrays), which is exactly what fuzzing wants first.

Runs are serialised by a lock: the app may build two pools from two worker
threads at once.
"""

from __future__ import annotations

import base64
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import hypothesis.strategies as st
from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings
from hypothesis.errors import HypothesisException
from hypothesis_jsonschema import from_schema
from hypothesis_jsonschema._from_schema import STRING_FORMATS
from zoom_mock.generator.merge import Schema

_LOCK = threading.Lock()


def _format_strategy(fmt: str) -> st.SearchStrategy[str]:
    """Built on demand: hypothesis warns about strategies made at import time."""
    if fmt == "uuid":
        return st.uuids().map(str)
    if fmt == "byte":
        return st.binary(max_size=48).map(lambda raw: base64.b64encode(raw).decode())
    return st.text(max_size=64)


try:
    from hypothesis.internal.conjecture.providers import HypothesisProvider
except ImportError:  # hypothesis before 6.100 had no providers, nor constants.
    HypothesisProvider = None  # type: ignore[assignment,misc]

_FAILURES = (HypothesisException, ValueError, TypeError, KeyError, RecursionError)


class DrawFailed(Exception):
    """hypothesis-jsonschema could not draw from a schema."""


def draw(schema: Schema, count: int, run_seed: int) -> list[Any]:
    """Up to `count` values of `schema`, fixed by `run_seed`.

    The run happens on a thread of its own, which keeps it apart from any
    @given test running on the caller's thread: hypothesis refuses to nest
    them, and the app may be under test by schemathesis in-process.
    """
    found: list[Any] = []
    failures: list[str] = []

    def run() -> None:
        try:
            strategy = from_schema(schema, custom_formats=_custom_formats(schema))
        except _FAILURES as exc:
            failures.append(f"hypothesis-jsonschema rejected the schema: {exc}")
            return
        try:
            _collector(strategy, count, run_seed, found)()
        except _FAILURES as exc:
            failures.append(f"hypothesis could not draw: {type(exc).__name__}: {exc}")

    with _LOCK, _without_local_constants():
        worker = threading.Thread(target=run, name="zoom-mock-draw")
        worker.start()
        worker.join()

    if failures and not found:
        raise DrawFailed(failures[0])
    return found


@contextmanager
def _without_local_constants() -> Iterator[None]:
    """Keep constants found in the caller's own modules out of the draw.

    hypothesis mixes literals from every local module it has seen imported
    into what it generates, so the same seed would draw different values in
    a process that imported other modules first. While a pool is drawn, that
    mixing is switched off; other hypothesis runs lose it only meanwhile.
    """
    original = getattr(HypothesisProvider, "_maybe_draw_constant", None)
    if HypothesisProvider is None:
        original = None
    if original is None:
        yield
        return

    HypothesisProvider._maybe_draw_constant = _no_constant  # type: ignore[method-assign]
    try:
        yield
    finally:
        HypothesisProvider._maybe_draw_constant = original  # type: ignore[method-assign]


def _no_constant(self: Any, *args: Any, **kwargs: Any) -> None:
    return None


def _collector(
    strategy: st.SearchStrategy[Any], count: int, run_seed: int, found: list[Any]
) -> Callable[[], None]:
    @seed(run_seed)
    @settings(
        database=None,
        max_examples=count,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        deadline=None,
        derandomize=False,
        verbosity=Verbosity.quiet,
        print_blob=False,
        report_multiple_bugs=False,
    )
    @given(strategy)
    def collect(value: Any) -> None:
        found.append(value)

    return collect


def _custom_formats(schema: Schema) -> dict[str, st.SearchStrategy[str]]:
    """Strategies for every format in `schema` that hypothesis-jsonschema lacks."""
    formats: dict[str, st.SearchStrategy[str]] = {}
    stack: list[Any] = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            fmt = node.get("format")
            if isinstance(fmt, str) and fmt not in STRING_FORMATS:
                formats[fmt] = _format_strategy(fmt)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return formats
