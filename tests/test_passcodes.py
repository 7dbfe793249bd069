"""A meeting's passcode and what is derived from it, over HTTP on both roads.

A passcode gives a meeting its dial-in passcodes (digits for room systems
and phones) and the encrypted passcode its join link carries as `pwd`. A
meeting without one, made with `default_password: false` or cleared with
PATCH, has none of these.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.live_server import (
    LiveMock,
    copy_seed_data,
    get,
    live_mock,
    raw_request,
    with_body,
)

JSON = b"Content-Type: application/json"
DERIVED = ("h323_password", "pstn_password", "encrypted_password")


@pytest.fixture(params=[True, False], ids=["short road", "connexion"])
def served(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[LiveMock]:
    with live_mock(copy_seed_data(tmp_path / "data"), fast_path=request.param) as mock:
        yield mock


def create(served: LiveMock, body: bytes) -> dict[str, Any]:
    response = raw_request(
        served.port, with_body(b"POST", b"/users/me/meetings", body, JSON)
    )
    assert response.status == 201, response.body
    return response.json()  # type: ignore[no-any-return]


def shown(served: LiveMock, meeting_id: int) -> dict[str, Any]:
    response = raw_request(served.port, get(f"/meetings/{meeting_id}".encode()))
    assert response.status == 200, response.body
    return response.json()  # type: ignore[no-any-return]


def pwd_of(meeting: dict[str, Any]) -> list[str]:
    return parse_qs(urlsplit(meeting["join_url"]).query).get("pwd", [])


def assert_without_passcode(meeting: dict[str, Any]) -> None:
    assert {name: meeting.get(name, "") for name in ("password", *DERIVED)} == {
        name: "" for name in ("password", *DERIVED)
    }
    assert pwd_of(meeting) == [], meeting["join_url"]


def test_a_passcode_gives_dial_in_digits_and_the_join_links_pwd(
    served: LiveMock,
) -> None:
    made = create(served, b'{"topic": "Coded", "type": 2, "password": "abc1234"}')
    again = shown(served, made["id"])

    assert made["password"] == "abc1234"
    for name in ("h323_password", "pstn_password"):
        assert made[name].isdigit() and len(made[name]) == 7, made[name]
    encrypted = made["encrypted_password"]
    assert len(encrypted) == 32 and encrypted.endswith(".1")
    assert pwd_of(made) == [encrypted]
    assert {name: again[name] for name in DERIVED} == {
        name: made[name] for name in DERIVED
    }


def test_a_meeting_made_without_a_passcode_has_nothing_derived(
    served: LiveMock,
) -> None:
    made = create(served, b'{"topic": "Open", "type": 2, "default_password": false}')

    assert_without_passcode(made)
    assert_without_passcode(shown(served, made["id"]))


def test_clearing_a_passcode_with_patch_clears_what_was_derived(
    served: LiveMock,
) -> None:
    made = create(served, b'{"topic": "Soon open", "type": 2, "password": "abc123"}')
    path = f"/meetings/{made['id']}".encode()

    cleared = raw_request(
        served.port, with_body(b"PATCH", path, b'{"password": ""}', JSON)
    )

    assert made["h323_password"].isdigit() and pwd_of(made)
    assert cleared.status == 204, cleared.body
    assert_without_passcode(shown(served, made["id"]))
