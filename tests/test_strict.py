"""Lenient by default, as Zoom is; `--strict` refuses what the spec does not name."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import SEED_DATA, running_mock
from tests.contract import ContractClient
from tests.test_journal import Served

NEW_USER = {
    "action": "create",
    "user_info": {"email": "extra.fields@example.com", "type": 1, "nickname": "x"},
    "send_welcome": True,
}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("strict-data")
    shutil.copytree(SEED_DATA, data, dirs_exist_ok=True)
    return data


@pytest.fixture(scope="module")
def lenient(data_dir: Path) -> Iterator[ContractClient]:
    with running_mock(data_dir=data_dir) as url, ContractClient(url) as http:
        yield http


@pytest.fixture(scope="module")
def strict(data_dir: Path) -> Iterator[ContractClient]:
    with (
        running_mock(data_dir=data_dir, strict=True) as url,
        ContractClient(url) as http,
    ):
        yield http


def newest(http: httpx.Client) -> dict[str, object]:
    return http.get("/_mock/journal", params={"limit": 1}).json()["entries"][0]


def test_lenient_accepts_unknown_query_parameters_and_journals_a_warning(lenient):
    answer = lenient.get("/v2/users", params={"page_size": 5, "sort": "name"})

    assert answer.status_code == 200
    entry = newest(lenient)
    assert entry["violations"] == []
    assert entry["warnings"] == [
        {
            "field": "sort",
            "message": "`sort` is not a query parameter of this operation.",
        }
    ]


def test_lenient_accepts_unknown_body_fields_and_journals_each(lenient):
    answer = lenient.post("/v2/users", json=NEW_USER)

    assert answer.status_code == 201
    entry = newest(lenient)
    assert entry["violations"] == []
    assert sorted(w["field"] for w in entry["warnings"]) == [
        "send_welcome",
        "user_info.nickname",
    ]


def test_strict_refuses_unknown_query_parameters(strict):
    answer = strict.get("/v2/users", params={"page_size": 5, "sort": "name"})

    assert answer.status_code == 400
    assert answer.json()["code"] == 300
    assert answer.json()["errors"] == [
        {
            "field": "sort",
            "message": "`sort` is not a query parameter of this operation.",
        }
    ]
    entry = newest(strict)
    assert [v["field"] for v in entry["violations"]] == ["sort"]
    assert entry["warnings"] == []


def test_strict_refuses_unknown_body_fields_listing_all_of_them(strict):
    answer = strict.post("/v2/users", json=NEW_USER)

    assert answer.status_code == 400
    fields = sorted(error["field"] for error in answer.json()["errors"])
    assert fields == ["send_welcome", "user_info.nickname"]
    assert sorted(v["field"] for v in newest(strict)["violations"]) == fields


def test_strict_still_accepts_what_the_spec_names(strict):
    answer = strict.get("/v2/users", params={"page_size": 5, "status": "active"})

    assert answer.status_code == 200
    assert newest(strict)["warnings"] == []


def test_health_says_which_mode_runs(lenient, strict):
    assert lenient.get("/_mock/health").json()["strict"] is False
    assert strict.get("/_mock/health").json()["strict"] is True


def test_serve_strict_turns_strict_mode_on(tmp_path: Path):
    served = Served(tmp_path / "log", "--strict", "--log-level", "warning")
    try:
        with ContractClient(served.url) as http:
            health = http.get("/_mock/health").json()
            answer = http.get("/v2/users", params={"sort": "name"})
    finally:
        served.stop()

    assert health["strict"] is True
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == "sort"


def test_a_token_in_the_query_is_not_an_unknown_parameter(data_dir: Path) -> None:
    with running_mock(data_dir=data_dir, strict=True) as url:
        answer = httpx.get(f"{url}/v2/users/me", params={"access_token": "t"})
    assert answer.status_code == 200, answer.text
