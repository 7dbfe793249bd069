"""Account lock settings over HTTP: reading both halves, filtering, updating.

Zoom's own schema for the lock settings answer is a oneOf of two objects that
require nothing and forbid nothing, so every body matches both branches and no
body can pass it. These tests therefore check the answer against our spec only
(`official=False`), and check the Zoom shape (the two halves) themselves.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.contract import ContractClient

SEED_ACCOUNTS = Path(__file__).resolve().parents[1] / "data" / "accounts.json"
SECURITY = "meeting_security"


def seed_accounts() -> list[dict[str, Any]]:
    return json.loads(SEED_ACCOUNTS.read_text(encoding="utf-8"))


def without_security(settings: dict[str, Any]) -> dict[str, Any]:
    return {group: values for group, values in settings.items() if group != SECURITY}


@pytest.fixture
def ours(base_url: str) -> Iterator[ContractClient]:
    with ContractClient(base_url, official=False) as http:
        yield http


def test_me_is_the_first_account(ours: ContractClient) -> None:
    first = seed_accounts()[0]

    me = ours.get("/accounts/me/lock_settings")
    by_id = ours.get(f"/v2/accounts/{first['id']}/lock_settings")

    assert me.status_code == 200
    assert me.json() == by_id.json() == without_security(first["lock_settings"])


def test_meeting_security_comes_alone(ours: ContractClient) -> None:
    second = seed_accounts()[1]

    body = ours.get(
        f"/accounts/{second['id']}/lock_settings", params={"option": SECURITY}
    ).json()

    assert body == {SECURITY: second["lock_settings"][SECURITY]}


def test_custom_query_fields_keep_named_groups_and_settings(
    ours: ContractClient,
) -> None:
    stored = seed_accounts()[0]["lock_settings"]

    body = ours.get(
        "/accounts/me/lock_settings",
        params={"custom_query_fields": "recording, host_video"},
    ).json()

    assert body == {
        "recording": stored["recording"],
        "schedule_meeting": {"host_video": stored["schedule_meeting"]["host_video"]},
    }


def test_unknown_account_and_bad_option(ours: ContractClient) -> None:
    unknown = ours.get("/accounts/no-such-account/lock_settings")
    bad_option = ours.get("/accounts/me/lock_settings", params={"option": "all"})

    assert unknown.status_code == 400 and unknown.json()["code"] == 2001
    assert "no-such-account" in unknown.json()["message"]
    assert bad_option.status_code == 400 and bad_option.json()["code"] == 300
    assert [error["field"] for error in bad_option.json()["errors"]] == ["option"]


def test_missing_token_and_wrong_method(base_url: str) -> None:
    with ContractClient(base_url, official=False) as http:
        wrong_method = http.post("/accounts/me/lock_settings", json={})
        del http.headers["Authorization"]
        no_token = http.get("/accounts/me/lock_settings")

    assert no_token.status_code == 401 and no_token.json()["code"] == 124
    assert wrong_method.status_code == 405


def test_update_merges_setting_by_setting(fresh_mock) -> None:
    stored = seed_accounts()[0]["lock_settings"]
    flipped = not stored["in_meeting"]["chat"]
    change = {
        "in_meeting": {"chat": flipped},
        SECURITY: {"waiting_room": True},
        "not_a_group": {"anything": True},
    }
    with fresh_mock() as url, ContractClient(url, official=False) as http:
        updated = http.patch("/accounts/me/lock_settings", json=change)
        general = http.get("/accounts/me/lock_settings").json()
        security = http.get(
            "/accounts/me/lock_settings", params={"option": SECURITY}
        ).json()
        unknown = http.patch("/accounts/no-such-account/lock_settings", json=change)

    assert updated.status_code == 204 and updated.content == b""
    assert general["in_meeting"]["chat"] is flipped
    assert general["in_meeting"]["polling"] == stored["in_meeting"]["polling"]
    assert general["recording"] == stored["recording"]
    assert "not_a_group" not in general
    assert security[SECURITY]["waiting_room"] is True
    assert unknown.status_code == 404 and unknown.json()["code"] == 2001


def test_update_names_each_wrong_field(ours: ContractClient) -> None:
    body = {"in_meeting": {"chat": "yes"}, "recording": {"cloud_recording": 1}}

    response = ours.patch("/accounts/me/lock_settings", json=body)
    after = ours.get("/accounts/me/lock_settings").json()

    fields = sorted(error["field"] for error in response.json()["errors"])
    assert response.status_code == 400 and response.json()["code"] == 300
    assert fields == ["in_meeting.chat", "recording.cloud_recording"]
    assert after == without_security(seed_accounts()[0]["lock_settings"])


def test_update_is_written_back_with_persist(fresh_mock, tmp_path: Path) -> None:
    with fresh_mock(persist=True) as url, ContractClient(url, official=False) as http:
        http.patch("/accounts/me/lock_settings", json={"tsp": {"call_out": True}})

    on_disk = json.loads((tmp_path / "data" / "accounts.json").read_text())
    assert on_disk[0]["lock_settings"]["tsp"] == {"call_out": True}
