"""The channels, members and messages Team Chat starts with.

The people are users of the seeded Lumenforge account (Nadia Rahman, the
account owner, is `me`), plus one partner from another company who appears as
an external member. Tables are kept small and hand-written so the records read
like a real workspace; `chat_seeds()` expands them into the stored records.
A user's `member_id` is derived from the user id, so the same person carries
the same member id in every channel, as in Zoom.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime
from typing import Any, NamedTuple

JsonObject = dict[str, Any]


class Person(NamedTuple):
    user_id: str
    email: str
    first_name: str
    last_name: str
    external: bool = False


PEOPLE = {
    "nadia": Person(
        "RAumItZjj8iEGEzIc38-6g", "nadia.rahman@lumenforge.io", "Nadia", "Rahman"
    ),
    "jordan": Person("abc123", "jordan.ellis@lumenforge.io", "Jordan", "Ellis"),
    "priya": Person(
        "I4Hk68yTYSwUoJQLGXTypQ", "priya.raman@lumenforge.io", "Priya", "Raman"
    ),
    "haruto": Person(
        "I_Eo2MkJni8QK9VjQqzWRQ", "haruto.sato@lumenforge.io", "Haruto", "Sato"
    ),
    "lena": Person(
        "SJJVkun2XJ4DdRDOgzK1Kw", "lena.hoffmann@lumenforge.io", "Lena", "Hoffmann"
    ),
    "marcus": Person(
        "ahxypTKbeFpEQT7vqykAxQ", "marcus.bell@lumenforge.io", "Marcus", "Bell"
    ),
    "aoife": Person(
        "1eEguyU35TY5teCRlHdxSw", "aoife.byrne@lumenforge.io", "Aoife", "Byrne"
    ),
    "diego": Person(
        "bdVj1TpneNn7k67YMESfqw", "diego.ramirez@lumenforge.io", "Diego", "Ramírez"
    ),
    "tom": Person(
        "ZrKfqUhuNTj7WmDGuKINIA",
        "tom.whitaker@quillstone.co",
        "Tom",
        "Whitaker",
        external=True,
    ),
}


class ChannelSeed(NamedTuple):
    channel_id: str
    name: str
    type: int
    created_at: str
    owner: str
    admins: tuple[str, ...]
    members: tuple[str, ...]


CHANNELS = (
    ChannelSeed(
        "26b862ff8475feb654ceab4c1bab6f62",
        "product-launch-2026",
        3,
        "2026-01-12T14:03:27Z",
        "nadia",
        ("jordan",),
        ("priya", "lena", "marcus"),
    ),
    ChannelSeed(
        "cf382be884ef0149a36d81c54de84a84",
        "data-platform",
        3,
        "2026-01-20T08:41:05Z",
        "priya",
        (),
        ("haruto", "nadia", "aoife"),
    ),
    ChannelSeed(
        "8903c2a2c6952493a5c13f98a98d8962",
        "leadership-sync",
        1,
        "2026-02-02T16:15:44Z",
        "nadia",
        (),
        ("jordan", "marcus"),
    ),
    ChannelSeed(
        "ca44826765da85e7cd0eadbff284ed93",
        "quillstone-partnership",
        1,
        "2026-03-09T10:27:19Z",
        "jordan",
        (),
        ("nadia", "tom"),
    ),
    ChannelSeed(
        "d1605ba4d87629daeb5906d5c9a52547",
        "random",
        3,
        "2026-03-23T12:00:51Z",
        "marcus",
        ("lena",),
        ("diego", "aoife", "nadia"),
    ),
    ChannelSeed(
        "716133c5137e4bd69a76015bddc5b6e3",
        "berlin-office",
        2,
        "2026-05-04T07:52:36Z",
        "lena",
        (),
        ("aoife", "nadia"),
    ),
)


class MessageSeed(NamedTuple):
    message_id: str
    where: str
    """A channel id, or `@person` for a one-to-one chat with that person."""
    sender: str
    sent_at: str
    text: str
    reply_to: str | None = None


MESSAGES = (
    MessageSeed(
        "3cf93c6c-0bd8-4294-97f6-01df479e33a6",
        "26b862ff8475feb654ceab4c1bab6f62",
        "nadia",
        "2026-01-12T14:05:10Z",
        "Welcome, everyone! This is home base for the spring launch.",
    ),
    MessageSeed(
        "17a119aa-7572-4371-8773-809ce76a83c2",
        "26b862ff8475feb654ceab4c1bab6f62",
        "jordan",
        "2026-01-13T09:31:42Z",
        "Draft timeline is in the shared folder; comments welcome by Friday.",
    ),
    MessageSeed(
        "b8276bc0-b320-4887-bf7e-7d4c9181024e",
        "26b862ff8475feb654ceab4c1bab6f62",
        "priya",
        "2026-01-13T10:02:18Z",
        "Analytics dashboards will be ready for the beta cohort.",
        "17a119aa-7572-4371-8773-809ce76a83c2",
    ),
    MessageSeed(
        "49289eed-a3e1-46f4-9e43-06691b619ccb",
        "26b862ff8475feb654ceab4c1bab6f62",
        "lena",
        "2026-02-17T15:44:09Z",
        "Press kit translations for DE and FR are done.",
    ),
    MessageSeed(
        "0de14493-69b0-4069-9c16-b20b859acc28",
        "cf382be884ef0149a36d81c54de84a84",
        "priya",
        "2026-01-20T08:45:33Z",
        "Nightly ingestion moved to the new cluster. Watch the lag graphs.",
    ),
    MessageSeed(
        "358b67c4-f67b-461d-8ce3-cd3ce1639c10",
        "cf382be884ef0149a36d81c54de84a84",
        "haruto",
        "2026-01-21T02:13:57Z",
        "Lag is under two minutes since the switch.",
        "0de14493-69b0-4069-9c16-b20b859acc28",
    ),
    MessageSeed(
        "99a828e6-3b36-4240-8c02-5afb1a4c10f2",
        "cf382be884ef0149a36d81c54de84a84",
        "aoife",
        "2026-04-08T11:26:40Z",
        "Schema change for the events table goes out on Thursday.",
    ),
    MessageSeed(
        "27c9d243-e8b2-42d8-be82-09802e2f8e61",
        "8903c2a2c6952493a5c13f98a98d8962",
        "nadia",
        "2026-02-02T16:20:03Z",
        "Q1 board deck: please add your section before the 10th.",
    ),
    MessageSeed(
        "aed1dc16-aac1-414f-92ac-d7b5fd6ffc9b",
        "8903c2a2c6952493a5c13f98a98d8962",
        "marcus",
        "2026-02-03T18:07:25Z",
        "Sales numbers are in. January closed at 112% of target.",
    ),
    MessageSeed(
        "185c5e5f-1b8f-42f3-ad10-151770c3ea3a",
        "ca44826765da85e7cd0eadbff284ed93",
        "tom",
        "2026-03-09T10:31:12Z",
        "Thanks for setting this up. Contract redlines attached to the email.",
    ),
    MessageSeed(
        "214e867a-98ac-4c5b-9292-6a73567848ee",
        "ca44826765da85e7cd0eadbff284ed93",
        "jordan",
        "2026-03-10T14:55:48Z",
        "Got them. Legal will come back to you next week.",
    ),
    MessageSeed(
        "c30a8303-b8cd-4ebb-b80f-3b7ab839411f",
        "d1605ba4d87629daeb5906d5c9a52547",
        "diego",
        "2026-03-24T17:40:02Z",
        "Tacos on Friday for anyone in the Mexico City office.",
    ),
    MessageSeed(
        "d352ac79-19a8-461d-a365-42320e15e5f2",
        "716133c5137e4bd69a76015bddc5b6e3",
        "lena",
        "2026-05-04T07:55:14Z",
        "The new desks arrive on Monday; the office is closed until noon.",
    ),
    MessageSeed(
        "b21395a7-5999-4f1c-96e0-619439265567",
        "@jordan",
        "nadia",
        "2026-04-14T13:22:37Z",
        "Can you cover the partner call on Thursday?",
    ),
    MessageSeed(
        "bbcb752b-b982-46a1-8ab3-3bfbb479c319",
        "@nadia",
        "jordan",
        "2026-04-14T13:26:05Z",
        "Yes, I'll take it and send notes afterwards.",
    ),
    MessageSeed(
        "0e991c13-af4c-4c48-8d19-c7f7409ba381",
        "@haruto",
        "priya",
        "2026-06-02T04:10:29Z",
        "Could you review the retention query before the release?",
    ),
)

CHANNEL_SETTINGS = {
    "add_member_permissions": 1,
    "new_members_can_see_previous_messages_files": True,
    "posting_permissions": 1,
    "mention_all_permissions": 1,
    "allow_to_add_external_users": 0,
}


def member_id_for(user_key: str) -> str:
    """A stable, Zoom-looking member id for a user id or an external email."""
    digest = hashlib.sha512(f"zoom-mock-chat-member:{user_key}".encode()).digest()
    letters = [ch for ch in base64.b64encode(digest).decode() if ch.isalnum()]
    return "".join(letters[:50])


def membership_id(channel_id: str, user_id: str) -> str:
    return f"{channel_id}:{user_id}"


def member_record(
    channel_id: str,
    person: Person,
    role: str,
    added_at: str,
) -> JsonObject:
    return {
        "id": membership_id(channel_id, person.user_id),
        "channel_id": channel_id,
        "user_id": person.user_id,
        "member_id": member_id_for(person.user_id),
        "email": person.email,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "role": role,
        "is_external": person.external,
        "added_at": added_at,
    }


def timestamp_ms(moment: str) -> int:
    parsed = datetime.strptime(moment, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return int(parsed.timestamp() * 1000)


def _channel_records() -> tuple[list[JsonObject], list[JsonObject]]:
    channels: list[JsonObject] = []
    members: list[JsonObject] = []
    for seed in CHANNELS:
        channels.append(
            {
                "id": seed.channel_id,
                "name": seed.name,
                "type": seed.type,
                "owner_id": PEOPLE[seed.owner].user_id,
                "created_at": seed.created_at,
                "channel_settings": dict(CHANNEL_SETTINGS),
            }
        )

        roles = [(seed.owner, "owner")]
        roles += [(name, "admin") for name in seed.admins]
        roles += [(name, "member") for name in seed.members]
        for name, role in roles:
            members.append(
                member_record(seed.channel_id, PEOPLE[name], role, seed.created_at)
            )
    return channels, members


def _message_record(seed: MessageSeed, sent: dict[str, int]) -> JsonObject:
    sender = PEOPLE[seed.sender]
    in_channel = not seed.where.startswith("@")
    record: JsonObject = {
        "id": seed.message_id,
        "channel_id": seed.where if in_channel else None,
        "contact_id": None if in_channel else PEOPLE[seed.where[1:]].user_id,
        "sender_id": sender.user_id,
        "sender_email": sender.email,
        "sender_name": f"{sender.first_name} {sender.last_name}",
        "message": seed.text,
        "date_time": seed.sent_at,
        "timestamp": timestamp_ms(seed.sent_at),
        "status": "Normal",
    }
    if seed.reply_to is not None:
        record["reply_main_message_id"] = seed.reply_to
        record["reply_main_message_timestamp"] = sent[seed.reply_to]
    return record


def chat_seeds() -> dict[str, list[JsonObject]]:
    """Fresh copies of the seed records, one list per stored collection."""
    channels, members = _channel_records()
    sent = {seed.message_id: timestamp_ms(seed.sent_at) for seed in MESSAGES}
    ordered = sorted(MESSAGES, key=lambda seed: seed.sent_at)
    messages = [_message_record(seed, sent) for seed in ordered]
    return {"channels": channels, "members": members, "messages": messages}
