"""Reading and writing chat messages: list filters and the rules for replies.

Zoom narrows a message list by day, by a time range and by a search key, and
lets a reply answer only a main message of the same chat. These rules are kept
apart from the handlers so that the account-level channel shortcut and Zoom's
user-level message paths apply them identically.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from zoom_mock.handlers import _chat_state as state
from zoom_mock.handlers._chat_seeds import timestamp_ms

from zoom_mock.errors import FieldError, MockError, validation_failed

JsonObject = dict[str, Any]


class MessageFilters:
    """The query parameters that narrow a message list, checked once."""

    def __init__(
        self,
        date: str | None,
        from_: str | None,
        to: str | None,
        include_deleted: bool,
        search_type: str | None,
        search_key: str | None,
        exclude_replies: bool,
    ) -> None:
        self.date = date
        self.from_text = from_
        self.to_text = to
        self.start = instant_ms("from", from_)
        self.end = instant_ms("to", to)
        self.include_deleted = include_deleted
        self.search_type = search_type
        self.search_key = search_key.casefold() if search_key else None
        self.exclude_replies = exclude_replies

    def keeps(self, message: JsonObject) -> bool:
        if message["status"] == "Deleted" and not self.include_deleted:
            return False
        if self.exclude_replies and "reply_main_message_id" in message:
            return False
        if self.date and not message["date_time"].startswith(self.date):
            return False
        if self.start is not None and message["timestamp"] < self.start:
            return False
        if self.end is not None and message["timestamp"] > self.end:
            return False
        if self.search_key is None:
            return True
        return self.search_type != "file" and self.search_key in (
            message["message"].casefold()
        )

    def echo(self) -> JsonObject:
        """The range fields Zoom repeats in its answer, for those that were given."""
        given = {"date": self.date, "from": self.from_text, "to": self.to_text}
        return {name: value for name, value in given.items() if value}


def instant_ms(name: str, text: str | None) -> int | None:
    """`text` in epoch milliseconds; RFC 3339 lets its `T` and `Z` be lower case."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.upper())
    except ValueError:
        raise validation_failed(
            [FieldError(name, f"`{name}` was {text!r}; expected an ISO 8601 instant.")]
        ) from None
    if moment.tzinfo is None:
        return timestamp_ms(moment.strftime("%Y-%m-%dT%H:%M:%SZ"))
    return int(moment.timestamp() * 1000)


def reply_parent(parent_id: str, reply: JsonObject) -> JsonObject:
    """The main message `reply` answers; it must be in the same chat."""
    parent = state.collections()["messages"].get(parent_id)
    if parent is None or parent["status"] == "Deleted":
        raise state.message_missing(parent_id)
    same_chat = parent["channel_id"] == reply["channel_id"] and (
        reply["channel_id"] is not None
        or {parent["sender_id"], parent["contact_id"]}
        == {reply["sender_id"], reply["contact_id"]}
    )
    if not same_chat:
        raise state.message_missing(parent_id)
    if "reply_main_message_id" in parent:
        raise MockError(
            400,
            5402,
            "This only supports replies to a main message: "
            f"{parent_id} is itself a reply to {parent['reply_main_message_id']}.",
        )
    return parent
