"""Zoom's API rate limits, simulated per account plan and rate-limit category.

Zoom counts requests per account, grouped by the "Rate Limit Label" each
endpoint carries (our specs copy it into `x-zoom-rate-limit`). With
`--rate-limits free|pro|business` the mock enforces the published numbers;
`off`, the default, lets every request through.

    category             free                   pro           business (Business+)
    light                4/s and 6,000/day      30/s          80/s
    medium               2/s and 2,000/day      20/s          60/s
    heavy                1/s and 1,000/day      10/s [1]      40/s [2]
    resource-intensive   10/min and 30,000/day  10/min [1]    20/min [2]

    [1] heavy and resource-intensive share one daily pool of 30,000 requests.
    [2] the same shared pool, of 60,000 requests.

Short windows are sliding (the last second, or the last minute for
resource-intensive), so a burst one request over the limit is refused whenever
it is sent, not only when it falls inside one clock second. Daily pools reset
at 00:00 UTC, as Zoom's do. A refused request does not count against any limit.

A refusal is a 429 with Zoom's body and headers: `X-RateLimit-Category`,
`X-RateLimit-Type` (`QPS` or `Daily-limit`), `X-RateLimit-Limit`,
`X-RateLimit-Remaining`, and for a daily limit `Retry-After` holding the
absolute UTC time the pool refills, which is how Zoom writes it. Zoom's
per-user limits (such as 100 meeting creates a day per user) are not simulated.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from connexion import AsyncApp
from connexion.middleware import MiddlewarePosition
from starlette.types import ASGIApp, Receive, Scope, Send

from zoom_mock.errors import MockError
from zoom_mock.validation import mock_state

if TYPE_CHECKING:
    from zoom_mock.runtime import Runtime

QPS = "QPS"
DAILY = "Daily-limit"
OFF = "off"

CATEGORIES = ("light", "medium", "heavy", "resource-intensive")
PLANS = ("free", "pro", "business")
EXTENSION = "x-zoom-rate-limit"
LIMITER_KEY = "rate_limiter"

QPS_MESSAGE = (
    "You have reached the maximum per-second rate limit for this API. Try again later."
)
DAILY_MESSAGE = (
    "You have reached the maximum daily rate limit for this API. "
    "Refer to the response header for details on when you can make another request."
)
HEADER_NAMES = {
    "light": "Light",
    "medium": "Medium",
    "heavy": "Heavy",
    "resource-intensive": "Resource-intensive",
}


@dataclass(frozen=True)
class CategoryLimit:
    """How often one category may be called: `burst` per `window` seconds, and daily."""

    burst: int
    window: float
    daily: int | None = None
    pool: str = ""


SECOND = 1.0
MINUTE = 60.0
SHARED = "heavy+resource-intensive"

PLAN_LIMITS: dict[str, dict[str, CategoryLimit]] = {
    "free": {
        "light": CategoryLimit(4, SECOND, 6_000, "light"),
        "medium": CategoryLimit(2, SECOND, 2_000, "medium"),
        "heavy": CategoryLimit(1, SECOND, 1_000, "heavy"),
        "resource-intensive": CategoryLimit(10, MINUTE, 30_000, "resource-intensive"),
    },
    "pro": {
        "light": CategoryLimit(30, SECOND),
        "medium": CategoryLimit(20, SECOND),
        "heavy": CategoryLimit(10, SECOND, 30_000, SHARED),
        "resource-intensive": CategoryLimit(10, MINUTE, 30_000, SHARED),
    },
    "business": {
        "light": CategoryLimit(80, SECOND),
        "medium": CategoryLimit(60, SECOND),
        "heavy": CategoryLimit(40, SECOND, 60_000, SHARED),
        "resource-intensive": CategoryLimit(20, MINUTE, 60_000, SHARED),
    },
}


def next_utc_midnight(now: datetime) -> str:
    """When a daily pool refills, written the way Zoom writes `Retry-After`."""
    tomorrow = now.astimezone(UTC).date() + timedelta(days=1)
    return f"{tomorrow.isoformat()}T00:00:00Z"


def rate_limited_error(
    category: str | None,
    kind: str = QPS,
    *,
    plan: str | None = None,
    remaining: int = 0,
    now: datetime | None = None,
) -> MockError:
    """Zoom's 429 for `category` past its `kind` limit (QPS or Daily-limit).

    Used both by the limiter and for `Prefer: code=429`. Without a plan (rate
    limits off) the numbers are the Pro plan's; a daily 429 for a category that
    has no daily limit on the plan uses the Free plan's number. A category of
    None, for an operation that carries no label, is treated as light.
    """
    name = category if category in CATEGORIES else "light"
    plan_name = plan if plan in PLAN_LIMITS else "pro"
    limit = PLAN_LIMITS[plan_name][name]
    headers = {
        "X-RateLimit-Category": HEADER_NAMES[name],
        "X-RateLimit-Type": kind,
    }
    if kind == DAILY:
        daily = limit.daily or PLAN_LIMITS["free"][name].daily or 0
        refill = next_utc_midnight(now or datetime.now(UTC))
        headers["X-RateLimit-Limit"] = str(daily)
        headers["X-RateLimit-Remaining"] = str(remaining)
        headers["Retry-After"] = refill
        message = DAILY_MESSAGE
        details = (
            f"The {plan_name} plan allows {daily} {name} requests a day, and they "
            f"are used up until {refill}."
        )
    else:
        unit = "second" if limit.window == SECOND else "minute"
        headers["X-RateLimit-Limit"] = str(limit.burst)
        headers["X-RateLimit-Remaining"] = str(remaining)
        message = QPS_MESSAGE
        details = (
            f"The {plan_name} plan allows {limit.burst} {name} requests per {unit}, "
            "and this request was one more."
        )
    return MockError(429, 429, message, details=details, headers=headers)


@dataclass
class Verdict:
    """What the limiter decided: an error to send, or headers for the answer."""

    error: MockError | None = None
    headers: dict[str, str] = field(default_factory=dict)


class RateLimiter:
    """Counts requests per category for one plan, the way one Zoom account would."""

    def __init__(
        self,
        plan: str,
        *,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        if plan not in PLAN_LIMITS:
            raise ValueError(
                f"Rate-limit plan {plan!r} is unknown; expected one of "
                f"{', '.join(PLANS)} or {OFF}."
            )
        self.plan = plan
        self.limits = PLAN_LIMITS[plan]
        self._clock = clock
        self._wall_clock = wall_clock
        self._lock = threading.Lock()
        self._recent: dict[str, deque[float]] = {name: deque() for name in CATEGORIES}
        self._daily: dict[str, tuple[date, int]] = {}

    def daily_used(self, category: str) -> int:
        """Requests counted today against the daily pool of `category`."""
        limit = self.limits[category]
        today = self._wall_clock().astimezone(UTC).date()
        day, used = self._daily.get(limit.pool, (today, 0))
        return used if day == today else 0

    def set_daily_used(self, category: str, used: int) -> None:
        """Pretend `used` requests were already made today (for tests and demos)."""
        limit = self.limits[category]
        today = self._wall_clock().astimezone(UTC).date()
        with self._lock:
            self._daily[limit.pool] = (today, used)

    def admit(self, category: str) -> Verdict:
        """Count one request of `category`, or refuse it with Zoom's 429."""
        limit = self.limits[category]
        with self._lock:
            now = self._clock()
            recent = self._recent[category]
            while recent and recent[0] <= now - limit.window:
                recent.popleft()
            if len(recent) >= limit.burst:
                return Verdict(rate_limited_error(category, QPS, plan=self.plan))

            headers: dict[str, str] = {}
            if limit.daily is not None:
                wall = self._wall_clock()
                today = wall.astimezone(UTC).date()
                day, used = self._daily.get(limit.pool, (today, 0))
                used = used if day == today else 0
                if used >= limit.daily:
                    return Verdict(
                        rate_limited_error(category, DAILY, plan=self.plan, now=wall)
                    )
                self._daily[limit.pool] = (today, used + 1)
                headers = {
                    "X-RateLimit-Category": HEADER_NAMES[category],
                    "X-RateLimit-Limit": str(limit.daily),
                    "X-RateLimit-Remaining": str(limit.daily - used - 1),
                }
            recent.append(now)
            return Verdict(headers=headers)


def operation_category(operation: dict[str, Any]) -> str | None:
    """The rate-limit category an operation declares, if it declares a valid one."""
    value = operation.get(EXTENSION)
    return value if value in CATEGORIES else None


class RateLimitMiddleware:
    """Refuses requests past the plan's limits; runs after routing and auth."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        verdict = _verdict_for(scope)
        if verdict is not None and verdict.error is not None:
            mock_state(scope)["rate_limited"] = True
            raise verdict.error
        if verdict is None or not verdict.headers:
            await self.app(scope, receive, send)
            return

        extra = [
            (name.lower().encode("latin-1"), value.encode("latin-1"))
            for name, value in verdict.headers.items()
        ]

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _verdict_for(scope: Scope) -> Verdict | None:
    if scope["type"] != "http":
        return None
    runtime = scope.get("zoom_mock", {}).get("runtime")
    limiter = runtime.extras.get(LIMITER_KEY) if runtime is not None else None
    if limiter is None:
        return None
    routing = scope.get("extensions", {}).get("connexion_routing", {})
    info = runtime.operations.get(routing.get("operation_id"))
    category = operation_category(info.operation) if info is not None else None
    if category is None:
        return None
    return limiter.admit(category)


def install_rate_limits(app: AsyncApp, runtime: Runtime) -> None:
    """Enforce the plan named by `--rate-limits` on `app`; nothing when it is off."""
    plan = runtime.settings.rate_limits
    if plan == OFF:
        return
    runtime.extras[LIMITER_KEY] = RateLimiter(plan)
    app.add_middleware(
        RateLimitMiddleware, position=MiddlewarePosition.BEFORE_VALIDATION
    )
