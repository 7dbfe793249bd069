"""Injected latency and failures, for testing how a client copes with a bad day.

`--latency MIN-MAX` delays every API answer by a random number of milliseconds
in that range; `--fault-rate P` answers a fraction P of requests with one of the
errors the operation declares. The failures Zoom really sends at random, 429
and 5xx, are preferred: when an operation declares any of them, only those are
injected. An operation that declares none gets one of its other declared
errors (never 401, which would only say the token is wrong), so the fraction
holds everywhere and every injected answer still conforms to the spec.

Every draw comes from one random generator seeded with `--seed`, and each
request takes the same number of draws whatever happens to it, so the same
seed and the same sequence of requests give the same delays and faults. An
injected answer carries `X-Mock-Fault: injected` and is marked in the ASGI
scope (`scope["zoom_mock"]["injected"]`), so the journal never mistakes it for
the mock breaking its contract. Operations that carry no Zoom rate-limit label
and come from our own specs (the mock's admin API) are left alone.
"""

from __future__ import annotations

import asyncio
import random
import threading
from dataclasses import dataclass
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from connexion import AsyncApp
from connexion.middleware import MiddlewarePosition
from starlette.types import ASGIApp, Receive, Scope, Send

from zoom_mock.errors import MockError
from zoom_mock.ratelimit import EXTENSION, QPS, operation_category, rate_limited_error
from zoom_mock.validation import mock_state

if TYPE_CHECKING:
    from zoom_mock.documents import OperationInfo
    from zoom_mock.runtime import Runtime

INJECTOR_KEY = "fault_injector"
FAULT_HEADER = "X-Mock-Fault"
NEVER_INJECTED = frozenset({401})


@dataclass(frozen=True)
class Fault:
    """What happens to one request: a delay, and maybe an error instead."""

    delay_ms: float
    status: int | None


def declared_errors(operation: dict[str, Any]) -> list[int]:
    """The error statuses an operation may answer with, in injection preference."""
    declared = sorted(
        int(code)
        for code in operation.get("responses", {})
        if str(code).isdigit() and int(code) >= 400
    )
    transient = [code for code in declared if code == 429 or code >= 500]
    if transient:
        return transient
    return [code for code in declared if code not in NEVER_INJECTED]


def injected_error(status: int, operation: dict[str, Any]) -> MockError:
    """The body and headers of an injected `status`, shaped like Zoom's."""
    if status == 429:
        error = rate_limited_error(operation_category(operation), QPS)
    else:
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = "Error"
        error = MockError(
            status,
            status,
            f"{phrase}.",
            details=(
                f"zoom-mock injected this {status} on purpose (--fault-rate); "
                "the request itself was not processed."
            ),
        )
    error.headers = {**error.headers, FAULT_HEADER: "injected"}
    return error


class FaultInjector:
    """Draws each request's delay and fault from one seeded generator."""

    def __init__(
        self, *, latency_ms: tuple[int, int] | None, fault_rate: float, seed: int
    ) -> None:
        self.latency_ms = latency_ms
        self.fault_rate = fault_rate
        self._random = random.Random(seed)
        self._lock = threading.Lock()

    def draw(self, candidates: list[int]) -> Fault:
        """The next request's fate; always three draws, so sequences stay aligned."""
        with self._lock:
            spread, roll, pick = (self._random.random() for _ in range(3))
        low, high = self.latency_ms or (0, 0)
        delay = low + (high - low) * spread
        if not candidates or roll >= self.fault_rate:
            return Fault(delay, None)
        return Fault(delay, candidates[int(pick * len(candidates))])


def subject_to_faults(info: OperationInfo) -> bool:
    """Zoom's operations and those of extra specs; not the mock's own admin API."""
    operation = info.operation
    return EXTENSION in operation or not operation.get("x-mock-ours", True)


class FaultMiddleware:
    """Delays and fails requests as the injector decides; runs after routing."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        info, injector = _target(scope)
        if info is None or injector is None:
            await self.app(scope, receive, send)
            return

        fault = injector.draw(declared_errors(info.operation))
        if fault.delay_ms > 0:
            await asyncio.sleep(fault.delay_ms / 1000)
        if fault.status is not None:
            mock_state(scope)["injected"] = True
            raise injected_error(fault.status, info.operation)
        await self.app(scope, receive, send)


def _target(scope: Scope) -> tuple[OperationInfo | None, FaultInjector | None]:
    if scope["type"] != "http":
        return None, None
    runtime = scope.get("zoom_mock", {}).get("runtime")
    injector = runtime.extras.get(INJECTOR_KEY) if runtime is not None else None
    if injector is None:
        return None, None
    routing = scope.get("extensions", {}).get("connexion_routing", {})
    info = runtime.operations.get(routing.get("operation_id"))
    if info is None or not subject_to_faults(info):
        return None, None
    return info, injector


def install_faults(app: AsyncApp, runtime: Runtime) -> None:
    """Inject `--latency` and `--fault-rate` into `app`; nothing when both are off."""
    settings = runtime.settings
    if not settings.latency_ms and settings.fault_rate <= 0:
        return
    runtime.extras[INJECTOR_KEY] = FaultInjector(
        latency_ms=settings.latency_ms,
        fault_rate=settings.fault_rate,
        seed=settings.seed,
    )
    app.add_middleware(FaultMiddleware, position=MiddlewarePosition.BEFORE_VALIDATION)
