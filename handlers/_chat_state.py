"""Team Chat's stored records: finding them, and showing them the way Zoom does.

Channels, memberships and messages live in three collections of the store's
"chat" area. A membership is stored once per channel and person, keyed by
`<channel id>:<user id>`, and rendered in Zoom's member shape. Messages are
never removed when deleted, only marked, so that a list asked for with
`include_deleted_and_edited_message` can still show them.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from zoom_mock.handlers._chat_seeds import chat_seeds, member_id_for, membership_id

from zoom_mock.errors import MockError, not_found, user_not_found
from zoom_mock.links import meeting_link_base
from zoom_mock.paging import Page, paginate
from zoom_mock.runtime import current
from zoom_mock.store import Collection

JsonObject = dict[str, Any]

AREA = "chat"
JID_DOMAIN = "conference.xmpp.zoom.us"
CHANNEL_FIELDS = ("id", "name", "type")


def collections() -> dict[str, Collection]:
    """The chat area's collections, seeded on first use after a start or reset."""
    store = current().store
    existing = store.areas.get(AREA)
    if existing is not None:
        return existing
    return store.area(AREA, seeds=chat_seeds())


def save() -> None:
    current().store.save_area(AREA)


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def page_of(
    items: Sequence[JsonObject],
    page_size: int | None,
    next_page_token: str | None,
    *,
    key: Callable[[JsonObject], object] = lambda item: item["id"],
) -> Page:
    settings = current().settings
    return paginate(
        items,
        key=key,
        page_size=page_size,
        default_size=settings.default_page_size,
        max_size=settings.max_page_size,
        next_page_token=next_page_token,
    )


# Channels.


def require_channel(channel_id: str) -> JsonObject:
    """The channel, or Zoom's 404 with code 4130."""
    channel = collections()["channels"].get(channel_id)
    if channel is None:
        raise not_found(4130, f"Channel does not exist: {channel_id}.")
    return channel


def launch_url(payload: dict[str, str]) -> str:
    """A Zoom client link: the chat target, as base64 JSON, after /launch/chat/v2/."""
    text = json.dumps(payload, separators=(",", ":"))
    token = base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")
    return f"{meeting_link_base()}/launch/chat/v2/{token}"


def channel_url(channel_id: str) -> str:
    return launch_url({"sid": f"{channel_id}@{JID_DOMAIN}"})


def channel_summary(channel: JsonObject) -> JsonObject:
    """The fields Zoom sends when it creates a channel or finds one by search."""
    shown = {field: channel[field] for field in CHANNEL_FIELDS}
    shown["jid"] = f"{channel['id']}@{JID_DOMAIN}"
    shown["channel_url"] = channel_url(channel["id"])
    return shown


def public_channel(channel: JsonObject) -> JsonObject:
    return {**channel_summary(channel), "channel_settings": channel["channel_settings"]}


def check_name_free(name: str, *, except_id: str | None = None) -> None:
    """Zoom refuses a second channel with the same name (400, code 300)."""
    wanted = name.casefold()
    for channel in collections()["channels"]:
        if channel["id"] != except_id and channel["name"].casefold() == wanted:
            raise MockError(
                400,
                300,
                f"The channel name already exists: {name!r} is the name of "
                f"channel {channel['id']}; pick another name.",
            )


# Members.


def members_of(channel_id: str) -> list[JsonObject]:
    return [
        member
        for member in collections()["members"]
        if member["channel_id"] == channel_id
    ]


def channel_ids_of(user_id: str) -> set[str]:
    return {
        member["channel_id"]
        for member in collections()["members"]
        if member["user_id"] == user_id
    }


def find_member(channel_id: str, identifier: str) -> JsonObject | None:
    """A member of the channel named by member id, user id or email."""
    lowered = identifier.lower()
    for member in members_of(channel_id):
        if identifier in (member["member_id"], member["user_id"]):
            return member
        if member["email"].lower() == lowered:
            return member
    return None


def new_member(channel_id: str, email: str, role: str = "member") -> JsonObject:
    """A membership for `email`: the account's user if one has it, else external."""
    user = current().store.find_user(email)
    if user is not None:
        return member_from_user(channel_id, user, role)

    local = email.split("@", 1)[0]
    first, _, last = local.replace("_", ".").partition(".")
    external_id = member_id_for(email.lower())[:22]
    return {
        "id": membership_id(channel_id, external_id),
        "channel_id": channel_id,
        "user_id": external_id,
        "member_id": member_id_for(email.lower()),
        "email": email.lower(),
        "first_name": first.capitalize(),
        "last_name": last.capitalize(),
        "role": role,
        "is_external": True,
        "added_at": now_iso(),
    }


def member_from_user(channel_id: str, user: JsonObject, role: str) -> JsonObject:
    return {
        "id": membership_id(channel_id, user["id"]),
        "channel_id": channel_id,
        "user_id": user["id"],
        "member_id": member_id_for(user["id"]),
        "email": user.get("email", ""),
        "first_name": user.get("first_name", ""),
        "last_name": user.get("last_name", ""),
        "role": role,
        "is_external": False,
        "added_at": now_iso(),
    }


def add_member(member: JsonObject) -> JsonObject:
    """Store `member` unless that person is already in the channel."""
    existing = collections()["members"].get(member["id"])
    if existing is not None:
        return existing
    return collections()["members"].put(member)


def public_member(member: JsonObject) -> JsonObject:
    name = f"{member['first_name']} {member['last_name']}".strip()
    return {
        "id": member["user_id"],
        "member_id": member["member_id"],
        "email": member["email"],
        "first_name": member["first_name"],
        "last_name": member["last_name"],
        "name": name or member["email"],
        "role": member["role"],
        "is_external": member["is_external"],
    }


# Messages.


def message_missing(message_id: str, status: int = 404) -> MockError:
    """Zoom's answer for a message it cannot find: code 300.

    Zoom documents it as HTTP 400 for an edit; for reads and deletes it
    documents none, and the mock answers 404 as for any unknown id in a path.
    """
    return MockError(status, 300, f"Message does not exist: {message_id}.")


def find_contact(contact: str) -> JsonObject:
    """The other person of a one-to-one chat, or Zoom's 404 with code 1001."""
    user = current().store.find_user(contact)
    if user is None:
        raise user_not_found(contact)
    return user


def conversation_filter(
    user: JsonObject, to_channel: str | None, to_contact: str | None
) -> Callable[[JsonObject], bool]:
    """Which stored messages belong to the chat the request names."""
    if to_channel:
        channel_id = require_channel(to_channel)["id"]
        return lambda message: message["channel_id"] == channel_id

    me_id = user["id"]
    if to_contact:
        other_id = find_contact(to_contact)["id"]
        pair = {me_id, other_id}
        return lambda message: (
            message["channel_id"] is None
            and {message["sender_id"], message["contact_id"]} == pair
        )
    return lambda message: me_id in (message["sender_id"], message["contact_id"])


def require_message(
    message_id: str,
    user: JsonObject,
    to_channel: str | None = None,
    to_contact: str | None = None,
    *,
    missing_status: int = 404,
) -> JsonObject:
    """A message that is not deleted and belongs to the named chat, if one is named."""
    message = collections()["messages"].get(message_id)
    if message is None or message["status"] == "Deleted":
        raise message_missing(message_id, missing_status)
    if (to_channel or to_contact) and not conversation_filter(
        user, to_channel, to_contact
    )(message):
        raise message_missing(message_id, missing_status)
    return message


def require_sender(message: JsonObject, user: JsonObject) -> None:
    if message["sender_id"] != user["id"]:
        raise MockError(
            400,
            200,
            "Only the sender of this message can make updates: message "
            f"{message['id']} was sent by {message['sender_email']}, "
            f"not by {user.get('email', user['id'])}.",
        )


def newest_first(match: Callable[[JsonObject], bool]) -> list[JsonObject]:
    """Matching messages, most recently sent first.

    Messages are stored in the order they were sent, so the reversed store
    order is the sending order even if the clock disagrees with the seeds.
    """
    stored = collections()["messages"].as_list()
    return [message for message in reversed(stored) if match(message)]


def public_message(message: JsonObject, *, with_url: bool = False) -> JsonObject:
    shown: JsonObject = {
        "id": message["id"],
        "message": message["message"],
        "message_type": "plain_text_message",
        "sender": message["sender_email"],
        "send_member_id": member_id_for(message["sender_id"]),
        "sender_display_name": message["sender_name"],
        "date_time": message["date_time"],
        "timestamp": message["timestamp"],
        "status": message["status"],
    }
    for field in ("reply_main_message_id", "reply_main_message_timestamp"):
        if field in message:
            shown[field] = message[field]
    if message.get("rich_text"):
        shown["rich_text"] = message["rich_text"]
    if with_url:
        target = message["channel_id"] or message["contact_id"]
        shown["message_url"] = launch_url({"mid": message["id"], "sid": target})
    return shown
