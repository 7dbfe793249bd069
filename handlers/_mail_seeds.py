"""The mailboxes' starting content: a few 2026 threads, a draft and user labels.

Like the calendar seeds, these are built from the users in `data/`, so every
address belongs to a user the Users API knows. Each message is written as real
RFC 822 text with the stdlib `email` package and stored as base64url `raw`,
exactly like a message a client sends, so seeds and sent mail read back alike.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

from zoom_mock.handlers._mail_messages import encode_raw, parse_message, snippet

JsonObject = dict[str, Any]
FALLBACK_PEOPLE = (
    ("Account Owner", "owner@example.com"),
    ("Sam Rivera", "sam.rivera@example.com"),
    ("Kai Morgan", "kai.morgan@example.com"),
)
FIRST_HISTORY_ID = 5101


def stable_message_id(*parts: str) -> str:
    """An id shaped like Zoom's `4a1fca9500000000_e856054c90f10a86_940`."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"{digest[:8]}00000000_{digest[8:24]}_{int(digest[24:30], 16) % 1000:03d}"


def rfc_message_id(*parts: str, domain: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"<{digest[:24]}@{domain}>"


@dataclass
class MailboxBuilder:
    """Collects one mailbox's seed messages and threads in time order."""

    mailbox: str
    messages: list[JsonObject] = field(default_factory=list)
    threads: list[JsonObject] = field(default_factory=list)
    by_key: dict[str, JsonObject] = field(default_factory=dict)

    def add(
        self,
        thread_key: str,
        sender: tuple[str, str],
        to: list[tuple[str, str]],
        subject: str,
        when: datetime,
        text: str,
        labels: list[str],
        html: str | None = None,
    ) -> JsonObject:
        parent = self.by_key.get(thread_key)
        message = EmailMessage()
        message["From"] = f"{sender[0]} <{sender[1]}>"
        message["To"] = ", ".join(f"{name} <{address}>" for name, address in to)
        message["Subject"] = subject if parent is None else f"Re: {subject}"
        message["Date"] = format_datetime(when)
        domain = sender[1].partition("@")[2]
        message["Message-ID"] = rfc_message_id(
            thread_key, when.isoformat(), domain=domain
        )
        if parent is not None:
            message["In-Reply-To"] = parent["rfcId"]
            message["References"] = parent["rfcId"]
        message.set_content(text)
        if html is not None:
            message.add_alternative(html, subtype="html")

        data = message.as_bytes()
        message_id = stable_message_id(self.mailbox, thread_key, when.isoformat())
        thread_id = parent["threadId"] if parent is not None else message_id
        record = {
            "id": message_id,
            "threadId": thread_id,
            "mailbox": self.mailbox,
            "labelIds": labels,
            "historyId": str(FIRST_HISTORY_ID + len(self.messages)),
            "internalDate": str(int(when.timestamp() * 1000)),
            "raw": encode_raw(data),
            "snippet": snippet(parse_message(data)),
            "sizeEstimate": len(data),
            "rfcId": message["Message-ID"],
        }
        self.messages.append(record)
        if parent is None:
            self.threads.append(
                {
                    "id": thread_id,
                    "mailbox": self.mailbox,
                    "threadName": subject,
                    "status": "normal",
                }
            )
        self.by_key[thread_key] = record
        return record

    def copy(
        self, record: JsonObject, thread_key: str, subject: str, labels: list[str]
    ) -> None:
        """File another mailbox's message here too, as the other side sees it."""
        parent = self.by_key.get(thread_key)
        message_id = stable_message_id(self.mailbox, record["id"])
        thread_id = parent["threadId"] if parent is not None else message_id
        copied = {
            **record,
            "id": message_id,
            "threadId": thread_id,
            "mailbox": self.mailbox,
            "labelIds": labels,
            "historyId": str(FIRST_HISTORY_ID + len(self.messages)),
        }
        self.messages.append(copied)
        if parent is None:
            self.threads.append(
                {
                    "id": thread_id,
                    "mailbox": self.mailbox,
                    "threadName": subject,
                    "status": "normal",
                }
            )
        self.by_key[thread_key] = copied


def _people(
    owner: JsonObject | None, colleagues: list[JsonObject]
) -> list[tuple[str, str]]:
    found = [
        (
            f"{user.get('first_name', '')} {user.get('last_name', '')}".strip(),
            user["email"].lower(),
        )
        for user in ([owner] if owner else []) + colleagues[:3]
    ]
    for fallback in FALLBACK_PEOPLE[len(found) :]:
        found.append(fallback)
    return found


def mail_seeds(
    owner: JsonObject | None, colleagues: list[JsonObject]
) -> dict[str, list[JsonObject]]:
    """Messages, threads, drafts and user labels for the owner and one colleague."""
    me, ana, ben = _people(owner, colleagues)[:3]
    box = _owner_mailbox(me, ana, ben)
    draft = box.by_key["hiring"]

    colleague = MailboxBuilder(ana[1])
    for record in box.messages[:3]:
        theirs = ["SENT"] if "SENT" not in record["labelIds"] else ["INBOX"]
        colleague.copy(record, "roadmap", "Q2 roadmap review", theirs)
    offsite = box.by_key["offsite"]
    colleague.copy(offsite, "offsite", "Offsite logistics", ["INBOX", "UNREAD"])

    labels = [
        _label(me[1], "Label_1", "Customers", "#ffffff", "#16a765"),
        _label(me[1], "Label_2", "Finance", "#000000", "#fad165"),
    ]
    return {
        "messages": box.messages + colleague.messages,
        "threads": box.threads + colleague.threads,
        "drafts": [
            {"id": "r-5307260418112876093", "mailbox": me[1], "messageId": draft["id"]}
        ],
        "labels": labels,
    }


def _owner_mailbox(
    me: tuple[str, str], ana: tuple[str, str], ben: tuple[str, str]
) -> MailboxBuilder:
    """The account owner's mail from February and March 2026, oldest first."""
    billing = ("Alder & Finch Billing", "billing@alderfinch.com")
    promo = ("Deals 4 U", "promo@deals-4u.biz")

    box = MailboxBuilder(me[1])
    box.add(
        "roadmap",
        ana,
        [me],
        "Q2 roadmap review",
        _at(2, 16, 9, 12),
        "Hi, I put the Q2 roadmap draft in the shared folder. Could you review the "
        "milestones before Thursday?",
        ["INBOX", "IMPORTANT"],
    )
    box.add(
        "roadmap",
        me,
        [ana],
        "Q2 roadmap review",
        _at(2, 16, 10, 5),
        "Thanks! Looks good overall. Let's move the analytics launch to May.",
        ["SENT"],
    )
    box.add(
        "roadmap",
        ana,
        [me],
        "Q2 roadmap review",
        _at(2, 17, 8, 40),
        "Done, May it is. I also added the hiring milestones.",
        ["INBOX", "UNREAD", "IMPORTANT"],
    )
    box.add(
        "invoice",
        billing,
        [me],
        "Invoice INV-4471 from Alder & Finch",
        _at(2, 20, 14, 0),
        "Your invoice INV-4471 for February 2026 is ready. Amount due: USD 4,820.00, "
        "payable by March 22, 2026.",
        ["INBOX", "Label_2"],
        html="<p>Your invoice <b>INV-4471</b> for February 2026 is ready.</p>"
        "<p>Amount due: USD 4,820.00, payable by March 22, 2026.</p>",
    )
    box.add(
        "offsite",
        me,
        [ana, ben],
        "Offsite logistics",
        _at(3, 2, 16, 30),
        "Hotel is booked for April 21-23. Please send dietary needs by Friday.",
        ["SENT"],
    )
    box.add(
        "lunch",
        ben,
        [me],
        "Lunch on Friday?",
        _at(3, 4, 11, 15),
        "Want to grab lunch on Friday? The new ramen place opened downstairs.",
        ["INBOX", "UNREAD"],
    )
    box.add(
        "spam",
        promo,
        [me],
        "Congratulations, you won a cruise",
        _at(3, 5, 3, 2),
        "Click here to claim your free cruise today!",
        ["SPAM", "UNREAD"],
    )
    box.add(
        "hiring",
        me,
        [ana],
        "2026 hiring plan",
        _at(3, 6, 9, 0),
        "Draft: two backend engineers in Q2, one designer in Q3.",
        ["DRAFT"],
    )
    return box


def _at(month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def _label(
    mailbox: str, label_id: str, name: str, text: str, background: str
) -> JsonObject:
    return {
        "id": f"{mailbox}#{label_id}",
        "labelId": label_id,
        "mailbox": mailbox,
        "name": name,
        "color": {"textColor": text, "backgroundColor": background},
    }
