"""The request journal, coverage, reset and health, over HTTP to a real server.

Most tests share one private mock (its journal is theirs alone) and look only
at requests made after they start, by `seq`.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import SEED_DATA, free_port, running_mock
from tests.contract import ContractClient

WIDGETS = Path(__file__).resolve().parent / "fixtures" / "lint" / "clean.yaml"


@pytest.fixture(scope="module")
def mock_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("journal-data")
    shutil.copytree(SEED_DATA, data, dirs_exist_ok=True)
    with running_mock(data_dir=data, extra_specs=(WIDGETS,)) as url:
        yield url


@pytest.fixture
def http(mock_url: str) -> Iterator[ContractClient]:
    with ContractClient(mock_url) as client:
        yield client


def last_seq(http: httpx.Client) -> int:
    return http.get("/_mock/journal", params={"limit": 1}).json()["last_seq"]


def journal_since(http: httpx.Client, seq: int, **filters: Any) -> list[dict[str, Any]]:
    params = {"since": seq, "limit": 1000, **filters}
    return http.get("/_mock/journal", params=params).json()["entries"]


def test_a_body_violation_is_recorded_with_each_field_name(http: ContractClient):
    start = last_seq(http)

    answer = http.post(
        "/v2/users",
        json={"action": "create", "user_info": {"email": "not-an-email", "type": 7}},
    )

    assert answer.status_code == 400
    [entry] = journal_since(http, start)
    assert entry["method"] == "POST"
    assert entry["path"] == "/users"
    assert entry["operationId"] == "userCreate"
    assert entry["status"] == 400
    assert entry["injected"] is False
    assert [v["field"] for v in entry["violations"]] == [
        "user_info.email",
        "user_info.type",
    ]
    assert "not-an-email" in entry["violations"][0]["message"]
    assert entry["duration_ms"] > 0
    assert entry["time"].endswith("Z")


def test_query_violations_missing_tokens_and_unknown_paths_are_violations(
    http: ContractClient,
):
    start = last_seq(http)

    http.get("/v2/users", params={"page_size": 500, "status": "gone"})
    httpx.get(f"{http.base_url}/v2/users/me")
    http.get("/v2/no/such/endpoint")

    unknown, no_token, bad_query = journal_since(http, start)
    assert {v["field"] for v in bad_query["violations"]} == {"page_size", "status"}
    assert bad_query["operationId"] == "users"
    assert no_token["operationId"] == "user"
    assert no_token["status"] == 401
    assert [v["field"] for v in no_token["violations"]] == ["Authorization"]
    assert unknown["operationId"] is None
    assert unknown["status"] == 404
    assert [v["field"] for v in unknown["violations"]] == ["path"]


def test_a_missing_record_is_not_a_violation(http: ContractClient):
    start = last_seq(http)

    answer = http.get("/v2/users/nobody-by-this-id")

    assert answer.status_code == 404
    [entry] = journal_since(http, start)
    assert entry["operationId"] == "user"
    assert entry["violations"] == []


def test_lenient_mode_journals_unknown_fields_as_warnings(http: ContractClient):
    start = last_seq(http)

    answer = http.get("/v2/users", params={"colour": "blue"})

    assert answer.status_code == 200
    [entry] = journal_since(http, start)
    assert entry["violations"] == []
    assert [w["field"] for w in entry["warnings"]] == ["colour"]


def test_the_journal_filters_and_lists_newest_first(http: ContractClient):
    start = last_seq(http)
    http.get("/v2/users/me")
    http.get("/v2/users", params={"page_size": 0})
    http.get("/v2/users/me")
    http.get("/v2/users")

    everything = journal_since(http, start)
    by_operation = journal_since(http, start, operationId="user")
    broken = journal_since(http, start, has_violations="true")
    kept = journal_since(http, start, has_violations="false")
    by_status = journal_since(http, start, status=400)
    limited = journal_since(http, start, limit=2)

    assert [e["seq"] for e in everything] == sorted(
        (e["seq"] for e in everything), reverse=True
    )
    assert [e["operationId"] for e in everything] == ["users", "user", "users", "user"]
    assert [e["operationId"] for e in by_operation] == ["user", "user"]
    assert [e["query"] for e in broken] == ["page_size=0"]
    assert by_status == broken
    assert len(kept) == 3
    assert limited == everything[:2]


def test_admin_calls_are_journaled_but_hidden_by_default(http: ContractClient):
    start = last_seq(http)
    http.get("/_mock/health")

    shown = journal_since(http, start)
    with_admin = journal_since(http, start, include_admin="true")

    assert shown == []
    assert any(e["path"] == "/_mock/health" and e["admin"] for e in with_admin)


def test_the_admin_api_needs_no_token(mock_url: str):
    answer = httpx.get(f"{mock_url}/_mock/health")

    assert answer.status_code == 200
    health = answer.json()
    assert health["status"] == "ok"
    assert health["strict"] is False
    assert health["operations"] > 0


def test_coverage_counts_match_the_calls_made(http: ContractClient):
    http.delete("/_mock/journal")
    for _ in range(3):
        http.get("/v2/users/me")
    http.get("/v2/users/nobody", params={"login_type": 5})
    http.get("/widgets/w-1")
    http.get("/widgets/w-2")
    http.get("/nowhere")
    http.get("/_mock/journal")

    coverage = http.get("/_mock/coverage").json()

    rows = {row["operationId"]: row for row in coverage["operations"]}
    assert rows["user"]["calls"] == 4
    assert rows["user"]["calls_with_violations"] == 1
    assert rows["widget"]["calls"] == 2
    assert rows["widget"]["source"] == "clean.yaml"
    assert rows["widget"]["handled"] is False
    assert rows["user"]["handled"] is True
    assert rows["users"]["calls"] == 0
    assert "widgetCreate" in rows
    assert not any(name.endswith("MockJournal") for name in rows)
    assert coverage["requests"] == 7
    assert coverage["requests_with_violations"] == 2
    assert coverage["unmatched_requests"] == 1
    assert coverage["called_operations"] == 2
    assert coverage["total_operations"] == len(rows)


def test_clearing_the_journal_forgets_entries_and_counts(http: ContractClient):
    http.get("/v2/users/me")

    cleared = http.delete("/_mock/journal")
    journal = http.get("/_mock/journal").json()
    coverage = http.get("/_mock/coverage").json()

    assert cleared.status_code == 204
    assert journal["entries"] == []
    assert journal["total"] == 1  # the DELETE itself, recorded once it was answered
    assert coverage["requests"] == 0
    assert all(row["calls"] == 0 for row in coverage["operations"])


def test_the_journal_keeps_only_the_newest_entries_but_counts_all(tmp_path: Path):
    shutil.copytree(SEED_DATA, tmp_path / "data")
    with (
        running_mock(data_dir=tmp_path / "data", journal_size=5) as url,
        ContractClient(url) as http,
    ):
        for number in range(1, 21):
            http.get("/v2/users", params={"page_size": number})

        journal = http.get("/_mock/journal").json()
        coverage = http.get("/_mock/coverage").json()

    assert journal["size"] == 5
    assert journal["total"] == 5
    assert [e["query"] for e in journal["entries"]] == [
        f"page_size={n}" for n in (20, 19, 18, 17, 16)
    ]
    assert (
        next(r for r in coverage["operations"] if r["operationId"] == "users")["calls"]
        == 20
    )


def test_reset_restores_the_seeded_state_and_keeps_the_journal(tmp_path: Path):
    shutil.copytree(SEED_DATA, tmp_path / "data")
    seeded_user = json.loads(
        sorted((SEED_DATA / "users").glob("*.json"))[0].read_text()
    )
    with running_mock(data_dir=tmp_path / "data") as url, ContractClient(url) as http:
        before = http.get("/v2/users", params={"page_size": 300}).json()
        deleted = http.delete(
            f"/v2/users/{seeded_user['id']}", params={"action": "delete"}
        )
        created = http.post(
            "/v2/users",
            json={
                "action": "create",
                "user_info": {"email": "new@example.com", "type": 1},
            },
        )
        changed = http.get("/v2/users", params={"page_size": 300}).json()

        reset = http.post("/_mock/reset")
        after = http.get("/v2/users", params={"page_size": 300}).json()
        restored = http.get(f"/v2/users/{seeded_user['id']}")
        journal = http.get("/_mock/journal").json()

    assert deleted.status_code == 204
    assert created.status_code == 201
    assert changed["users"] != before["users"]
    assert reset.status_code == 200
    assert reset.json()["journal_kept"] is True
    assert reset.json()["users"] == len(list((SEED_DATA / "users").glob("*.json")))
    assert after == before
    assert restored.status_code == 200
    assert restored.json()["email"] == seeded_user["email"]
    assert {e["operationId"] for e in journal["entries"]} >= {
        "userDelete",
        "userCreate",
    }


def test_injected_faults_are_marked_and_never_violations(tmp_path: Path):
    shutil.copytree(SEED_DATA, tmp_path / "data")
    with (
        running_mock(data_dir=tmp_path / "data", fault_rate=1.0) as url,
        ContractClient(url) as http,
    ):
        answer = http.get("/v2/users/me")
        [entry] = http.get("/_mock/journal").json()["entries"]
        coverage = http.get("/_mock/coverage").json()

    assert answer.status_code >= 429
    assert entry["injected"] is True
    assert entry["violations"] == []
    assert coverage["requests_with_violations"] == 0


class Served:
    """`zoom-mock serve` in a child process, its log going to a file."""

    def __init__(self, log: Path, *options: str) -> None:
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.log = log
        with log.open("w") as stream:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "zoom_mock.cli", "serve"]
                + ["--port", str(port), *options],
                stderr=stream,
                env={**os.environ, "PYTHONWARNINGS": "ignore"},
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                httpx.get(f"{self.url}/_mock/health", timeout=1)
                return
            except httpx.TransportError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"zoom-mock serve did not answer on {self.url} in 30 s.")

    def stop(self) -> str:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        return self.log.read_text()


def test_serve_logs_one_json_access_line_per_request_and_wiring_at_debug(
    tmp_path: Path,
):
    served = Served(tmp_path / "log", "--log-json", "--log-level", "debug")
    try:
        with ContractClient(served.url) as http:
            http.get("/v2/users/me")
            http.get("/v2/users", params={"page_size": 9999})
    finally:
        errors = served.stop()

    lines = [json.loads(line) for line in errors.splitlines() if line.startswith("{")]
    assert len(lines) == len(errors.strip().splitlines())
    access = [line for line in lines if line["logger"] == "zoom_mock.access"]
    assert [(a["path"], a["status"]) for a in access] == [
        ("/_mock/health", 200),
        ("/users/me", 200),
        ("/users", 400),
    ]
    assert access[2]["violations"] == 1
    assert access[1]["operation_id"] == "user"
    assert not any(line["logger"] == "uvicorn.access" for line in lines)
    startup = [line for line in lines if line["logger"] == "zoom_mock.startup"]
    assert startup and all(line["level"] == "debug" for line in startup)
    assert any("-> handler user" in line["message"] for line in startup)
