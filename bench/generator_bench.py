"""How many bodies per second the generator makes, against hypothesis-jsonschema.

    python bench/generator_bench.py             # 3 repetitions, writes the results
    python bench/generator_bench.py --quick     # fewer bodies, for a smoke run

Two schemas are measured: a meeting (Zoom's GET /meetings/{meetingId} 200)
and a page of 30 meetings (GET /users/{userId}/meetings 200 with the
`meetings` array pinned to 30 items, as with page_size=30). Both come from
Zoom's OpenAPI files in shared/reference beside the repository when they are
there, and from a built-in schema of the same size when they are not.

For each schema the run measures, repetition by repetition:
- realistic mode: `plan.realistic(seed)` after one compile;
- fuzz mode: `plan.fuzz(seed)` once the pool is built (the build is timed
  apart, since only the first fuzz request of an operation pays it);
- hypothesis-jsonschema alone: `from_schema(schema).example()` with a new
  strategy for every body, which is what a mock that calls it per request
  pays, and `.example()` repeated on one strategy, which hypothesis serves
  from a batch it draws up front.
Figures are medians over the repetitions.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from hypothesis.errors import NonInteractiveExampleWarning
from hypothesis_jsonschema import from_schema
from zoom_mock.generator import Generator, GeneratorSettings

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO.parent / "shared" / "reference" / "zoom-openapi"
RESULTS = REPO / "bench" / "GENERATOR_RESULTS.md"
PACKAGES = ("hypothesis", "hypothesis-jsonschema", "jsonschema", "orjson")


@dataclass
class Case:
    """One schema to measure, with the document its references point into."""

    name: str
    schema: dict[str, Any]
    document: dict[str, Any]
    source: str


@dataclass
class Figure:
    case: str
    method: str
    per_second: list[float]
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.per_second)


def reference_cases() -> list[Case] | None:
    path = REFERENCE / "zoom-meetings.openapi.json"
    if not path.is_file():
        return None

    document = json.loads(path.read_text(encoding="utf-8"))
    paths = document["paths"]
    meeting = _json_schema(paths["/meetings/{meetingId}"]["get"])
    listing = {
        "allOf": [
            _json_schema(paths["/users/{userId}/meetings"]["get"]),
            {"properties": {"meetings": {"minItems": 30, "maxItems": 30}}},
        ]
    }
    source = f"Zoom's {path.name}"
    return [
        Case("meeting (GET /meetings/{meetingId})", meeting, document, source),
        Case("list of 30 (GET /users/{userId}/meetings)", listing, document, source),
    ]


def _json_schema(operation: dict[str, Any]) -> dict[str, Any]:
    return operation["responses"]["200"]["content"]["application/json"]["schema"]


def fallback_cases() -> list[Case]:
    """Schemas of about the same size, written for this benchmark."""
    texts = ["topic", "agenda", "timezone", "join_url", "start_url", "host_email"]
    meeting: dict[str, Any] = {
        "type": "object",
        "properties": {
            "id": {"type": "integer", "format": "int64"},
            "uuid": {"type": "string"},
            "host_id": {"type": "string"},
            "start_time": {"type": "string", "format": "date-time"},
            "duration": {"type": "integer", "minimum": 0},
            "type": {"type": "integer", "enum": [1, 2, 3, 8]},
            **{name: {"type": "string"} for name in texts},
            "settings": {
                "type": "object",
                "properties": {
                    f"option_{index}": {"type": "boolean"}
                    if index % 4
                    else {"type": "string", "maxLength": 40}
                    for index in range(80)
                },
            },
        },
    }
    listing = {
        "type": "object",
        "properties": {
            "page_size": {"type": "integer", "maximum": 300},
            "total_records": {"type": "integer"},
            "next_page_token": {"type": "string"},
            "meetings": {
                "type": "array",
                "minItems": 30,
                "maxItems": 30,
                "items": meeting,
            },
        },
    }
    source = "built-in fallback (reference files absent)"
    return [
        Case("meeting (built-in)", meeting, {}, source),
        Case("list of 30 (built-in)", listing, {}, source),
    ]


def rate(make: Callable[[int], Any], count: int, budget: float) -> float:
    """Bodies per second over `count` bodies, or fewer if `budget` seconds pass."""
    started = time.perf_counter()
    made = 0
    while made < count:
        make(made)
        made += 1
        if made >= 3 and time.perf_counter() - started > budget:
            break
    return made / (time.perf_counter() - started)


def fresh_strategy(schema: dict[str, Any]) -> Callable[[int], Any]:
    def make(seed: int) -> Any:
        return from_schema(schema).example()

    return make


def one_strategy(schema: dict[str, Any]) -> Callable[[int], Any]:
    strategy = from_schema(schema)
    strategy.example()
    return lambda seed: strategy.example()


def measure(
    case: Case, repetitions: int, quick: bool
) -> tuple[list[Figure], dict[str, float]]:
    budget = 2.0 if quick else 8.0
    counts = {
        "realistic": 300 if quick else 3000,
        "fuzz": 300 if quick else 3000,
        "fresh": 3 if quick else 15,
        "one": 20 if quick else 200,
    }
    figures = {key: Figure(case.name, key, []) for key in counts}
    timings: dict[str, list[float]] = {"compile": [], "pool": [], "fields": []}

    for _ in range(repetitions):
        started = time.perf_counter()
        plan = Generator(GeneratorSettings()).compile(
            case.schema, case.document, where=case.name
        )
        timings["compile"].append(time.perf_counter() - started)

        started = time.perf_counter()
        plan.warm()
        timings["pool"].append(time.perf_counter() - started)
        timings["fields"].append(float(_count_values(plan.realistic(1))))

        figures["realistic"].per_second.append(
            rate(plan.realistic, counts["realistic"], budget)
        )
        figures["fuzz"].per_second.append(rate(plan.fuzz, counts["fuzz"], budget))
        figures["fresh"].per_second.append(
            rate(fresh_strategy(plan.json_schema), counts["fresh"], budget)
        )
        figures["one"].per_second.append(
            rate(one_strategy(plan.json_schema), counts["one"], budget)
        )

    return list(figures.values()), {
        key: statistics.median(values) for key, values in timings.items()
    }


def _count_values(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + sum(_count_values(inner) for inner in value.values())
    if isinstance(value, list):
        return 1 + sum(_count_values(inner) for inner in value)
    return 1


LABELS = {
    "realistic": "zoom-mock realistic `plan.realistic(seed)`",
    "fuzz": "zoom-mock fuzz `plan.fuzz(seed)` (pool built)",
    "fresh": "hypothesis-jsonschema `from_schema(s).example()`, new strategy per body",
    "one": "hypothesis-jsonschema `.example()` repeated on one strategy",
}


def report(
    cases: list[Case],
    results: list[tuple[list[Figure], dict[str, float]]],
    repetitions: int,
    load: str,
) -> str:
    lines = [
        "# Generator speed",
        "",
        "Written by `python bench/generator_bench.py`; numbers are medians of "
        f"{repetitions} repetitions, measured in one process, one schema after "
        "the other.",
        "",
        f"- Date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- Machine: {platform.platform()}, {platform.machine()}, "
        f"{os.cpu_count()} CPUs",
        f"- Python: {platform.python_implementation()} {platform.python_version()}",
        "- Packages: " + ", ".join(f"{name} {version(name)}" for name in PACKAGES),
        f"- Load average when the run started: {load}",
        f"- Schemas: {cases[0].source}",
        "",
    ]
    for case, (figures, timings) in zip(cases, results, strict=True):
        realistic = next(figure for figure in figures if figure.method == "realistic")
        fresh = next(figure for figure in figures if figure.method == "fresh")
        lines += [
            f"## {case.name}",
            "",
            f"One body holds about {timings['fields']:.0f} JSON values. Compiling "
            f"the plan took {timings['compile'] * 1000:.1f} ms; building the fuzz "
            f"pool (first fuzz request) took {timings['pool'] * 1000:.0f} ms.",
            "",
            "| method | bodies/s | µs per body | runs (bodies/s) |",
            "|---|---:|---:|---|",
        ]
        for figure in figures:
            runs = ", ".join(_per_second(value) for value in figure.per_second)
            cost = 1e6 / figure.median
            lines.append(
                f"| {LABELS[figure.method]} | {_per_second(figure.median)} "
                f"| {cost:,.1f} | {runs} |"
            )
        lines += [
            "",
            f"Realistic mode is {realistic.median / fresh.median:,.0f} times as "
            "fast as a fresh hypothesis-jsonschema strategy per body.",
            "",
        ]
    return "\n".join(lines)


def _per_second(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument(
        "--quick", action="store_true", help="fewer bodies per measurement"
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    options = parser.parse_args(argv)

    warnings.simplefilter("ignore", NonInteractiveExampleWarning)
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    cases = reference_cases() or fallback_cases()
    results = []
    for case in cases:
        sys.stderr.write(f"measuring {case.name} ...\n")
        results.append(measure(case, options.repetitions, options.quick))

    options.out.write_text(
        report(cases, results, options.repetitions, load) + "\n", encoding="utf-8"
    )
    sys.stderr.write(f"wrote {options.out}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
