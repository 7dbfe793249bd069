"""Limits on request paths and bodies, checked before a request is routed.

A body over the limit is answered with 413 before any of it is parsed: at once
when `Content-Length` already says it is too big, and while streaming when a
chunked body grows past the limit. The limit is `max_body_bytes`
(ZOOM_MOCK_MAX_BODY_BYTES, 4 MB by default), except on the upload endpoints
for which Zoom publishes its own file-size limit, such as 15 MB for a virtual
background. Where the client is already sending an oversized body, the mock
reads and discards up to `DRAIN_BYTES` of it before answering, so that the
client gets to read the 413 instead of a reset connection; a client that waits
for `100 Continue` gets the 413 without sending anything.

A client that stops sending halfway through its body is answered with 408
once `BODY_IDLE_SECONDS` pass without a byte, or `BODY_TOTAL_SECONDS` pass in
all, so a stalled upload cannot hold a request open for ever. A path longer
than `MAX_PATH_BYTES` cannot name anything the mock stores, so it is a 404
before the router tries to match it.
"""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass
from typing import Any

from connexion import AsyncApp
from connexion.middleware import MiddlewarePosition
from starlette.datastructures import Headers
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zoom_mock.errors import MockError, error_response
from zoom_mock.journal import note_client_left

MB = 1024 * 1024
MULTIPART_ALLOWANCE = 64 * 1024
"""Room for multipart boundaries and part headers around an uploaded file."""

DRAIN_BYTES = 64 * MB
MAX_PATH_BYTES = 4096
"""Far above any Zoom path, and short enough that no path segment can hold an
integer too long for Python to convert (4,300 digits), which the router would
otherwise fail on."""
BODY_IDLE_SECONDS = 15.0
BODY_TOTAL_SECONDS = 120.0


@dataclass(frozen=True)
class UploadLimit:
    """A file-size limit Zoom publishes for one upload endpoint."""

    method: str
    pattern: re.Pattern[str]
    max_bytes: int
    source: str


def _upload(method: str, route: str, megabytes: int, source: str) -> UploadLimit:
    pattern = re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", route) + "$")
    return UploadLimit(method, pattern, megabytes * MB + MULTIPART_ALLOWANCE, source)


UPLOAD_LIMITS = (
    _upload(
        "POST",
        "/users/{userId}/settings/virtual_backgrounds",
        15,
        "a virtual background file may not exceed 15 MB",
    ),
    _upload(
        "POST",
        "/webinars/{webinarId}/branding/virtual_backgrounds",
        15,
        "a webinar's virtual background file may not exceed 15 MB",
    ),
    _upload(
        "POST",
        "/webinars/{webinarId}/branding/wallpaper",
        15,
        "a webinar's wallpaper file may not exceed 15 MB",
    ),
    _upload("POST", "/fax/files", 50, "a fax file may not exceed 50 MB"),
)


def body_limit(method: str, path: str, default: int) -> tuple[int, str]:
    """The most bytes a body may hold on `method path`, and why."""
    for upload in UPLOAD_LIMITS:
        if upload.method == method and upload.pattern.match(path):
            return upload.max_bytes, f"Zoom's limit: {upload.source}"
    return default, "the mock's limit for request bodies, ZOOM_MOCK_MAX_BODY_BYTES"


def too_large(method: str, path: str, size: str, limit: int, why: str) -> MockError:
    return MockError(
        413,
        413,
        "Request Entity Too Large.",
        details=(
            f"The body of {method} {path} is {size} bytes, and at most {limit} "
            f"bytes are accepted here ({why})."
        ),
        headers={"Connection": "close"},
    )


def path_too_long(length: int) -> MockError:
    return MockError(
        404,
        404,
        "No API path matches a path this long.",
        details=(
            f"The request path is {length} bytes long; no Zoom path or id comes "
            f"close to {MAX_PATH_BYTES} bytes, so nothing can be stored under it."
        ),
    )


def body_timeout(waited: float, reason: str) -> MockError:
    return MockError(
        408,
        408,
        "Request Timeout.",
        details=(
            f"The request body stopped arriving: {reason} ({waited:.0f} seconds). "
            "Send the whole body promptly."
        ),
        headers={"Connection": "close"},
    )


class Expiry:
    """Cancels a task when called, and remembers that it did."""

    __slots__ = ("task", "fired")

    def __init__(self, task: asyncio.Task[Any]) -> None:
        self.task = task
        self.fired = False

    def __call__(self) -> None:
        self.fired = True
        self.task.cancel()


def arrived(receive: Receive) -> bool:
    """True if `receive` is sure to answer at once: what it returns is here.

    uvicorn's `receive` is a method of the request's cycle, whose
    `message_event` is set once the bytes it hands over have arrived (or the
    client has gone). A body sent with its head, as nearly every JSON body
    is, is then read without a timer. Any other `receive` gets one.
    """
    event = getattr(getattr(receive, "__self__", None), "message_event", None)
    return isinstance(event, asyncio.Event) and event.is_set()


class BodyReader:
    """`receive` with deadlines, for as long as the request body is incomplete."""

    def __init__(self, receive: Receive) -> None:
        self.receive = receive
        self.started = time.monotonic()
        self.complete = False

    async def __call__(self) -> Message:
        if self.complete or arrived(self.receive):
            return self._noted(await self.receive())

        remaining = BODY_TOTAL_SECONDS - (time.monotonic() - self.started)
        idle = min(BODY_IDLE_SECONDS, max(remaining, 0.0))
        # This read may wait: a bare timer cancels the task if it waits too
        # long. That is what asyncio.timeout does, without its bookkeeping.
        task = asyncio.current_task()
        assert task is not None
        expiry = Expiry(task)
        timer = asyncio.get_running_loop().call_later(idle, expiry)
        try:
            message = await self.receive()
        except asyncio.CancelledError:
            if not expiry.fired or task.uncancel() > 0:
                raise
            if idle < BODY_IDLE_SECONDS:
                raise body_timeout(
                    BODY_TOTAL_SECONDS, "the total time ran out"
                ) from None
            raise body_timeout(idle, "no bytes came for too long") from None
        finally:
            timer.cancel()

        return self._noted(message)

    def _noted(self, message: Message) -> Message:
        if message["type"] != "http.request" or not message.get("more_body", False):
            self.complete = True
        return message


async def _drain(reader: BodyReader, already: int) -> int:
    """Read and throw away the rest of a body, up to DRAIN_BYTES in all."""
    seen = already
    while not reader.complete and seen <= DRAIN_BYTES:
        message = await reader()
        seen += len(message.get("body", b""))
    return seen


class RequestLimitsMiddleware:
    """Enforces the body limits above; sits before routing."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        headers = Headers(scope=scope)
        method, path = scope["method"], scope["path"]
        raw_path = scope.get("raw_path") or path.encode("utf-8")
        if len(raw_path) > MAX_PATH_BYTES:
            await error_response(path_too_long(len(raw_path)))(scope, receive, send)
            return
        limit, why = body_limit(method, path, self.max_body_bytes)
        reader = BodyReader(receive)

        declared = headers.get("content-length")
        if declared is not None and declared.isascii() and declared.isdigit():
            if int(declared) > limit:
                waiting = headers.get("expect", "").lower() == "100-continue"
                if not waiting and int(declared) <= DRAIN_BYTES:
                    await _drain(reader, 0)
                error = too_large(method, path, declared, limit, why)
                await error_response(error)(scope, receive, send)
                return
            await self._forward(scope, reader, send)
            return

        if "chunked" not in headers.get("transfer-encoding", "").lower():
            await self._forward(scope, reader, send)
            return

        messages, size = await _read_up_to(reader, limit)
        if size > limit:
            total = await _drain(reader, size)
            shown = str(total) if reader.complete else f"more than {total}"
            error = too_large(method, path, shown, limit, why)
            await error_response(error)(scope, receive, send)
            return
        await self._forward(scope, _replay(messages, reader), send)

    async def _forward(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; a client gone before its body ended gets nothing."""
        try:
            await self.app(scope, receive, send)
        except ClientDisconnect:
            note_client_left(scope)


async def _read_up_to(reader: BodyReader, limit: int) -> tuple[list[Message], int]:
    """Buffer a streamed body until it ends or passes `limit` bytes."""
    messages: list[Message] = []
    size = 0
    while not reader.complete and size <= limit:
        message = await reader()
        messages.append(message)
        size += len(message.get("body", b""))
    return messages, size


def _replay(messages: list[Message], reader: BodyReader) -> Receive:
    pending = list(messages)

    async def receive() -> Message:
        if pending:
            return pending.pop(0)
        return await reader()

    return receive


def install_request_limits(app: AsyncApp, max_body_bytes: int) -> None:
    """Put the body limits in front of routing, so no oversized body is parsed."""
    app.add_middleware(
        RequestLimitsMiddleware,
        position=MiddlewarePosition.BEFORE_SWAGGER,
        max_body_bytes=max_body_bytes,
    )
