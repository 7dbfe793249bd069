"""The mock's own cost per request, measured in-process, without HTTP.

    python bench/microbench.py                         # plain mock, all scenarios
    python bench/microbench.py --variant all=pythonic-cache,lean-middlewares

Each variant runs in a fresh process that builds the app (with bench/levers.py
patches applied first) and calls it as an ASGI application in a loop, with
the scenario requests of bench/scenarios.py. Variants alternate, trial after
trial, and the figure kept per variant and scenario is the fastest trial:
other work on the machine can only slow a trial down, so the minimum is the
estimate least disturbed by it. uvicorn and the socket are left out, so the
figures are what the app itself costs: the part optimisations can change.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scenarios import GENERATED_PATH, GENERATED_SPEC, build_scenarios  # noqa: E402
from servers import REPO  # noqa: E402

DEFAULT_SCENARIOS = "1,2,3,4,5,6,7"


def _scope(method: str, target: str, headers: list[tuple[str, str]]) -> dict[str, Any]:
    path, _, query = target.partition("?")
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }


async def _call(app: Any, request: Any) -> int:
    headers = [("host", "127.0.0.1:8000"), *request.headers]
    if request.body is not None:
        headers.append(("content-length", str(len(request.body))))
    scope = _scope(request.method, request.path, headers)
    body = request.body or b""
    status = 0
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


def worker(args: argparse.Namespace) -> int:
    """Build the app once, then time each scenario; print one JSON line."""
    if args.patches:
        import levers

        levers.apply(args.patches.split(","))

    from zoom_mock.app import create_app
    from zoom_mock.config import load_settings
    from zoom_mock.serving import tune_garbage_collector

    settings = load_settings().with_options(
        data_dir=Path(args.data_dir), extra_specs=(GENERATED_SPEC,)
    )
    app = create_app(settings)
    # As `zoom-mock serve` does: with CPython's default thresholds, the heap
    # that creates build up is walked again and again by full collections,
    # which the server never sees.
    tune_garbage_collector()
    wanted = {int(n) for n in args.scenarios.split(",")}
    scenarios = [
        s
        for s in build_scenarios(Path(args.data_dir), GENERATED_PATH)
        if s.number in wanted and s.request is not None
    ]

    async def run() -> dict[str, Any]:
        found: dict[str, Any] = {}
        for scenario in scenarios:
            for _ in range(args.warmup):
                status = await _call(app, scenario.request)
            if status != scenario.expect:
                found[str(scenario.number)] = {"status": status}
                continue
            started_cpu, started = time.process_time(), time.perf_counter()
            for _ in range(args.requests):
                await _call(app, scenario.request)
            found[str(scenario.number)] = {
                "status": status,
                "cpu_us": (time.process_time() - started_cpu) / args.requests * 1e6,
                "wall_us": (time.perf_counter() - started) / args.requests * 1e6,
            }
        return found

    print("MICRO_JSON " + json.dumps(asyncio.run(run())), flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variant", action="append", default=[])
    parser.add_argument("--scenarios", default=DEFAULT_SCENARIOS)
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--cpu", type=int, default=0)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--patches", default="", help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return worker(args)

    variants = [("mock", "")] + [
        (v.partition("=")[0], v.partition("=")[2]) for v in args.variant
    ]
    results: dict[str, list[dict[str, Any]]] = {name: [] for name, _ in variants}
    with tempfile.TemporaryDirectory(prefix="zoom-mock-micro-") as work:
        for trial in range(args.trials):
            for name, patches in variants:
                data = Path(work) / f"data-{name}-{trial}"
                shutil.copytree(REPO / "data", data)
                command = [
                    "taskset", "-c", str(args.cpu), sys.executable, __file__,
                    "--worker", "--patches", patches, "--data-dir", str(data),
                    "--scenarios", args.scenarios, "--requests", str(args.requests),
                    "--warmup", str(args.warmup),
                ]  # fmt: skip
                done = subprocess.run(
                    command, capture_output=True, text=True, env=dict(os.environ)
                )
                line = next(
                    (x for x in done.stdout.splitlines() if x.startswith("MICRO_JSON")),
                    None,
                )
                if line is None:
                    print(done.stderr[-2000:], file=sys.stderr)
                    raise SystemExit(f"The {name} worker failed.")
                results[name].append(json.loads(line.removeprefix("MICRO_JSON ")))
            print(f"trial {trial + 1}/{args.trials} done", file=sys.stderr)

    print(render(results, args))
    return 0


def render(results: dict[str, list[dict[str, Any]]], args: argparse.Namespace) -> str:
    names = list(results)
    numbers = sorted({n for trials in results.values() for t in trials for n in t})
    lines = [
        f"In-process CPU µs per request, fastest of {args.trials} trials of "
        f"{args.requests} requests (x plain mock in brackets).",
        "",
        "| # | " + " | ".join(names) + " |",
        "|---|" + "---|" * len(names),
    ]
    for number in numbers:
        best: dict[str, float | None] = {}
        for name in names:
            values = [
                t[number]["cpu_us"] for t in results[name] if "cpu_us" in t[number]
            ]
            best[name] = min(values) if values else None
        base = best["mock"]
        cells = []
        for name in names:
            value = best[name]
            if value is None:
                statuses = {t[number]["status"] for t in results[name]}
                cells.append(f"answered {statuses}")
            elif base and name != "mock":
                cells.append(f"{value:,.0f} ({value / base:.2f})")
            else:
                cells.append(f"{value:,.0f}")
        lines.append(f"| {number} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
