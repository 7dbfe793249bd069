"""Where the mock's time goes under load, sampled with py-spy.

    python bench/profile.py                    # scenarios 1, 4 and 6, 10 s each
    python bench/profile.py --scenarios 5 --duration 5

The mock runs pinned to one core exactly as in bench/run.py; wrk loads one
scenario at 16 connections while py-spy samples the server process. Each
sample is charged twice: to the innermost frame (self time) and to its owner,
the innermost frame outside the standard library, because a call into `re`,
`copy` or `asyncio` is spent on behalf of whoever made it. Owners are grouped
into our code, connexion, starlette, uvicorn, jsonschema and the rest.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loadgen import run_load  # noqa: E402
from scenarios import (  # noqa: E402
    GENERATED_PATH,
    GENERATED_SPEC,
    build_scenarios,
    capture,
)
from servers import BENCH, REPO, free_port, mock_server  # noqa: E402

FRAME = re.compile(r"^(?P<function>.*?) \((?P<file>[^()]*?)(?::(?P<line>\d+))?\)$")

GROUPS = (
    ("our code", ("/zoom_mock/", "/handlers/", "/generator/")),
    ("connexion", ("/connexion/",)),
    ("starlette", ("/starlette/",)),
    ("uvicorn", ("/uvicorn/", "/httptools/", "/uvloop/")),
    ("jsonschema", ("/jsonschema/", "/referencing/", "/rpds/", "/jsonschema_")),
    ("other libraries", ("site-packages/",)),
)

# uvloop runs in C below these frames: socket reads, writes and scheduling.
EVENT_LOOP = ("asyncio/runners.py", "asyncio/base_events.py")


@dataclass(frozen=True)
class Frame:
    function: str
    file: str
    line: str

    @property
    def group(self) -> str:
        if self.file.endswith(EVENT_LOOP):
            return "event loop and I/O"
        for name, markers in GROUPS:
            if any(marker in self.file for marker in markers):
                return name
        return "standard library"

    @property
    def short(self) -> str:
        file = self.file
        for anchor in ("site-packages/", "/work/main/", "lib/python3.11/"):
            if anchor in file:
                file = file.split(anchor, 1)[1]
        return f"{self.function} ({file}:{self.line})" if self.line else self.function


SKIPPED = ("standard library", "event loop and I/O")


def parse_frame(text: str) -> Frame:
    found = FRAME.match(text.strip())
    if found is None:
        return Frame(text.strip(), "", "")
    return Frame(found["function"], found["file"] or "", found["line"] or "")


def read_samples(raw: Path) -> list[tuple[list[Frame], int]]:
    """py-spy's collapsed stacks: outermost frame first, then a sample count."""
    samples = []
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = [parse_frame(part) for part in stack.split(";")]
        if frames and frames[0].function.startswith("process "):
            frames = frames[1:]
        if frames and frames[0].function.startswith("thread "):
            frames = frames[1:]
        samples.append((frames, int(count)))
    return samples


# Request stages, matched from the innermost frame outwards: the first frame
# that belongs to a stage decides where the sample goes.
STAGES = (
    ("handler, store and generator",
     ("/handlers/", "/zoom_mock/generated.py", "/generator/", "/zoom_mock/store.py",
      "/zoom_mock/paging.py", "/zoom_mock/prefer.py", "/zoom_mock/links.py")),
    ("request validation (ours, connexion, jsonschema)",
     ("/zoom_mock/validation.py", "/jsonschema/", "/jsonschema_", "/referencing/",
      "/rpds/", "connexion/middleware/request_validation.py", "connexion/validators/",
      "connexion/uri_parsing.py")),
    ("parameter decoding (connexion decorators)", ("connexion/decorators/",)),
    ("auth", ("/zoom_mock/auth.py", "connexion/middleware/security.py")),
    ("routing (starlette router under connexion)",
     ("starlette/routing.py", "connexion/middleware/routing.py")),
    ("response building", ("starlette/responses.py", "/zoom_mock/responses.py",
                           "/zoom_mock/errors.py")),
    ("our middleware (prefix, journal, limits, serving)", ("/zoom_mock/",)),
    ("other connexion middleware", ("/connexion/",)),
    ("other starlette", ("/starlette/",)),
    ("uvicorn and event loop", ("/uvicorn/", "asyncio/")),
)  # fmt: skip


def stage_of(frames: list[Frame]) -> str:
    for frame in reversed(frames):
        for name, markers in STAGES:
            if any(marker in frame.file for marker in markers):
                return name
    return "unattributed"


def _function(frame: Frame) -> str:
    return frame.short.rsplit(":", 1)[0] + ")" if frame.line else frame.short


def summarise(samples: list[tuple[list[Frame], int]], top: int = 20) -> str:
    total = sum(count for _, count in samples) or 1
    self_time: Counter[str] = Counter()
    callers: dict[str, Counter[str]] = {}
    owner_group: Counter[str] = Counter()
    stages: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()

    for frames, count in samples:
        if not frames:
            continue
        leaf = frames[-1]
        self_time[_function(leaf)] += count
        caller = next(
            (_function(f) for f in reversed(frames[:-1]) if f.group not in SKIPPED),
            "",
        )
        callers.setdefault(_function(leaf), Counter())[caller] += count
        owner = next(
            (f for f in reversed(frames) if f.group != "standard library"), leaf
        )
        if leaf.group == "event loop and I/O":
            owner = leaf
        owner_group[owner.group] += count
        stages[stage_of(frames)] += count
        for name in {_function(f) for f in frames if f.group not in SKIPPED}:
            inclusive[name] += count

    def pct(count: int) -> str:
        return f"{100 * count / total:5.1f} %"

    lines = [f"{total} samples", "", "Time by request stage:"]
    lines += [f"  {pct(c)}  {name}" for name, c in stages.most_common()]
    lines += ["", "Time by owner (innermost frame outside the standard library):"]
    lines += [f"  {pct(c)}  {name}" for name, c in owner_group.most_common()]
    lines += ["", f"Top {top} functions by self time (and their main caller):"]
    for name, count in self_time.most_common(top):
        caller = callers[name].most_common(1)[0][0]
        lines.append(f"  {pct(count)}  {name}  <- {caller}")
    lines += ["", f"Top {top} functions by inclusive time (below 75 %):"]
    below = [(n, c) for n, c in inclusive.most_common() if c < 0.75 * total]
    lines += [f"  {pct(c)}  {name}" for name, c in below[:top]]
    return "\n".join(lines)


def profile_scenario(
    pid: int, port: int, request: object, duration: float, raw: Path, cpu: int
) -> None:
    """Load the server with wrk while py-spy samples it for `duration` seconds."""
    loader = threading.Thread(
        target=run_load,
        args=(port, request),
        kwargs={"connections": 16, "duration": duration + 2, "cpu": cpu},
    )
    loader.start()
    try:
        subprocess.run(
            [
                str(Path(sys.executable).parent / "py-spy"),
                "record",
                "--pid",
                str(pid),
                "--duration",
                str(int(duration)),
                "--rate",
                "250",
                "--format",
                "raw",
                "--output",
                str(raw),
                "--nonblocking",
                "--full-filenames",
            ],
            check=True,
            capture_output=True,
            timeout=duration + 60,
        )
    finally:
        loader.join()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenarios", default="1,4,6")
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--generated", default=GENERATED_PATH)
    parser.add_argument(
        "--patches", default="", help="bench/levers.py patches to apply first."
    )
    parser.add_argument("--output", type=Path, default=BENCH / "results" / "profile")
    parser.add_argument(
        "--keep-raw",
        action="store_true",
        help="Also keep py-spy's collapsed stacks (several MB per scenario).",
    )
    args = parser.parse_args(argv)
    wanted = {int(n) for n in args.scenarios.split(",")}

    work = Path(tempfile.mkdtemp(prefix="zoom-mock-profile-"))
    args.output.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "data", work / "data")
    scenarios = build_scenarios(work / "data", args.generated)
    mock = mock_server(
        free_port(),
        work / "data",
        0,
        extra_specs=[GENERATED_SPEC],
        log_path=work / "mock.log",
        patches=args.patches,
    )
    try:
        mock.start()
        capture(mock.port, scenarios)
        for scenario in scenarios:
            if scenario.number not in wanted:
                continue
            if not scenario.runnable or scenario.request is None:
                print(f"#{scenario.number} n/a: {scenario.unavailable}")
                continue
            raw = (args.output if args.keep_raw else work) / (
                f"scenario-{scenario.number}.collapsed"
            )
            profile_scenario(
                mock.pid, mock.port, scenario.request, args.duration, raw, 1
            )
            summary = summarise(read_samples(raw))
            heading = (
                f"# Scenario {scenario.number}: {scenario.name}\n"
                f"{scenario.request.method} {scenario.request.path}\n"
            )
            (args.output / f"scenario-{scenario.number}.summary.txt").write_text(
                heading + "\n" + summary + "\n"
            )
            print(heading + "\n" + summary + "\n", flush=True)
    finally:
        mock.stop()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
