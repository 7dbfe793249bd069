"""Turning raw load runs into the tables and target verdicts of RESULTS.md.

Every figure is a median over the repetitions of one run; ratios are the
mock's median over the other server's median, measured in the same run. A
target whose scenario could not run is reported as n/a, never as a pass.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from typing import Any

GET_SCENARIOS = (1, 2, 3, 6)


def scenario_summary(scenario: Any) -> dict[str, Any]:
    request = scenario.request
    return {
        "number": scenario.number,
        "name": scenario.name,
        "method": request.method if request else "",
        "path": request.path if request else "",
        "prefer": dict(request.headers).get("Prefer", "") if request else "",
        "expect": scenario.expect,
        "body_bytes": scenario.answer.get("size"),
        "unavailable": scenario.unavailable,
    }


def median_of(
    runs: list[dict[str, Any]], server: str, scenario: int, connections: int, key: str
) -> float | None:
    values = [
        row[key]
        for row in runs
        if row["server"] == server
        and row["scenario"] == scenario
        and row["connections"] == connections
    ]
    return statistics.median(values) if values else None


def _ratio(top: float | None, bottom: float | None) -> float | None:
    if top is None or bottom is None or bottom == 0:
        return None
    return top / bottom


def _fmt(value: float | None, pattern: str = "{:,.0f}") -> str:
    return "n/a" if value is None else pattern.format(value)


def scenario_table(results: dict[str, Any]) -> str:
    """Throughput and server CPU per request, mock against baseline."""
    runs = results["runs"]
    many = results["settings"]["connections"]
    lines = [
        "| # | scenario | answer | body bytes | mock req/s | baseline req/s | ratio "
        "| mock CPU µs/req | baseline CPU µs/req | CPU ratio |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for scenario in results["scenarios"]:
        number = scenario["number"]
        if scenario["unavailable"]:
            lines.append(
                f"| {number} | {scenario['name']} | n/a: {scenario['unavailable']} "
                "| | | | | | | |"
            )
            continue

        def m(server: str, key: str, n: int = number) -> Any:
            return median_of(runs, server, n, many, key)

        cpu_mock, cpu_base = (
            m("mock", "cpu_us_per_request"),
            m("baseline", "cpu_us_per_request"),
        )
        lines.append(
            f"| {number} | {scenario['name']} | {scenario['expect']} "
            f"| {_fmt(scenario['body_bytes'])} "
            f"| {_fmt(m('mock', 'rps'))} | {_fmt(m('baseline', 'rps'))} "
            f"| {_fmt(_ratio(m('mock', 'rps'), m('baseline', 'rps')), '{:.2f}')} "
            f"| {_fmt(cpu_mock)} | {_fmt(cpu_base)} "
            f"| {_fmt(_ratio(cpu_base, cpu_mock), '{:.2f}')} |"
        )
    return "\n".join(lines)


def latency_table(results: dict[str, Any]) -> str:
    runs = results["runs"]
    many = results["settings"]["connections"]
    lines = [
        f"| # | mock p50 / p99 ms ({many} conn) | baseline p50 / p99 ms | p99 ratio "
        "| mock p50 ms (1 conn) | baseline p50 ms (1 conn) |",
        "|---|---|---|---|---|---|",
    ]
    for scenario in results["scenarios"]:
        number = scenario["number"]
        if scenario["unavailable"]:
            continue

        def m(server: str, key: str, conns: int = many, n: int = number) -> Any:
            return median_of(runs, server, n, conns, key)

        lines.append(
            f"| {number} "
            f"| {_fmt(m('mock', 'p50_ms'), '{:.2f}')} / "
            f"{_fmt(m('mock', 'p99_ms'), '{:.2f}')} "
            f"| {_fmt(m('baseline', 'p50_ms'), '{:.2f}')} / "
            f"{_fmt(m('baseline', 'p99_ms'), '{:.2f}')} "
            f"| {_fmt(_ratio(m('mock', 'p99_ms'), m('baseline', 'p99_ms')), '{:.2f}')} "
            f"| {_fmt(m('mock', 'p50_ms', 1), '{:.2f}')} "
            f"| {_fmt(m('baseline', 'p50_ms', 1), '{:.2f}')} |"
        )
    return "\n".join(lines)


def prism_table(results: dict[str, Any]) -> str:
    prism = results.get("prism") or {}
    if not prism:
        return "Prism was not part of this run (use `--with-prism`)."
    if prism.get("unavailable"):
        return f"Prism could not be measured: {prism['unavailable']}"
    runs = results["runs"]
    many = results["settings"]["connections"]
    statuses = prism.get("statuses", {})
    lines = [
        f"Prism {prism.get('version', '')}; "
        f"cold start {prism.get('cold_start_static_s')} s "
        f"(static), {prism.get('cold_start_dynamic_s')} s (dynamic).",
        "",
        "| # | scenario | mock req/s | prism req/s (answer) | mock / prism "
        "| prism -d req/s (answer) | mock / prism -d |",
        "|---|---|---|---|---|---|---|",
    ]
    for scenario in results["scenarios"]:
        number = scenario["number"]
        if scenario["unavailable"]:
            continue
        mock = median_of(runs, "mock", number, many, "rps")
        static = median_of(runs, "prism", number, many, "rps")
        dynamic = median_of(runs, "prism -d", number, many, "rps")
        lines.append(
            f"| {number} | {scenario['name']} | {_fmt(mock)} "
            f"| {_fmt(static)} ({statuses.get('prism', {}).get(str(number), '?')}) "
            f"| {_fmt(_ratio(mock, static), '{:.1f}')} "
            f"| {_fmt(dynamic)} ({statuses.get('prism -d', {}).get(str(number), '?')}) "
            f"| {_fmt(_ratio(mock, dynamic), '{:.1f}')} |"
        )
    return "\n".join(lines)


def variant_table(results: dict[str, Any]) -> str:
    """Extra servers against the one they modify: patched mocks against the plain
    mock, the baseline on the mock's uvicorn settings against the plain baseline."""
    variants = results.get("variants") or []
    if not variants:
        return "No extra variants in this run (use `--variant NAME=PATCHES`)."
    runs = results["runs"]
    many = results["settings"]["connections"]
    names = [variant.partition("=")[0] for variant in variants]
    lines = [
        "Variants: " + "; ".join(f"`{variant}`" for variant in variants) + ". "
        "In brackets: the figure over that of the server the variant modifies "
        "(`baseline` for baseline+serving, `mock` for the rest).",
        "",
        "| # | scenario | server | req/s | CPU µs/req | req/s ratio | CPU ratio |",
        "|---|---|---|---|---|---|---|",
    ]
    for scenario in results["scenarios"]:
        number = scenario["number"]
        if scenario["unavailable"]:
            continue
        for name in names:
            reference = "baseline" if name.startswith("baseline") else "mock"

            def m(server: str, key: str, n: int = number) -> Any:
                return median_of(runs, server, n, many, key)

            rps, cpu = m(name, "rps"), m(name, "cpu_us_per_request")
            lines.append(
                f"| {number} | {scenario['name']} | {name} | {_fmt(rps)} | {_fmt(cpu)} "
                f"| {_fmt(_ratio(rps, m(reference, 'rps')), '{:.2f}')} "
                f"| {_fmt(_ratio(cpu, m(reference, 'cpu_us_per_request')), '{:.2f}')} |"
            )
    return "\n".join(lines)


def cold_table(results: dict[str, Any]) -> str:
    cold = results.get("cold_start") or []
    if not cold:
        return "Cold start was not measured in this run."
    lines = ["| server | median s | runs (s) | RSS at start MiB |", "|---|---|---|---|"]
    for name in dict.fromkeys(row["server"] for row in cold):
        rows = [row for row in cold if row["server"] == name]
        seconds = [row["seconds"] for row in rows]
        lines.append(
            f"| {name} | {statistics.median(seconds):.2f} "
            f"| {', '.join(f'{s:.2f}' for s in seconds)} "
            f"| {statistics.median(row['rss_mb'] for row in rows):.0f} |"
        )
    return "\n".join(lines)


Verdict = tuple[str, str, str]


def targets(results: dict[str, Any]) -> list[Verdict]:
    """(target, measured, pass / fail / n/a) for every target of the issue."""
    runs = results["runs"]
    many = results["settings"]["connections"]
    available = {s["number"] for s in results["scenarios"] if not s["unavailable"]}

    def ratio(server: str, number: int, key: str = "rps") -> float | None:
        if number not in available:
            return None
        return _ratio(
            median_of(runs, "mock", number, many, key),
            median_of(runs, server, number, many, key),
        )

    found: list[Verdict] = []

    def cpu_ratio(server: str, number: int) -> float | None:
        """The same ratio from CPU per request (other server's over the mock's)."""
        if number not in available:
            return None
        return _ratio(
            median_of(runs, server, number, many, "cpu_us_per_request"),
            median_of(runs, "mock", number, many, "cpu_us_per_request"),
        )

    def check(
        label: str,
        numbers: tuple[int, ...],
        value: Callable[[int], float | None],
        passes: Callable[[float], bool],
        against: str = "",
    ) -> None:
        for number in numbers:
            got = value(number)
            verdict = "n/a" if got is None else ("pass" if passes(got) else "FAIL")
            shown = _fmt(got, "{:.2f}")
            if against and got is not None:
                shown += f" (CPU {_fmt(cpu_ratio(against, number), '{:.2f}')})"
            found.append((f"{label} (#{number})", shown, verdict))

    check(
        "GET req/s >= 0.5 x baseline",
        GET_SCENARIOS,
        lambda n: ratio("baseline", n),
        lambda r: r >= 0.5,
        against="baseline",
    )
    check(
        "valid POST req/s >= 0.4 x baseline",
        (4,),
        lambda n: ratio("baseline", n),
        lambda r: r >= 0.4,
        against="baseline",
    )
    check(
        "invalid POST req/s >= 0.4 x baseline",
        (5,),
        lambda n: ratio("baseline", n),
        lambda r: r >= 0.4,
        against="baseline",
    )
    check(
        "p99 (16 conn) <= 3 x baseline",
        (1, 2, 3, 4, 5, 6, 7),
        lambda n: ratio("baseline", n, "p99_ms"),
        lambda r: r <= 3,
    )
    check(
        "fuzz req/s >= 0.3 x baseline",
        (7,),
        lambda n: ratio("baseline", n),
        lambda r: r >= 0.3,
        against="baseline",
    )
    if (results.get("prism") or {}).get("statuses"):
        check(
            "req/s >= 2 x Prism static",
            (1, 2, 3, 4, 5, 6),
            lambda n: ratio("prism", n),
            lambda r: r >= 2,
            against="prism",
        )
        check(
            "req/s >= 10 x Prism dynamic",
            (1, 2, 3, 4, 5, 6, 7),
            lambda n: ratio("prism -d", n),
            lambda r: r >= 10,
            against="prism -d",
        )
    else:
        found.append(
            ("req/s >= 2 x Prism static, >= 10 x Prism dynamic", "not run", "n/a")
        )

    cold = results.get("cold_start") or []
    for name, limit in (("mock", 1.5), ("mock+official", 10.0)):
        seconds = [row["seconds"] for row in cold if row["server"] == name]
        got = statistics.median(seconds) if seconds else None
        verdict = "n/a" if got is None else ("pass" if got < limit else "FAIL")
        found.append(
            (f"cold start {name} < {limit:g} s", _fmt(got, "{:.2f} s"), verdict)
        )

    rss = (results.get("mock_rss_mb") or {}).get("after_load")
    megabytes = None if rss is None else rss * 1.048576
    verdict = "n/a" if megabytes is None else ("pass" if megabytes < 150 else "FAIL")
    shown = "n/a" if rss is None else f"{rss:.0f} MiB = {megabytes:.0f} MB"
    found.append(("RSS after load < 150 MB", shown, verdict))
    return found


def render(results: dict[str, Any]) -> str:
    settings = results["settings"]
    machine = results["machine"]
    versions = ", ".join(f"{k} {v}" for k, v in results["versions"].items())
    verdicts = "\n".join(
        f"| {label} | {got} | {verdict} |" for label, got, verdict in targets(results)
    )
    rss = results["mock_rss_mb"]
    load = results.get("loadavg") or {"start": ["?"], "end": ["?"]}
    return f"""## Run of {results["date"]}

Command: `{results["command"]}` ({results["wall_seconds"]} s wall time).
Machine: {machine["nproc"]} cores, {machine["cpu"]}, {machine["memory_gib"]} GiB,
Linux {machine["kernel"]}, Python {machine["python"]}. Versions: {versions}.
Load: {results["load_generator"]}, {settings["connections"]} connections for
{settings["duration_s"]:g} s and 1 connection for {settings["single_duration_s"]:g} s
per run; servers on CPU {settings["server_cpu"]}, load on CPU {settings["load_cpu"]};
medians of {settings["repetitions"]} interleaved repetitions.
Load average (1, 5, 15 min): {" ".join(load["start"])} at the start,
{" ".join(load["end"])} at the end; anything else running on the machine
shares the server's core.

### Throughput ({settings["connections"]} connections)

"CPU µs/req" is the server process's user + system CPU time during the run
divided by the requests it answered; "CPU ratio" is baseline CPU over mock CPU.
It is the throughput ratio the two would have on an otherwise idle core, and
it moves far less than requests per second when other work shares the machine.

{scenario_table(results)}

### Latency

{latency_table(results)}

### Cold start (process start to first 200)

{cold_table(results)}

### Memory

Mock RSS: {rss["after_start"]:.0f} MiB after start, {rss["after_load"]:.0f} MiB after
the load ({results["meetings_created"]:,} meetings created by scenario 4).

### Variants (bench/levers.py patches, the mock's serving layer)

{variant_table(results)}

### Prism

{prism_table(results)}

### Targets

| target | measured | verdict |
|---|---|---|
{verdicts}
"""
