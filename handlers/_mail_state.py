"""The Mail area's stored state: mailboxes, messages, threads, drafts and labels.

Everything lives in `store.area("mail")`, each record tagged with the mailbox
(an address) it belongs to. A message keeps its base64url `raw` text and the
few header values that lookups need (its Message-ID for threading, plus
sender, recipients and subject for search). Scheduled messages turn into sent
ones lazily: whenever a mailbox is read, anything whose `sendTime` has passed
is released first, so no background task is needed.
"""

from __future__ import annotations

import re
import time
from email.message import EmailMessage
from typing import Any

from zoom_mock.handlers._mail_messages import (
    decode_raw,
    encode_raw,
    first_address,
    parse_message,
    recipients,
    referenced_ids,
    snippet,
)
from zoom_mock.handlers._mail_seeds import FIRST_HISTORY_ID, mail_seeds
from zoom_mock.handlers._users import me

from zoom_mock.errors import not_found
from zoom_mock.runtime import current
from zoom_mock.store import Collection

AREA = "mail"
JsonObject = dict[str, Any]
SYSTEM_LABELS = (
    ("INBOX", "INBOX", "show", "labelShow"),
    ("SENT", "SENT", "show", "labelShow"),
    ("DRAFT", "DRAFT", "show", "labelShow"),
    ("SCHEDULED", "SCHEDULED", "show", "labelShowIfUnread"),
    ("IMPORTANT", "IMPORTANT", "show", "labelShow"),
    ("STARRED", "STARRED", "show", "labelShow"),
    ("UNREAD", "UNREAD", "hide", "labelHide"),
    ("SPAM", "SPAM", "hide", "labelHide"),
    ("TRASH", "TRASH", "hide", "labelHide"),
)
HIDDEN_LABELS = {"SPAM", "TRASH"}
REPLY_PREFIX = re.compile(r"^(?:\s*(?:re|fwd?|aw|wg)\s*:)+", re.IGNORECASE)


def mail_state() -> dict[str, Collection]:
    """The mail collections, seeded from the users on first use."""
    store = current().store
    existing = store.areas.get(AREA)
    if existing is not None:
        return existing

    owner = me() if store.users else None
    colleagues = [
        user
        for user in store.users.values()
        if user.get("status") == "active"
        and (owner is None or user["id"] != owner["id"])
    ]
    return store.area(AREA, seeds=mail_seeds(owner, colleagues))


def save() -> None:
    current().store.save_area(AREA)


def require_mailbox(email: str) -> str:
    """The mailbox address `{email}` names, or a 404 with code 404."""
    if email == "me":
        return str(me()["email"]).lower()
    user = current().store.find_user(email)
    if user is None:
        raise not_found(
            404,
            f"Mailbox not found: `email` was {email!r}, which is not the address "
            "(or user id) of a user of this account.",
        )
    return str(user["email"]).lower()


def messages_of(mailbox: str) -> list[JsonObject]:
    return [
        message for message in mail_state()["messages"] if message["mailbox"] == mailbox
    ]


def thread_messages(mailbox: str, thread_id: str) -> list[JsonObject]:
    return [
        message for message in messages_of(mailbox) if message["threadId"] == thread_id
    ]


def require_message(mailbox: str, message_id: str) -> JsonObject:
    message = mail_state()["messages"].get(message_id)
    if message is None or message["mailbox"] != mailbox:
        raise not_found(
            404,
            f"Message not found: `messageId` was {message_id!r}, and mailbox "
            f"{mailbox} holds no message with that id.",
        )
    return message


def require_thread(mailbox: str, thread_id: str) -> JsonObject:
    thread = mail_state()["threads"].get(thread_id)
    if (
        thread is None
        or thread["mailbox"] != mailbox
        or not thread_messages(mailbox, thread_id)
    ):
        raise not_found(
            404,
            f"Thread not found: `threadId` was {thread_id!r}, and mailbox "
            f"{mailbox} holds no thread with that id.",
        )
    return thread


def require_draft(mailbox: str, draft_id: str) -> JsonObject:
    draft = mail_state()["drafts"].get(draft_id)
    if draft is None or draft["mailbox"] != mailbox:
        raise not_found(
            404,
            f"Draft not found: `draftId` was {draft_id!r}, and mailbox "
            f"{mailbox} holds no draft with that id.",
        )
    return draft


def user_labels(mailbox: str) -> list[JsonObject]:
    return [label for label in mail_state()["labels"] if label["mailbox"] == mailbox]


def label_ids(mailbox: str) -> set[str]:
    return {label_id for label_id, *_ in SYSTEM_LABELS} | {
        label["labelId"] for label in user_labels(mailbox)
    }


def next_history_id(mailbox: str) -> str:
    known = [int(message["historyId"]) for message in messages_of(mailbox)]
    return str(max(known, default=FIRST_HISTORY_ID) + 1)


def new_message_id() -> str:
    """A message id no stored message has (ids repeat after a restart with --seed)."""
    ids, taken = current().ids, mail_state()["messages"]
    while True:
        candidate = f"{ids.hex_id(8)}00000000_{ids.hex_id(16)}_{ids.digits(3)}"
        if candidate not in taken:
            return candidate


def store_message(
    mailbox: str, raw: str, labels: list[str], *, extra: JsonObject | None = None
) -> JsonObject:
    """File a message in `mailbox`, in the thread its references point to."""
    state = mail_state()
    data = decode_raw(raw)
    parsed = parse_message(data)
    thread_id = _thread_for(mailbox, parsed)

    message_id = new_message_id()
    record: JsonObject = {
        "id": message_id,
        "threadId": thread_id or message_id,
        "mailbox": mailbox,
        "labelIds": labels,
        "historyId": next_history_id(mailbox),
        "internalDate": str(int(time.time() * 1000)),
        "raw": raw,
        "snippet": snippet(parsed),
        "sizeEstimate": len(data),
        "rfcId": str(parsed.get("Message-ID", "")),
        **(extra or {}),
    }
    state["messages"].put(record)
    if thread_id is None:
        subject = str(parsed.get("Subject", ""))
        state["threads"].put(
            {
                "id": message_id,
                "mailbox": mailbox,
                "threadName": subject,
                "status": "normal",
            }
        )
    return record


def _thread_for(mailbox: str, parsed: EmailMessage) -> str | None:
    """The thread of the message `parsed` replies to, if this mailbox has it.

    A referenced Message-ID decides; failing that, a reply joins the mailbox's
    thread with the same subject (less Re:/Fwd:), as mail clients do.
    """
    wanted = set(referenced_ids(parsed))
    if not wanted:
        return None
    for message in reversed(messages_of(mailbox)):
        if message.get("rfcId") in wanted:
            return str(message["threadId"])

    subject = base_subject(str(parsed.get("Subject", "")))
    for thread in reversed(list(mail_state()["threads"])):
        if (
            thread["mailbox"] == mailbox
            and base_subject(thread["threadName"]) == subject
        ):
            return str(thread["id"])
    return None


def base_subject(subject: str) -> str:
    return " ".join(REPLY_PREFIX.sub("", subject).split()).lower()


def deliver(sender_mailbox: str, record: JsonObject) -> None:
    """Give every recipient with a mailbox here an unread INBOX copy.

    Copies leave out the Bcc header, so no recipient learns who else was blind
    copied; the sender's own copy keeps it.
    """
    parsed = parse_message(decode_raw(record["raw"]))
    addresses = dict.fromkeys(recipients(parsed))
    copy_raw = record["raw"]
    if "Bcc" in parsed:
        del parsed["Bcc"]
        copy_raw = encode_raw(parsed.as_bytes())

    store = current().store
    for address in addresses:
        user = store.find_user(address)
        if user is None:
            continue
        target = str(user["email"]).lower()
        if target == sender_mailbox:
            record["labelIds"] = [*record["labelIds"], "INBOX", "UNREAD"]
            continue
        store_message(target, copy_raw, ["INBOX", "UNREAD"])


def release_due(mailbox: str) -> None:
    """Send every scheduled message of `mailbox` whose time has come."""
    now = time.time()
    due = [
        message
        for message in messages_of(mailbox)
        if "SCHEDULED" in message["labelIds"]
        and int(message.get("sendTime", "0")) <= now
    ]
    if not due:
        return
    with current().store.lock:
        for message in due:
            message["labelIds"] = [
                "SENT" if label == "SCHEDULED" else label
                for label in message["labelIds"]
            ]
            message["historyId"] = next_history_id(mailbox)
            message["internalDate"] = str(int(message["sendTime"]) * 1000)
            message.pop("userScheduled", None)
            deliver(mailbox, message)
        save()


def search_fields(record: JsonObject) -> JsonObject:
    """Sender, recipients and subject of a stored message, for `q`."""
    parsed = parse_message(decode_raw(record["raw"]))
    return {
        "from": first_address(parsed, "From"),
        "to": " ".join(recipients(parsed)),
        "subject": str(parsed.get("Subject", "")),
        "rfcId": record.get("rfcId", ""),
    }
