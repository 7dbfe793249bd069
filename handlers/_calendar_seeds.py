"""The calendars, events and ACL rules a fresh mock starts with.

The seeds are built from the users in `data/` rather than written out by hand,
so that calendar ids (which are email addresses) always belong to users the
Users API knows, whatever the generated data holds. Ids come from a hash of
each record's content, so the same data always gives the same calendar.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from zoom_mock.handlers._calendar_times import stamp, zoned_text

JsonObject = dict[str, Any]

GROUP_DOMAIN = "group.calendar.zoom.us"
FALLBACK_OWNER: JsonObject = {
    "email": "owner@example.com",
    "first_name": "Account",
    "last_name": "Owner",
    "timezone": "UTC",
}
SEED_CREATED = datetime(2026, 1, 5, 9, 0)


def stable_hex(*parts: str, length: int = 26) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return digest[:length]


def group_calendar_id(*parts: str) -> str:
    return f"c_{stable_hex(*parts)}@{GROUP_DOMAIN}"


def primary_calendar(user: JsonObject) -> JsonObject:
    """A user's own calendar: its id and summary are the user's email."""
    return {
        "id": user["email"].lower(),
        "summary": user["email"].lower(),
        "timeZone": user.get("timezone") or "UTC",
        "owner": user["email"].lower(),
        "primary": True,
        "colorId": "14",
    }


def owner_rule(calendar: JsonObject) -> JsonObject:
    return acl_rule(calendar["id"], "owner", "user", calendar["owner"])


def acl_rule(calendar_id: str, role: str, kind: str, value: str | None) -> JsonObject:
    """An ACL rule as stored: keyed by calendar and rule id together."""
    rule_id = "default" if kind == "default" else f"{kind}:{(value or '').lower()}"
    scope: JsonObject = {"type": kind}
    if kind != "default":
        scope["value"] = (value or "").lower()
    return {
        "id": f"{calendar_id}#{rule_id}",
        "calendarId": calendar_id,
        "ruleId": rule_id,
        "role": role,
        "scope": scope,
    }


def calendar_seeds(
    owner: JsonObject | None, colleagues: list[JsonObject], account_name: str
) -> dict[str, list[JsonObject]]:
    """Calendars, events and ACL rules for the account owner and a few colleagues."""
    owner = owner or FALLBACK_OWNER
    people = [owner, *colleagues[:4]]
    calendars = [primary_calendar(person) for person in people]
    owner_email = owner["email"].lower()
    team_name = f"{account_name} Team" if account_name else "Team Calendar"
    team = {
        "id": group_calendar_id("team", owner_email),
        "summary": team_name,
        "description": "Offsites, all-hands and company holidays.",
        "timeZone": owner.get("timezone") or "UTC",
        "owner": owner_email,
        "primary": False,
        "colorId": "7",
    }
    releases = {
        "id": group_calendar_id("releases", owner_email),
        "summary": "Release Train 2026",
        "description": "Go/no-go reviews and release windows.",
        "location": "Zoom Room Everest",
        "timeZone": "UTC",
        "owner": owner_email,
        "primary": False,
        "colorId": "11",
    }
    calendars += [team, releases]

    rules = [owner_rule(calendar) for calendar in calendars]
    domain = owner_email.partition("@")[2]
    rules.append(acl_rule(team["id"], "reader", "domain", domain))
    rules.append(acl_rule(releases["id"], "freeBusyReader", "default", None))
    if colleagues:
        rules.append(acl_rule(team["id"], "writer", "user", colleagues[0]["email"]))
        rules.append(
            acl_rule(calendars[0]["id"], "reader", "user", colleagues[0]["email"])
        )

    events = _events(calendars[0], team, releases, people)
    if len(calendars) > 3:
        events += _colleague_events(calendars[1], people)
    return {"calendars": calendars, "events": events, "acl": rules}


def _timed(
    calendar: JsonObject,
    summary: str,
    day: date,
    clock: time,
    minutes: int,
    **extra: Any,
) -> JsonObject:
    where = ZoneInfo(calendar["timeZone"])
    begins = datetime.combine(day, clock, where)
    finishes = begins + timedelta(minutes=minutes)
    event_id = stable_hex(calendar["id"], summary, day.isoformat())
    return {
        "id": event_id,
        "calendarId": calendar["id"],
        "status": "confirmed",
        "created": stamp(SEED_CREATED),
        "updated": stamp(SEED_CREATED),
        "summary": summary,
        "creator": {"email": calendar["owner"]},
        "organizer": {"email": calendar["id"]},
        "start": {
            "dateTime": zoned_text(begins, where),
            "timeZone": calendar["timeZone"],
        },
        "end": {
            "dateTime": zoned_text(finishes, where),
            "timeZone": calendar["timeZone"],
        },
        "iCalUID": f"{event_id}@zoom.us",
        "sequence": 0,
        "eventType": "default",
        "reminders": {"useDefault": True},
        **extra,
    }


def _all_day(calendar: JsonObject, summary: str, first: date, days: int) -> JsonObject:
    event_id = stable_hex(calendar["id"], summary, first.isoformat())
    return {
        "id": event_id,
        "calendarId": calendar["id"],
        "status": "confirmed",
        "created": stamp(SEED_CREATED),
        "updated": stamp(SEED_CREATED),
        "summary": summary,
        "creator": {"email": calendar["owner"]},
        "organizer": {"email": calendar["id"]},
        "start": {"date": first.isoformat()},
        "end": {"date": (first + timedelta(days=days)).isoformat()},
        "transparency": "transparent",
        "iCalUID": f"{event_id}@zoom.us",
        "sequence": 0,
        "eventType": "default",
        "reminders": {"useDefault": False},
    }


def _guests(people: list[JsonObject], *indexes: int) -> list[JsonObject]:
    chosen = [people[index] for index in indexes if index < len(people)]
    return [
        {
            "email": person["email"].lower(),
            "displayName": f"{person.get('first_name', '')} "
            f"{person.get('last_name', '')}".strip(),
            "responseStatus": "accepted" if number % 2 == 0 else "needsAction",
        }
        for number, person in enumerate(chosen)
    ]


def _events(
    primary: JsonObject,
    team: JsonObject,
    releases: JsonObject,
    people: list[JsonObject],
) -> list[JsonObject]:
    return [
        _timed(
            primary,
            "Quarterly planning",
            date(2026, 3, 3),
            time(10, 0),
            120,
            location="Boardroom 4B",
            attendees=_guests(people, 1, 2),
        ),
        _timed(
            primary,
            "Focus time",
            date(2026, 3, 4),
            time(13, 0),
            120,
            transparency="transparent",
        ),
        _timed(
            primary,
            "1:1 with "
            + people[min(1, len(people) - 1)].get("first_name", "a colleague"),
            date(2026, 3, 5),
            time(9, 30),
            30,
            attendees=_guests(people, 1),
        ),
        _timed(
            primary,
            "Dentist appointment",
            date(2026, 3, 10),
            time(16, 0),
            60,
            visibility="private",
        ),
        _all_day(team, "Company offsite", date(2026, 4, 21), 3),
        _timed(
            team,
            "All-hands",
            date(2026, 4, 2),
            time(11, 0),
            60,
            description="Quarterly results and the roadmap for Q2.",
        ),
        _timed(
            releases,
            "Release 4.2 go/no-go",
            date(2026, 5, 6),
            time(16, 0),
            45,
            attendees=_guests(people, 0, 2, 3),
        ),
    ]


def _colleague_events(
    calendar: JsonObject, people: list[JsonObject]
) -> list[JsonObject]:
    return [
        _timed(
            calendar,
            "Customer demo",
            date(2026, 3, 3),
            time(14, 0),
            60,
            attendees=_guests(people, 0),
        ),
        _timed(calendar, "Sprint review", date(2026, 3, 12), time(15, 0), 60),
    ]
