"""Calendar: calendars, the calendar list, events, ACL rules, colors, free/busy.

Zoom's Calendar API follows Google Calendar, so these handlers answer in that
shape (camelCase, `kind`, `etag`, 200 on create, maxResults/pageToken paging)
while raising errors through the mock's one error family. Calendar documents
no Zoom error codes, so a missing calendar, event or rule is a 404 with code 404,
and a request that fits the spec but breaks a Calendar rule (an empty time
range, an unknown zone, deleting a primary calendar) a 400 with code 400.
"""

from __future__ import annotations

import colorsys
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from starlette.responses import Response
from zoom_mock.handlers._calendar_events import new_event, unused_id
from zoom_mock.handlers._calendar_quickadd import QuickAddError, parse_quick_add
from zoom_mock.handlers._calendar_seeds import acl_rule, group_calendar_id, owner_rule
from zoom_mock.handlers._calendar_state import (
    ROLE_ORDER,
    calendar_state,
    etag,
    events_of,
    find_calendar,
    list_etag,
    provision_primary,
    public_calendar,
    public_event,
    public_rule,
    require_calendar,
    require_event,
    require_rule,
    role_of,
    rules_of,
    save,
    zone_of,
)
from zoom_mock.handlers._calendar_times import (
    event_span,
    parse_instant,
    refused,
    stamp,
    utc_text,
    zone,
    zoned_text,
)
from zoom_mock.handlers._users import me

from zoom_mock.errors import not_found
from zoom_mock.gpaging import google_paginate
from zoom_mock.responses import json_response, no_content
from zoom_mock.runtime import current

JsonObject = dict[str, Any]
EVENT_PAGE = (250, 2500)
SMALL_PAGE = (100, 250)
COLORS_UPDATED = "2026-01-01T00:00:00.000Z"


def _hue_palette(count: int, lightness: float, saturation: float) -> tuple[str, ...]:
    """`count` colors evenly spaced around the color wheel, as #rrggbb."""
    colors = []
    for step in range(count):
        red, green, blue = colorsys.hls_to_rgb(step / count, lightness, saturation)
        colors.append(
            f"#{round(red * 255):02x}{round(green * 255):02x}{round(blue * 255):02x}"
        )
    return tuple(colors)


CALENDAR_PALETTE = _hue_palette(24, 0.62, 0.55)
EVENT_PALETTE = _hue_palette(11, 0.5, 0.65)


def _foreground(background: str) -> str:
    """Dark text on light colors and white text on dark ones."""
    red, green, blue = (int(background[i : i + 2], 16) for i in (1, 3, 5))
    return "#1d1d1d" if red * 299 + green * 587 + blue * 114 > 150_000 else "#ffffff"


def _palette(colors: tuple[str, ...]) -> list[JsonObject]:
    return [
        {
            "color_id": str(number),
            "value": {"background": color, "foreground": _foreground(color)},
        }
        for number, color in enumerate(colors, start=1)
    ]


# Calendars.


async def Insertcalendar(body: JsonObject) -> Response:
    owner = me()
    time_zone = body.get("timeZone") or owner.get("timezone") or "UTC"
    zone(time_zone, "timeZone")

    state = calendar_state()
    calendar: JsonObject = {
        "id": unused_id(
            lambda: group_calendar_id("created", current().ids.hex_id(32)),
            state["calendars"],
        ),
        "summary": body["summary"],
        "timeZone": time_zone,
        "owner": owner["email"].lower(),
        "primary": False,
        "colorId": "15",
    }
    for field in ("description", "location"):
        if body.get(field):
            calendar[field] = body[field]
    with current().store.lock:
        state["calendars"].put(calendar)
        state["acl"].put(owner_rule(calendar))
        save()
    return json_response(public_calendar(calendar))


async def Getcalendar(cal_id: str) -> Response:
    return json_response(public_calendar(require_calendar(cal_id)))


async def Patchcalendar(cal_id: str, body: JsonObject) -> Response:
    calendar = require_calendar(cal_id)
    if "timeZone" in body:
        zone(body["timeZone"], "timeZone")

    with current().store.lock:
        for field in ("summary", "description", "location", "timeZone"):
            if field in body:
                calendar[field] = body[field]
        save()
    return json_response(public_calendar(calendar))


async def Deletecalendar(cal_id: str) -> Response:
    calendar = require_calendar(cal_id)
    if calendar.get("primary"):
        raise refused(
            f"Cannot delete a primary calendar: `calId` was {cal_id!r}, which is "
            f"the primary calendar of {calendar['id']}; delete its events instead."
        )

    state = calendar_state()
    with current().store.lock:
        for event in events_of(calendar):
            state["events"].delete(event["id"])
        for rule in rules_of(calendar):
            state["acl"].delete(rule["id"])
        state["calendars"].delete(calendar["id"])
        save()
    return no_content()


async def ListcalendarList(
    user_identifier: str,
    max_results: int | None = None,
    page_token: str | None = None,
    min_access_role: str | None = None,
    **_ignored: Any,
) -> Response:
    user = (
        me() if user_identifier == "me" else current().store.find_user(user_identifier)
    )
    if user is None:
        raise not_found(
            404,
            f"User not found: `userIdentifier` was {user_identifier!r}, which is "
            "neither a user id nor a user email of this account.",
        )
    provision_primary(user)

    floor = ROLE_ORDER.index(min_access_role or "freeBusyReader")
    entries = []
    for calendar in calendar_state()["calendars"]:
        role = role_of(calendar, user["email"])
        if role is not None and ROLE_ORDER.index(role) >= floor:
            entries.append(_list_entry(calendar, role, user))

    page = google_paginate(
        entries,
        key=lambda entry: entry["id"],
        max_results=max_results,
        default_size=SMALL_PAGE[0],
        max_size=SMALL_PAGE[1],
        page_token=page_token,
    )
    body = {"kind": "calendar#calendarList", "etag": list_etag(page.items)}
    return json_response({**body, **page.fields(), "items": page.items})


def _list_entry(calendar: JsonObject, role: str, user: JsonObject) -> JsonObject:
    color_id = calendar.get("colorId", "1")
    background = CALENDAR_PALETTE[(int(color_id) - 1) % len(CALENDAR_PALETTE)]
    entry = {
        **public_calendar(calendar),
        "kind": "calendar#calendarListEntry",
        "colorId": color_id,
        "backgroundColor": background,
        "foregroundColor": _foreground(background),
        "selected": True,
        "accessRole": role,
        "defaultReminders": [{"method": "popup", "minutes": 10}]
        if role in ("owner", "writer")
        else [],
    }
    if calendar["id"] == user["email"].lower():
        entry["primary"] = True
    entry["etag"] = etag(entry)
    return entry


async def Getcolor() -> Response:
    return json_response(
        {
            "kind": "calendar#colors",
            "updated": COLORS_UPDATED,
            "calendar": _palette(CALENDAR_PALETTE),
            "event": _palette(EVENT_PALETTE),
        }
    )


async def Queryfreebusy(body: JsonObject) -> Response:
    window_start = parse_instant(body["timeMin"], "timeMin")
    window_end = parse_instant(body["timeMax"], "timeMax")
    if window_end <= window_start:
        raise refused(
            f"Time range empty: `timeMax` ({body['timeMax']}) is not after "
            f"`timeMin` ({body['timeMin']}); the window must be longer than zero."
        )
    shown_zone = zone(body["timeZone"], "timeZone") if body.get("timeZone") else None

    calendars = [
        _free_busy_entry(item["id"], window_start, window_end, shown_zone)
        for item in body.get("items", [])
    ]
    return json_response(
        {
            "kind": "calendar#freeBusy",
            "timeMin": body["timeMin"],
            "timeMax": body["timeMax"],
            "calendars": calendars,
        }
    )


def _free_busy_entry(
    cal_ref: str, window_start: datetime, window_end: datetime, where: ZoneInfo | None
) -> JsonObject:
    """One calendar's busy intervals, or a notFound error for an unknown id."""
    calendar = find_calendar(cal_ref)
    if calendar is None:
        errors = [{"domain": "global", "reason": "notFound"}]
        return {"id": cal_ref, "busy": [], "errors": errors}

    busy = _busy_intervals(calendar, window_start, window_end)
    shown = [
        {"start": _show(start, where), "end": _show(end, where)} for start, end in busy
    ]
    return {"id": cal_ref, "busy": shown}


def _show(moment: datetime, where: ZoneInfo | None) -> str:
    return utc_text(moment) if where is None else zoned_text(moment, where)


def _busy_intervals(
    calendar: JsonObject, window_start: datetime, window_end: datetime
) -> list[tuple[datetime, datetime]]:
    """Opaque, live events overlapping the window, clipped to it and merged."""
    where = zone_of(calendar)
    spans = []
    for event in events_of(calendar):
        if (
            event.get("status") == "cancelled"
            or event.get("transparency") == "transparent"
        ):
            continue
        start, end = event_span(event, where)
        if start < window_end and end > window_start:
            spans.append((max(start, window_start), min(end, window_end)))

    merged: list[tuple[datetime, datetime]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


# Events.


async def Listevent(
    cal_id: str,
    max_results: int | None = None,
    page_token: str | None = None,
    order_by: str | None = None,
    time_min: str | None = None,
    time_max: str | None = None,
    time_zone: str | None = None,
    **_ignored: Any,
) -> Response:
    calendar = require_calendar(cal_id)
    where = zone_of(calendar)
    shown_zone = zone(time_zone, "timeZone") if time_zone else None
    lower = parse_instant(time_min, "timeMin") if time_min else None
    upper = parse_instant(time_max, "timeMax") if time_max else None

    chosen = []
    for event in events_of(calendar):
        start, end = event_span(event, where)
        if (lower is None or end > lower) and (upper is None or start < upper):
            chosen.append((start, event))
    if order_by == "startTime":
        chosen.sort(key=lambda pair: (pair[0], pair[1]["id"]))
    elif order_by == "updated":
        chosen.sort(key=lambda pair: (pair[1]["updated"], pair[1]["id"]))

    page = google_paginate(
        [event for _, event in chosen],
        key=lambda event: event["id"],
        max_results=max_results,
        default_size=EVENT_PAGE[0],
        max_size=EVENT_PAGE[1],
        page_token=page_token,
    )
    items = [_in_zone(public_event(event), shown_zone) for event in page.items]
    body: JsonObject = {
        "kind": "calendar#events",
        "etag": list_etag(items),
        "summary": calendar["summary"],
        "updated": max(
            (event["updated"] for event in page.items), default=COLORS_UPDATED
        ),
        "timeZone": time_zone or calendar["timeZone"],
        "accessRole": role_of(calendar, me()["email"]) or "reader",
        "defaultReminders": [{"method": "popup", "minutes": 10}],
    }
    return json_response({**body, **page.fields(), "items": items})


def _in_zone(event: JsonObject, where: ZoneInfo | None) -> JsonObject:
    """The event with its timed boundaries rewritten in `where`, if one is asked."""
    if where is None:
        return event
    for field in ("start", "end"):
        value = event[field]
        if value.get("dateTime"):
            moment = parse_instant(value["dateTime"], f"{field}.dateTime")
            event[field] = {
                "dateTime": zoned_text(moment, where),
                "timeZone": where.key,
            }
    return event


async def Insertevent(cal_id: str, body: JsonObject, **_ignored: Any) -> Response:
    calendar = require_calendar(cal_id)
    event = new_event(calendar, body)
    with current().store.lock:
        calendar_state()["events"].put(event)
        save()
    return json_response(public_event(event))


async def Importevent(cal_id: str, body: JsonObject) -> Response:
    calendar = require_calendar(cal_id)
    uid = body.get("iCalUID")
    existing = next(
        (event for event in events_of(calendar) if uid and event.get("iCalUID") == uid),
        None,
    )
    event = new_event(calendar, body, replacing=existing)
    with current().store.lock:
        calendar_state()["events"].put(event)
        save()
    return json_response(public_event(event))


async def Quickaddevent(cal_id: str, text: str, **_ignored: Any) -> Response:
    calendar = require_calendar(cal_id)
    today = datetime.now(zone_of(calendar)).date()
    try:
        parsed = parse_quick_add(text, today)
    except QuickAddError as exc:
        raise refused(
            f"Quick add text not understood: `text` was {text!r}, but {exc}."
        ) from None

    body: JsonObject = {
        "summary": parsed.summary,
        "start": _quick_boundary(parsed.start, calendar),
        "end": _quick_boundary(parsed.end, calendar),
    }
    if parsed.location:
        body["location"] = parsed.location

    event = new_event(calendar, body)
    with current().store.lock:
        calendar_state()["events"].put(event)
        save()
    return json_response(public_event(event))


def _quick_boundary(moment: date, calendar: JsonObject) -> JsonObject:
    """A parsed day or local time as an event boundary in the calendar's zone."""
    if not isinstance(moment, datetime):
        return {"date": moment.isoformat()}
    where = zone_of(calendar)
    local = moment.replace(tzinfo=where)
    return {"dateTime": zoned_text(local, where), "timeZone": calendar["timeZone"]}


async def Getevent(
    cal_id: str, event_id: str, time_zone: str | None = None
) -> Response:
    event = require_event(require_calendar(cal_id), event_id)
    shown_zone = zone(time_zone, "timeZone") if time_zone else None
    return json_response(_in_zone(public_event(event), shown_zone))


async def Deleteevent(cal_id: str, event_id: str, **_ignored: Any) -> Response:
    event = require_event(require_calendar(cal_id), event_id)
    with current().store.lock:
        calendar_state()["events"].delete(event["id"])
        save()
    return no_content()


async def Moveevent(
    cal_id: str, event_id: str, destination: str, **_ignored: Any
) -> Response:
    event = require_event(require_calendar(cal_id), event_id)
    target = require_calendar(destination, "destination")
    with current().store.lock:
        event["calendarId"] = target["id"]
        event["organizer"] = {"email": target["id"]}
        event["updated"] = stamp()
        event["sequence"] = event.get("sequence", 0) + 1
        save()
    return json_response(public_event(event))


# ACL rules.


async def Listacl(
    cal_id: str,
    max_results: int | None = None,
    page_token: str | None = None,
    **_ignored: Any,
) -> Response:
    calendar = require_calendar(cal_id)
    page = google_paginate(
        rules_of(calendar),
        key=lambda rule: rule["ruleId"],
        max_results=max_results,
        default_size=SMALL_PAGE[0],
        max_size=SMALL_PAGE[1],
        page_token=page_token,
    )
    items = [public_rule(rule) for rule in page.items]
    body = {"kind": "calendar#acl", "etag": list_etag(items)}
    return json_response({**body, **page.fields(), "items": items})


async def Insertacl(cal_id: str, body: JsonObject, **_ignored: Any) -> Response:
    calendar = require_calendar(cal_id)
    scope = body["scope"]
    kind, value = scope["type"], scope.get("value")

    rule = acl_rule(calendar["id"], body["role"], kind, value)
    with current().store.lock:
        stored = calendar_state()["acl"].get(rule["id"])
        if stored is not None:
            stored["role"] = body["role"]
            rule = stored
        else:
            calendar_state()["acl"].put(rule)
        save()
    return json_response(public_rule(rule))


async def Getacl(cal_id: str, acl_id: str) -> Response:
    return json_response(public_rule(require_rule(require_calendar(cal_id), acl_id)))


async def Deleteacl(cal_id: str, acl_id: str) -> Response:
    rule = require_rule(require_calendar(cal_id), acl_id)
    with current().store.lock:
        calendar_state()["acl"].delete(rule["id"])
        save()
    return no_content()
