"""Resident memory of a real `zoom-mock serve` after it has created many meetings.

    python bench/memory.py                         # 250,000 creates, both variants
    python bench/memory.py --meetings 50000 --variants archive
    python bench/memory.py --json bench/results/memory.json

Issue 7 asks for resident memory under 150 MB after the load, and the load
creates meetings as fast as the mock answers. This benchmark starts the mock
the way bench/run.py does (a copy of data/, every spec plus the generated
fixture, one request per scenario to warm it up), creates N meetings over
keep-alive HTTP connections, and reads VmRSS from /proc/<pid>/status. Then it
checks the meetings are all still there: it reads 20,000 of them, spread over
the whole run, by id and by uuid (most come from the archive, and a read
brings a meeting back into memory), reads the last 1,000 of those 20 times
more (now from memory), and lists the host's meetings, whose total_records
must count every one created. Server CPU time per request comes from /proc,
as in bench/run.py; it is counted in clock ticks, so only phases of several
seconds give figures to a few microseconds.

The two variants:

- `archive`: `zoom-mock serve` as it is (MeetingTable archives all but the
  newest meetings into an unnamed temporary file);
- `in-memory`: the same command with `MeetingTable.hot_limit = None` set first
  (through `python -c`), which keeps every meeting as a dict, as the store did
  before the archive.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scenarios import (  # noqa: E402
    GENERATED_SPEC,
    VALID_MEETING,
    build_scenarios,
    capture,
)
from servers import REPO, TOKEN, Server, free_port, pinned  # noqa: E402

VARIANTS = ("archive", "in-memory")
SAMPLE_SIZE = 20_000
"""Created meetings read back once each, spread over the whole run."""
HOT_SAMPLE = 1000
"""The last of those, read back again HOT_READS times: they are in memory now."""
HOT_READS = 20


@dataclass
class Outcome:
    """What one variant measured."""

    variant: str
    meetings: int
    rss_start_mib: float = 0.0
    rss_created_mib: float = 0.0
    rss_read_mib: float = 0.0
    rss_listed_mib: float = 0.0
    archive_file_mib: float = 0.0
    create_seconds: float = 0.0
    create_cpu_us: float = 0.0
    first_read_cpu_us: float = 0.0
    second_read_cpu_us: float = 0.0
    list_seconds: float = 0.0
    total_records: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def bytes_per_meeting(self) -> float:
        grown = (self.rss_created_mib - self.rss_start_mib) * 1024 * 1024
        return grown / self.meetings if self.meetings else 0.0


# The HTTP client: keep-alive connections, each with a few requests in flight.


def _wire(port: int, method: str, path: str, body: bytes | None = None) -> bytes:
    lines = [
        f"{method} {path} HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        f"Authorization: Bearer {TOKEN}",
    ]
    if body is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + (body or b"")


async def _answer(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    return status, await reader.readexactly(length)


async def _send_all(
    port: int, wires: Iterator[bytes], connections: int, depth: int, every: int
) -> list[tuple[int, bytes]]:
    """Send every request of `wires`; answers come back in the order sent.

    Only every `every`-th answer keeps its body, so that the client's own
    memory stays small while it creates a quarter of a million meetings.
    """
    numbered = enumerate(wires)
    answers: dict[int, tuple[int, bytes]] = {}

    async def connection() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while True:
                batch = [item for _, item in zip(range(depth), numbered, strict=False)]
                if not batch:
                    return
                writer.write(b"".join(wire for _, wire in batch))
                for number, _ in batch:
                    status, body = await _answer(reader)
                    answers[number] = (status, body if number % every == 0 else b"")
        finally:
            writer.close()

    await asyncio.gather(*(connection() for _ in range(connections)))
    return [answers[number] for number in sorted(answers)]


def send_all(
    port: int,
    wires: Iterator[bytes],
    connections: int = 8,
    depth: int = 8,
    every: int = 1,
) -> list[tuple[int, bytes]]:
    return asyncio.run(_send_all(port, wires, connections, depth, every))


# One variant.


IN_MEMORY = (
    "import sys; from zoom_mock.meeting_table import MeetingTable; "
    "MeetingTable.hot_limit = None; from zoom_mock.cli import main; "
    "sys.exit(main(sys.argv[1:]))"
)


def _mock(variant: str, port: int, data: Path, cpu: int | None, log: Path) -> Server:
    launcher = [str(Path(sys.executable).parent / "zoom-mock")]
    if variant == "in-memory":
        launcher = [sys.executable, "-c", IN_MEMORY]
    command = [
        *launcher,
        "serve",
        "--port",
        str(port),
        "--data-dir",
        str(data),
        "--log-level",
        "warning",
        "--spec",
        str(GENERATED_SPEC),
    ]
    return Server(
        name=variant,
        command=pinned(command, cpu),
        port=port,
        ready_path="/v2/users/me",
        log_path=log,
    )


def _created(answers: list[tuple[int, bytes]], step: int) -> list[tuple[int, str]]:
    """(id, uuid) of every `step`-th created meeting."""
    sample = []
    for status, body in answers[::step]:
        if status == 201:
            meeting = json.loads(body)
            sample.append((int(meeting["id"]), str(meeting["uuid"])))
    return sample


def _read(run: Run, reads: list[tuple[str, int]]) -> float:
    """Send GET for each (path, id) in `reads`; return the server CPU seconds used."""
    server, port = run.server, run.server.port
    cpu = server.cpu_seconds()
    answers = send_all(port, (_wire(port, "GET", path) for path, _ in reads))
    spent = server.cpu_seconds() - cpu

    for (path, number), (status, body) in zip(reads, answers, strict=True):
        if status != 200 or json.loads(body).get("id") != number:
            run.outcome.problems.append(f"GET {path} answered {status}: {body[:99]!r}")
    return spent


@dataclass
class Run:
    """One variant's server, started and warmed up, and what it measured."""

    server: Server
    writer: str
    outcome: Outcome
    reads: list[tuple[str, int]] = field(default_factory=list)
    """GET paths of the sampled meetings (alternately by id and by uuid), with ids."""
    statuses: Counter[int] = field(default_factory=Counter)


def start(variant: str, args: argparse.Namespace, work: Path) -> Run:
    """Start `variant` on its own copy of data/ and warm it up as bench/run.py does."""
    data = work / variant / "data"
    shutil.copytree(REPO / "data", data)
    scenarios = build_scenarios(data)
    writer = next(s for s in scenarios if s.number == 4).request
    assert writer is not None

    server = _mock(variant, free_port(), data, args.server_cpu, work / f"{variant}.log")
    server.start()
    capture(server.port, scenarios)
    outcome = Outcome(variant, args.meetings, rss_start_mib=server.rss_mb())
    return Run(server, writer.path, outcome)


def archive_mib(pid: int) -> float:
    """The largest unlinked temporary file the mock holds open: its meeting archive."""
    sizes = [0]
    for link in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(link)
            if target.startswith(tempfile.gettempdir()) and target.endswith(
                "(deleted)"
            ):
                sizes.append(link.stat().st_size)
        except OSError:
            continue
    return max(sizes) / 1024 / 1024


def create(run: Run, count: int, step: int, args: argparse.Namespace) -> None:
    """Create `count` meetings; keep every `step`-th for the reads."""
    server, outcome, port = run.server, run.outcome, run.server.port
    wire = _wire(port, "POST", run.writer, json.dumps(VALID_MEETING).encode())
    cpu, started = server.cpu_seconds(), time.perf_counter()
    answers = send_all(
        port, (wire for _ in range(count)), args.connections, args.depth, every=step
    )
    outcome.create_seconds += time.perf_counter() - started
    outcome.create_cpu_us += (server.cpu_seconds() - cpu) / args.meetings * 1e6
    run.statuses.update(status for status, _ in answers)

    # Zoom's /meetings/{meetingId} takes numbers; the host's path takes uuids.
    for number, uuid in _created(answers, step):
        by_uuid = len(run.reads) % 2
        path = f"{run.writer}/{quote(quote(uuid, ''), '')}"
        run.reads.append((path if by_uuid else f"/v2/meetings/{number}", number))


def list_all(run: Run) -> None:
    """List the host's meetings: total_records must count every one created."""
    outcome, port = run.outcome, run.server.port
    started = time.perf_counter()
    listing = run.writer + "?page_size=300&from=2026-01-01&to=2026-12-31"
    status, answer = send_all(port, iter([_wire(port, "GET", listing)]))[0]
    outcome.list_seconds = time.perf_counter() - started
    outcome.total_records = json.loads(answer).get("total_records", 0)
    created = outcome.statuses.get("201", 0)
    if status != 200 or outcome.total_records < created:
        outcome.problems.append(
            f"The host's list answered {status} with total_records "
            f"{outcome.total_records}, but {created} meetings were created."
        )
    outcome.rss_listed_mib = run.server.rss_mb()


def measure(runs: list[Run], args: argparse.Namespace) -> None:
    """Load every run in turns, so that the machine's drift hits them alike."""
    step = max(1, args.meetings // SAMPLE_SIZE)
    for count in _shares(args.meetings, args.rounds):
        for run in runs:
            create(run, count, step, args)
    for run in runs:
        run.outcome.rss_created_mib = run.server.rss_mb()
        run.outcome.archive_file_mib = archive_mib(run.server.pid)
        run.outcome.statuses = {str(k): v for k, v in run.statuses.items()}

    # First reads bring archived meetings back; repeated ones find them in memory.
    spent = dict.fromkeys(range(len(runs)), 0.0)
    for share in range(args.rounds):
        for number, run in enumerate(runs):
            spent[number] += _read(run, run.reads[share :: args.rounds])
    for number, run in enumerate(runs):
        run.outcome.first_read_cpu_us = spent[number] / len(run.reads) * 1e6
        spent[number] = 0.0
    for _ in range(HOT_READS):
        for number, run in enumerate(runs):
            spent[number] += _read(run, run.reads[-HOT_SAMPLE:])
    for number, run in enumerate(runs):
        hot = HOT_READS * len(run.reads[-HOT_SAMPLE:])
        run.outcome.second_read_cpu_us = spent[number] / hot * 1e6
        run.outcome.rss_read_mib = run.server.rss_mb()

    for run in runs:
        list_all(run)


def _shares(total: int, parts: int) -> list[int]:
    return [
        total // parts + (1 if index < total % parts else 0) for index in range(parts)
    ]


# Reporting.


def table(outcomes: list[Outcome]) -> str:
    rows = [
        "| variant | meetings created | RSS after start | after creating | "
        "bytes per meeting | after reading a sample | after listing the host | "
        "create CPU µs | GET CPU µs, first / repeated read | list s | archive file |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for o in outcomes:
        rows.append(
            f"| {o.variant} | {o.statuses.get('201', 0):,} | "
            f"{o.rss_start_mib:.0f} MiB | {o.rss_created_mib:.0f} MiB | "
            f"{o.bytes_per_meeting:,.0f} | {o.rss_read_mib:.0f} MiB | "
            f"{o.rss_listed_mib:.0f} MiB | {o.create_cpu_us:.0f} | "
            f"{o.first_read_cpu_us:.0f} / {o.second_read_cpu_us:.0f} | "
            f"{o.list_seconds:.1f} | {o.archive_file_mib:.0f} MiB |"
        )
    return "\n".join(rows)


# CPU per request, in-process.


async def _asgi(app: Any, method: str, path: str, body: bytes = b"") -> bytes:
    """One request straight into the ASGI app: no sockets, no uvicorn."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"127.0.0.1"),
            (b"authorization", f"Bearer {TOKEN}".encode()),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }
    answer: list[bytes] = []
    statuses: list[int] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])
        elif message["type"] == "http.response.body":
            answer.append(message.get("body", b""))

    await app(scope, receive, send)
    if statuses[0] >= 300:
        raise RuntimeError(f"{method} {path} answered {statuses[0]}.")
    return b"".join(answer)


async def _costs(meetings: int, rounds: int) -> dict[str, float]:
    from zoom_mock.app import create_app
    from zoom_mock.config import Settings
    from zoom_mock.meeting_table import MeetingTable
    from zoom_mock.serving import tune_garbage_collector

    apps = {}
    with tempfile.TemporaryDirectory(prefix="zoom-mock-costs-") as folder:
        for variant in VARIANTS:
            shutil.copytree(REPO / "data", Path(folder) / variant)
            settings = Settings().with_options(data_dir=Path(folder) / variant)
            apps[variant] = create_app(settings)
        tune_garbage_collector()
        scenarios = build_scenarios(REPO / "data")
        writer = next(s for s in scenarios if s.number == 4).request
        assert writer is not None
        body = json.dumps(VALID_MEETING).encode()
        limits = {"archive": MeetingTable.hot_limit, "in-memory": None}

        # Creates, in turns; a third of the meetings made first are kept to read.
        spent: Counter[str] = Counter()
        kept: dict[str, list[int]] = {variant: [] for variant in VARIANTS}
        for count in _shares(meetings, rounds):
            for variant, app in apps.items():
                MeetingTable.hot_limit = limits[variant]
                started = time.process_time()
                for number in range(count):
                    made = await _asgi(app, "POST", writer.path, body)
                    if number % 3 == 0 and len(kept[variant]) < meetings // 4:
                        kept[variant].append(json.loads(made)["id"])
                spent[f"POST, {variant}"] += time.process_time() - started

        # Reads, in turns: an archived meeting is decoded afresh on its 1st read
        # and brought back into memory on its 2nd. Meanwhile the archive may not
        # push other meetings out, so each figure is the read's own cost.
        MeetingTable.hot_limit = None
        share = min(500, min(len(ids) for ids in kept.values()) // rounds)
        for turn in range(rounds):
            for variant, app in apps.items():
                ids = kept[variant][turn * share : (turn + 1) * share]
                for label in ("1st read", "2nd read", "3rd read"):
                    started = time.process_time()
                    for number in ids:
                        await _asgi(app, "GET", f"/v2/meetings/{number}")
                    spent[f"GET {label}, {variant}"] += time.process_time() - started
        MeetingTable.hot_limit = limits["archive"]

    counts = {
        key: meetings if key.startswith("POST") else share * rounds for key in spent
    }
    return {key: round(value * 1e6 / counts[key], 1) for key, value in spent.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=250_000)
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--depth", type=int, default=8, help="Requests in flight per connection."
    )
    parser.add_argument(
        "--rounds", type=int, default=10, help="Turns the variants take at each phase."
    )
    parser.add_argument("--server-cpu", type=int, default=0)
    parser.add_argument("--client-cpu", type=int, default=1)
    parser.add_argument("--json", type=Path, help="Also write the figures here.")
    parser.add_argument(
        "--costs",
        action="store_true",
        help="Instead: CPU µs per create and per read, in-process, both variants.",
    )
    args = parser.parse_args()
    if args.costs:
        costs = asyncio.run(_costs(args.meetings, args.rounds))
        for key, value in sorted(costs.items()):
            print(f"{key:32s} {value:7.1f} µs")
        return 0
    if hasattr(os, "sched_setaffinity") and args.client_cpu in os.sched_getaffinity(0):
        os.sched_setaffinity(0, {args.client_cpu})

    # Every variant starts before any is loaded, so all run the same code even
    # while someone edits the repository, and they take turns at every phase.
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="zoom-mock-memory-") as folder:
        try:
            for variant in args.variants.split(","):
                if variant not in VARIANTS:
                    parser.error(f"--variants named {variant!r}; expected {VARIANTS}.")
                runs.append(start(variant, args, Path(folder)))
            measure(runs, args)
            for run in runs:
                outcome = json.dumps(asdict(run.outcome))
                print(f"{run.outcome.variant}: {outcome}", flush=True)
        finally:
            for run in runs:
                run.server.stop()
    outcomes = [run.outcome for run in runs]

    print(table(outcomes))
    for outcome in outcomes:
        for problem in outcome.problems[:10]:
            print(f"{outcome.variant}: {problem}")
    if args.json:
        args.json.write_text(json.dumps([asdict(o) for o in outcomes], indent=2) + "\n")
    return 1 if any(o.problems for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
