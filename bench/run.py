"""Benchmark the mock against a bare Starlette baseline (and, on request, Prism).

    python bench/run.py                      # 3 repetitions, 8 s per load run
    python bench/run.py --repetitions 5 --duration 10
    python bench/run.py --with-prism         # also install and measure Prism

One run starts the mock with every spec of the repository, captures its answer
to each scenario, starts bench/baseline.py serving those same bytes, and then
loads both in turn, scenario by scenario and repetition by repetition, so that
any drift of the machine hits both alike. Servers run on one core, the load
generator on another. Figures are medians over the repetitions; the raw runs
go to a JSON file beside the markdown summary.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import prism  # noqa: E402
import report  # noqa: E402
from loadgen import LoadResult, Request, run_load, wrk_available  # noqa: E402
from scenarios import (  # noqa: E402
    GENERATED_PATH,
    GENERATED_SPEC,
    Scenario,
    baseline_capture,
    build_scenarios,
    capture,
    send_once,
)
from servers import (  # noqa: E402
    BENCH,
    REPO,
    Server,
    ServerError,
    baseline_server,
    free_port,
    mock_server,
)

OFFICIAL = REPO.parent / "shared" / "reference" / "zoom-openapi"
OFFICIAL_FILES = ("meetings", "users", "accounts", "qss", "mail", "video-sdk")


@dataclass
class Target:
    """A server under load, and how a scenario's request reaches it."""

    name: str
    server: Server
    strip_v2: bool = False
    numbers: frozenset[int] = frozenset(range(1, 8))

    def request(self, scenario: Scenario) -> Request:
        assert scenario.request is not None
        if self.strip_v2:
            return replace(scenario.request, path=scenario.request.path[3:])
        return scenario.request


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument(
        "--duration", type=float, default=8, help="Seconds per 16-connection run."
    )
    parser.add_argument(
        "--single-duration",
        type=float,
        default=3,
        help="Seconds per 1-connection run (latency only).",
    )
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--warmup", type=float, default=1, help="Seconds per warm-up.")
    parser.add_argument(
        "--scenarios", default="1,2,3,4,5,6,7", help="Comma-separated numbers."
    )
    parser.add_argument(
        "--generated",
        default=GENERATED_PATH,
        help="Path (without /v2) of the generated GET to measure "
        f"(default {GENERATED_PATH}, from bench/specs/generated.yaml).",
    )
    parser.add_argument("--with-prism", action="store_true")
    parser.add_argument(
        "--with-serving",
        action="store_true",
        help="Also run the baseline with the mock's uvicorn protocol and options.",
    )
    parser.add_argument(
        "--variant",
        action="append",
        default=[],
        metavar="NAME=PATCH,PATCH",
        help="Also measure the mock with bench/levers.py patches (repeatable).",
    )
    parser.add_argument("--skip-cold-start", action="store_true")
    parser.add_argument("--cold-repetitions", type=int, default=3)
    parser.add_argument("--server-cpu", type=int, default=0)
    parser.add_argument("--load-cpu", type=int, default=1)
    parser.add_argument(
        "--output",
        type=Path,
        default=BENCH / "results" / "last-run",
        help="Writes <output>.json and <output>.md.",
    )
    return parser.parse_args(argv)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def machine() -> dict[str, Any]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory_kb = int(line.split()[1])
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(memory_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
    }


def versions() -> dict[str, str]:
    from importlib.metadata import version

    found = {
        name: version(name)
        for name in ("zoom-mock", "connexion", "starlette", "uvicorn", "jsonschema")
    }
    for name in ("uvloop", "httptools", "orjson"):
        try:
            found[name] = version(name)
        except Exception:
            found[name] = "not installed"
    if wrk_available():
        done = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
        found["wrk"] = (
            (done.stdout or done.stderr).split("[")[0].strip().removeprefix("wrk ")
        )
    return found


def measure(
    targets: list[Target],
    scenarios: list[Scenario],
    args: argparse.Namespace,
) -> list[dict[str, Any]]:
    """Load every target with every scenario, interleaved, `repetitions` times."""
    runnable = [s for s in scenarios if s.runnable]
    for scenario in runnable:
        for target in targets:
            if scenario.number in target.numbers and args.warmup > 0:
                run_load(
                    target.server.port,
                    target.request(scenario),
                    connections=args.connections,
                    duration=args.warmup,
                    cpu=args.load_cpu,
                )

    runs: list[dict[str, Any]] = []
    for repetition in range(args.repetitions):
        shift = repetition % len(targets)
        order = targets[shift:] + targets[:shift]
        for scenario in runnable:
            for target in order:
                if scenario.number not in target.numbers:
                    continue
                runs += _measure_one(target, scenario, repetition, args)
        log(f"repetition {repetition + 1}/{args.repetitions} done")
    return runs


def _measure_one(
    target: Target, scenario: Scenario, repetition: int, args: argparse.Namespace
) -> list[dict[str, Any]]:
    found = []
    plans = [(args.connections, args.duration)]
    if args.single_duration > 0:
        plans.append((1, args.single_duration))
    for connections, duration in plans:
        cpu_before = target.server.cpu_seconds()
        result = run_load(
            target.server.port,
            target.request(scenario),
            connections=connections,
            duration=duration,
            cpu=args.load_cpu,
        )
        cpu = target.server.cpu_seconds() - cpu_before
        row = _row(target.name, scenario, repetition, connections, result)
        row["cpu_us_per_request"] = (
            round(cpu / result.requests * 1e6, 1) if result.requests else None
        )
        found.append(row)
    row = found[0]
    log(
        f"  {target.name:<9} #{scenario.number} {row['rps']:8.0f} req/s  "
        f"p50 {row['p50_ms']:.2f} ms  p99 {row['p99_ms']:.2f} ms  "
        f"{row['cpu_us_per_request']} CPU us/req"
        + (f"  ({row['status_errors']} answers >= 400)" if row["status_errors"] else "")
    )
    return found


def _row(
    server: str, scenario: Scenario, repetition: int, connections: int, r: LoadResult
) -> dict[str, Any]:
    return {
        "server": server,
        "scenario": scenario.number,
        "repetition": repetition,
        "connections": connections,
        "requests": r.requests,
        "seconds": round(r.seconds, 3),
        "rps": round(r.rps, 1),
        "p50_ms": round(r.p50_ms, 3),
        "p99_ms": round(r.p99_ms, 3),
        "status_errors": r.status_errors,
        "socket_errors": r.socket_errors,
    }


def cold_starts(
    work: Path, capture_file: Path, args: argparse.Namespace
) -> list[dict[str, Any]]:
    """Process start to first 200, interleaved: mock, baseline, mock + Zoom's files."""
    official = [OFFICIAL / f"zoom-{name}.openapi.json" for name in OFFICIAL_FILES]
    official = [path for path in official if path.exists()]

    found: list[dict[str, Any]] = []
    for repetition in range(args.cold_repetitions):
        makers = [
            lambda port: mock_server(port, work / "data", args.server_cpu),
            lambda port: baseline_server(port, capture_file, args.server_cpu),
        ]
        if official:
            makers.append(
                lambda port: mock_server(
                    port,
                    work / "data",
                    args.server_cpu,
                    extra_specs=official,
                    name="mock+official",
                )
            )
        for make in makers:
            server = make(free_port())
            server.log_path = work / f"cold-{server.name}.log"
            try:
                seconds = server.start(timeout=120)
                rss = server.rss_mb()
            finally:
                server.stop()
            found.append(
                {
                    "server": server.name,
                    "repetition": repetition,
                    "seconds": round(seconds, 3),
                    "rss_mb": round(rss, 1),
                }
            )
            log(f"  cold start {server.name:<14} {seconds:.2f} s, {rss:.0f} MiB")
    return found


def start_prism(work: Path, args: argparse.Namespace) -> tuple[list[Target], dict]:
    """Install Prism and start it in static and dynamic modes, or say why not."""
    info: dict[str, Any] = {}
    try:
        log("installing Prism from npm (this can take a minute)")
        command = prism.install(work / "prism")
        info["version"] = prism.version(command)
        spec = prism.write_merged_spec(work, [GENERATED_SPEC])
        targets = []
        for dynamic in (False, True):
            server = prism.prism_server(
                command,
                spec,
                free_port(),
                args.server_cpu,
                dynamic,
                ready_path="/users/me",
                log_path=work / f"prism-{'dynamic' if dynamic else 'static'}.log",
            )
            seconds = server.start(timeout=120)
            info[f"cold_start_{'dynamic' if dynamic else 'static'}_s"] = round(
                seconds, 3
            )
            targets.append(
                Target(
                    server.name, server, strip_v2=True, numbers=frozenset(range(1, 8))
                )
            )
        return targets, info
    except (prism.PrismUnavailable, ServerError, OSError) as exc:
        info["unavailable"] = str(exc)
        log(f"Prism is not measured: {exc}")
        return [], info


def prism_statuses(targets: list[Target], scenarios: list[Scenario]) -> dict:
    """What each Prism mode answers to each scenario, sent once."""
    found: dict[str, dict[str, int]] = {}
    for target in targets:
        for scenario in scenarios:
            if scenario.runnable:
                status, _, body = send_once(
                    target.server.port, target.request(scenario)
                )
                found.setdefault(target.name, {})[str(scenario.number)] = status
    return found


def check_baseline(port: int, scenarios: list[Scenario]) -> list[str]:
    """Differences between what the baseline sends and what the mock sent."""
    import base64

    problems = []
    for scenario in scenarios:
        if scenario.runnable and scenario.answer and scenario.request is not None:
            status, _, body = send_once(port, scenario.request)
            expected = base64.b64decode(scenario.answer["body"])
            if scenario.number != 7 and (status != scenario.expect or body != expected):
                problems.append(f"#{scenario.number}: baseline sent {status}")
    return problems


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    wanted = {int(n) for n in args.scenarios.split(",") if n.strip()}
    os.sched_setaffinity(0, {args.load_cpu})
    started = time.monotonic()
    load_before = Path("/proc/loadavg").read_text().split()[:3]
    work = Path(tempfile.mkdtemp(prefix="zoom-mock-bench-"))
    servers: list[Server] = []
    try:
        shutil.copytree(REPO / "data", work / "data")
        scenarios = [
            s
            for s in build_scenarios(work / "data", args.generated)
            if s.number in wanted
        ]

        mock = mock_server(
            free_port(),
            work / "data",
            args.server_cpu,
            extra_specs=[GENERATED_SPEC],
            log_path=work / "mock.log",
        )
        servers.append(mock)
        log(f"mock ready in {mock.start():.2f} s (pid {mock.pid})")
        capture(mock.port, scenarios)
        for scenario in scenarios:
            if scenario.unavailable:
                log(f"  #{scenario.number} n/a: {scenario.unavailable}")
        rss_before = mock.rss_mb()

        capture_file = work / "capture.json"
        capture_file.write_text(json.dumps(baseline_capture(scenarios)))
        baseline = baseline_server(
            free_port(), capture_file, args.server_cpu, log_path=work / "baseline.log"
        )
        servers.append(baseline)
        log(f"baseline ready in {baseline.start():.2f} s (pid {baseline.pid})")
        problems = check_baseline(baseline.port, scenarios)
        if problems:
            raise ServerError(
                "The baseline does not echo the mock: " + "; ".join(problems)
            )

        targets = [Target("mock", mock), Target("baseline", baseline)]
        if args.with_serving:
            served = baseline_server(
                free_port(),
                capture_file,
                args.server_cpu,
                log_path=work / "baseline-serving.log",
                mock_serving=True,
            )
            servers.append(served)
            log(f"baseline+serving ready in {served.start():.2f} s")
            targets.append(Target(served.name, served))
        for variant in args.variant:
            name, _, patches = variant.partition("=")
            patched = mock_server(
                free_port(),
                work / "data",
                args.server_cpu,
                extra_specs=[GENERATED_SPEC],
                log_path=work / f"{name}.log",
                patches=patches,
                name=name,
            )
            servers.append(patched)
            log(f"{name} ready in {patched.start():.2f} s (patches: {patches})")
            targets.append(Target(name, patched))
        prism_info: dict[str, Any] = {}
        if args.with_prism:
            prism_targets, prism_info = start_prism(work, args)
            servers += [target.server for target in prism_targets]
            prism_info["statuses"] = prism_statuses(prism_targets, scenarios)
            targets += prism_targets

        log(
            f"measuring {sum(s.runnable for s in scenarios)} scenarios x "
            f"{len(targets)} servers x {args.repetitions} repetitions"
        )
        runs = measure(targets, scenarios, args)
        rss_after = mock.rss_mb()
        meetings_created = sum(
            row["requests"]
            for row in runs
            if row["server"] == "mock" and row["scenario"] == 4
        )
        for server in servers:
            server.stop()

        cold = [] if args.skip_cold_start else cold_starts(work, capture_file, args)
        results = {
            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "command": " ".join(
                ["python bench/run.py", *(sys.argv[1:] if argv is None else argv)]
            ),
            "machine": machine(),
            "versions": versions(),
            "load_generator": "wrk" if wrk_available() else "python asyncio client",
            "settings": {
                "repetitions": args.repetitions,
                "duration_s": args.duration,
                "single_duration_s": args.single_duration,
                "connections": args.connections,
                "server_cpu": args.server_cpu,
                "load_cpu": args.load_cpu,
            },
            "scenarios": [report.scenario_summary(s) for s in scenarios],
            "runs": runs,
            "mock_rss_mb": {
                "after_start": round(rss_before, 1),
                "after_load": round(rss_after, 1),
            },
            "meetings_created": meetings_created,
            "cold_start": cold,
            "prism": prism_info,
            "variants": args.variant
            + (
                ["baseline+serving=(mock uvicorn options)"] if args.with_serving else []
            ),
            "wall_seconds": round(time.monotonic() - started),
            "loadavg": {
                "start": load_before,
                "end": Path("/proc/loadavg").read_text().split()[:3],
            },
        }
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.with_suffix(".json").write_text(json.dumps(results, indent=2))
        markdown = report.render(results)
        args.output.with_suffix(".md").write_text(markdown)
        print(markdown)
        log(f"wrote {args.output.with_suffix('.md')} and .json")
        return 0
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
