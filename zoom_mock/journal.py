"""The request journal: what each client sent, what it got, and what it broke.

A contract-testing mock is only useful if a team can see afterwards which
requests broke Zoom's contract and which operations their client never called.
Every request that reaches the mock is noted here as one small entry: time,
duration, method and path, the operationId it matched, the status it got, the
contract violations it made (field and message) and the warnings lenient mode
let through.

The journal is a bounded deque, so a long load test keeps the newest entries
and memory stays flat. Coverage counters are kept apart from the entries: they
are one pair of integers per operation of the loaded specs, so they stay exact
however many entries have aged out.

Violations are read from the error answer itself, after it is rendered: a 400
with Zoom's code 300 lists its fields, a 401 with code 124 is a missing token,
and a 404 or 405 that matched no operation is a call outside the API. This
covers every place that can refuse a request (validators, handlers, the auth
middleware) without each having to report to the journal. Answers that a client
asked for with `Prefer: code=...`, and faults injected on purpose, are marked
as such and are never counted as violations.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import orjson
from connexion import AsyncApp
from connexion.middleware import MiddlewarePosition
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zoom_mock.documents import OperationInfo
from zoom_mock.runtime import Runtime

access_logger = logging.getLogger("zoom_mock.access")
logger = logging.getLogger("zoom_mock.journal")

ADMIN_SOURCE = "admin.yaml"
"""The spec file of the mock's own `/_mock/` API, which coverage leaves out."""

ADMIN_PATH_PREFIXES = ("/_mock/", "/ui", "/openapi.json", "/openapi.yaml")
"""Paths that belong to the mock itself rather than to Zoom's API."""

MAX_RECORDED_PATH = 2048
MAX_RECORDED_ITEMS = 100
MAX_WATCHED_BODY = 256 * 1024

VIOLATION_STATUSES = frozenset({400, 401, 404, 405, 415})
"""Statuses whose error body may describe a contract violation."""

CLIENT_LEFT = 499
"""The status recorded for a request whose client hung up before its body
ended: nothing was answered (nginx's "client closed request")."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One violation or warning: the field as the client names it, and why."""

    field: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


@dataclass(slots=True)
class RequestNote:
    """What the layers of the mock learn about one request while it is served.

    The note is put in the ASGI scope before connexion sees the request and is
    read once the answer has gone out, so middleware further in can fill it in
    without knowing about the journal.
    """

    operation_id: str | None = None
    status: int = 500
    injected: bool = False
    preferred: str | None = None
    forced: bool = False
    body: list[bytes] | None = None
    body_size: int = 0


@dataclass(slots=True)
class JournalEntry:
    seq: int
    time: float
    duration_ms: float
    method: str
    path: str
    query: str
    operation_id: str | None
    status: int
    violations: tuple[Finding, ...]
    warnings: tuple[Finding, ...]
    injected: bool
    preferred: str | None
    admin: bool

    def as_dict(self) -> dict[str, Any]:
        stamp = datetime.fromtimestamp(self.time, UTC)
        return {
            "seq": self.seq,
            "time": stamp.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "duration_ms": round(self.duration_ms, 3),
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "operationId": self.operation_id,
            "status": self.status,
            "violations": [item.as_dict() for item in self.violations],
            "warnings": [item.as_dict() for item in self.warnings],
            "injected": self.injected,
            "preference_applied": self.preferred,
            "admin": self.admin,
        }


@dataclass
class Counts:
    calls: int = 0
    calls_with_violations: int = 0


@dataclass
class Journal:
    """The newest `size` entries, plus exact per-operation counters."""

    size: int
    _entries: deque[JournalEntry] = field(init=False)
    _counts: dict[str, Counts] = field(init=False, default_factory=dict)
    _lock: threading.Lock = field(init=False, default_factory=threading.Lock)
    _seq: int = field(init=False, default=0)
    requests: int = field(init=False, default=0)
    requests_with_violations: int = field(init=False, default=0)
    unmatched: int = field(init=False, default=0)
    started: float = field(init=False, default_factory=time.monotonic)

    def __post_init__(self) -> None:
        self._entries = deque(maxlen=self.size)

    @property
    def last_seq(self) -> int:
        return self._seq

    def add(self, entry: JournalEntry) -> None:
        """Append `entry`, giving it the next sequence number."""
        with self._lock:
            self._seq += 1
            entry.seq = self._seq
            self._entries.append(entry)
            if entry.admin:
                return
            self.requests += 1
            if entry.violations:
                self.requests_with_violations += 1
            if entry.operation_id is None:
                self.unmatched += 1
                return
            counts = self._counts.get(entry.operation_id)
            if counts is None:
                counts = self._counts[entry.operation_id] = Counts()
            counts.calls += 1
            if entry.violations:
                counts.calls_with_violations += 1

    def clear(self) -> None:
        """Forget every entry and counter (sequence numbers keep counting up)."""
        with self._lock:
            self._entries.clear()
            self._counts.clear()
            self.requests = self.requests_with_violations = self.unmatched = 0

    def __len__(self) -> int:
        return len(self._entries)

    def entries(
        self,
        *,
        operation_id: str | None = None,
        status: int | None = None,
        has_violations: bool | None = None,
        since: int | None = None,
        include_admin: bool = False,
        limit: int | None = None,
    ) -> list[JournalEntry]:
        """Entries matching every filter given, newest first."""
        with self._lock:
            snapshot = list(self._entries)
        found: list[JournalEntry] = []
        for entry in reversed(snapshot):
            if since is not None and entry.seq <= since:
                break
            if entry.admin and not include_admin:
                continue
            if operation_id is not None and entry.operation_id != operation_id:
                continue
            if status is not None and entry.status != status:
                continue
            if has_violations is not None and bool(entry.violations) != has_violations:
                continue
            found.append(entry)
            if limit is not None and len(found) >= limit:
                break
        return found

    def counts(self, operation_id: str) -> Counts:
        with self._lock:
            counts = self._counts.get(operation_id)
            return (
                Counts(counts.calls, counts.calls_with_violations)
                if counts
                else Counts()
            )


def journal_of(runtime: Runtime) -> Journal:
    """The journal of a running mock, created on first use."""
    journal = runtime.extras.get("journal")
    if journal is None:
        journal = runtime.extras["journal"] = Journal(runtime.settings.journal_size)
    return journal


def is_admin_operation(info: OperationInfo) -> bool:
    return info.source == ADMIN_SOURCE


def coverage(runtime: Runtime) -> dict[str, Any]:
    """Every operation of every loaded spec with how often it was called."""
    journal = journal_of(runtime)
    rows = []
    for info in sorted(
        runtime.operations.values(), key=lambda item: (item.path, item.method)
    ):
        if is_admin_operation(info):
            continue
        counts = journal.counts(info.operation_id)
        rows.append(
            {
                "operationId": info.operation_id,
                "method": info.method,
                "path": info.path,
                "source": info.source,
                "handled": info.operation_id in runtime.handled,
                "calls": counts.calls,
                "calls_with_violations": counts.calls_with_violations,
            }
        )
    called = sum(1 for row in rows if row["calls"])
    return {
        "total_operations": len(rows),
        "called_operations": called,
        "requests": journal.requests,
        "requests_with_violations": journal.requests_with_violations,
        "unmatched_requests": journal.unmatched,
        "operations": rows,
    }


# Reading the note from inside the app.


def note_of(scope: Scope) -> RequestNote | None:
    """The journal note of the request in `scope`, if the journal is recording."""
    state = scope.get("zoom_mock")
    return state.get("note") if state is not None else None


def mark_preferred(scope: Scope, applied: str, *, forced: bool) -> None:
    """Record `Preference-Applied`; `forced` answers are never violations."""
    note = note_of(scope)
    if note is not None:
        note.preferred = applied or None
        note.forced = note.forced or forced


class OperationNoteMiddleware:
    """Copies the operationId connexion routed to into the request's note.

    It must sit right after routing and before anything that can answer on its
    own (auth, rate limits), so that refused requests still name their operation.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        note = note_of(scope)
        if note is not None:
            routing = scope.get("extensions", {}).get("connexion_routing", {})
            note.operation_id = routing.get("operation_id")
        await self.app(scope, receive, send)


# Recording one exchange.


def note_client_left(scope: Scope) -> None:
    """Record that the client left mid-body, on either road, and log it once."""
    note = scope.get("zoom_mock", {}).get("note")
    if note is not None:
        note.status = CLIENT_LEFT
    logger.info(
        "The client of %s %s left before sending its whole body.",
        scope.get("method"),
        scope.get("path"),
    )


async def record_exchange(
    runtime: Runtime, scope: Scope, receive: Receive, send: Send, app: ASGIApp
) -> None:
    """Serve the request with `app` and add what happened to the journal."""
    journal = journal_of(runtime)
    note = RequestNote()
    scope["zoom_mock"]["note"] = note
    wall, started = time.time(), time.perf_counter()

    async def watching_send(message: Message) -> None:
        if message["type"] == "http.response.start":
            note.status = message["status"]
            if note.status in VIOLATION_STATUSES:
                note.body = []
        elif message["type"] == "http.response.body" and note.body is not None:
            chunk = message.get("body", b"")
            if note.body_size + len(chunk) <= MAX_WATCHED_BODY:
                note.body.append(chunk)
                note.body_size += len(chunk)
        await send(message)

    try:
        await app(scope, receive, watching_send)
    finally:
        duration_ms = (time.perf_counter() - started) * 1000
        note.injected = note.injected or bool(scope["zoom_mock"].get("injected"))
        entry = _entry_for(journal, scope, note, wall, duration_ms)
        journal.add(entry)
        _log_access(entry, scope.get("client"))


def _entry_for(
    journal: Journal,
    scope: Scope,
    note: RequestNote,
    wall: float,
    duration_ms: float,
) -> JournalEntry:
    path = scope.get("path", "")
    violations: tuple[Finding, ...] = ()
    if note.body is not None and not (note.injected or note.forced):
        violations = _violations_of(note, b"".join(note.body))
    warnings = scope["zoom_mock"].get("warnings")

    query = scope.get("query_string", b"")
    return JournalEntry(
        seq=0,
        time=wall,
        duration_ms=duration_ms,
        method=scope.get("method", ""),
        path=path[:MAX_RECORDED_PATH],
        query=query.decode("latin-1")[:MAX_RECORDED_PATH] if query else "",
        operation_id=note.operation_id,
        status=note.status,
        violations=violations[:MAX_RECORDED_ITEMS],
        warnings=tuple(Finding(item.field, item.message) for item in warnings)[
            :MAX_RECORDED_ITEMS
        ]
        if warnings
        else (),
        injected=note.injected,
        preferred=note.preferred,
        admin=path.startswith(ADMIN_PATH_PREFIXES),
    )


READ_ANSWERS_KEPT = 64
REMEMBERED_ANSWER_BYTES = 4096


def _violations_of(note: RequestNote, raw: bytes) -> tuple[Finding, ...]:
    """The contract violations an error answer describes, remembered for small
    answers: a client that repeats a bad request gets the same bytes back."""
    unmatched = note.operation_id is None
    if len(raw) > REMEMBERED_ANSWER_BYTES:
        return _violations_in(note.status, unmatched, raw)
    return _remembered_violations(note.status, unmatched, raw)


def _violations_in(status: int, unmatched: bool, raw: bytes) -> tuple[Finding, ...]:
    try:
        body = orjson.loads(raw) if raw else {}
    except orjson.JSONDecodeError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    code = body.get("code")
    message = str(body.get("message", ""))
    envelope = body.get("error")
    details = envelope.get("details", "") if isinstance(envelope, dict) else ""

    if status == 400 and code == 300:
        return tuple(_field_errors(body.get("errors"), details or message))
    if status == 415:
        return (Finding("Content-Type", details or message),)
    if status == 401 and code == 124:
        return (Finding("Authorization", details or message),)
    if status in (404, 405) and unmatched:
        where = "path" if status == 404 else "method"
        return (Finding(where, message or f"No operation answers with {status}."),)
    return ()


_remembered_violations = lru_cache(maxsize=READ_ANSWERS_KEPT)(_violations_in)


def _field_errors(errors: Any, fallback: str) -> Iterable[Finding]:
    if not isinstance(errors, list) or not errors:
        return [Finding("request", fallback)]
    return [
        Finding(str(item.get("field", "request")), str(item.get("message", "")))
        for item in errors
        if isinstance(item, dict)
    ]


def _log_access(entry: JournalEntry, client: Any) -> None:
    if not access_logger.isEnabledFor(logging.INFO):
        return
    target = f"{entry.path}?{entry.query}" if entry.query else entry.path
    peer = f"{client[0]}:{client[1]}" if client else "-"
    access_logger.info(
        '%s "%s %s" %d %.1fms %s%s',
        peer,
        entry.method,
        target,
        entry.status,
        entry.duration_ms,
        entry.operation_id or "-",
        f" violations={len(entry.violations)}" if entry.violations else "",
        extra={
            "client": peer,
            "method": entry.method,
            "path": entry.path,
            "query": entry.query,
            "status": entry.status,
            "duration_ms": round(entry.duration_ms, 3),
            "operation_id": entry.operation_id,
            "violations": len(entry.violations),
        },
    )


def install_journal(app: AsyncApp, runtime: Runtime) -> None:
    """Start the journal of `runtime` and name each request's operation in it.

    Call it before any middleware that can refuse a request after routing, so
    refused requests still count against their operation.
    """
    journal_of(runtime)
    app.add_middleware(
        OperationNoteMiddleware, position=MiddlewarePosition.BEFORE_SECURITY
    )
