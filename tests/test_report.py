"""`zoom-mock report`: coverage and violations of a running mock, and the exit code."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import SEED_DATA, free_port, running_mock
from tests.contract import ContractClient
from zoom_mock.cli import main


@pytest.fixture(scope="module")
def shared_mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("report-data")
    shutil.copytree(SEED_DATA, data, dirs_exist_ok=True)
    with running_mock(data_dir=data) as url:
        yield url


@pytest.fixture
def mock_url(shared_mock: str) -> str:
    """The shared mock, with its journal and coverage emptied for this test."""
    httpx.delete(f"{shared_mock}/_mock/journal").raise_for_status()
    return shared_mock


def test_report_exits_non_zero_when_a_request_broke_the_contract(mock_url: str):
    with ContractClient(mock_url) as http:
        http.get("/v2/users/me")
        http.post("/v2/users", json={"action": "create", "user_info": {"type": 3}})

    finished = subprocess.run(
        [sys.executable, "-m", "zoom_mock.cli", "report", "--url", mock_url],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )

    assert finished.returncode == 1, finished.stderr
    out = finished.stdout
    row = next(line for line in out.splitlines() if " userCreate " in line)
    assert row.split()[-3:] == ["1", "1", "users.yaml"]
    assert "1 broke the contract" in out
    assert "POST /users (userCreate) -> 400" in out
    assert "user_info.email: `user_info.email` is required in the body" in out
    assert "user_info.type:" in out


def test_report_exits_zero_when_every_request_kept_the_contract(
    mock_url: str, capsys: pytest.CaptureFixture[str]
):
    with ContractClient(mock_url) as http:
        http.get("/v2/users/me")
        http.get("/v2/users", params={"page_size": 2})

    status = main(["report", "--url", f"{mock_url}/v2"])

    out = capsys.readouterr().out
    assert status == 0
    assert "No request broke the contract." in out
    assert "operations called; 2 requests, 0 broke the contract" in out


def test_report_json_lists_coverage_and_every_violating_request(
    mock_url: str, capsys: pytest.CaptureFixture[str]
):
    httpx.get(f"{mock_url}/v2/users/me")
    httpx.get(f"{mock_url}/v2/users", headers={"Authorization": "Bearer t"})
    httpx.delete(f"{mock_url}/v2/not/an/endpoint")

    status = main(["report", "--url", mock_url, "--json"])

    report = json.loads(capsys.readouterr().out)
    assert status == 1
    assert report["coverage"]["requests"] == 3
    assert report["coverage"]["requests_with_violations"] == 2
    assert [(v["method"], v["path"]) for v in report["violations"]] == [
        ("GET", "/users/me"),
        ("DELETE", "/not/an/endpoint"),
    ]
    assert report["violations"][0]["violations"][0]["field"] == "Authorization"
    users = next(
        row for row in report["coverage"]["operations"] if row["operationId"] == "users"
    )
    assert users["calls"] == 1


def test_report_says_when_the_mock_cannot_be_reached(
    capsys: pytest.CaptureFixture[str],
):
    url = f"http://127.0.0.1:{free_port()}"

    status = main(["report", "--url", url])

    assert status == 2
    assert f"Could not reach {url}/_mock/coverage" in capsys.readouterr().err


@pytest.mark.parametrize(
    "url", ["not-a-url", "ftp://127.0.0.1", "http://", "http://h:99999"]
)
def test_report_refuses_a_url_that_is_no_http_address(
    url: str, capsys: pytest.CaptureFixture[str]
):
    status = main(["report", "--url", url])

    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1
    assert f"--url is {url!r}" in err and "http://" in err


def test_report_into_a_closed_pipe_ends_without_a_traceback(mock_url: str):
    """Like `report | head -3`, made certain: the reader is gone before any write."""
    with ContractClient(mock_url) as http:
        http.get("/v2/users/me")

    with subprocess.Popen(
        [sys.executable, "-m", "zoom_mock.cli", "report", "--url", mock_url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()
        err = process.stderr.read().decode()
        process.wait(timeout=60)

    assert process.returncode == 0, err
    assert "Traceback" not in err and "BrokenPipeError" not in err
