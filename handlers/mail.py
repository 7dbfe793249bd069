"""Mail: mailbox profiles, threads, messages, drafts, labels and sending.

Zoom's Mail API follows Gmail, so these handlers answer in that shape
(camelCase, `raw` base64url messages, label ids, maxResults/pageToken paging).
Sending parses the message with the stdlib `email` package: its references
decide the thread, its recipients who have mailboxes here receive a copy, and
a future `sendTime` holds it as SCHEDULED until that time has passed.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import format_datetime, make_msgid
from typing import Any

import orjson
from starlette.responses import Response
from zoom_mock.handlers._mail_messages import (
    decode_raw,
    encode_raw,
    headers_of,
    parse_message,
    parse_outgoing,
    payload,
)
from zoom_mock.handlers._mail_search import matches, parse_query
from zoom_mock.handlers._mail_state import (
    HIDDEN_LABELS,
    SYSTEM_LABELS,
    deliver,
    label_ids,
    mail_state,
    messages_of,
    release_due,
    require_draft,
    require_mailbox,
    require_message,
    require_thread,
    save,
    search_fields,
    store_message,
    thread_messages,
    user_labels,
)

from zoom_mock.errors import FieldError, validation_failed
from zoom_mock.gpaging import google_paginate
from zoom_mock.responses import json_response
from zoom_mock.runtime import current

JsonObject = dict[str, Any]
PAGE = (50, 500)


def _open(email: str) -> str:
    """The mailbox `{email}` names, with its due scheduled mail released."""
    mailbox = require_mailbox(email)
    release_due(mailbox)
    return mailbox


def _wanted_labels(mailbox: str, label_ids_text: str | None) -> set[str]:
    """The label ids `labelIds` names (commas or spaces), matched without case."""
    known = {label.upper(): label for label in label_ids(mailbox)}
    resolved = set()
    for label in (label_ids_text or "").replace(",", " ").split():
        canonical = known.get(label.upper())
        if canonical is None:
            raise validation_failed(
                [
                    FieldError(
                        "labelIds",
                        f"`labelIds` holds {label!r}, which is not a label of mailbox "
                        f"{mailbox}; list them with GET .../labels.",
                    )
                ]
            )
        resolved.add(canonical)
    return resolved


def _label_names(mailbox: str) -> dict[str, str]:
    return {label["name"].lower(): label["labelId"] for label in user_labels(mailbox)}


def _message_filter(
    mailbox: str, label_ids: str | None, q: str | None, include_spam_trash: bool
) -> Callable[[JsonObject], bool]:
    """Whether a message matches `labelIds`, `q` and `includeSpamTrash`."""
    wanted = _wanted_labels(mailbox, label_ids)
    terms = parse_query(q)
    names = _label_names(mailbox)

    def selected(message: JsonObject) -> bool:
        labels = set(message["labelIds"])
        hidden = (labels & HIDDEN_LABELS) - wanted
        if hidden and not include_spam_trash:
            return False
        if not wanted <= labels:
            return False
        return matches(message, terms, search_fields, names)

    return selected


def _render_message(
    message: JsonObject, format_: str = "full", metadata_headers: str | None = None
) -> JsonObject:
    """A stored message in one of Gmail's formats: minimal, metadata, full, raw."""
    shown: JsonObject = {
        key: message[key]
        for key in (
            "id", "threadId", "labelIds", "snippet", "historyId", "internalDate",
            "sizeEstimate", "sendTime", "userScheduled",
        )
        if key in message
    }  # fmt: skip
    if format_ == "minimal":
        return shown
    if format_ == "raw":
        return {**shown, "raw": message["raw"]}

    parsed = parse_message(decode_raw(message["raw"]))
    if format_ == "metadata":
        only = {
            name.strip().lower()
            for name in (metadata_headers or "").split(",")
            if name.strip()
        }
        shown["payload"] = {
            "partId": "",
            "mimeType": parsed.get_content_type(),
            "filename": "",
            "headers": headers_of(parsed, only or None),
        }
        return shown
    return {**shown, "payload": payload(parsed)}


# Reading.


async def get_mailbox_profile(email: str) -> Response:
    mailbox = _open(email)
    messages = messages_of(mailbox)
    user = current().store.find_user(mailbox) or {}
    created = user.get("created_at") or "2026-01-01T00:00:00Z"
    create_time = int(datetime.fromisoformat(created).timestamp() * 1000)
    return json_response(
        {
            "emailAddress": mailbox,
            "groupEmails": [],
            "aliases": [],
            "createTime": create_time,
            "status": "active",
            "mboxSize": sum(message["sizeEstimate"] for message in messages),
            "messagesTotal": len(messages),
            "threadsTotal": len({message["threadId"] for message in messages}),
            "encryptionEnabled": False,
            "labelEncryptionEnabled": False,
            "historyId": max(
                (m["historyId"] for m in messages), key=int, default="5100"
            ),
        }
    )


def _listing(kind: str, body: JsonObject) -> JsonObject:
    """A list answer with Google's `kind` and an `etag` digest of its content."""
    digest = hashlib.sha256(orjson.dumps(body, option=orjson.OPT_SORT_KEYS))
    return {"kind": kind, "etag": f'"{digest.hexdigest()[:16]}"', **body}


async def list_labels_in_mailbox(email: str, format_: str = "full") -> Response:
    mailbox = _open(email)
    messages = messages_of(mailbox)
    labels = [_system_label(*entry) for entry in SYSTEM_LABELS]
    labels += [_user_label(label) for label in user_labels(mailbox)]

    for label in labels:
        if format_ == "minimal":
            for key in ("messageListVisibility", "labelListVisibility", "color"):
                label.pop(key, None)
        if format_ == "full":
            label.update(_label_counts(label["id"], messages))
    return json_response(_listing("mail#labelList", {"labels": labels}))


def _system_label(label_id: str, name: str, listed: str, shown: str) -> JsonObject:
    return {
        "id": label_id,
        "name": name,
        "type": "system",
        "messageListVisibility": listed,
        "labelListVisibility": shown,
    }


def _user_label(label: JsonObject) -> JsonObject:
    return {
        "id": label["labelId"],
        "name": label["name"],
        "type": "user",
        "messageListVisibility": "show",
        "labelListVisibility": "labelShow",
        "color": label["color"],
    }


def _label_counts(label_id: str, messages: list[JsonObject]) -> JsonObject:
    tagged = [message for message in messages if label_id in message["labelIds"]]
    unread = [message for message in tagged if "UNREAD" in message["labelIds"]]
    return {
        "messagesTotal": len(tagged),
        "messagesUnread": len(unread),
        "threadsTotal": len({message["threadId"] for message in tagged}),
        "threadsUnread": len({message["threadId"] for message in unread}),
    }


async def list_emails(
    email: str,
    max_results: int | None = None,
    page_token: str | None = None,
    label_ids: str | None = None,
    q: str | None = None,
    include_spam_trash: bool = False,
) -> Response:
    mailbox = _open(email)
    selected = _message_filter(mailbox, label_ids, q, include_spam_trash)
    chosen = [m for m in reversed(messages_of(mailbox)) if selected(m)]
    page = _page(chosen, max_results, page_token)
    listed = [
        {"id": message["id"], "threadId": message["threadId"]} for message in page.items
    ]
    return json_response(
        _listing(
            "mail#messageList",
            {"messages": listed, **page.fields(), "resultSizeEstimate": page.total},
        )
    )


async def get_email(
    email: str,
    message_id: str,
    format_: str = "full",
    metadata_headers: str | None = None,
) -> Response:
    mailbox = _open(email)
    message = require_message(mailbox, message_id)
    return json_response(_render_message(message, format_, metadata_headers))


async def list_email_threads(
    email: str,
    max_results: int | None = None,
    page_token: str | None = None,
    label_ids: str | None = None,
    q: str | None = None,
    include_spam_trash: bool = False,
) -> Response:
    mailbox = _open(email)
    selected = _message_filter(mailbox, label_ids, q, include_spam_trash)
    chosen = []
    for thread in reversed(list(mail_state()["threads"])):
        if thread["mailbox"] != mailbox:
            continue
        messages = thread_messages(mailbox, thread["id"])
        picked = [m for m in messages if selected(m)]
        if picked:
            chosen.append(_thread_summary(thread, messages, picked[-1]))

    page = _page(chosen, max_results, page_token)
    return json_response(
        _listing(
            "mail#threadList",
            {"threads": page.items, **page.fields(), "resultSizeEstimate": page.total},
        )
    )


def _thread_summary(
    thread: JsonObject, messages: list[JsonObject], latest: JsonObject
) -> JsonObject:
    return {
        "id": thread["id"],
        "snippet": latest["snippet"],
        "historyId": max((message["historyId"] for message in messages), key=int),
        "threadName": thread["threadName"],
        "status": thread["status"],
    }


async def get_email_thread(
    email: str,
    thread_id: str,
    format_: str = "full",
    metadata_headers: str | None = None,
    max_results: int | None = None,
    page_token: str | None = None,
) -> Response:
    mailbox = _open(email)
    thread = require_thread(mailbox, thread_id)
    messages = thread_messages(mailbox, thread_id)
    page = _page(messages, max_results, page_token)
    return json_response(
        {
            "id": thread["id"],
            "historyId": max((message["historyId"] for message in messages), key=int),
            "threadName": thread["threadName"],
            "status": thread["status"],
            **page.fields(),
            "messages": [
                _render_message(message, format_, metadata_headers)
                for message in page.items
            ],
        }
    )


async def list_draft_emails(
    email: str,
    max_results: int | None = None,
    page_token: str | None = None,
    q: str | None = None,
    include_spam_trash: bool = False,
) -> Response:
    mailbox = _open(email)
    terms, names = parse_query(q), _label_names(mailbox)
    state = mail_state()
    chosen = []
    for draft in reversed(list(state["drafts"])):
        message = state["messages"].get(draft["messageId"])
        mine = draft["mailbox"] == mailbox and message is not None
        if mine and matches(message, terms, search_fields, names):
            chosen.append(
                {
                    "id": draft["id"],
                    "message": {
                        "id": message["id"],
                        "threadId": message["threadId"],
                    },
                }
            )

    page = _page(chosen, max_results, page_token)
    return json_response(
        _listing(
            "mail#draftList",
            {"drafts": page.items, **page.fields(), "resultSizeEstimate": page.total},
        )
    )


async def get_draft_email(email: str, draft_id: str, format_: str = "full") -> Response:
    mailbox = _open(email)
    draft = require_draft(mailbox, draft_id)
    message = require_message(mailbox, draft["messageId"])
    return json_response(
        {"id": draft["id"], "message": _render_message(message, format_)}
    )


def _page(
    items: list[JsonObject], max_results: int | None, page_token: str | None
) -> Any:
    return google_paginate(
        items,
        key=lambda item: item["id"],
        max_results=max_results,
        default_size=PAGE[0],
        max_size=PAGE[1],
        page_token=page_token,
    )


# Sending.


async def send_email(email: str, body: JsonObject) -> Response:
    mailbox = _open(email)
    parsed = parse_outgoing(body["raw"])
    extra_labels = _checked_labels(mailbox, body.get("labelIds") or [])
    send_at = int(body["sendTime"]) if body.get("sendTime") else None
    scheduled = send_at is not None and send_at > time.time()

    raw = body["raw"]
    completed = _complete_headers(parsed, mailbox, send_at)
    if completed:
        raw = encode_raw(parsed.as_bytes())

    labels = ["SCHEDULED" if scheduled else "SENT", *extra_labels]
    extra = {"sendTime": str(send_at), "userScheduled": True} if scheduled else {}
    with current().store.lock:
        record = store_message(mailbox, raw, labels, extra=extra)
        if not scheduled:
            deliver(mailbox, record)
        save()
    return json_response(
        {
            "id": record["id"],
            "threadId": record["threadId"],
            "labelIds": record["labelIds"],
        }
    )


def _checked_labels(mailbox: str, wanted: list[str]) -> list[str]:
    known = label_ids(mailbox)
    for index, label in enumerate(wanted):
        if label not in known:
            raise validation_failed(
                [
                    FieldError(
                        f"labelIds[{index}]",
                        f"`labelIds[{index}]` was {label!r}, which is not a label of "
                        f"mailbox {mailbox}.",
                    )
                ]
            )
    return [
        label for label in dict.fromkeys(wanted) if label not in ("SENT", "SCHEDULED")
    ]


def _complete_headers(parsed: Any, mailbox: str, send_at: int | None) -> bool:
    """Add the From, Date and Message-ID headers a sent message must have."""
    added = False
    if not parsed.get("From"):
        parsed["From"] = mailbox
        added = True
    if not parsed.get("Date"):
        moment = datetime.fromtimestamp(send_at, UTC) if send_at else datetime.now(UTC)
        parsed["Date"] = format_datetime(moment)
        added = True
    if not parsed.get("Message-ID"):
        parsed["Message-ID"] = make_msgid(domain=mailbox.partition("@")[2] or "zoom.us")
        added = True
    return added
