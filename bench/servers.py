"""Starting, timing and stopping the servers the benchmark compares.

Every server runs in its own process, pinned to one core with `taskset`, so
that the load generator on the other core never competes with it. The same
helpers measure cold start (process start to the first 200 on a real route)
and resident memory, read from /proc rather than estimated.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
TOKEN = "bench-token"


class ServerError(RuntimeError):
    """A server did not come up, or came up and answered wrongly."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def pinned(command: Sequence[str], cpu: int | None) -> list[str]:
    """`command` run under `taskset` on `cpu`, when taskset exists and a cpu is set."""
    if cpu is None or shutil.which("taskset") is None:
        return list(command)
    return ["taskset", "-c", str(cpu), *command]


def http_status(port: int, path: str, timeout: float = 1.0) -> int | None:
    """The status of one GET on 127.0.0.1:`port`, or None when nothing answers."""
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Authorization: Bearer {TOKEN}\r\nConnection: close\r\n\r\n"
    ).encode()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
            conn.sendall(request)
            head = conn.recv(64)
    except OSError:
        return None

    parts = head.split(b" ", 2)
    if len(parts) < 2 or not parts[1].isdigit():
        return None
    return int(parts[1])


@dataclass
class Server:
    """One running server process and how to reach it."""

    name: str
    command: list[str]
    port: int
    ready_path: str
    env: Mapping[str, str] = field(default_factory=dict)
    cwd: Path = REPO
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    ready_after: float = 0.0
    log_path: Path | None = None

    def start(self, timeout: float = 60.0) -> float:
        """Start the process and wait for a 200; return the seconds that took."""
        environment = {**os.environ, **self.env}
        log = open(self.log_path, "wb") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        self.started_at = time.perf_counter()
        self.process = subprocess.Popen(
            self.command,
            cwd=self.cwd,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

        deadline = self.started_at + timeout
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise ServerError(
                    f"{self.name} exited with code {self.process.returncode} before "
                    f"answering {self.ready_path}; see {self.log_path or 'its output'}."
                )
            if http_status(self.port, self.ready_path, timeout=0.5) == 200:
                self.ready_after = time.perf_counter() - self.started_at
                return self.ready_after
            time.sleep(0.005)
        self.stop()
        raise ServerError(
            f"{self.name} did not answer 200 on {self.ready_path} within {timeout} s."
        )

    @property
    def pid(self) -> int:
        if self.process is None:
            raise ServerError(f"{self.name} is not running.")
        return self.process.pid

    def rss_mb(self) -> float:
        """Resident memory of the server process (and its children), in MiB."""
        total_kb = 0
        for pid in [self.pid, *_children(self.pid)]:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
        return total_kb / 1024

    def cpu_seconds(self) -> float:
        """User plus system CPU time the server process has used so far."""
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in [self.pid, *_children(self.pid)]:
            try:
                stat = Path(f"/proc/{pid}/stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        return total / ticks

    def stop(self) -> None:
        """End the process group this server started (its own session), by id."""
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        except ProcessLookupError:
            pass


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found + [grand for child in found for grand in _children(child)]


def mock_server(
    port: int,
    data_dir: Path,
    cpu: int | None,
    extra_specs: Sequence[Path] = (),
    log_path: Path | None = None,
    patches: str = "",
    name: str = "mock",
) -> Server:
    """`zoom-mock serve` with every spec of the repo, at log level warning.

    With `patches`, the same command runs through bench/levers.py with those
    experimental patches applied.
    """
    launcher = [str(Path(sys.executable).parent / "zoom-mock")]
    if patches:
        launcher = [sys.executable, str(BENCH / "levers.py"), patches, "--"]
    command = [
        *launcher,
        "serve",
        "--port",
        str(port),
        "--data-dir",
        str(data_dir),
        "--log-level",
        "warning",
    ]
    for spec in extra_specs:
        command += ["--spec", str(spec)]
    return Server(
        name=name,
        command=pinned(command, cpu),
        port=port,
        ready_path="/v2/users/me",
        log_path=log_path,
    )


def baseline_server(
    port: int,
    capture: Path,
    cpu: int | None,
    log_path: Path | None = None,
    mock_serving: bool = False,
) -> Server:
    """The bare Starlette app of bench/baseline.py, serving captured bodies."""
    command = [
        sys.executable,
        str(BENCH / "baseline.py"),
        "--port",
        str(port),
        "--capture",
        str(capture),
    ]
    if mock_serving:
        command.append("--mock-serving")
    return Server(
        name="baseline+serving" if mock_serving else "baseline",
        command=pinned(command, cpu),
        port=port,
        ready_path="/__ready__",
        log_path=log_path,
    )
