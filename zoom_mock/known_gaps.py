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
        "reading or deleting an unknown message answers HTTP 404",
        "Zoom documents HTTP 400 with code 300 for editing a message it cannot "
        "find, which the mock does too, but nothing for reading or deleting one; "
        "there the mock keeps code 300 and answers 404, like every other unknown "
        "id in a path.",
    ),
    Gap(
        "phone",
        "unknown rooms and numbers in a path answer HTTP 404",
        "Zoom documents HTTP 400 with code 404 for several Zoom Room operations; the "
        "mock keeps the code and message but answers 404, like every other unknown "
        "id in a path. Calling plan types are a fixed table of eight plans.",
    ),
    Gap(
        "generator",
        "values under `not`, or two patterns or formats in one allOf",
        "The makers cannot aim at these, so such a field takes its values from a "
        "pool proven valid at compile time (made by the makers, else drawn by "
        "hypothesis-jsonschema); fuzz mode uses that pool too, so such fields are "
        "less varied and not pushed to their edges.",
    ),
    Gap(
        "generator",
        "`nullable` written beside a `$ref`",
        "OpenAPI 3.0 ignores every keyword beside `$ref`, so such a field is not "
        "nullable in the converted schema; write `nullable: true` with "
        "`allOf: [$ref]` instead, which the converter turns into anyOf [schema, null].",
    ),
    Gap(
        "calendar",
        "recurring events are not expanded into instances",
        "Events keep their `recurrence` rules as sent; listing with "
        "`singleEvents=true` returns the series, not one event per occurrence.",
    ),
    Gap(
        "calendar",
        "deleted events and calendars are gone for good",
        "Deletes remove the record, so `showDeleted` and sync tokens have nothing "
        "to report.",
    ),
    Gap(
        "calendar",
        "ACL rules are stored, not enforced",
        "Any caller may read and change any calendar whatever the rules say; the "
        "rules only shape each user's calendar list.",
    ),
    Gap(
        "calendar",
        "event and ACL PATCH, calendarList entry operations and calendar settings",
        "They are in Zoom's Calendar file but not in the original mock's table; "
        "they answer 404 or 405 until someone needs them.",
    ),
    Gap(
        "mail",
        "trash, modify, draft writes, label changes, history and filters",
        "Only the original mock's rows plus reads of threads, messages, drafts and "
        "the profile are served; the rest of Zoom's Mail file is not.",
    ),
    Gap(
        "mail",
        "threads are ordered by when they started",
        "Zoom orders by latest activity; the store keeps insertion order so that "
        "page tokens stay stable while messages arrive.",
    ),
    Gap(
        "rate limits",
        "per-user limits such as 100 meeting creates or updates per user per day",
        "Only the per-account QPS and daily limits by category are simulated.",
    ),
    Gap(
        "speed",
        "creating a meeting reaches 0.29 to 0.30 of the baseline (target 0.4), "
        "p99 3.3x (target 3x)",
        "Measured apart with the canned-create lever, everything around the "
        "handler (reading, validating and journaling the body, routing, "
        "encoding the answer) costs a create 84 us of server CPU, 0.55 of the "
        "baseline by itself. 0.4 allows about 115 us, which leaves the handler "
        "31 us for what it costs now in 70: new ids checked against every "
        "stored meeting, passcode digests, a schedule, the record, its view and "
        "the compressed archive that keeps memory under 150 MB. Its p99 is its "
        "slower answers queueing at 16 connections (bench/RESULTS.md).",
    ),
    Gap(
        "speed",
        "an invalid create with a new bad body every time reaches 0.28 of the "
        "baseline (target 0.4)",
        "Each violation is explained in words, field by field, which is most of "
        "the request's time. A bad body sent again is answered from its "
        "remembered verdict (0.57 to 0.61 in the same runs), but a client that "
        "never repeats one pays for every explanation.",
    ),
]
