"""A meeting's passcode and what is derived from it, over HTTP on both roads.

A passcode gives a meeting its dial-in passcodes (digits for room systems
and phones) and the encrypted passcode its join link carries as `pwd`. A
meeting without one, made with `default_password: false` or cleared with
PATCH, has none of these.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.live_server import (
    LiveMock,
    get,
    raw_request,
    with_body,
)

JSON = b"Content-Type: application/json"
DERIVED = ("h323_password", "pstn_password", "encrypted_password")


def create(each_road: LiveMock, body: bytes) -> dict[str, Any]:
    response = raw_request(
        each_road.port, with_body(b"POST", b"/users/me/meetings", body, JSON)
    )
    assert response.status == 201, response.body
    return response.json()  # type: ignore[no-any-return]


def shown(each_road: LiveMock, meeting_id: int) -> dict[str, Any]:
    response = raw_request(each_road.port, get(f"/meetings/{meeting_id}".encode()))
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
    each_road: LiveMock,
) -> None:
    made = create(each_road, b'{"topic": "Coded", "type": 2, "password": "abc1234"}')
    again = shown(each_road, made["id"])

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
    each_road: LiveMock,
) -> None:
    made = create(each_road, b'{"topic": "Open", "type": 2, "default_password": false}')

    assert_without_passcode(made)
    assert_without_passcode(shown(each_road, made["id"]))


def test_clearing_a_passcode_with_patch_clears_what_was_derived(
    each_road: LiveMock,
) -> None:
    made = create(each_road, b'{"topic": "Soon open", "type": 2, "password": "abc123"}')
    path = f"/meetings/{made['id']}".encode()

    cleared = raw_request(
        each_road.port, with_body(b"PATCH", path, b'{"password": ""}', JSON)
    )

    assert made["h323_password"].isdigit() and pwd_of(made)
    assert cleared.status == 204, cleared.body
    assert_without_passcode(shown(each_road, made["id"]))
