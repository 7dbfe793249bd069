"""Fixtures shared by the HTTP tests: a real uvicorn server on a loopback port."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from tests.contract import ContractClient
from zoom_mock.app import create_app
from zoom_mock.config import Settings
from zoom_mock.serving import server_options

SEED_DATA = Path(__file__).resolve().parents[1] / "data"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(
    app: Any, *, log_level: str = "warning", **uvicorn_options: Any
) -> Iterator[int]:
    """Serve `app` in a thread, as `zoom-mock serve` would; yield the port."""
    port = free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level=log_level,
        lifespan="off",
        **{**server_options(), **uvicorn_options},
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("The mock did not start within 20 seconds.")
        time.sleep(0.02)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def running_mock(**options: Any) -> Iterator[str]:
    """Start the mock in a thread with `options` as settings; yield its base URL."""
    with serving(create_app(Settings().with_options(**options))) as port:
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="session")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A mock on a copy of the seed data, shared by the whole session (read-mostly)."""
    data = tmp_path_factory.mktemp("data")
    shutil.copytree(SEED_DATA, data, dirs_exist_ok=True)
    with running_mock(data_dir=data) as url:
        yield url


@pytest.fixture
def client(base_url: str) -> Iterator[ContractClient]:
    with ContractClient(base_url) as http:
        yield http


@pytest.fixture
def fresh_mock(tmp_path: Path) -> Callable[..., Any]:
    """Start a private mock on its own copy of the data, for tests that change state."""

    def start(**options: Any) -> Any:
        data = tmp_path / "data"
        if not data.exists():
            shutil.copytree(SEED_DATA, data)
        options.setdefault("data_dir", data)
        return running_mock(**options)

    return start


@pytest.fixture(params=[True, False], ids=["short road", "connexion"])
def each_road(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A live mock on its own copy of the data, once on the short road and
    once with every request through connexion's full stack."""
    from tests.live_server import copy_seed_data, live_mock  # it imports this module

    with live_mock(copy_seed_data(tmp_path / "data"), fast_path=request.param) as mock:
        yield mock
