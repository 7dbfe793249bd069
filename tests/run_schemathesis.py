"""Run schemathesis against every spec in specs/, on a live mock.

Each spec file is one `st run`, with positive and negative data, every check,
a fixed seed and a bounded number of examples (tests/schemathesis.toml), plus
the hooks in tests/schemathesis_hooks.py. Runs go two at a time, one per core.
pytest calls `run_all` from tests/test_schemathesis.py; by hand:

    python -m tests.run_schemathesis                  # start a mock, run every spec
    python -m tests.run_schemathesis users chat       # only these spec files
    python -m tests.run_schemathesis --url http://127.0.0.1:8000/v2
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SPECS = REPO / "specs"
CONFIG = Path(__file__).with_name("schemathesis.toml")
HOOKS = "tests.schemathesis_hooks"
SHARED_FILE = "common.yaml"
SPEC_TIMEOUT_SECONDS = 200
PARALLEL_RUNS = 2


@dataclass(frozen=True)
class SpecRun:
    spec: str
    returncode: int
    output: str

    @property
    def passed(self) -> bool:
        return self.returncode == 0

    def failures(self) -> str:
        """The FAILURES section of the report, or the whole output if it has none."""
        match = re.search(
            r"=+ FAILURES =+\n(.*?)(?:\n=+ [A-Z]+ =+\n|\Z)", self.output, re.S
        )
        return match.group(1) if match else self.output[-6000:]

    def summary(self) -> str:
        lines = [line for line in self.output.splitlines() if line.startswith("=")]
        return lines[-1].strip("= ") if lines else f"exit code {self.returncode}"


def spec_files(names: Iterable[str] = ()) -> list[Path]:
    wanted = {name.removesuffix(".yaml") for name in names}
    found = sorted(p for p in SPECS.glob("*.yaml") if p.name != SHARED_FILE)
    return [p for p in found if not wanted or p.stem in wanted]


def run_spec(spec: Path, base_url: str, report_dir: Path) -> SpecRun:
    """One `st run` for `spec` against `base_url`; never raises on test failures."""
    command = [
        sys.executable, "-m", "schemathesis.cli", "--config-file", str(CONFIG),
        "--no-color", "run", str(spec), "--url", base_url,
        "--header", "Authorization: Bearer schemathesis",
        "--report", "junit", "--report-dir", str(report_dir / spec.stem),
    ]  # fmt: skip
    environment = {**os.environ, "SCHEMATHESIS_HOOKS": HOOKS, "PYTHONPATH": str(REPO)}
    try:
        done = subprocess.run(
            command,
            cwd=REPO,
            env=environment,
            capture_output=True,
            text=True,
            timeout=SPEC_TIMEOUT_SECONDS,
        )
    except subprocess.TimeoutExpired as exc:
        output = exc.stdout if isinstance(exc.stdout, str) else ""
        return SpecRun(spec.name, -1, f"{output}\nTimed out after {exc.timeout} s.")
    return SpecRun(spec.name, done.returncode, done.stdout + done.stderr)


def run_all(base_url: str, specs: Sequence[Path], report_dir: Path) -> list[SpecRun]:
    with ThreadPoolExecutor(PARALLEL_RUNS) as pool:
        return list(pool.map(lambda spec: run_spec(spec, base_url, report_dir), specs))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("specs", nargs="*", help="Spec files by name (default all).")
    parser.add_argument("--url", help="Base URL of a running mock, ending in /v2.")
    args = parser.parse_args(argv)
    specs = spec_files(args.specs)

    with tempfile.TemporaryDirectory() as scratch:
        if args.url:
            runs = run_all(args.url, specs, Path(scratch))
        else:
            from tests.live_server import copy_seed_data, live_mock

            with live_mock(copy_seed_data(Path(scratch) / "data")) as mock:
                runs = run_all(f"{mock.url}/v2", specs, Path(scratch))

    for run in runs:
        sys.stdout.write(
            f"{'ok  ' if run.passed else 'FAIL'} {run.spec}: {run.summary()}\n"
        )
        if not run.passed:
            sys.stdout.write(run.failures() + "\n")
    return 0 if all(run.passed for run in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
