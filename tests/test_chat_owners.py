"""Team Chat: a channel keeps its owner; leaving or removing the owner is refused.

Zoom answers both refusals with a 400 and code 5301; the message says to
pass ownership on first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from tests.contract import ContractClient

ME_ID = "RAumItZjj8iEGEzIc38-6g"
ME_EMAIL = "nadia.rahman@lumenforge.io"
JORDAN_ID = "abc123"
HARUTO_ID = "I_Eo2MkJni8QK9VjQqzWRQ"
LAUNCH = "26b862ff8475feb654ceab4c1bab6f62"


def refused(response: httpx.Response) -> str:
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["code"] == 5301, body
    return str(body["message"])


def roles(client: httpx.Client, channel_id: str) -> dict[str, str]:
    members = client.get(
        f"/chat/channels/{channel_id}/members", params={"page_size": 100}
    ).json()["members"]
    return {member["id"]: member["role"] for member in members}


def test_the_owner_cannot_leave_their_channel(fresh_mock: Callable[..., Any]) -> None:
    with fresh_mock() as url, ContractClient(url) as client:
        assert roles(client, LAUNCH)[ME_ID] == "owner"

        message = refused(client.delete(f"/chat/channels/{LAUNCH}/members/me"))

        assert message.startswith("Request to leave the channel failed: ")
        assert ME_EMAIL in message and LAUNCH in message
        assert "Transfer ownership to another member first" in message
        assert roles(client, LAUNCH)[ME_ID] == "owner"


def test_the_owner_cannot_be_removed_by_any_path(
    fresh_mock: Callable[..., Any],
) -> None:
    with fresh_mock() as url, ContractClient(url) as client:
        created = client.post(
            f"/chat/users/{HARUTO_ID}/channels", json={"name": "tokyo-owners"}
        )
        channel_id = created.json()["id"]
        path = f"/chat/channels/{channel_id}/members"
        client.post(f"{path}/me")

        by_id = client.delete(f"{path}/{HARUTO_ID}")
        on_behalf = client.delete(
            f"/chat/users/me/channels/{channel_id}/members/{HARUTO_ID}"
        )

        assert refused(by_id).startswith("Unable to remove channel member: ")
        assert "Transfer ownership" in refused(on_behalf)
        assert roles(client, channel_id)[HARUTO_ID] == "owner"
        assert client.delete(f"{path}/me").status_code == 204


def test_admins_and_members_still_leave_and_go(fresh_mock: Callable[..., Any]) -> None:
    with fresh_mock() as url, ContractClient(url) as client:
        assert roles(client, LAUNCH)[JORDAN_ID] == "admin"

        removed = client.delete(f"/chat/channels/{LAUNCH}/members/{JORDAN_ID}")

        assert removed.status_code == 204
        assert JORDAN_ID not in roles(client, LAUNCH)
