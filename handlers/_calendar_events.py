"""Building stored Calendar events from request bodies, with their times checked.

Insert, import and quick add all end here, so an event's times are checked
the same way whichever way it came in. The spec already holds `start` and `end`
to exactly one of `date` and `dateTime`, both of the same kind; what it cannot
say is that the event must end after it starts, or that a `timeZone` must be
a real zone, so those rules are kept here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from zoom_mock.handlers._calendar_state import calendar_state, zone_of
from zoom_mock.handlers._calendar_times import boundary, refused, stamp, zone
from zoom_mock.handlers._users import me

from zoom_mock.runtime import current
from zoom_mock.store import Collection

JsonObject = dict[str, Any]
EVENT_INPUT_FIELDS = (
    "summary", "description", "location", "attendees", "colorId",
    "guestsCanInviteOthers", "guestsCanModify", "guestsCanSeeOtherGuests",
    "recurrence", "reminders", "status", "transparency", "visibility",
)  # fmt: skip


def unused_id(make: Callable[[], str], taken: Collection) -> str:
    """A new id no stored record has; seeded ids repeat after a restart."""
    while True:
        candidate = make()
        if candidate not in taken:
            return candidate


def new_event(
    calendar: JsonObject, body: JsonObject, replacing: JsonObject | None = None
) -> JsonObject:
    """A stored event built from a request body, with its times checked."""
    where = zone_of(calendar)
    start = _boundary_input(body["start"], "start")
    end = _boundary_input(body["end"], "end")
    begins, finishes = boundary(start, where, "start"), boundary(end, where, "end")
    if finishes <= begins:
        raise refused(
            f"Time range empty: `end` ({_describe(end)}) is not after `start` "
            f"({_describe(start)}); an event must last longer than zero."
        )

    now = stamp()
    events = calendar_state()["events"]
    event_id = (
        replacing["id"]
        if replacing
        else unused_id(lambda: current().ids.hex_id(26), events)
    )
    event: JsonObject = {
        "id": event_id,
        "calendarId": calendar["id"],
        "status": "confirmed",
        "created": replacing["created"] if replacing else now,
        "updated": now,
        "creator": {"email": me()["email"].lower()},
        "organizer": {"email": calendar["id"]},
        "start": start,
        "end": end,
        "iCalUID": body.get("iCalUID") or f"{event_id}@zoom.us",
        "sequence": replacing.get("sequence", 0) + 1 if replacing else 0,
        "eventType": "default",
        "reminders": {"useDefault": True},
    }
    for field in EVENT_INPUT_FIELDS:
        if field in body:
            event[field] = body[field]
    for attendee in event.get("attendees", []):
        attendee.setdefault("responseStatus", "needsAction")
    return event


def _boundary_input(value: JsonObject, field: str) -> JsonObject:
    if value.get("timeZone"):
        zone(value["timeZone"], f"{field}.timeZone")
    return {
        key: value[key] for key in ("date", "dateTime", "timeZone") if value.get(key)
    }


def _describe(value: JsonObject) -> str:
    return str(value.get("dateTime") or value.get("date"))
