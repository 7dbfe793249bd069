"""Reading and writing the times of Calendar events.

Events carry either a `date` (all day, in the calendar's zone) or an RFC 3339
`dateTime` with an offset. Filters, free/busy and ordering all need one
comparable instant per event, so everything is turned into aware UTC datetimes
here, and every bad value becomes a 400 that names the field it came from.

Two kinds of 400 leave this module. A value the spec itself refuses (a
timestamp without an offset) is Zoom's `Validation Failed.` with code 300. A
value the spec allows but the mock cannot use (a zone name that is not in the
IANA database, a year outside 1900-2999) is refused by `refused`, with code
400: Calendar documents no error codes, so the status stands in for one.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from zoom_mock.errors import FieldError, MockError, validation_failed

FIRST_YEAR = 1900
LAST_YEAR = 2999
RULE_CODE = 400


def bad_field(field: str, message: str) -> MockError:
    """A value the spec refuses: Zoom's `Validation Failed.`, naming the field."""
    return validation_failed([FieldError(field, message)])


def refused(message: str) -> MockError:
    """A request that fits the spec but breaks one of Calendar's own rules."""
    return MockError(400, RULE_CODE, message)


def zone(name: str, field: str) -> ZoneInfo:
    """The IANA zone `name`, or a 400 that names `field`."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise refused(
            f"Invalid time zone: `{field}` was {name!r}, which is not an IANA "
            "time zone name such as America/New_York or UTC."
        ) from None


def parse_instant(text: str, field: str) -> datetime:
    """An RFC 3339 timestamp with an offset, as an aware datetime in UTC.

    RFC 3339 lets the `T` and `Z` be lower case; Python's parser does not.
    """
    try:
        parsed = datetime.fromisoformat(text.upper())
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise bad_field(
            field,
            f"`{field}` was {text!r}, but it must be an RFC 3339 timestamp with "
            "an offset, such as 2026-03-14T12:00:00Z or 2026-03-14T08:00:00-04:00.",
        )
    check_year(parsed.year, text, field)
    return parsed.astimezone(UTC)


def check_year(year: int, text: str, field: str) -> None:
    """Keep times in a range every zone conversion can handle."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise refused(
            f"Year out of range: `{field}` was {text!r}, but the mock keeps times "
            f"only from the year {FIRST_YEAR} to {LAST_YEAR}."
        )


def boundary(value: dict[str, Any], default_zone: ZoneInfo, field: str) -> datetime:
    """The instant a `start` or `end` object stands for, in UTC."""
    if value.get("dateTime"):
        return parse_instant(value["dateTime"], f"{field}.dateTime")
    if value.get("date"):
        day = date.fromisoformat(value["date"])
        check_year(day.year, value["date"], f"{field}.date")
        where = (
            zone(value["timeZone"], f"{field}.timeZone")
            if value.get("timeZone")
            else default_zone
        )
        return datetime.combine(day, time(0), where).astimezone(UTC)
    raise bad_field(
        field,
        f"`{field}` has neither `date` nor `dateTime`; send one of them "
        "(`date` for an all-day event).",
    )


def event_span(
    event: dict[str, Any], default_zone: ZoneInfo
) -> tuple[datetime, datetime]:
    return (
        boundary(event["start"], default_zone, "start"),
        boundary(event["end"], default_zone, "end"),
    )


def utc_text(moment: datetime) -> str:
    """`2026-03-14T16:00:00Z`."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def zoned_text(moment: datetime, where: ZoneInfo) -> str:
    """`2026-03-14T12:00:00-04:00`: the instant as seen in `where`."""
    return moment.astimezone(where).replace(microsecond=0).isoformat()


def stamp(moment: datetime | None = None) -> str:
    """A `created`/`updated` value with milliseconds, as Google writes them."""
    moment = (moment or datetime.now(UTC)).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
