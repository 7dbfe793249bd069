"""A real mock on a loopback port, served the way `zoom-mock serve` serves it.

The session fixtures in conftest.py serve the app with uvicorn's defaults. The
robustness tests need what `serve` adds on top (the guarded HTTP protocol and
its timeouts), and some need the app object itself, to reach the rate limiter,
so they start their servers here. Raw-socket helpers live here too: httpx and
Starlette's test client both refuse to send the malformed requests these tests
are about.
"""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from tests.conftest import SEED_DATA, serving
from zoom_mock.app import MockApp, create_app
from zoom_mock.config import Settings

AUTH = b"Authorization: Bearer test-token\r\n"


@dataclass
class LiveMock:
    url: str
    port: int
    app: MockApp


@contextmanager
def live_mock(
    data_dir: Path | None = None,
    *,
    uvicorn_options: dict[str, Any] | None = None,
    **options: Any,
) -> Iterator[LiveMock]:
    """Serve a mock with `options` as settings; `data_dir` defaults to the seeds."""
    if data_dir is not None:
        options["data_dir"] = data_dir
    app = create_app(Settings().with_options(**options))
    with serving(app, log_level="error", **(uvicorn_options or {})) as port:
        yield LiveMock(f"http://127.0.0.1:{port}", port, app)


def copy_seed_data(target: Path) -> Path:
    shutil.copytree(SEED_DATA, target)
    return target


@dataclass
class RawResponse:
    status: int
    headers: dict[str, str]
    body: bytes
    closed: bool

    def json(self) -> Any:
        return orjson.loads(self.body)


def raw_request(
    port: int, request: bytes, *, timeout: float = 10.0, check_closed: bool = False
) -> RawResponse:
    """Send `request` byte for byte and read one response; fail on a hang."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        with suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(request)
        return read_response(sock, check_closed=check_closed)


def read_response(sock: socket.socket, *, check_closed: bool = False) -> RawResponse:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise AssertionError(f"The connection closed before a full head: {data!r}")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    closed = _closed(sock) if check_closed else False
    return RawResponse(status, headers, body[:length], closed)


def _closed(sock: socket.socket) -> bool:
    """Whether the server closed the connection after its answer."""
    sock.settimeout(2.0)
    try:
        return sock.recv(1) == b""
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


def get(path: bytes, *headers: bytes) -> bytes:
    lines = b"".join(header + b"\r\n" for header in headers)
    return b"GET " + path + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n" + AUTH + lines + b"\r\n"


def with_body(method: bytes, path: bytes, body: bytes, *headers: bytes) -> bytes:
    lines = b"".join(header + b"\r\n" for header in headers)
    length = b"Content-Length: " + str(len(body)).encode() + b"\r\n"
    start = method + b" " + path + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    return start + AUTH + length + lines + b"\r\n" + body
