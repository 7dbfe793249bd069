"""Team Chat: channels, channel members and chat messages, kept in the store.

Zoom reaches the same channel through an account-level path
(`/chat/channels/{channelId}`) and a user-level one
(`/chat/users/{userId}/channels/{channelId}`); both lead to the same helpers
here, the user-level one first checking that the user exists. The original
mock's shortcuts (`POST /chat/channels`, channel messages, `PATCH` on a
message) act as the token's user, `me`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.responses import Response
from zoom_mock.handlers import _chat_messages as messages
from zoom_mock.handlers import _chat_state as state
from zoom_mock.handlers._chat_seeds import CHANNEL_SETTINGS, timestamp_ms
from zoom_mock.handlers._users import me, require_user

from zoom_mock.errors import MockError
from zoom_mock.responses import json_response, no_content
from zoom_mock.runtime import current

JsonObject = dict[str, Any]

# Channels.


async def getAccountChannels(
    page_size: int | None = None, next_page_token: str | None = None
) -> Response:
    channels = state.collections()["channels"].as_list()
    return _channel_page(channels, page_size, next_page_token)


async def getChannels(
    user_id: str, page_size: int | None = None, next_page_token: str | None = None
) -> Response:
    user = require_user(user_id)
    joined = state.channel_ids_of(user["id"])
    channels = [
        channel
        for channel in state.collections()["channels"]
        if channel["id"] in joined
    ]
    return _channel_page(channels, page_size, next_page_token)


def _channel_page(
    channels: list[JsonObject], page_size: int | None, next_page_token: str | None
) -> Response:
    page = state.page_of(channels, page_size, next_page_token)
    return json_response(
        {
            "channels": [state.public_channel(channel) for channel in page.items],
            "page_size": page.page_size,
            "next_page_token": page.next_page_token,
            "total_records": page.total_records,
        }
    )


async def createAccountChannel(body: JsonObject) -> Response:
    return _create_channel(me(), body)


async def createChannel(user_id: str, body: JsonObject) -> Response:
    return _create_channel(require_user(user_id), body)


def _create_channel(owner: JsonObject, body: JsonObject) -> Response:
    runtime = current()
    name = body["name"]
    state.check_name_free(name)

    channel = {
        "id": runtime.ids.hex_id(32),
        "name": name,
        "type": body.get("type", 1),
        "owner_id": owner["id"],
        "created_at": state.now_iso(),
        "channel_settings": {
            **CHANNEL_SETTINGS,
            **body.get("channel_settings", {}),
        },
    }
    with runtime.store.lock:
        state.collections()["channels"].put(channel)
        state.add_member(state.member_from_user(channel["id"], owner, "owner"))
        for invited in body.get("members", []):
            state.add_member(state.new_member(channel["id"], invited["email"]))
        state.save()
    return json_response(state.channel_summary(channel), 201)


async def getUserLevelChannel(channel_id: str) -> Response:
    return json_response(state.public_channel(state.require_channel(channel_id)))


async def getChannel(user_id: str, channel_id: str) -> Response:
    require_user(user_id)
    return json_response(state.public_channel(state.require_channel(channel_id)))


async def updateUserLevelChannel(channel_id: str, body: JsonObject) -> Response:
    return _update_channel(channel_id, body)


async def updateChannel(user_id: str, channel_id: str, body: JsonObject) -> Response:
    require_user(user_id)
    return _update_channel(channel_id, body)


def _update_channel(channel_id: str, body: JsonObject) -> Response:
    channel = state.require_channel(channel_id)
    if "name" in body:
        state.check_name_free(body["name"], except_id=channel_id)

    with current().store.lock:
        for field in ("name", "type"):
            if field in body:
                channel[field] = body[field]
        channel["channel_settings"].update(body.get("channel_settings", {}))
        state.save()
    return no_content()


async def deleteUserLevelChannel(channel_id: str) -> Response:
    return _delete_channel(channel_id)


async def deleteChannel(user_id: str, channel_id: str) -> Response:
    require_user(user_id)
    return _delete_channel(channel_id)


def _delete_channel(channel_id: str) -> Response:
    state.require_channel(channel_id)
    stored = state.collections()
    with current().store.lock:
        stored["channels"].delete(channel_id)
        for member in state.members_of(channel_id):
            stored["members"].delete(member["id"])
        for message in stored["messages"].as_list():
            if message["channel_id"] == channel_id:
                stored["messages"].delete(message["id"])
        state.save()
    return no_content()


async def searchChannels(body: JsonObject) -> Response:
    haystack, needle = body["haystack"], body["needle"]
    candidates = state.collections()["channels"].as_list()
    if haystack == "user_joined":
        user = require_user(body.get("user_id") or "me")
        joined = state.channel_ids_of(user["id"])
        candidates = [channel for channel in candidates if channel["id"] in joined]
    elif haystack == "public":
        candidates = [channel for channel in candidates if channel["type"] == 3]

    matches = [
        channel for channel in candidates if _name_matches(channel["name"], needle)
    ]
    page = state.page_of(
        matches, body.get("page_size", 10), body.get("next_page_token")
    )
    found = [
        {
            **state.channel_summary(channel),
            "member_count": len(state.members_of(channel["id"])),
        }
        for channel in page.items
    ]
    return json_response(
        {
            "channels": found,
            "page_size": page.page_size,
            "next_page_token": page.next_page_token,
        }
    )


def _name_matches(name: str, needle: JsonObject) -> bool:
    """The spec makes sure the needle holds the field its search type reads."""
    folded = name.casefold()
    if needle["search_type"] == "by_channel_name_exact_match":
        return folded == needle["channel_name"].casefold()
    return all(keyword.casefold() in folded for keyword in needle["keywords"])


# Members.


async def listUserLevelChannelMembers(
    channel_id: str, page_size: int | None = None, next_page_token: str | None = None
) -> Response:
    return _member_page(channel_id, page_size, next_page_token)


async def listChannelMembers(
    user_id: str,
    channel_id: str,
    page_size: int | None = None,
    next_page_token: str | None = None,
) -> Response:
    require_user(user_id)
    return _member_page(channel_id, page_size, next_page_token)


def _member_page(
    channel_id: str, page_size: int | None, next_page_token: str | None
) -> Response:
    state.require_channel(channel_id)
    page = state.page_of(state.members_of(channel_id), page_size, next_page_token)
    return json_response(
        {
            "members": [state.public_member(member) for member in page.items],
            "page_size": page.page_size,
            "next_page_token": page.next_page_token,
            "total_records": page.total_records,
        }
    )


async def InviteUserLevelChannelMembers(channel_id: str, body: JsonObject) -> Response:
    return _invite(channel_id, body)


async def inviteChannelMembers(
    user_id: str, channel_id: str, body: JsonObject
) -> Response:
    require_user(user_id)
    return _invite(channel_id, body)


def _invite(channel_id: str, body: JsonObject) -> Response:
    state.require_channel(channel_id)
    with current().store.lock:
        added = [
            state.add_member(state.new_member(channel_id, invited["email"]))
            for invited in body["members"]
        ]
        state.save()
    return json_response(
        {
            "ids": ",".join(member["user_id"] for member in added),
            "member_ids": ",".join(member["member_id"] for member in added),
            "added_at": state.now_iso(),
        },
        201,
    )


async def removeAUserLevelChannelMember(channel_id: str, member_id: str) -> Response:
    return _remove_member(channel_id, member_id)


async def removeAChannelMember(
    user_id: str, channel_id: str, member_id: str
) -> Response:
    require_user(user_id)
    return _remove_member(channel_id, member_id)


def _remove_member(channel_id: str, identifier: str) -> Response:
    channel = state.require_channel(channel_id)
    member = state.find_member(channel_id, identifier)
    if member is None:
        raise MockError(
            400,
            5301,
            f"Unable to remove channel member: {identifier} is not a member of "
            f"channel {channel_id} (give a member id, user id or email of a member).",
        )
    if member["role"] == "owner":
        raise _owner_stays(channel, member, "Unable to remove channel member")
    with current().store.lock:
        state.collections()["members"].delete(member["id"])
        state.save()
    return no_content()


async def joinChannel(channel_id: str) -> Response:
    state.require_channel(channel_id)
    with current().store.lock:
        member = state.add_member(state.member_from_user(channel_id, me(), "member"))
        state.save()
    return json_response(
        {
            "id": member["user_id"],
            "member_id": member["member_id"],
            "added_at": member["added_at"],
        },
        201,
    )


async def leaveChannel(channel_id: str) -> Response:
    channel = state.require_channel(channel_id)
    user = me()
    member = state.find_member(channel_id, user["id"])
    if member is None:
        raise MockError(
            400,
            5301,
            f"Request to leave the channel failed: {user.get('email', user['id'])} "
            f"is not a member of channel {channel_id}.",
        )
    if member["role"] == "owner":
        raise _owner_stays(channel, member, "Request to leave the channel failed")
    with current().store.lock:
        state.collections()["members"].delete(member["id"])
        state.save()
    return no_content()


def _owner_stays(channel: JsonObject, owner: JsonObject, reason: str) -> MockError:
    """Zoom keeps a channel's owner in it: leaving or removal is a 400, code 5301."""
    who = owner["email"] or owner["user_id"]
    return MockError(
        400,
        5301,
        f"{reason}: {who} owns channel {channel['id']} ({channel['name']!r}), and "
        "a channel cannot be left without its owner. Transfer ownership to another "
        "member first; the mock cannot transfer ownership, so delete the channel "
        "instead if it should go.",
    )


# Messages.


async def getChatMessages(
    user_id: str,
    to_contact: str | None = None,
    to_channel: str | None = None,
    date: str | None = None,
    from_: str | None = None,
    to: str | None = None,
    page_size: int | None = None,
    next_page_token: str | None = None,
    include_deleted_and_edited_message: bool = False,
    search_type: str | None = None,
    search_key: str | None = None,
    exclude_child_message: bool = False,
    **_ignored: Any,
) -> Response:
    user = require_user(user_id)
    if to_contact and to_channel:
        raise MockError(
            400,
            300,
            "Must provide either contact or channel parameter, not both: "
            f"`to_channel` was {to_channel!r} and `to_contact` was {to_contact!r}; "
            "name one chat only.",
        )
    match = state.conversation_filter(user, to_channel, to_contact)
    filters = messages.MessageFilters(
        date,
        from_,
        to,
        include_deleted_and_edited_message,
        search_type,
        search_key,
        exclude_child_message,
    )
    return _message_page(match, filters, page_size, next_page_token)


async def listChannelMessages(
    channel_id: str,
    page_size: int | None = None,
    next_page_token: str | None = None,
    date: str | None = None,
    from_: str | None = None,
    to: str | None = None,
    include_deleted_and_edited_message: bool = False,
    search_type: str | None = None,
    search_key: str | None = None,
    exclude_child_message: bool = False,
) -> Response:
    match = state.conversation_filter(me(), channel_id, None)
    filters = messages.MessageFilters(
        date,
        from_,
        to,
        include_deleted_and_edited_message,
        search_type,
        search_key,
        exclude_child_message,
    )
    return _message_page(match, filters, page_size, next_page_token)


def _message_page(
    match: Callable[[JsonObject], bool],
    filters: messages.MessageFilters,
    page_size: int | None,
    next_page_token: str | None,
) -> Response:
    chosen = [
        message for message in state.newest_first(match) if filters.keeps(message)
    ]
    page = state.page_of(chosen, page_size, next_page_token)
    return json_response(
        {
            **filters.echo(),
            "messages": [state.public_message(message) for message in page.items],
            "page_size": page.page_size,
            "next_page_token": page.next_page_token,
        }
    )


async def sendaChatMessage(user_id: str, body: JsonObject) -> Response:
    sender = require_user(user_id)
    to_channel, to_contact = body.get("to_channel"), body.get("to_contact")
    if to_channel:
        channel_id: str | None = state.require_channel(to_channel)["id"]
        contact_id = None
    else:
        channel_id, contact_id = None, state.find_contact(to_contact)["id"]
    return _send(sender, channel_id, contact_id, body)


async def sendChannelMessage(channel_id: str, body: JsonObject) -> Response:
    state.require_channel(channel_id)
    return _send(me(), channel_id, None, body)


def _send(
    sender: JsonObject,
    channel_id: str | None,
    contact_id: str | None,
    body: JsonObject,
) -> Response:
    runtime = current()
    moment = state.now_iso()
    raw = runtime.ids.hex_id(32)
    message: JsonObject = {
        "id": f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}",
        "channel_id": channel_id,
        "contact_id": contact_id,
        "sender_id": sender["id"],
        "sender_email": sender.get("email", ""),
        "sender_name": sender.get("display_name")
        or f"{sender.get('first_name', '')} {sender.get('last_name', '')}".strip(),
        "message": body["message"],
        "date_time": moment,
        "timestamp": timestamp_ms(moment),
        "status": "Normal",
    }
    if body.get("rich_text"):
        message["rich_text"] = body["rich_text"]
    if body.get("reply_main_message_id"):
        parent = messages.reply_parent(body["reply_main_message_id"], message)
        message["reply_main_message_id"] = parent["id"]
        message["reply_main_message_timestamp"] = parent["timestamp"]

    with runtime.store.lock:
        state.collections()["messages"].put(message)
        state.save()
    return json_response({"id": message["id"]}, 201)


async def getChatMessage(
    user_id: str,
    message_id: str,
    to_contact: str | None = None,
    to_channel: str | None = None,
    **_ignored: Any,
) -> Response:
    user = require_user(user_id)
    message = state.require_message(message_id, user, to_channel, to_contact)
    return json_response(state.public_message(message, with_url=True))


async def editMessage(user_id: str, message_id: str, body: JsonObject) -> Response:
    return _edit(user_id, message_id, body)


async def updateChatMessage(
    user_id: str, message_id: str, body: JsonObject
) -> Response:
    return _edit(user_id, message_id, body)


def _edit(user_id: str, message_id: str, body: JsonObject) -> Response:
    user = require_user(user_id)
    message = state.require_message(
        message_id,
        user,
        body.get("to_channel"),
        body.get("to_contact"),
        missing_status=400,
    )
    state.require_sender(message, user)
    if "message" in body and body["message"] != message["message"]:
        with current().store.lock:
            message["message"] = body["message"]
            message["status"] = "Edited"
            state.save()
    return no_content()


async def deleteChatMessage(
    user_id: str,
    message_id: str,
    to_contact: str | None = None,
    to_channel: str | None = None,
) -> Response:
    user = require_user(user_id)
    message = state.require_message(message_id, user, to_channel, to_contact)
    state.require_sender(message, user)
    with current().store.lock:
        message["status"] = "Deleted"
        state.save()
    return no_content()
