"""Zoom Phone: an extension or a phone number belongs to one owner at a time.

Rooms are the only extension holders the mock serves, but the seeds name
users, call queues and an auto receptionist through voicemails and the caller
ID list; a room may take neither their extensions nor their numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from tests.contract import ContractClient

BOARDROOM = "SLaeBlqVlLQCV9sD3fOftM"
BERLIN_ROOM = "yBGAvVhnNUT01fpk2QKFOO"
TOKYO_ROOM = "mjra9u0kaHKPC2twT3BHiL"
SUPPORT_QUEUE_NUMBER = "FQYXUEeDTN67HCeqJM_7bz"
BERLIN_RECEPTIONIST_NUMBER = "mDkHb_5iABd14rmK0awSiw"


def refusal(response: httpx.Response, code: int) -> str:
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["code"] == code, body
    return str(body["message"])


def all_pages(client: httpx.Client, path: str, field: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    params: dict[str, Any] = {"page_size": 100}
    for _ in range(50):
        body = client.get(path, params=params).json()
        items += body[field]
        if not body["next_page_token"]:
            return items
        params["next_page_token"] = body["next_page_token"]
    raise AssertionError(f"{path} kept returning a next_page_token.")


def test_a_new_room_cannot_take_an_extension_in_use(
    fresh_mock: Callable[..., Any],
) -> None:
    with fresh_mock() as url, ContractClient(url) as client:
        room_clash = client.post(
            "/phone/rooms", json={"name": "Copy", "extension_number": 1101}
        )
        queue_clash = client.post(
            "/phone/rooms/zrQueueClash2026xxxxx1", json={"extension_number": 8001}
        )

        message = refusal(room_clash, 400)
        assert "Extension number 1101 is already used" in message
        assert "NY Boardroom" in message and BOARDROOM in message
        assert "Customer Support (NY)" in refusal(queue_clash, 400)
        names = [room["name"] for room in all_pages(client, "/phone/rooms", "rooms")]
        assert "Copy" not in names
        assert client.get("/phone/rooms/zrQueueClash2026xxxxx1").status_code == 404


def test_an_updated_room_cannot_take_an_extension_in_use(
    fresh_mock: Callable[..., Any],
) -> None:
    with fresh_mock() as url, ContractClient(url) as client:
        path = f"/phone/rooms/{BERLIN_ROOM}"
        other_room = client.patch(path, json={"extension_number": 1101})
        a_user = client.patch(path, json={"extension_number": 1001})
        receptionist = client.patch(path, json={"extension_number": 8200})

        assert refusal(other_room, 300).startswith("Extension number error: ")
        assert "user 'Nadia Rahman'" in refusal(a_user, 300)
        assert "auto receptionist 'Berlin Main Line'" in refusal(receptionist, 300)
        assert client.get(path).json()["extension_number"] == 2101

        assert client.patch(path, json={"extension_number": 2101}).status_code == 204
        assert client.patch(path, json={"extension_number": 2102}).status_code == 204
        assert client.get(path).json()["extension_number"] == 2102


def test_a_number_used_as_a_caller_id_cannot_go_to_a_room(
    fresh_mock: Callable[..., Any],
) -> None:
    with fresh_mock() as url, ContractClient(url) as client:
        path = f"/phone/rooms/{TOKYO_ROOM}/phone_numbers"
        queue_number = client.post(
            path, json={"phone_numbers": [{"id": SUPPORT_QUEUE_NUMBER}]}
        )
        by_digits = client.post(
            path, json={"phone_numbers": [{"number": "+493055501927"}]}
        )
        other_room = client.post(
            path, json={"phone_numbers": [{"number": "+12125550142"}]}
        )

        message = refusal(queue_number, 409)
        assert message.startswith("Phone number already in use: ")
        assert "call queue 'Customer Support (NY)'" in message
        assert "auto receptionist 'Berlin Main Line'" in refusal(by_digits, 409)
        assert "NY Boardroom" in refusal(other_room, 409)
        assert client.get(f"/phone/rooms/{TOKYO_ROOM}").json()["phone_numbers"] == []


def test_seeded_extensions_and_numbers_each_have_one_owner(
    client: ContractClient,
) -> None:
    owners: dict[int, set[str]] = {}
    for room in all_pages(client, "/phone/rooms", "rooms"):
        owners.setdefault(room["extension_number"], set()).add(room["id"])
    caller_ids = all_pages(
        client, "/phone/outbound_caller_id/customized_numbers", "customize_numbers"
    )
    for entry in caller_ids:
        if entry.get("extension_id"):
            number = int(entry["extension_number"])
            owners.setdefault(number, set()).add(entry["extension_id"])
    for voicemail in all_pages(client, "/phone/voice_mails", "voice_mails"):
        owner = voicemail["owner"]
        owners.setdefault(owner["extension_number"], set()).add(owner["id"])

    shared = {number: ids for number, ids in owners.items() if len(ids) > 1}
    assert not shared
    room_numbers = [
        number["id"]
        for room in all_pages(client, "/phone/rooms", "rooms")
        for number in room["phone_numbers"]
    ]
    queue_numbers = [e["phone_number_id"] for e in caller_ids if e.get("extension_id")]
    assert len(set(room_numbers)) == len(room_numbers)
    assert not set(room_numbers) & set(queue_numbers)
    assert BERLIN_RECEPTIONIST_NUMBER in queue_numbers
