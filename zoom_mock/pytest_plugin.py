"""A pytest plugin: the mock in-process, one fixture away, in any project.

Installing zoom-mock registers this module with pytest (entry point
`pytest11`). It adds:

- `zoom_mock_url`: the base URL of a mock running in a thread of the test
  process, on a free loopback port (one per session, started on first use);
- `zoom_mock`: a handle on that mock for one test. Its state is restored from
  the data folder before the test, and its journal shows only the requests
  the test made. `assert_no_violations()` fails the test with a readable list
  of every request that broke Zoom's contract.

The mock shares the process with the tests, so the handle reads the journal
directly instead of over HTTP. Nothing heavy is imported until a fixture is
used, so projects that never use the fixtures pay nothing for the plugin.

Settings come from the ini file: `zoom_mock_strict` (refuse unknown fields),
`zoom_mock_specs` (extra OpenAPI files or folders, one per line) and
`zoom_mock_data_dir` (a data folder other than the packaged seed data).
"""

from __future__ import annotations

import socket
import threading
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

STARTUP_SECONDS = 30.0


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "zoom_mock_strict",
        type="bool",
        default=False,
        help="zoom-mock: refuse unknown query parameters and body fields (400).",
    )
    parser.addini(
        "zoom_mock_specs",
        type="paths",
        default=[],
        help="zoom-mock: extra OpenAPI files or folders to serve, one per line.",
    )
    parser.addini(
        "zoom_mock_data_dir",
        type="string",
        default="",
        help="zoom-mock: data folder to seed the state from (default: packaged).",
    )


@dataclass
class MockServer:
    """A mock served by uvicorn in a daemon thread of this process."""

    url: str
    runtime: Any
    server: Any = field(repr=False)
    thread: threading.Thread = field(repr=False)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def start_mock_server(**options: Any) -> MockServer:
    """Start a mock with `options` as settings on a free loopback port."""
    import uvicorn

    with warnings.catch_warnings():
        # connexion warns about its own imports; a project running its tests
        # with warnings as errors must not fail on those.
        warnings.simplefilter("ignore")
        from zoom_mock.app import create_app
    from zoom_mock.config import Settings

    app = create_app(Settings().with_options(**options))
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    config = uvicorn.Config(
        app, log_level="warning", lifespan="off", access_log=False, log_config=None
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run,
        kwargs={"sockets": [listener]},
        name="zoom-mock",
        daemon=True,
    )
    thread.start()

    deadline = time.monotonic() + STARTUP_SECONDS
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            server.should_exit = True
            raise RuntimeError(
                f"zoom-mock did not start on 127.0.0.1:{port} within "
                f"{STARTUP_SECONDS:.0f} seconds."
            )
        time.sleep(0.02)
    return MockServer(f"http://127.0.0.1:{port}", app.runtime, server, thread)


class ZoomMock:
    """One test's view of the mock: its URL, its journal, its state."""

    def __init__(self, server: MockServer) -> None:
        self.server = server
        self.url = server.url
        self._mark = 0

    @property
    def runtime(self) -> Any:
        return self.server.runtime

    def reset(self) -> None:
        """Restore the seeded state. The test's journal keeps what came before,
        so `assert_no_violations` still sees every request of the test."""
        from zoom_mock.ids import IdFactory

        self.runtime.store.reset()
        self.runtime.ids = IdFactory(self.runtime.settings.seed)

    def begin_test(self) -> None:
        """Restore the seeded state and start the journal view afresh."""
        from zoom_mock.journal import journal_of

        self.reset()
        self._mark = journal_of(self.runtime).last_seq

    def journal(self, **filters: Any) -> list[dict[str, Any]]:
        """This test's requests, oldest first, as `GET /_mock/journal` shows them.

        Filters are those of `Journal.entries`: operation_id, status,
        has_violations, include_admin.
        """
        from zoom_mock.journal import journal_of

        entries = journal_of(self.runtime).entries(since=self._mark, **filters)
        return [entry.as_dict() for entry in reversed(entries)]

    def violations(self) -> list[dict[str, Any]]:
        """This test's requests that broke the contract, oldest first."""
        return self.journal(has_violations=True)

    def coverage(self) -> dict[str, Any]:
        """Calls per operation since the session began or the journal was cleared."""
        from zoom_mock.journal import coverage

        return coverage(self.runtime)

    def assert_no_violations(self) -> None:
        """Fail the test, listing every request of it that broke the contract."""
        __tracebackhide__ = True
        broken = self.violations()
        if broken:
            raise AssertionError(describe_violations(broken))


def describe_violations(entries: list[dict[str, Any]]) -> str:
    """A readable list of violating requests and what each one broke."""
    count = len(entries)
    lines = [
        f"{count} request{'s' if count != 1 else ''} broke Zoom's API contract "
        "(as the mock's specs describe it):"
    ]
    for number, entry in enumerate(entries, start=1):
        target = entry["path"] + (f"?{entry['query']}" if entry["query"] else "")
        operation = entry["operationId"] or "no operation matched"
        lines.append(
            f"  {number}. {entry['method']} {target} ({operation}) -> {entry['status']}"
        )
        for violation in entry["violations"]:
            lines.append(f"       {violation['field']}: {violation['message']}")
    return "\n".join(lines)


@pytest.fixture(scope="session")
def zoom_mock_server(pytestconfig: pytest.Config) -> Iterator[MockServer]:
    """The session's mock, started on first use and stopped at the end."""
    options: dict[str, Any] = {"strict": pytestconfig.getini("zoom_mock_strict")}
    specs = [Path(item) for item in pytestconfig.getini("zoom_mock_specs")]
    if specs:
        options["extra_specs"] = tuple(specs)
    data_dir = str(pytestconfig.getini("zoom_mock_data_dir")).strip()
    if data_dir:
        options["data_dir"] = (pytestconfig.rootpath / data_dir).resolve()

    server = start_mock_server(**options)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def zoom_mock(zoom_mock_server: MockServer) -> ZoomMock:
    """The mock for this test, with its state freshly restored."""
    handle = ZoomMock(zoom_mock_server)
    handle.begin_test()
    return handle


@pytest.fixture
def zoom_mock_url(zoom_mock: ZoomMock) -> str:
    """The base URL of the mock (state restored for this test)."""
    return zoom_mock.url
