"""Team Chat over HTTP: seeded reads on the shared mock, changes on fresh ones.

Every response passes through ContractClient, so each call here is also
checked against specs/chat.yaml and, for successes, Zoom's own schema.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from jsonschema import Draft4Validator

from tests.contract import ContractClient, find_route, our_routes

ME_EMAIL = "nadia.rahman@lumenforge.io"
ME_ID = "RAumItZjj8iEGEzIc38-6g"
JORDAN_EMAIL = "jordan.ellis@lumenforge.io"
JORDAN_ID = "abc123"
HARUTO_ID = "I_Eo2MkJni8QK9VjQqzWRQ"

LAUNCH = "26b862ff8475feb654ceab4c1bab6f62"
DATA_PLATFORM = "cf382be884ef0149a36d81c54de84a84"
PARTNERSHIP = "ca44826765da85e7cd0eadbff284ed93"
TIMELINE_MESSAGE = "17a119aa-7572-4371-8773-809ce76a83c2"
DM_FROM_ME = "b21395a7-5999-4f1c-96e0-619439265567"
DM_FROM_JORDAN = "bbcb752b-b982-46a1-8ab3-3bfbb479c319"


def walk(
    client: httpx.Client,
    method: str,
    path: str,
    list_field: str,
    page_size: int,
    between: Callable[[], None] | None = None,
    **params: Any,
) -> list[dict[str, Any]]:
    """Every item of a token-paged list, calling `between` after each page."""
    items: list[dict[str, Any]] = []
    token = ""
    for _ in range(100):
        query = {"page_size": page_size, **params}
        if token:
            query["next_page_token"] = token
        response = client.request(method, path, params=query)
        assert response.status_code == 200, response.text
        body = response.json()
        assert len(body[list_field]) <= page_size
        items += body[list_field]
        token = body["next_page_token"]
        if not token:
            return items
        if between is not None:
            between()
    raise AssertionError(f"{path} kept returning a next_page_token.")


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for item in items]


def assert_error(response: httpx.Response, status: int, code: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] == code, body
    assert body["error"]["code"] == str(status)
    return body


def spec_accepts(method: str, path: str, body: Any) -> bool:
    """Whether our spec's JSON request schema for `method path` accepts `body`."""
    route = find_route(our_routes(), method, path)
    assert route is not None, f"{method} {path} is not in our spec"
    schema = route.operation["requestBody"]["content"]["application/json"]["schema"]
    validator = Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)
    return validator.is_valid(body)


# Seeded reads on the shared mock.


def test_account_channels_are_seeded_and_walk_by_token(client: ContractClient) -> None:
    channels = walk(client, "GET", "/chat/channels", "channels", 2)

    names = [channel["name"] for channel in channels]
    assert len(names) == 6 and len(set(ids(channels))) == 6
    assert names[0] == "product-launch-2026"
    first = channels[0]
    assert first["jid"] == f"{LAUNCH}@conference.xmpp.zoom.us"
    assert first["channel_url"].startswith("https://zoom.us/launch/chat/v2/")
    assert first["channel_settings"]["posting_permissions"] in (1, 2, 3)


def test_channel_list_reports_totals_and_accepts_v2(client: ContractClient) -> None:
    body = client.get("/v2/chat/channels", params={"page_size": 4}).json()

    assert body["total_records"] == 6
    assert len(body["channels"]) == 4
    assert body["next_page_token"]


def test_get_channel_by_both_paths(client: ContractClient) -> None:
    account_level = client.get(f"/chat/channels/{DATA_PLATFORM}")
    user_level = client.get(f"/chat/users/me/channels/{DATA_PLATFORM}")

    assert account_level.status_code == user_level.status_code == 200
    assert account_level.json() == user_level.json()
    assert account_level.json()["name"] == "data-platform"


def test_unknown_channel_is_404_with_code_4130(client: ContractClient) -> None:
    body = assert_error(client.get("/chat/channels/no-such-channel"), 404, 4130)
    assert "no-such-channel" in body["message"]

    assert_error(client.get("/chat/users/me/channels/no-such-channel"), 404, 4130)
    assert_error(client.get("/chat/channels/no-such-channel/members"), 404, 4130)
    assert_error(client.get("/chat/channels/no-such-channel/messages"), 404, 4130)


def test_user_channels_are_the_ones_the_user_joined(client: ContractClient) -> None:
    haruto = client.get(f"/chat/users/{HARUTO_ID}/channels").json()
    mine = client.get("/chat/users/me/channels").json()
    by_email = client.get(f"/chat/users/{ME_EMAIL}/channels").json()

    assert [channel["name"] for channel in haruto["channels"]] == ["data-platform"]
    assert mine["total_records"] == 6
    assert ids(by_email["channels"]) == ids(mine["channels"])


def test_unknown_user_is_404_with_code_1001(client: ContractClient) -> None:
    assert_error(client.get("/chat/users/nobody@example.com/channels"), 404, 1001)
    assert_error(client.get("/chat/users/nobody/messages"), 404, 1001)


def test_search_by_keywords_and_exact_name(client: ContractClient) -> None:
    by_keyword = client.post(
        "/chat/channels/search",
        json={
            "haystack": "all",
            "needle": {"search_type": "by_channel_name", "keywords": ["LAUNCH"]},
        },
    ).json()
    exact = client.post(
        "/chat/channels/search",
        json={
            "haystack": "all",
            "needle": {
                "search_type": "by_channel_name_exact_match",
                "channel_name": "Random",
            },
        },
    ).json()

    assert [channel["id"] for channel in by_keyword["channels"]] == [LAUNCH]
    assert by_keyword["channels"][0]["member_count"] == 5
    assert [channel["name"] for channel in exact["channels"]] == ["random"]


def test_search_haystacks_narrow_the_channels(client: ContractClient) -> None:
    def search(haystack: str, **extra: Any) -> list[str]:
        body = {
            "haystack": haystack,
            "needle": {"search_type": "by_channel_name", "keywords": ["-"]},
            **extra,
        }
        response = client.post("/chat/channels/search", json=body)
        return [channel["name"] for channel in response.json()["channels"]]

    assert search("all") == [
        "product-launch-2026",
        "data-platform",
        "leadership-sync",
        "quillstone-partnership",
        "berlin-office",
    ]
    assert search("public") == ["product-launch-2026", "data-platform"]
    assert search("user_joined", user_id=HARUTO_ID) == ["data-platform"]


@pytest.mark.parametrize(
    ("search_type", "field"),
    [
        ("by_channel_name", "needle.keywords"),
        ("by_channel_name_exact_match", "needle.channel_name"),
    ],
)
def test_search_without_its_needle_field_breaks_the_schema(
    client: ContractClient, search_type: str, field: str
) -> None:
    body = {"haystack": "user_joined", "needle": {"search_type": search_type}}

    response = client.post("/chat/channels/search", json=body)

    assert not spec_accepts("POST", "/chat/channels/search", body)
    assert [error["field"] for error in assert_error(response, 400, 300)["errors"]] == [
        field
    ]


def test_members_show_roles_and_external_people(client: ContractClient) -> None:
    members = client.get(f"/chat/channels/{PARTNERSHIP}/members").json()["members"]

    roles = {member["email"]: member["role"] for member in members}
    assert roles == {
        JORDAN_EMAIL: "owner",
        ME_EMAIL: "member",
        "tom.whitaker@quillstone.co": "member",
    }
    external = {member["email"]: member["is_external"] for member in members}
    assert external["tom.whitaker@quillstone.co"] is True
    assert external[ME_EMAIL] is False
    assert all(len(member["member_id"]) == 50 for member in members)


def test_channel_messages_are_newest_first(client: ContractClient) -> None:
    shortcut = client.get(f"/chat/channels/{LAUNCH}/messages").json()["messages"]
    zoom_form = client.get(
        "/chat/users/me/messages", params={"to_channel": LAUNCH}
    ).json()["messages"]

    assert ids(shortcut) == ids(zoom_form)
    stamps = [message["timestamp"] for message in shortcut]
    assert stamps == sorted(stamps, reverse=True) and len(stamps) == 4
    reply = next(message for message in shortcut if "reply_main_message_id" in message)
    assert reply["reply_main_message_id"] == TIMELINE_MESSAGE


def test_one_to_one_chat_reads_the_same_from_both_sides(
    client: ContractClient,
) -> None:
    mine = client.get("/chat/users/me/messages", params={"to_contact": JORDAN_EMAIL})
    theirs = client.get(
        f"/chat/users/{JORDAN_ID}/messages", params={"to_contact": ME_ID}
    )

    assert ids(mine.json()["messages"]) == [DM_FROM_JORDAN, DM_FROM_ME]
    assert ids(theirs.json()["messages"]) == ids(mine.json()["messages"])
    senders = [message["sender"] for message in mine.json()["messages"]]
    assert senders == [JORDAN_EMAIL, ME_EMAIL]


def test_message_filters(client: ContractClient) -> None:
    def listed(**params: Any) -> list[str]:
        response = client.get(f"/chat/channels/{LAUNCH}/messages", params=params)
        return [message["message"] for message in response.json()["messages"]]

    assert listed(search_key="press kit") == [
        "Press kit translations for DE and FR are done."
    ]
    assert listed(search_key="press kit", search_type="file") == []
    assert len(listed(exclude_child_message=True)) == 3
    assert len(listed(date="2026-01-13")) == 2
    window = listed(**{"from": "2026-01-13T00:00:00Z", "to": "2026-01-13T09:59:59Z"})
    assert window == [
        "Draft timeline is in the shared folder; comments welcome by Friday."
    ]


def test_date_range_is_echoed(client: ContractClient) -> None:
    body = client.get(
        "/chat/users/me/messages",
        params={"to_channel": LAUNCH, "date": "2026-02-17"},
    ).json()

    assert body["date"] == "2026-02-17"
    assert len(body["messages"]) == 1


def test_get_message_by_id(client: ContractClient) -> None:
    response = client.get(
        f"/chat/users/me/messages/{TIMELINE_MESSAGE}", params={"to_channel": LAUNCH}
    )

    message = response.json()
    assert message["sender"] == JORDAN_EMAIL
    assert message["sender_display_name"] == "Jordan Ellis"
    assert message["message_url"].startswith("https://zoom.us/launch/chat/v2/")


def test_reading_an_unknown_or_misplaced_message_is_404_with_code_300(
    client: ContractClient,
) -> None:
    missing = client.get("/chat/users/me/messages/not-a-message")
    elsewhere = client.get(
        f"/chat/users/me/messages/{TIMELINE_MESSAGE}",
        params={"to_channel": DATA_PLATFORM},
    )

    assert "not-a-message" in assert_error(missing, 404, 300)["message"]
    assert_error(elsewhere, 404, 300)


def test_naming_two_chats_at_once_breaks_zooms_rule_not_the_schema(
    client: ContractClient,
) -> None:
    response = client.get(
        "/chat/users/me/messages",
        params={"to_channel": LAUNCH, "to_contact": JORDAN_EMAIL},
    )

    body = assert_error(response, 400, 300)
    assert body["message"].startswith("Must provide either contact or channel")
    assert LAUNCH in body["message"] and "errors" not in body


def test_lower_case_rfc3339_instants_filter_messages(client: ContractClient) -> None:
    upper = client.get(
        f"/chat/channels/{LAUNCH}/messages",
        params={"from": "2026-01-13T00:00:00Z", "to": "2026-01-13T09:59:59Z"},
    )
    lower = client.get(
        f"/chat/channels/{LAUNCH}/messages",
        params={"from": "2026-01-13t00:00:00z", "to": "2026-01-13t09:59:59z"},
    )

    assert lower.status_code == 200, lower.text
    assert ids(lower.json()["messages"]) == ids(upper.json()["messages"])
    assert len(lower.json()["messages"]) == 1


def test_foreign_page_token_is_a_400_with_code_300(client: ContractClient) -> None:
    for path in ("/chat/channels", f"/chat/channels/{LAUNCH}/members"):
        response = client.get(path, params={"next_page_token": "not-ours"})
        body = assert_error(response, 400, 300)
        assert body["errors"][0]["field"] == "next_page_token"

    search = client.post(
        "/chat/channels/search",
        json={
            "haystack": "all",
            "needle": {"search_type": "by_channel_name", "keywords": ["a"]},
            "next_page_token": "not-ours",
        },
    )
    assert_error(search, 400, 300)


# Changes, each on a mock of its own.


def test_channel_message_lifecycle(fresh_mock: Callable[..., Any]) -> None:
    with fresh_mock() as url, ContractClient(url) as client:
        created = client.post("/chat/channels", json={"name": "q3-planning"})
        assert created.status_code == 201
        channel_id = created.json()["id"]
        assert created.json()["type"] == 1

        sent = client.post(
            f"/chat/channels/{channel_id}/messages", json={"message": "Kickoff at 10"}
        )
        assert sent.status_code == 201
        message_id = sent.json()["id"]

        edited = client.put(
            f"/chat/users/me/messages/{message_id}",
            json={"message": "Kickoff at 11", "to_channel": channel_id},
        )
        assert edited.status_code == 204

        listed = client.get(f"/chat/channels/{channel_id}/messages").json()
        assert [(m["id"], m["message"], m["status"]) for m in listed["messages"]] == [
            (message_id, "Kickoff at 11", "Edited")
        ]
        assert listed["messages"][0]["sender"] == ME_EMAIL

        deleted = client.delete(
            f"/chat/users/me/messages/{message_id}", params={"to_channel": channel_id}
        )
        assert deleted.status_code == 204
        assert_error(client.get(f"/chat/users/me/messages/{message_id}"), 404, 300)
        assert_error(client.delete(f"/chat/users/me/messages/{message_id}"), 404, 300)
        for edit in (client.put, client.patch):
            gone = edit(
                f"/chat/users/me/messages/{message_id}",
                json={"message": "Too late", "to_channel": channel_id},
            )
            assert message_id in assert_error(gone, 400, 300)["message"]
        assert (
            client.get(f"/chat/channels/{channel_id}/messages").json()["messages"] == []
        )
        with_deleted = client.get(
            f"/chat/channels/{channel_id}/messages",
            params={"include_deleted_and_edited_message": True},
        ).json()["messages"]
        assert [message["status"] for message in with_deleted] == ["Deleted"]

        renamed = client.patch(f"/chat/channels/{channel_id}", json={"name": "q3"})
        assert renamed.status_code == 204
        assert client.get(f"/chat/channels/{channel_id}").json()["name"] == "q3"

        assert client.delete(f"/chat/channels/{channel_id}").status_code == 204
        assert_error(client.get(f"/chat/channels/{channel_id}"), 404, 4130)
        assert_error(client.delete(f"/chat/channels/{channel_id}"), 404, 4130)
        remaining = walk(client, "GET", "/chat/channels", "channels", 50)
        assert channel_id not in ids(remaining)


def test_channels_created_both_ways(fresh_mock: Callable[..., Any]) -> None:
    with fresh_mock() as url, ContractClient(url) as client:
        account_form = client.post(
            "/chat/channels",
            json={
                "name": "design-reviews",
                "type": 3,
                "members": [{"email": "priya.raman@lumenforge.io"}],
                "channel_settings": {"posting_permissions": 2},
            },
        )
        user_form = client.post(
            f"/chat/users/{JORDAN_EMAIL}/channels",
            json={"name": "vendor-onboarding", "type": 2},
        )
        assert account_form.status_code == user_form.status_code == 201

        design = account_form.json()["id"]
        vendor = user_form.json()["id"]
        roles = {
            member["email"]: member["role"]
            for member in client.get(f"/chat/channels/{design}/members").json()[
                "members"
            ]
        }
        assert roles == {ME_EMAIL: "owner", "priya.raman@lumenforge.io": "member"}
        settings = client.get(f"/chat/channels/{design}").json()["channel_settings"]
        assert settings["posting_permissions"] == 2

        jordans = client.get(f"/chat/users/{JORDAN_ID}/channels").json()["channels"]
        assert vendor in ids(jordans)
        assert design not in ids(jordans)

        taken = client.post("/chat/channels", json={"name": "Design-Reviews"})
        assert_error(taken, 400, 300)


def test_user_level_channel_update_and_delete(fresh_mock: Callable[..., Any]) -> None:
    with fresh_mock() as url, ContractClient(url) as client:
        path = f"/chat/users/{JORDAN_ID}/channels/{PARTNERSHIP}"

        updated = client.patch(path, json={"name": "quillstone", "type": 3})
        assert updated.status_code == 204
        assert client.get(path).json()["name"] == "quillstone"
        assert client.get(path).json()["type"] == 3

        clash = client.patch(path, json={"name": "random"})
        assert_error(clash, 400, 300)

        assert client.delete(path).status_code == 204
        assert_error(client.get(path), 404, 4130)
        gone = client.get(f"/chat/users/{JORDAN_ID}/channels").json()["channels"]
        assert PARTNERSHIP not in ids(gone)


def test_join_and_leave_as_me(fresh_mock: Callable[..., Any]) -> None:
    with fresh_mock() as url, ContractClient(url) as client:
        created = client.post(
            f"/chat/users/{HARUTO_ID}/channels", json={"name": "tokyo-studio"}
        )
        channel_id = created.json()["id"]
        members_path = f"/chat/channels/{channel_id}/members"

        joined = client.post(f"{members_path}/me")
        assert joined.status_code == 201
        assert joined.json()["id"] == ME_ID
        again = client.post(f"{members_path}/me")
        assert again.json() == joined.json()
        emails = [m["email"] for m in client.get(members_path).json()["members"]]
        assert emails.count(ME_EMAIL) == 1

        assert client.delete(f"{members_path}/me").status_code == 204
        emails = [m["email"] for m in client.get(members_path).json()["members"]]
        assert ME_EMAIL not in emails
        assert_error(client.delete(f"{members_path}/me"), 400, 5301)
        assert_error(client.post("/chat/channels/nope/members/me"), 404, 4130)


def test_invite_and_remove_members(fresh_mock: Callable[..., Any]) -> None:
    with fresh_mock() as url, ContractClient(url) as client:
        path = f"/chat/channels/{DATA_PLATFORM}/members"
        invited = client.post(
            path,
            json={
                "members": [
                    {"email": JORDAN_EMAIL},
                    {"email": "kai.mueller@partner.example"},
                ]
            },
        )
        assert invited.status_code == 201
        user_ids = invited.json()["ids"].split(",")
        member_ids = invited.json()["member_ids"].split(",")
        assert user_ids[0] == JORDAN_ID and len(member_ids) == 2

        members = client.get(path).json()["members"]
        kai = next(m for m in members if m["email"] == "kai.mueller@partner.example")
        assert kai["is_external"] is True and kai["name"] == "Kai Mueller"

        assert client.delete(f"{path}/{member_ids[1]}").status_code == 204
        assert client.delete(f"{path}/{JORDAN_EMAIL}").status_code == 204
        assert_error(client.delete(f"{path}/{JORDAN_EMAIL}"), 400, 5301)
        after = client.get(path).json()
        assert after["total_records"] == 4

        user_path = f"/chat/users/me/channels/{DATA_PLATFORM}/members"
        again = client.post(user_path, json={"members": [{"email": JORDAN_EMAIL}]})
        assert again.status_code == 201
        assert client.get(user_path).json()["total_records"] == 5
        assert client.delete(f"{user_path}/{JORDAN_ID}").status_code == 204
        assert client.get(user_path).json()["total_records"] == 4


def test_messages_sent_both_ways(fresh_mock: Callable[..., Any]) -> None:
    with fresh_mock() as url, ContractClient(url) as client:
        to_contact = client.post(
            "/chat/users/me/messages",
            json={"message": "Lunch at 1?", "to_contact": JORDAN_EMAIL},
        )
        to_channel = client.post(
            f"/chat/users/{HARUTO_ID}/messages",
            json={
                "message": "Replay finished without errors.",
                "to_channel": DATA_PLATFORM,
                "reply_main_message_id": "0de14493-69b0-4069-9c16-b20b859acc28",
            },
        )
        assert to_contact.status_code == to_channel.status_code == 201

        jordan_side = client.get(
            f"/chat/users/{JORDAN_EMAIL}/messages", params={"to_contact": ME_EMAIL}
        ).json()["messages"]
        assert jordan_side[0]["id"] == to_contact.json()["id"]

        channel = client.get(f"/chat/channels/{DATA_PLATFORM}/messages").json()
        newest = channel["messages"][0]
        assert newest["id"] == to_channel.json()["id"]
        assert newest["reply_main_message_id"] == "0de14493-69b0-4069-9c16-b20b859acc28"
        assert newest["sender"] == "haruto.sato@lumenforge.io"

        everything = client.get("/chat/users/me/messages").json()["messages"]
        assert everything[0]["id"] == to_contact.json()["id"]
        assert DM_FROM_JORDAN in ids(everything)


def test_sending_needs_one_existing_target(fresh_mock: Callable[..., Any]) -> None:
    with fresh_mock() as url, ContractClient(url) as client:
        path = "/chat/users/me/messages"

        for body in (
            {"message": "hello"},
            {"message": "hi", "to_channel": LAUNCH, "to_contact": JORDAN_EMAIL},
            {"message": "hi", "to_channel": ""},
        ):
            assert not spec_accepts("POST", path, body), body
            assert_error(client.post(path, json=body), 400, 300)
        empty_channel = {"message": "hi", "to_channel": "", "to_contact": JORDAN_EMAIL}
        assert spec_accepts("POST", path, empty_channel)
        assert client.post(path, json=empty_channel).status_code == 201
        assert_error(
            client.post(path, json={"message": "x", "to_channel": "nope"}), 404, 4130
        )
        assert_error(
            client.post(path, json={"message": "x", "to_contact": "no@body.example"}),
            404,
            1001,
        )
        nested = client.post(
            path,
            json={
                "message": "x",
                "to_channel": LAUNCH,
                "reply_main_message_id": "b8276bc0-b320-4887-bf7e-7d4c9181024e",
            },
        )
        assert_error(nested, 400, 5402)
        assert_error(client.post(path, json={"to_channel": LAUNCH}), 400, 300)


def test_patch_edits_and_only_the_sender_may(fresh_mock: Callable[..., Any]) -> None:
    with fresh_mock() as url, ContractClient(url) as client:
        mine = f"/chat/users/me/messages/{DM_FROM_ME}"
        theirs = f"/chat/users/me/messages/{DM_FROM_JORDAN}"

        assert client.patch(mine, json={"message": "Thursday 3pm?"}).status_code == 204
        assert client.get(mine).json()["message"] == "Thursday 3pm?"
        assert client.get(mine).json()["status"] == "Edited"

        assert_error(client.patch(theirs, json={"message": "no"}), 400, 200)
        assert_error(client.delete(theirs), 400, 200)
        as_sender = client.put(
            f"/chat/users/{JORDAN_ID}/messages/{DM_FROM_JORDAN}",
            json={"message": "Yes, I'll take it."},
        )
        assert as_sender.status_code == 204
        assert client.get(theirs).json()["message"] == "Yes, I'll take it."


def test_paging_survives_creates_between_pages(fresh_mock: Callable[..., Any]) -> None:
    with fresh_mock() as url, ContractClient(url) as client:
        before = ids(walk(client, "GET", "/chat/channels", "channels", 50))
        created: list[str] = []

        def create_channel() -> None:
            name = f"pager-{len(created)}"
            response = client.post("/chat/channels", json={"name": name})
            created.append(response.json()["id"])

        seen = ids(walk(client, "GET", "/chat/channels", "channels", 2, create_channel))
        assert len(seen) == len(set(seen))
        assert seen[: len(before)] == before
        assert set(seen) <= set(before) | set(created)

        messages_path = f"/chat/channels/{LAUNCH}/messages"
        original = ids(walk(client, "GET", messages_path, "messages", 50))

        def post_message() -> None:
            client.post(messages_path, json={"message": "interrupting"})

        walked = ids(walk(client, "GET", messages_path, "messages", 1, post_message))
        assert walked == original


def test_invalid_bodies_list_every_problem(fresh_mock: Callable[..., Any]) -> None:
    with fresh_mock() as url, ContractClient(url) as client:
        response = client.post(
            "/chat/channels", json={"type": 9, "members": [{"email": "nope"}]}
        )

        body = assert_error(response, 400, 300)
        fields = {error["field"] for error in body["errors"]}
        assert {"name", "type"} <= fields
        assert client.get("/chat/channels").json()["total_records"] == 6


def test_a_message_to_a_channel_and_a_contact_at_once_is_explained(
    client: ContractClient,
) -> None:
    response = client.post(
        "/chat/users/me/messages",
        json={"message": "hi", "to_channel": "abc", "to_contact": "x@example.com"},
    )

    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["field"] == "body"
    assert "more than one of the forms" in error["message"]
