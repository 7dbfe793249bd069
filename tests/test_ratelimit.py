"""Zoom's rate limits: the categories in our specs, the limiter, and the 429s."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
import yaml

from tests.live_server import LiveMock, copy_seed_data, live_mock
from zoom_mock.config import SettingsError, load_settings
from zoom_mock.documents import HTTP_METHODS, our_spec_paths
from zoom_mock.ratelimit import (
    CATEGORIES,
    DAILY,
    DAILY_MESSAGE,
    LIMITER_KEY,
    QPS,
    QPS_MESSAGE,
    RateLimiter,
    rate_limited_error,
)

SPECS = Path(__file__).resolve().parents[1] / "specs"
REFERENCE = (
    Path(__file__).resolve().parents[2] / "shared" / "reference" / "zoom-openapi"
)
ADMIN_SPEC = "admin.yaml"
AUTH = {"Authorization": "Bearer rate-test"}


# Every operation carries the category Zoom gives the endpoint.


def our_operations() -> Iterator[tuple[str, str, str, dict]]:
    for path in our_spec_paths(SPECS):
        if path.name == ADMIN_SPEC:
            continue
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for route, item in document.get("paths", {}).items():
            for method in HTTP_METHODS:
                if method in item:
                    yield path.name, method, route, item[method]


def zoom_labels() -> dict[tuple[str, str], set[str]]:
    """Zoom's "Rate Limit Label" per method and path shape, from its own files."""
    found: dict[tuple[str, str], set[str]] = {}
    for path in sorted(REFERENCE.glob("*.openapi.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        for route, item in document.get("paths", {}).items():
            for method, operation in item.items():
                if not isinstance(operation, dict):
                    continue
                label = re.search(
                    r"Rate Limit Label[^`]*`\s*([A-Za-z-]+)",
                    operation.get("description", ""),
                )
                if label:
                    key = (method, shape(route))
                    found.setdefault(key, set()).add(label.group(1).lower())
    return found


def shape(route: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", route)


def test_every_operation_declares_a_valid_rate_limit_category() -> None:
    missing = [
        f"{name}: {method.upper()} {route} has {op.get('x-zoom-rate-limit')!r}"
        for name, method, route, op in our_operations()
        if op.get("x-zoom-rate-limit") not in CATEGORIES
    ]

    assert list(our_operations())
    assert missing == []


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="Zoom's OpenAPI files are absent.")
def test_categories_match_zoom_rate_limit_labels() -> None:
    labels = zoom_labels()
    wrong = []
    for name, method, route, operation in our_operations():
        zoom = labels.get((method, shape(route)))
        if zoom and operation.get("x-zoom-rate-limit") not in zoom:
            wrong.append(
                f"{name}: {method.upper()} {route} is "
                f"{operation.get('x-zoom-rate-limit')!r}, Zoom says {sorted(zoom)}"
            )

    assert wrong == []


# The limiter, on a clock the test controls.


class Clocks:
    def __init__(self) -> None:
        self.now = 1000.0
        self.wall = datetime(2026, 5, 1, 23, 59, 30, tzinfo=UTC)

    def limiter(self, plan: str) -> RateLimiter:
        return RateLimiter(plan, clock=lambda: self.now, wall_clock=lambda: self.wall)


def test_free_light_allows_four_a_second_then_429s() -> None:
    clocks = Clocks()
    limiter = clocks.limiter("free")

    admitted = [limiter.admit("light").error is None for _ in range(5)]
    refused = limiter.admit("light").error
    clocks.now += 1.0
    after_a_second = limiter.admit("light").error

    assert admitted == [True, True, True, True, False]
    assert refused is not None and refused.status == 429
    assert refused.headers == {
        "X-RateLimit-Category": "Light",
        "X-RateLimit-Type": QPS,
        "X-RateLimit-Limit": "4",
        "X-RateLimit-Remaining": "0",
    }
    assert after_a_second is None


def test_the_per_second_window_slides() -> None:
    clocks = Clocks()
    limiter = clocks.limiter("pro")

    for step in range(20):
        assert limiter.admit("medium").error is None
        clocks.now += 0.01 if step < 19 else 0.5
    assert limiter.admit("medium").error is not None
    clocks.now += 0.5

    assert limiter.admit("medium").error is None


def test_resource_intensive_counts_per_minute() -> None:
    clocks = Clocks()
    limiter = clocks.limiter("business")

    admitted = 0
    while limiter.admit("resource-intensive").error is None:
        admitted += 1
        clocks.now += 1.0
    clocks.now += 60.0

    assert admitted == 20
    assert limiter.admit("resource-intensive").error is None


def test_categories_count_separately() -> None:
    limiter = Clocks().limiter("free")

    for _ in range(4):
        limiter.admit("light")

    assert limiter.admit("light").error is not None
    assert limiter.admit("medium").error is None
    assert limiter.admit("heavy").error is None


def test_pro_heavy_and_resource_intensive_share_one_daily_pool() -> None:
    clocks = Clocks()
    limiter = clocks.limiter("pro")
    limiter.set_daily_used("heavy", 29_999)

    last = limiter.admit("heavy")
    refused = limiter.admit("resource-intensive").error

    assert last.error is None
    assert last.headers["X-RateLimit-Remaining"] == "0"
    assert refused is not None
    assert refused.message == DAILY_MESSAGE
    assert refused.headers == {
        "X-RateLimit-Category": "Resource-intensive",
        "X-RateLimit-Type": DAILY,
        "X-RateLimit-Limit": "30000",
        "X-RateLimit-Remaining": "0",
        "Retry-After": "2026-05-02T00:00:00Z",
    }
    assert limiter.admit("light").error is None


def test_the_daily_pool_refills_at_midnight_utc() -> None:
    clocks = Clocks()
    limiter = clocks.limiter("free")
    limiter.set_daily_used("medium", 2_000)

    before = limiter.admit("medium").error
    clocks.wall = datetime(2026, 5, 2, 0, 0, 1, tzinfo=UTC)
    after = limiter.admit("medium")

    assert before is not None and before.headers["X-RateLimit-Type"] == DAILY
    assert after.error is None
    assert after.headers["X-RateLimit-Remaining"] == "1999"


def test_a_refused_request_is_not_counted() -> None:
    clocks = Clocks()
    limiter = clocks.limiter("free")
    for _ in range(10):
        limiter.admit("heavy")

    assert limiter.daily_used("heavy") == 1


def test_prefer_429_gets_the_same_body_and_headers() -> None:
    error = rate_limited_error("heavy", QPS)
    daily = rate_limited_error(
        "light", DAILY, plan="free", now=datetime(2026, 2, 28, 12, tzinfo=UTC)
    )

    assert (error.status, error.code, error.message) == (429, 429, QPS_MESSAGE)
    assert error.headers["X-RateLimit-Category"] == "Heavy"
    assert error.headers["X-RateLimit-Limit"] == "10"
    assert daily.headers["Retry-After"] == "2026-03-01T00:00:00Z"
    assert daily.headers["X-RateLimit-Limit"] == "6000"


def test_plans_are_read_from_settings() -> None:
    assert load_settings({}).rate_limits == "off"
    assert (
        load_settings({"ZOOM_MOCK_RATE_LIMITS": "Business"}).rate_limits == "business"
    )
    with pytest.raises(SettingsError, match="free, pro, business"):
        load_settings({"ZOOM_MOCK_RATE_LIMITS": "enterprise"})


# Over HTTP.


@pytest.fixture
def free_mock(tmp_path: Path) -> Iterator[LiveMock]:
    with live_mock(copy_seed_data(tmp_path / "data"), rate_limits="free") as served:
        yield served


def burst(url: str, count: int) -> list[httpx.Response]:
    """`count` requests released at once, so they land inside one second."""
    gate = threading.Barrier(count)
    answers: list[httpx.Response] = []
    lock = threading.Lock()

    def call() -> None:
        with httpx.Client(headers=AUTH, timeout=10) as http:
            gate.wait()
            response = http.get(url)
        with lock:
            answers.append(response)

    threads = [threading.Thread(target=call) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_the_fifth_light_request_in_a_second_is_refused(free_mock: LiveMock) -> None:
    answers = burst(f"{free_mock.url}/v2/users/me", 6)

    ok = [r for r in answers if r.status_code == 200]
    refused = [r for r in answers if r.status_code == 429]
    assert (len(ok), len(refused)) == (4, 2)
    assert refused[0].json()["code"] == 429
    assert refused[0].json()["message"] == QPS_MESSAGE
    assert refused[0].headers["X-RateLimit-Category"] == "Light"
    assert refused[0].headers["X-RateLimit-Type"] == "QPS"
    assert refused[0].headers["X-RateLimit-Limit"] == "4"
    assert refused[0].headers["X-RateLimit-Remaining"] == "0"
    assert "Retry-After" not in refused[0].headers
    assert sorted(int(r.headers["X-RateLimit-Remaining"]) for r in ok) == [
        5996,
        5997,
        5998,
        5999,
    ]


def test_a_medium_operation_has_its_own_budget(free_mock: LiveMock) -> None:
    burst(f"{free_mock.url}/users/me", 5)

    listed = httpx.get(f"{free_mock.url}/users", headers=AUTH)

    assert listed.status_code == 200
    assert listed.headers["X-RateLimit-Category"] == "Medium"


def test_the_daily_limit_answers_with_an_absolute_retry_after(
    free_mock: LiveMock,
) -> None:
    limiter = free_mock.app.runtime.extras[LIMITER_KEY]
    limiter.set_daily_used("light", 6_000)

    response = httpx.get(f"{free_mock.url}/users/me", headers=AUTH)

    assert response.status_code == 429
    assert response.json()["message"] == DAILY_MESSAGE
    assert response.headers["X-RateLimit-Type"] == "Daily-limit"
    assert response.headers["X-RateLimit-Limit"] == "6000"
    retry_after = response.headers["Retry-After"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T00:00:00Z", retry_after)
    assert datetime.fromisoformat(retry_after) > datetime.now(UTC)


def test_the_admin_api_is_never_limited(free_mock: LiveMock) -> None:
    answers = burst(f"{free_mock.url}/_mock/health", 8)

    assert {r.status_code for r in answers} == {200}


def test_no_limits_by_default(tmp_path: Path) -> None:
    with live_mock(copy_seed_data(tmp_path / "data")) as served:
        answers = burst(f"{served.url}/users/me", 12)

    assert {r.status_code for r in answers} == {200}
    assert all("X-RateLimit-Limit" not in r.headers for r in answers)


def test_prefer_code_429_answers_like_the_limiter(tmp_path: Path) -> None:
    expected = rate_limited_error("light", QPS)

    with live_mock(copy_seed_data(tmp_path / "data")) as served:
        response = httpx.get(
            f"{served.url}/users/me", headers={**AUTH, "Prefer": "code=429"}
        )

    assert response.status_code == 429
    assert response.json()["code"] == 429
    assert response.json()["message"] == expected.message
    for name, value in expected.headers.items():
        assert response.headers[name] == value


def test_serve_passes_the_plan_to_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    from zoom_mock.cli import build_parser
    from zoom_mock.serving import export_serve_options

    for name in ("ZOOM_MOCK_RATE_LIMITS", "ZOOM_MOCK_LATENCY", "ZOOM_MOCK_FAULT_RATE"):
        monkeypatch.setenv(name, "")  # so that the test's own values are undone
        monkeypatch.delenv(name)
    args = build_parser().parse_args(
        [
            "serve",
            "--rate-limits",
            "business",
            "--latency",
            "5-9",
            "--fault-rate",
            "0.2",
        ]
    )
    export_serve_options(args)
    settings = load_settings(env_file=Path("/nonexistent/.env"))

    assert settings.rate_limits == "business"
    assert settings.latency_ms == (5, 9)
    assert settings.fault_rate == 0.2
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--rate-limits", "enterprise"])
