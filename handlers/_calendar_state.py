"""The Calendar area's stored state, its lookups, and how records leave the mock.

Three collections live in `store.area("calendar")`: calendars, events and ACL
rules. Events and rules point at their calendar through `calendarId`; rules are
keyed by calendar and rule id together, because the same rule id (say
`user:ana@example.com`) appears on many calendars. Any known user's primary
calendar is created the first time it is asked for, so every user has one.
ETags are a hash of the record, which makes them change exactly when it does.
"""

from __future__ import annotations

import hashlib
from typing import Any
from zoneinfo import ZoneInfo

import orjson
from zoom_mock.handlers._calendar_seeds import (
    calendar_seeds,
    owner_rule,
    primary_calendar,
)
from zoom_mock.handlers._calendar_times import zone
from zoom_mock.handlers._users import me

from zoom_mock.errors import MockError, not_found
from zoom_mock.runtime import current
from zoom_mock.store import Collection

AREA = "calendar"
JsonObject = dict[str, Any]
INTERNAL_EVENT_FIELDS = ("calendarId",)
ROLE_ORDER = ("none", "freeBusyReader", "reader", "writer", "owner")


def calendar_state() -> dict[str, Collection]:
    """The calendar collections, seeded from the users on first use."""
    store = current().store
    existing = store.areas.get(AREA)
    if existing is not None:
        return existing

    users = [user for user in store.users.values() if user.get("status") == "active"]
    owner = me() if store.users else None
    colleagues = [user for user in users if owner is None or user["id"] != owner["id"]]
    account = store.accounts[0] if store.accounts else {}
    seeds = calendar_seeds(owner, colleagues, account.get("account_name", ""))
    return store.area(AREA, seeds=seeds)


def zone_of(calendar: JsonObject) -> ZoneInfo:
    """The calendar's own time zone, in which all-day events are read."""
    return zone(calendar["timeZone"], "timeZone")


def save() -> None:
    current().store.save_area(AREA)


def etag(record: JsonObject) -> str:
    digest = hashlib.sha256(orjson.dumps(record, option=orjson.OPT_SORT_KEYS))
    return f'"{int(digest.hexdigest()[:13], 16)}"'


def list_etag(records: list[JsonObject]) -> str:
    return etag({"items": [etag(record) for record in records]})


def calendar_not_found(cal_id: str, field: str = "calId") -> MockError:
    return not_found(
        404, f"Calendar not found: `{field}` was {cal_id!r}, which names no calendar."
    )


def find_calendar(cal_id: str) -> JsonObject | None:
    """A calendar by id, `primary`, or the email of a user (whose primary it is)."""
    calendars = calendar_state()["calendars"]
    if cal_id == "primary":
        cal_id = me()["email"]
    found = calendars.get(cal_id) or calendars.get(cal_id.lower())
    if found is not None:
        return found

    user = current().store.find_user(cal_id) if "@" in cal_id else None
    if user is None or user["email"].lower() != cal_id.lower():
        return None
    return provision_primary(user)


def require_calendar(cal_id: str, field: str = "calId") -> JsonObject:
    found = find_calendar(cal_id)
    if found is None:
        raise calendar_not_found(cal_id, field)
    return found


def provision_primary(user: JsonObject) -> JsonObject:
    """The user's primary calendar, created with its owner rule if missing."""
    state = calendar_state()
    existing = state["calendars"].get(user["email"].lower())
    if existing is not None:
        return existing
    calendar = primary_calendar(user)
    with current().store.lock:
        state["calendars"].put(calendar)
        state["acl"].put(owner_rule(calendar))
        save()
    return calendar


def require_event(calendar: JsonObject, event_id: str) -> JsonObject:
    event = calendar_state()["events"].get(event_id)
    if event is None or event["calendarId"] != calendar["id"]:
        raise not_found(
            404,
            f"Event not found: `eventId` was {event_id!r}, and calendar "
            f"{calendar['id']} has no event with that id.",
        )
    return event


def events_of(calendar: JsonObject) -> list[JsonObject]:
    return [
        event
        for event in calendar_state()["events"]
        if event["calendarId"] == calendar["id"]
    ]


def rules_of(calendar: JsonObject) -> list[JsonObject]:
    return [
        rule for rule in calendar_state()["acl"] if rule["calendarId"] == calendar["id"]
    ]


def require_rule(calendar: JsonObject, rule_id: str) -> JsonObject:
    rule = calendar_state()["acl"].get(f"{calendar['id']}#{rule_id}")
    if rule is None:
        raise not_found(
            404,
            f"ACL rule not found: `aclId` was {rule_id!r}, and calendar "
            f"{calendar['id']} has no rule with that id.",
        )
    return rule


# How records look on the wire.


def public_calendar(calendar: JsonObject) -> JsonObject:
    shown: JsonObject = {
        "kind": "calendar#calendar",
        "etag": etag(calendar),
        "id": calendar["id"],
        "summary": calendar["summary"],
        "timeZone": calendar["timeZone"],
    }
    for field in ("description", "location"):
        if calendar.get(field):
            shown[field] = calendar[field]
    return shown


def public_event(event: JsonObject) -> JsonObject:
    shown = {
        key: value for key, value in event.items() if key not in INTERNAL_EVENT_FIELDS
    }
    return {"kind": "calendar#event", "etag": etag(event), **shown}


def public_rule(rule: JsonObject) -> JsonObject:
    return {
        "kind": "calendar#aclRule",
        "etag": etag(rule),
        "id": rule["ruleId"],
        "role": rule["role"],
        "scope": dict(rule["scope"]),
    }


def role_of(calendar: JsonObject, email: str) -> str | None:
    """The strongest role `email` holds on `calendar` through a user or domain rule."""
    email = email.lower()
    domain = email.partition("@")[2]
    best: str | None = None
    for rule in rules_of(calendar):
        scope = rule["scope"]
        matches = (scope["type"] == "user" and scope.get("value") == email) or (
            scope["type"] == "domain" and scope.get("value") == domain
        )
        if matches and (
            best is None or ROLE_ORDER.index(rule["role"]) > ROLE_ORDER.index(best)
        ):
            best = rule["role"]
    return best
