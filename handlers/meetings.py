"""Meetings: list, create, read, update, delete; AI summaries; past participants.

Reads and changes exist twice: Zoom's `/meetings/{meetingId}` and the original
mock's host-scoped `/users/{userId}/meetings/{meetingId}`. Both forms share one
implementation here; the host-scoped one only adds the check that the meeting
belongs to that user. Every change is worked out on a copy first, so a request
that fails validation half-way leaves the stored meeting untouched.
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

import orjson
from starlette.responses import Response
from zoom_mock.handlers._meetings import (
    Meeting,
    build_occurrences,
    date_range,
    hosted_meetings,
    list_entry,
    meeting_list_items,
    meeting_sessions,
    meeting_start,
    meeting_view,
    now_utc,
    parse_utc,
    password_fields,
    read_start_time,
    recurrence_problems,
    require_host_meeting,
    require_meeting,
    require_occurrence,
    require_zone,
    utc_text,
)
from zoom_mock.handlers._users import require_user

from zoom_mock.errors import FieldError, MockError, not_found, validation_failed
from zoom_mock.paging import paginate
from zoom_mock.responses import json_response, no_content
from zoom_mock.runtime import current

# Zoom user types that may not host: 4 (unassigned) and 99 (no plan).
NON_HOSTING_TYPES = (4, 99)

DEFAULT_SETTINGS: dict[str, Any] = {
    "host_video": False,
    "participant_video": False,
    "join_before_host": False,
    "jbh_time": 0,
    "mute_upon_entry": False,
    "watermark": False,
    "use_pmi": False,
    "approval_type": 2,
    "audio": "both",
    "auto_recording": "none",
    "waiting_room": False,
    "meeting_authentication": False,
    "encryption_type": "enhanced_encryption",
    "continuous_meeting_chat": {
        "enable": False,
        "auto_add_invited_external_users": False,
        "auto_add_meeting_participants": False,
    },
}

DEFAULT_SETTINGS_JSON = orjson.dumps(DEFAULT_SETTINGS)

SIMPLE_FIELDS = ("topic", "agenda", "pre_schedule", "template_id", "tracking_fields")
SCHEDULE_FIELDS = ("type", "start_time", "timezone", "recurrence")


# Listing.


def _is_live(meeting: Meeting, now: datetime) -> bool:
    if meeting.get("status") == "started":
        return True
    return any(start <= now < end for start, end in meeting_sessions(meeting))


def _matches_type(meeting: Meeting, wanted: str, now: datetime) -> bool:
    """Zoom's list types, read against the mock's clock."""
    if wanted == "scheduled":
        return True
    if wanted == "live":
        return _is_live(meeting, now)
    if meeting.get("type") == 3:
        return wanted != "previous_meetings"
    last_end = max(end for _, end in meeting_sessions(meeting))
    if wanted == "previous_meetings":
        return last_end <= now
    return last_end > now


async def meetings(
    user_id: str,
    type_: str = "scheduled",
    page_size: int | None = None,
    next_page_token: str | None = None,
    page_number: int | None = None,
    from_: str | None = None,
    to: str | None = None,
    **_ignored: Any,
) -> Response:
    runtime = current()
    user = require_user(user_id)
    window = date_range(from_, to)
    now = now_utc()

    # Only (start, id) of each match is kept: a host may have a hundred
    # thousand meetings, and only one page of them is shown.
    table = runtime.store.meetings
    chosen = []
    for meeting in hosted_meetings(user):
        entry = list_entry(table, meeting)
        if window.holds_day(entry.day) and _matches_type(meeting, type_, now):
            chosen.append((entry.start, meeting["id"]))
    chosen.sort()
    page = paginate(
        chosen,
        key=lambda row: row[1],
        page_size=page_size,
        default_size=runtime.settings.default_page_size,
        max_size=runtime.settings.max_page_size,
        page_number=page_number,
        next_page_token=next_page_token,
    )
    shown = table.get_many([number for _, number in page.items])
    listed = meeting_list_items(table, shown)
    return json_response({**page.fields(), "meetings": listed})


# Scheduling, shared by create and update.


def _merge_settings(stored: dict[str, Any], sent: dict[str, Any]) -> dict[str, Any]:
    """Settings merged field by field, and one level deeper for nested objects."""
    # A JSON round trip is an exact deep copy of JSON data, and much faster.
    return _merged_into(orjson.loads(orjson.dumps(stored)), sent)


def _settings_with_defaults(sent: dict[str, Any]) -> dict[str, Any]:
    """A new meeting's settings: Zoom's defaults with what was sent merged in."""
    return _merged_into(orjson.loads(DEFAULT_SETTINGS_JSON), sent)


def _merged_into(merged: dict[str, Any], sent: dict[str, Any]) -> dict[str, Any]:
    for key, value in sent.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key].update(value)
        else:
            merged[key] = value
    return merged


def _schedule(
    meeting: Meeting,
    zone_name: str,
    start: datetime | None,
    rule: dict[str, Any] | None,
) -> None:
    """Set type-dependent timing: start time, recurrence and occurrences."""
    zone = require_zone(zone_name)
    meeting["timezone"] = zone_name
    kind = meeting["type"]
    if kind == 8 and not rule:
        raise validation_failed(
            [
                FieldError(
                    "recurrence",
                    "`recurrence` is required for a recurring meeting with a fixed "
                    "time (type 8) but was not sent.",
                )
            ]
        )
    if rule:
        problems = recurrence_problems(rule)
        if problems:
            raise validation_failed(problems)

    if kind == 8 and rule:
        occurrences = build_occurrences(
            rule, start or now_utc(), zone, meeting["duration"]
        )
        meeting["start_time"] = occurrences[0]["start_time"]
        meeting["recurrence"] = rule
        meeting["occurrences"] = occurrences
        return

    meeting.pop("occurrences", None)
    if kind == 3 and rule:
        meeting["recurrence"] = rule
    else:
        meeting.pop("recurrence", None)
    if start is None and kind != 3:
        start = now_utc()
    if start is not None:
        meeting["start_time"] = utc_text(start)
    else:
        meeting.pop("start_time", None)


def _fresh_ids() -> tuple[int, str]:
    runtime = current()
    store = runtime.store
    number = runtime.ids.meeting_id()
    while number in store.meetings:
        number = runtime.ids.meeting_id()
    uuid = runtime.ids.uuid()
    while store.find_meeting(uuid) is not None:
        uuid = runtime.ids.uuid()
    return number, uuid


def _new_meeting(
    host: dict[str, Any], requester: dict[str, Any], body: Meeting
) -> Meeting:
    runtime = current()
    number, uuid = _fresh_ids()
    zone_name = body.get("timezone") or host.get("timezone") or "UTC"
    zone = require_zone(zone_name)
    created = now_utc()
    password = body.get("password")
    if password is None:
        password = runtime.ids.token(6) if body.get("default_password", True) else ""
    owner_name = host.get("display_name") or host.get("email", "")

    meeting: Meeting = {
        "uuid": uuid,
        "id": number,
        "host_id": host["id"],
        "host_email": host.get("email", ""),
        "assistant_id": requester["id"] if requester is not host else "",
        "topic": body.get("topic") or f"{owner_name}'s Zoom Meeting",
        "type": body.get("type", 2),
        "status": "waiting",
        "start_time": None,
        "duration": body.get("duration", 60),
        "timezone": zone_name,
        "agenda": body.get("agenda", ""),
        "created_at": utc_text(created),
        **password_fields(password, number),
        "pre_schedule": body.get("pre_schedule", False),
        "settings": _settings_with_defaults(body.get("settings") or {}),
        "creation_source": "open_api",
    }
    for key in ("template_id", "tracking_fields"):
        if key in body:
            meeting[key] = body[key]

    start = None
    if meeting["type"] == 1:
        start = created
    elif body.get("start_time"):
        start = read_start_time(body["start_time"], zone)
    _schedule(meeting, zone_name, start, body.get("recurrence"))
    meeting["recording_files"] = []
    meeting["participants"] = []
    return meeting


async def meetingCreate(user_id: str, body: Meeting) -> Response:
    runtime = current()
    requester = require_user(user_id)
    host = require_user(body["schedule_for"]) if body.get("schedule_for") else requester
    if host.get("type") in NON_HOSTING_TYPES:
        raise MockError(
            400,
            3161,
            "Meeting hosting and scheduling capabilities are not allowed for your "
            f"user account: user {host['id']} has type {host.get('type')}, which "
            "cannot host meetings.",
        )

    meeting = _new_meeting(host, requester, body)
    with runtime.store.lock:
        runtime.store.meetings[meeting["id"]] = meeting
        host.setdefault("meeting_ids", []).append(meeting["id"])
        runtime.store.save_meeting(meeting)
        runtime.store.save_user(host)
    return json_response(meeting_view(meeting), 201)


# Reading, updating, deleting.


def _updated_copy(
    meeting: Meeting, body: Meeting, occurrence_id: str | None
) -> tuple[Meeting, dict[str, Any] | None]:
    """The meeting with `body` applied, and its new host when that changes."""
    updated = copy.deepcopy(meeting)
    zone_name = body.get("timezone") or updated.get("timezone") or "UTC"
    if occurrence_id is not None:
        occurrence = require_occurrence(updated, occurrence_id)
        if "start_time" in body:
            start = read_start_time(body["start_time"], require_zone(zone_name))
            occurrence["start_time"] = utc_text(start)
        if "duration" in body:
            occurrence["duration"] = body["duration"]
        return updated, None

    for key in SIMPLE_FIELDS:
        if key in body:
            updated[key] = body[key]
    if "password" in body:
        updated.update(password_fields(body["password"], updated["id"]))
    if "settings" in body:
        updated["settings"] = _merge_settings(
            updated.get("settings", {}), body["settings"]
        )
    if "duration" in body:
        updated["duration"] = body["duration"]
        for occurrence in updated.get("occurrences") or ():
            occurrence["duration"] = body["duration"]

    if any(key in body for key in SCHEDULE_FIELDS):
        updated["type"] = body.get("type", updated["type"])
        zone = require_zone(zone_name)
        start = None
        if body.get("start_time"):
            start = read_start_time(body["start_time"], zone)
        elif updated.get("start_time"):
            start = parse_utc(updated["start_time"])
        rule = body.get("recurrence", updated.get("recurrence"))
        _schedule(updated, zone_name, start, rule)

    new_host = None
    if body.get("schedule_for"):
        new_host = require_user(body["schedule_for"])
        updated["host_id"] = new_host["id"]
        updated["host_email"] = new_host.get("email", "")
    return updated, new_host


def _update(meeting: Meeting, body: Meeting, occurrence_id: str | None) -> Response:
    runtime = current()
    updated, new_host = _updated_copy(meeting, body, occurrence_id)
    with runtime.store.lock:
        if new_host is not None and new_host["id"] != meeting["host_id"]:
            _unlink_from_hosts(meeting["id"])
            new_host.setdefault("meeting_ids", []).append(meeting["id"])
            if meeting.get("recording_files"):
                new_host.setdefault("recording_meeting_ids", []).append(meeting["id"])
            runtime.store.save_user(new_host)
        meeting.clear()
        meeting.update(updated)
        runtime.store.save_meeting(meeting)
    return no_content()


def _unlink_from_hosts(meeting_id: int) -> None:
    """Drop the meeting from every user's meeting lists (callers hold the lock)."""
    store = current().store
    for user in store.users.values():
        changed = False
        for field in ("meeting_ids", "recording_meeting_ids"):
            ids = user.get(field)
            if ids and meeting_id in ids:
                user[field] = [other for other in ids if other != meeting_id]
                changed = True
        if changed:
            store.save_user(user)


def _delete(meeting: Meeting, occurrence_id: str | None) -> Response:
    store = current().store
    with store.lock:
        if occurrence_id is not None:
            require_occurrence(meeting, occurrence_id)["status"] = "deleted"
            store.save_meeting(meeting)
            return no_content()
        store.meetings.pop(meeting["id"], None)
        _unlink_from_hosts(meeting["id"])
        store.delete_meeting_file(meeting["id"])
    return no_content()


async def meeting(
    meeting_id: int, occurrence_id: str | None = None, **_ignored: Any
) -> Response:
    return json_response(meeting_view(require_meeting(meeting_id), occurrence_id))


async def meetingUpdate(
    meeting_id: int, body: Meeting, occurrence_id: str | None = None, **_ignored: Any
) -> Response:
    return _update(require_meeting(meeting_id), body, occurrence_id)


async def meetingDelete(
    meeting_id: int, occurrence_id: str | None = None, **_ignored: Any
) -> Response:
    return _delete(require_meeting(meeting_id), occurrence_id)


async def userMeeting(
    user_id: str, meeting_id: str, occurrence_id: str | None = None, **_ignored: Any
) -> Response:
    found = require_host_meeting(require_user(user_id), meeting_id)
    return json_response(meeting_view(found, occurrence_id))


async def userMeetingUpdate(
    user_id: str,
    meeting_id: str,
    body: Meeting,
    occurrence_id: str | None = None,
    **_ignored: Any,
) -> Response:
    found = require_host_meeting(require_user(user_id), meeting_id)
    return _update(found, body, occurrence_id)


async def userMeetingDelete(
    user_id: str, meeting_id: str, occurrence_id: str | None = None, **_ignored: Any
) -> Response:
    found = require_host_meeting(require_user(user_id), meeting_id)
    return _delete(found, occurrence_id)


# What is left after a meeting: its summary and its participants.


def _meeting_end(meeting: Meeting) -> datetime:
    """When the meeting really ended: the last person leaving, else its schedule."""
    ends = [
        parse_utc(person["leave_time"])
        for person in meeting.get("participants") or ()
        if person.get("leave_time")
    ]
    ends += [
        parse_utc(item["recording_end"])
        for item in meeting.get("recording_files") or ()
        if item.get("recording_end")
    ]
    if ends:
        return max(ends)
    return meeting_sessions(meeting)[0][1]


def _require_summary(meeting_id: str) -> tuple[Meeting, dict[str, Any]]:
    found = require_meeting(meeting_id)
    summary = found.get("summary")
    if not summary:
        raise not_found(
            3001,
            f"Meeting {found['id']} has no meeting summary: summaries exist only "
            "for meetings that have ended.",
        )
    return found, summary


async def Getameetingsummary(meeting_id: str) -> Response:
    found, summary = _require_summary(meeting_id)
    start = utc_text(meeting_start(found))
    end = utc_text(_meeting_end(found))
    created = found.get("summary_created_time") or end
    return json_response(
        {
            "meeting_host_id": found.get("host_id", ""),
            "meeting_host_email": found.get("host_email", ""),
            "meeting_uuid": found["uuid"],
            "meeting_id": found["id"],
            "meeting_topic": found.get("topic", ""),
            "meeting_start_time": start,
            "meeting_end_time": end,
            "summary_start_time": start,
            "summary_end_time": end,
            "summary_created_time": created,
            "summary_last_modified_time": found.get(
                "summary_last_modified_time", created
            ),
            "summary_title": summary.get("title", ""),
            "summary_overview": summary.get("overview", ""),
            "summary_details": summary.get("details", []),
            "next_steps": summary.get("next_steps", []),
        }
    )


async def Deletemeetingorwebinarsummary(meeting_id: str) -> Response:
    store = current().store
    found, _ = _require_summary(meeting_id)
    with store.lock:
        for key in ("summary", "summary_created_time", "summary_last_modified_time"):
            found.pop(key, None)
        store.save_meeting(found)
    return no_content()


async def pastMeetingParticipants(
    meeting_id: str,
    page_size: int | None = None,
    next_page_token: str | None = None,
    **_ignored: Any,
) -> Response:
    runtime = current()
    found = require_meeting(meeting_id)
    people = found.get("participants") or []
    if not people:
        raise not_found(
            3001,
            f"Meeting does not exist: meeting {found['id']} has not taken place, "
            "so it has no participants.",
        )

    page = paginate(
        people,
        key=lambda person: f"{person.get('id')}@{person.get('join_time')}",
        page_size=page_size,
        default_size=runtime.settings.default_page_size,
        max_size=runtime.settings.max_page_size,
        next_page_token=next_page_token,
    )
    fields = page.fields()
    fields.pop("page_number")
    return json_response({**fields, "participants": page.items})
