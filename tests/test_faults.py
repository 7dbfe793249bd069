"""Injected latency and faults: reproducible by seed, declared, and journalled."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import httpx
import pytest

from tests.live_server import LiveMock, copy_seed_data, live_mock
from zoom_mock.config import SettingsError, load_settings
from zoom_mock.faults import FAULT_HEADER, FaultInjector, declared_errors
from zoom_mock.ratelimit import QPS_MESSAGE

AUTH = {"Authorization": "Bearer fault-test"}

FLAKY_SPEC = """\
openapi: 3.0.3
info: {title: A flaky extra API, version: "1"}
paths:
  /flaky/things:
    get:
      operationId: listFlakyThings
      responses:
        "200":
          description: The things.
          content:
            application/json:
              schema: {type: object, properties: {ok: {type: boolean}}}
        "404": {description: Not there.}
        "429": {description: Too many requests.}
        "500": {description: Broken.}
        "503": {description: Away.}
"""


def statuses(url: str, path: str, count: int) -> list[int]:
    with httpx.Client(base_url=url, headers=AUTH, timeout=10) as http:
        return [http.get(path).status_code for _ in range(count)]


@pytest.fixture
def flaky_spec(tmp_path: Path) -> Path:
    path = tmp_path / "flaky.yaml"
    path.write_text(FLAKY_SPEC, encoding="utf-8")
    return path


def faulty_mock(
    tmp_path: Path, name: str, **options: object
) -> AbstractContextManager[LiveMock]:
    return live_mock(copy_seed_data(tmp_path / name), **options)


# The injector on its own.


def test_the_same_seed_gives_the_same_faults_and_delays() -> None:
    def run(seed: int) -> list[tuple[float, int | None]]:
        injector = FaultInjector(latency_ms=(10, 90), fault_rate=0.3, seed=seed)
        return [
            (fault.delay_ms, fault.status)
            for fault in (injector.draw([429, 500, 503]) for _ in range(200))
        ]

    first, again, other = run(42), run(42), run(43)

    assert first == again
    assert first != other
    assert all(10 <= delay <= 90 for delay, _ in first)
    injected = [status for _, status in first if status is not None]
    assert 40 <= len(injected) <= 80
    assert set(injected) == {429, 500, 503}


def test_transient_errors_are_preferred_and_401_never_injected() -> None:
    both = {"responses": {"200": {}, "400": {}, "404": {}, "429": {}, "503": {}}}
    four_only = {"responses": {"200": {}, "400": {}, "401": {}, "404": {}}}
    none = {"responses": {"200": {}, "401": {}}}

    assert declared_errors(both) == [429, 503]
    assert declared_errors(four_only) == [400, 404]
    assert declared_errors(none) == []


def test_latency_and_fault_rate_are_checked_when_read() -> None:
    assert load_settings({"ZOOM_MOCK_LATENCY": "50-200"}).latency_ms == (50, 200)
    assert load_settings({"ZOOM_MOCK_LATENCY": "75"}).latency_ms == (75, 75)
    assert load_settings({"ZOOM_MOCK_FAULT_RATE": "0.25"}).fault_rate == 0.25
    for name, value in [
        ("ZOOM_MOCK_LATENCY", "200-50"),
        ("ZOOM_MOCK_LATENCY", "fast"),
        ("ZOOM_MOCK_FAULT_RATE", "1.5"),
        ("ZOOM_MOCK_FAULT_RATE", "nan"),
    ]:
        with pytest.raises(SettingsError, match=name):
            load_settings({name: value})


# Over HTTP.


def test_a_seed_replays_the_same_fault_sequence(
    tmp_path: Path, flaky_spec: Path
) -> None:
    runs = []
    for name in ("first", "second"):
        with faulty_mock(
            tmp_path, name, fault_rate=0.5, seed=11, extra_specs=(flaky_spec,)
        ) as served:
            runs.append(statuses(served.url, "/flaky/things", 40))

    assert runs[0] == runs[1]
    assert set(runs[0]) == {200, 429, 500, 503}
    assert 8 <= sum(status != 200 for status in runs[0]) <= 32


@pytest.fixture(scope="module")
def always_failing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveMock]:
    folder = tmp_path_factory.mktemp("faults")
    with faulty_mock(folder, "data", fault_rate=1.0, seed=3) as served:
        yield served


def test_an_injected_fault_is_a_declared_error_in_zoom_shape(
    always_failing: LiveMock,
) -> None:
    response = httpx.get(f"{always_failing.url}/v2/users/me", headers=AUTH)

    assert response.status_code == 429
    assert response.headers[FAULT_HEADER] == "injected"
    assert response.headers["X-RateLimit-Category"] == "Light"
    assert response.json()["code"] == 429
    assert response.json()["message"] == QPS_MESSAGE


def test_injected_faults_are_marked_in_the_journal(always_failing: LiveMock) -> None:
    with httpx.Client(base_url=always_failing.url, headers=AUTH) as http:
        http.delete("/_mock/journal")
        for _ in range(3):
            http.get("/users/me")
        entries = http.get("/_mock/journal").json()["entries"]

    faulted = [entry for entry in entries if entry["path"].endswith("/users/me")]
    assert len(faulted) == 3
    assert all(entry["injected"] and entry["status"] == 429 for entry in faulted)
    assert all(entry["violations"] == [] for entry in faulted)


def test_the_admin_api_is_never_faulted(always_failing: LiveMock) -> None:
    assert statuses(always_failing.url, "/_mock/health", 10) == [200] * 10


def test_latency_delays_every_answer(tmp_path: Path) -> None:
    took = []
    with faulty_mock(tmp_path, "data", latency_ms=(150, 200), seed=1) as served:
        http = httpx.Client(base_url=served.url, headers=AUTH)
        for _ in range(4):
            started = time.monotonic()
            assert http.get("/users/me").status_code == 200
            took.append(time.monotonic() - started)
        started = time.monotonic()
        health = http.get("/_mock/health")
        admin_took = time.monotonic() - started
        http.close()

    assert all(0.15 <= seconds < 1.0 for seconds in took)
    assert health.status_code == 200 and admin_took < 0.15
