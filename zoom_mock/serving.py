"""How uvicorn serves the mock: the HTTP protocol guard, timeouts and one worker.

uvicorn answers a request it cannot parse (a header value holding CR or LF, a
bad request line, conflicting lengths) with a plain-text 400 before the app
sees anything. `GuardedHttpToolsProtocol` keeps uvicorn's parser and adds what
a mock facing half-written clients needs: that 400 in our JSON error shape,
431 for a request head over `MAX_HEAD_BYTES` (httptools sets no limit of its
own), and 408 for a head that has not fully arrived `HEAD_TIMEOUT_SECONDS`
after the connection opened or the request began, so a client that trickles
its headers is cut off instead of holding a connection for ever. Each
connection is served on its own, so a slow client never delays the others.

uvicorn's `limit_concurrency` is left unset: its overflow answer is a
plain-text 503 outside our error shape, and the head and body timeouts
already free connections that stall.

State lives in the process, so several workers would each hold a different
copy of it; `check_workers` refuses that at start-up.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
from http import HTTPStatus
from typing import Any, ClassVar

import orjson
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from zoom_mock.config import RATE_LIMIT_PLANS, SettingsError
from zoom_mock.errors import JSON_CONTENT_TYPE, MockError, error_body

MAX_HEAD_BYTES = 64 * 1024
HEAD_TIMEOUT_SECONDS = 10.0
KEEP_ALIVE_SECONDS = 5
LINGER_SECONDS = 2.0
CONTINUE = b"HTTP/1.1 100 "


def raw_error_response(error: MockError) -> bytes:
    """A complete HTTP/1.1 answer for `error` that closes the connection."""
    body = orjson.dumps(error_body(error))
    phrase = HTTPStatus(error.status).phrase
    head = (
        f"HTTP/1.1 {error.status} {phrase}\r\n"
        f"content-type: {JSON_CONTENT_TYPE}\r\n"
        f"content-length: {len(body)}\r\n"
        "connection: close\r\n\r\n"
    )
    return head.encode("latin-1") + body


class HeadWithBody:
    """One response's writes, with its head held back until the body follows.

    uvicorn writes a response's status line and headers as soon as the app
    starts the response, then the body in a second write: two system calls
    for every answer, where the socket write is the largest single cost of a
    small request (bench/RESULTS.md). Holding the head until the first body
    bytes (or the end of the response, for one without a body) sends both in
    one write. An interim `100 Continue` is never held: the client waits for
    it before sending its body.
    """

    __slots__ = ("_transport", "_held", "_head_seen", "_on_response")

    def __init__(self, transport: asyncio.Transport, on_response: Any) -> None:
        self._transport = transport
        self._held: bytes | None = None
        self._head_seen = False
        self._on_response = on_response

    def write(self, data: bytes) -> None:
        if not self._head_seen and not data.startswith(CONTINUE):
            self._head_seen = True
            self._held = data
            return
        held = self._held
        if held is not None:
            self._held = None
            data = held + data
        self._transport.write(data)

    def flush(self) -> None:
        held = self._held
        if held is not None:
            self._held = None
            self._transport.write(held)

    def finish(self) -> None:
        """The response is complete: send what is held, then let uvicorn go on."""
        self.flush()
        self._on_response()

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def is_closing(self) -> bool:
        return self._transport.is_closing()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with JSON protocol errors and head limits."""

    HEAD_TIMEOUT: ClassVar[float] = HEAD_TIMEOUT_SECONDS
    MAX_HEAD: ClassVar[int] = MAX_HEAD_BYTES

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._awaiting_head = True
        self._head_bytes = 0
        self._parsed_head_bytes = 0
        self._head_too_large = False
        self._rejected = False
        self._deferred: MockError | None = None
        """A refusal waiting for the answers to requests read before it."""
        self._running: Any = None
        """The request cycle whose app task was started last."""
        self._head_begun = False
        """A request's first bytes have come, and not yet the end of its head."""
        self._began_in_read = False
        """The request whose head is awaited began in the read being parsed."""
        self._head_timer: asyncio.TimerHandle | None = None
        self._head_started = 0.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._head_started = self.loop.time()
        self._arm_head_timer(self.HEAD_TIMEOUT)

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._rejected:
            return
        self._began_in_read = False
        super().data_received(data)
        if not self._awaiting_head or self.transport.is_closing():
            return

        if self._began_in_read:
            # This read also held earlier requests (pipelined, or the end of
            # a body): of this head, count what the parser has taken so far.
            self._head_bytes = self._parsed_head_bytes
        else:
            self._head_bytes += len(data)
        if self._head_bytes > self.MAX_HEAD:
            self._reject(self._too_large())

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._awaiting_head = True
        self._head_begun = True
        self._began_in_read = True
        self._head_bytes = 0
        self._parsed_head_bytes = 0
        self._head_started = self.loop.time()
        if self._head_timer is None:
            self._arm_head_timer(self.HEAD_TIMEOUT)

    def on_url(self, url: bytes) -> None:
        super().on_url(url)
        self._count_head(len(url))

    def on_header(self, name: bytes, value: bytes) -> None:
        super().on_header(name, value)
        self._count_head(len(name) + len(value) + 4)

    def _count_head(self, size: int) -> None:
        """Counts a head that arrived in one piece; the parser then stops."""
        self._parsed_head_bytes += size
        if self._parsed_head_bytes > self.MAX_HEAD:
            self._head_too_large = True
            raise ValueError("The request head is too large.")

    def _too_large(self) -> MockError:
        return MockError(
            431,
            431,
            "Request Header Fields Too Large.",
            details=(
                f"The request line and headers came to more than "
                f"{self.MAX_HEAD} bytes, the most the mock reads."
            ),
        )

    def on_headers_complete(self) -> None:
        # The head timer stays armed: on a kept-alive connection the next
        # request's head reuses it, which saves a timer per request.
        self._awaiting_head = False
        self._head_begun = False
        super().on_headers_complete()
        cycle = self.cycle
        if cycle is not None and cycle.transport is self.transport:
            # The cycle's task has not run yet, so it only ever writes here.
            writer = HeadWithBody(self.transport, cycle.on_response)
            cycle.transport = writer  # type: ignore[assignment]
            cycle.on_response = writer.finish

    def send_400_response(self, msg: str) -> None:
        if self._head_too_large:
            self._reject(self._too_large())
            return
        self._reject(
            MockError(
                400,
                400,
                "Bad Request.",
                details=(
                    "The request is not valid HTTP/1.1, so it was not read; check "
                    "the request line and that no header holds CR, LF or NUL. "
                    f"uvicorn said: {msg}"
                ),
            )
        )

    def _reject(self, error: MockError) -> None:
        """Answer `error`, then close once the client had time to read it.

        Closing while the client is still sending would make the kernel reset
        the connection, and a reset can destroy the answer before the client
        reads it; so the mock stops writing, drops whatever else arrives, and
        closes after `LINGER_SECONDS`, or sooner when the client closes.
        """
        self._cancel_head_timer()
        if self.transport.is_closing() or self._rejected:
            return
        self._rejected = True
        faulty = self.cycle
        if faulty is not None and faulty.more_body:
            queued = [entry for entry in self.pipeline if entry[0] is faulty]
            if not queued:
                # The fault is in the body of the request being answered: the
                # app reading it is told the client left; nothing is answered.
                self.transport.close()
                return
            # The faulty request waits behind others: it never runs, and its
            # refusal follows their answers.
            self.pipeline.remove(queued[0])
        if self._answering():
            # Requests read before the faulty one come first: HTTP/1.1 keeps
            # answers in the order of the requests (see on_response_complete).
            self._deferred = error
            return
        self._refuse(error)

    def _answering(self) -> bool:
        """True while a request read before now still waits for its answer."""
        running = self._running
        return bool(self.pipeline) or (
            running is not None and not running.response_complete
        )

    def _start_asgi_task(self, cycle: Any, app: Any) -> None:
        self._running = cycle
        super()._start_asgi_task(cycle, app)

    def _refuse(self, error: MockError) -> None:
        self.logger.warning("Refused a request: %s", error)
        self.transport.write(raw_error_response(error))
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(LINGER_SECONDS, self.transport.close)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self._head_begun:
            # The next request's head began before this answer was done: the
            # head timer, not the keep-alive one, decides how long it may take.
            self._unset_keepalive_if_required()
        error = self._deferred
        if error is not None and not self._answering():
            self._deferred = None
            if not self.transport.is_closing():
                self._refuse(error)

    def _arm_head_timer(self, delay: float) -> None:
        self._head_timer = self.loop.call_later(delay, self._head_timed_out)

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if not self._awaiting_head:
            return
        waited = self.loop.time() - self._head_started
        if waited < self.HEAD_TIMEOUT:
            # A later request's head began after this timer was armed.
            self._arm_head_timer(self.HEAD_TIMEOUT - waited)
            return
        if self.flow.read_paused:
            # Reading is paused while earlier requests are answered, so the
            # rest of the head may be waiting unread: the client is not late.
            self._head_started = self.loop.time()
            self._arm_head_timer(self.HEAD_TIMEOUT)
            return
        if self._head_bytes == 0 and not self._head_begun:
            self.transport.close()
            return
        self._reject(
            MockError(
                408,
                408,
                "Request Timeout.",
                details=(
                    f"The request line and headers did not arrive within "
                    f"{self.HEAD_TIMEOUT:.0f} seconds, so the connection is closed."
                ),
            )
        )


def tune_garbage_collector() -> None:
    """Collect cyclic garbage far less often in the server process.

    The mock allocates many short-lived objects per request, so CPython's
    default thresholds start a collection every few requests, and once tests
    have created tens of thousands of records each full collection walks all
    of them: in bench/RESULTS.md that showed as p99 spikes above 100 ms. What
    was loaded at start-up is frozen out of collection, and the thresholds are
    raised so young collections are rarer and full ones much rarer. Only
    `zoom-mock serve` does this; the pytest plugin leaves its host process alone.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(100_000, 50, 1_000)


def server_options() -> dict[str, Any]:
    """The uvicorn settings `zoom-mock serve` uses, shared with the tests."""
    return {
        "http": "zoom_mock.serving:GuardedHttpToolsProtocol",
        "timeout_keep_alive": KEEP_ALIVE_SECONDS,
        "h11_max_incomplete_event_size": MAX_HEAD_BYTES,
        "timeout_graceful_shutdown": 5,
    }


def check_workers(workers: int) -> None:
    """Refuse several worker processes: each would hold its own copy of the state."""
    if workers < 1:
        raise SettingsError(f"--workers is {workers}, but it must be at least 1.")
    if workers > 1:
        raise SettingsError(
            f"--workers is {workers}, but the mock keeps users, meetings and the "
            "request journal in the memory of one process, so each worker would "
            "hold its own copy: a user created through one worker would be "
            "missing from the others. Run one worker (one process answers "
            "thousands of requests a second), or start several mocks on "
            "different ports."
        )


def add_serve_options(serve: argparse.ArgumentParser) -> None:
    """The `serve` options for limits, simulated rate limits and injected faults."""
    serve.add_argument(
        "--rate-limits",
        choices=RATE_LIMIT_PLANS,
        help="Enforce Zoom's rate limits of this account plan (default off).",
    )
    serve.add_argument(
        "--latency",
        metavar="MIN-MAX",
        help="Delay every API answer by MIN to MAX milliseconds (seeded by --seed).",
    )
    serve.add_argument(
        "--fault-rate",
        metavar="P",
        help="Answer a fraction P (0 to 1) of requests with a declared error.",
    )
    serve.add_argument(
        "--max-body-bytes",
        type=int,
        help="Largest request body accepted, in bytes (default 4 MB).",
    )
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="Worker processes; the mock keeps state in memory, so only 1 works.",
    )


def export_serve_options(args: argparse.Namespace) -> None:
    """Pass the options above to the app as ZOOM_MOCK_* variables."""
    exported = {
        "ZOOM_MOCK_RATE_LIMITS": args.rate_limits,
        "ZOOM_MOCK_LATENCY": args.latency,
        "ZOOM_MOCK_FAULT_RATE": args.fault_rate,
        "ZOOM_MOCK_MAX_BODY_BYTES": args.max_body_bytes,
    }
    for name, value in exported.items():
        if value is not None:
            os.environ[name] = str(value)
