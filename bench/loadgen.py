"""Driving load at a server: wrk when it is installed, else a small asyncio client.

wrk is the reference: written in C, one thread on its own core can push far
more requests than either server answers, so the server is the bottleneck.
The Python client exists so the benchmark still runs where wrk is missing; it
is bounded (a fixed number of keep-alive connections, each sending its next
request only after the previous answer) and its own overhead is larger, so
its figures are only comparable with other figures it produced.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass

from servers import BENCH, pinned

SCRIPT = BENCH / "scenario.lua"


class LoadError(RuntimeError):
    """The load generator failed or produced output it could not read."""


@dataclass(frozen=True)
class Request:
    """One request a scenario sends over and over."""

    method: str
    path: str
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes | None = None


@dataclass(frozen=True)
class LoadResult:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    status_errors: int
    """Answers with a status of 400 or more (expected in the invalid-body case)."""
    socket_errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def run_load(
    port: int,
    request: Request,
    *,
    connections: int,
    duration: float,
    cpu: int | None,
) -> LoadResult:
    """Send `request` on `connections` connections for `duration` seconds."""
    if wrk_available():
        return _run_wrk(port, request, connections, duration, cpu)
    return asyncio.run(_run_python(port, request, connections, duration))


def _run_wrk(
    port: int, request: Request, connections: int, duration: float, cpu: int | None
) -> LoadResult:
    with tempfile.NamedTemporaryFile(suffix=".body") as body_file:
        body_path = ""
        if request.body is not None:
            body_file.write(request.body)
            body_file.flush()
            body_path = body_file.name

        command = [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{max(1, round(duration))}s",
            "--timeout",
            "5s",
        ]
        for name, value in request.headers:
            command += ["-H", f"{name}: {value}"]
        command += ["-s", str(SCRIPT), f"http://127.0.0.1:{port}{request.path}"]
        command += ["--", request.method, body_path]
        done = subprocess.run(
            pinned(command, cpu), capture_output=True, text=True, timeout=duration + 60
        )

    for line in done.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            raw = json.loads(line.removeprefix("BENCH_JSON "))
            break
    else:
        raise LoadError(
            f"wrk printed no summary for {request.method} {request.path} "
            f"(exit {done.returncode}): {done.stderr.strip() or done.stdout.strip()}"
        )

    return LoadResult(
        requests=raw["requests"],
        seconds=raw["duration_us"] / 1e6,
        p50_ms=raw["p50_us"] / 1000,
        p99_ms=raw["p99_us"] / 1000,
        status_errors=raw["errors_status"],
        socket_errors=sum(
            raw[f"errors_{kind}"] for kind in ("connect", "read", "write", "timeout")
        ),
    )


def _wire(port: int, request: Request) -> bytes:
    lines = [f"{request.method} {request.path} HTTP/1.1", f"Host: 127.0.0.1:{port}"]
    lines += [f"{name}: {value}" for name, value in request.headers]
    if request.body is not None:
        lines.append(f"Content-Length: {len(request.body)}")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode()
    return head + (request.body or b"")


async def _read_answer(reader: asyncio.StreamReader) -> int:
    """Read one HTTP/1.1 answer that carries Content-Length; return its status."""
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = None
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    if length is None:
        raise LoadError("An answer had no Content-Length; the Python client needs one.")
    await reader.readexactly(length)
    return status


async def _run_python(
    port: int, request: Request, connections: int, duration: float
) -> LoadResult:
    wire = _wire(port, request)
    latencies: list[float] = []
    status_errors = 0
    socket_errors = 0
    deadline = time.perf_counter() + duration

    async def connection() -> None:
        nonlocal status_errors, socket_errors
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            socket_errors += 1
            return
        try:
            while time.perf_counter() < deadline:
                sent = time.perf_counter()
                writer.write(wire)
                status = await _read_answer(reader)
                latencies.append(time.perf_counter() - sent)
                status_errors += status >= 400
        except (OSError, asyncio.IncompleteReadError):
            socket_errors += 1
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(connection() for _ in range(connections)))
    seconds = time.perf_counter() - started

    ordered = sorted(latencies) or [0.0]
    return LoadResult(
        requests=len(latencies),
        seconds=seconds,
        p50_ms=statistics.median(ordered) * 1000,
        p99_ms=ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
        status_errors=status_errors,
        socket_errors=socket_errors,
    )
