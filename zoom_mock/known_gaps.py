"""Known gaps of zoom-mock, kept as data: each entry names what is missing and why."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Gap:
    area: str
    item: str
    reason: str


KNOWN_GAPS: list[Gap] = [
    Gap(
        "generator",
        "oneOf branches that are open objects with no property in common",
        "No value can fail such a branch except through a property it declares, so "
        "the other branches' bodies carry one of its properties with a value of the "
        "wrong type (often null). The bodies are valid, but less realistic there.",
    ),
    Gap(
        "generator",
        "fuzz pool built on the first fuzz request of an operation",
        "hypothesis-jsonschema needs 0.1 to 1.5 s to draw a pool for a large schema; "
        "that first request waits for it unless Plan.warm() was called at startup.",
    ),
    Gap(
        "generator",
        "realistic values under `not`, or two patterns or formats in one allOf",
        "The realistic makers cannot aim at these, so they are checked on samples, "
        "and when samples fail the values come from a pool hypothesis-jsonschema "
        "drew at compile time: valid, but random-looking.",
    ),
    Gap(
        "meetings",
        "list types live, upcoming and previous_meetings read the real clock",
        "The seed data is written as of 2026-11-30 and stored meetings never change "
        "`status` by themselves, so which seeded meetings count as live or upcoming "
        "depends on the day the mock runs.",
    ),
    Gap(
        "meetings",
        "non-numeric ids on /meetings/{meetingId} (get, update, delete)",
        "Zoom types this meetingId as int64, so ids of the original mock such as "
        "meeting123 find no route there (404, code 404); they work on the "
        "host-scoped, summary, participant, recording and download paths.",
    ),
    Gap(
        "meetings",
        "one past instance per meeting",
        "Participants, summary and recordings belong to the meeting as a whole, not "
        "to each occurrence of a recurring meeting, and /past_meetings/{id}/"
        "instances is not served by a handler.",
    ),
    Gap(
        "recordings",
        "MP4 and M4A downloads are a few header bytes",
        "The mock stores no media: the bodies identify the file type, but their "
        "length does not match `file_size`, and Range requests are not honoured.",
    ),
    Gap(
        "accounts",
        "lock settings are stored, not enforced",
        "Locking a setting does not stop a meeting from being created or updated "
        "with a different value for it.",
    ),
    Gap(
        "chat",
        "message files, reactions, interactive cards, mentions and scheduling",
        "Chat messages are stored as text only: `file_ids`, `interactive_cards`, "
        "`at_items` and `scheduled_time` are accepted and dropped, so every message "
        "is sent at once and lists as `plain_text_message`.",
    ),
    Gap(
        "chat",
        "channel permissions are stored, not enforced",
        "Anyone may post to, invite to, rename or delete any channel, whatever its "
        "type and `channel_settings` say; only editing and deleting a message is "
        "kept to its sender.",
    ),
    Gap(
        "chat",
        "an unknown message answers HTTP 404",
        "Zoom documents HTTP 400 with code 300 for a message it cannot find; the "
        "mock keeps Zoom's code and message but answers 404, like every other "
        "unknown id in a path.",
    ),
    Gap(
        "phone",
        "unknown rooms and numbers in a path answer HTTP 404",
        "Zoom documents HTTP 400 with code 404 for several Zoom Room operations; the "
        "mock keeps the code and message but answers 404, like every other unknown "
        "id in a path. Calling plan types are a fixed table of eight plans.",
    ),
]
