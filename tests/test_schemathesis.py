"""schemathesis against every spec in specs/, on one live mock: zero failures.

The runs themselves (positive and negative data, every check, fixed seed) are
in tests/run_schemathesis.py; they go two at a time in one session fixture,
and each spec file then passes or fails as its own test with its report.
The smaller tests below pin the findings of earlier runs, so that each stays
fixed without waiting for schemathesis to stumble on it again.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.live_server import LiveMock, copy_seed_data, live_mock, raw_request
from tests.run_schemathesis import SpecRun, run_all, spec_files

AUTH = {"Authorization": "Bearer regression"}


@pytest.fixture(scope="module")
def mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveMock]:
    data = copy_seed_data(tmp_path_factory.mktemp("schemathesis") / "data")
    with live_mock(data) as served:
        yield served


@pytest.fixture(scope="module")
def runs(
    mock: LiveMock, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, SpecRun]:
    reports = tmp_path_factory.mktemp("schemathesis-reports")
    return {run.spec: run for run in run_all(f"{mock.url}/v2", spec_files(), reports)}


@pytest.mark.slow
@pytest.mark.parametrize("spec", [path.name for path in spec_files()])
def test_schemathesis_finds_nothing(runs: dict[str, SpecRun], spec: str) -> None:
    run = runs[spec]

    if not run.passed:
        pytest.fail(f"{spec}: {run.summary()}\n{run.failures()}", pytrace=False)


# Regressions: one per finding.


def test_a_405_lists_every_documented_method(mock: LiveMock) -> None:
    response = httpx.request("OPTIONS", f"{mock.url}/v2/users/me", headers=AUTH)

    assert response.status_code == 405
    assert response.headers["Allow"] == "DELETE, GET, HEAD, PATCH"
    assert response.json()["code"] == 405


def test_a_405_on_a_literal_path_lists_that_path_only(mock: LiveMock) -> None:
    response = httpx.put(f"{mock.url}/users", headers=AUTH)

    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD, POST"


def test_an_unreadable_multipart_body_is_400_not_500(mock: LiveMock) -> None:
    boundary = "a3d97ecda1393d0f2b2fceaac5e062c9"
    body = f"--{boundary}\r\n\xf3\x86\x94\xbc--{boundary}--\r\n".encode("latin-1")

    response = httpx.post(
        f"{mock.url}/v2/users/me/settings/virtual_backgrounds",
        content=body,
        headers={**AUTH, "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "body"
    assert "multipart" in response.json()["errors"][0]["message"]


@pytest.mark.parametrize("query", ["to=", "to=yesterday", "to=2026-02-30"])
def test_a_date_query_is_checked_as_a_date(mock: LiveMock, query: str) -> None:
    response = httpx.get(f"{mock.url}/v2/users/me/meetings?{query}", headers=AUTH)

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "to"
    assert "not a valid date" in response.json()["errors"][0]["message"]


def test_an_int64_past_its_range_is_refused(mock: LiveMock) -> None:
    response = httpx.patch(
        f"{mock.url}/v2/meetings/{2**63}", json={"topic": "x"}, headers=AUTH
    )

    assert response.status_code in (400, 404)
    assert response.status_code != 500


def test_an_integral_float_counts_as_an_integer(mock: LiveMock) -> None:
    created = httpx.post(
        f"{mock.url}/v2/users",
        content=b'{"email": "float.type@example.com", "type": 1.0}',
        headers={**AUTH, "Content-Type": "application/json"},
    )

    assert created.status_code == 201, created.text


def test_a_path_too_long_for_any_id_is_404(mock: LiveMock) -> None:
    request = (
        b"GET /meetings/" + b"9" * 4500 + b" HTTP/1.1\r\nHost: x\r\n"
        b"Authorization: Bearer t\r\n\r\n"
    )

    response = raw_request(mock.port, request)

    assert response.status == 404
    assert "4510 bytes long" in response.json()["error"]["details"]


def test_paths_just_under_the_limit_still_route(mock: LiveMock) -> None:
    response = httpx.get(f"{mock.url}/v2/meetings/{'9' * 4000}", headers=AUTH)

    assert response.status_code in (400, 404)
