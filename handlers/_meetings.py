"""Meetings as the meeting, recording and download handlers all need them.

Those handlers accept a meeting by numeric id, by UUID (double URL-encoded when
it holds a `/`) or by an id of the original mock, read Zoom's two ways of
writing a start time, filter by the same inclusive date range, and show a
meeting without the mock's own fields (summary, transcript, files, people).
Links are derived here on every read, never stored, so that BASE_URL can
change between runs without touching the data.
"""

from __future__ import annotations

import base64
import hashlib
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any
from urllib.parse import unquote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import orjson

from zoom_mock.errors import FieldError, meeting_not_found, not_found, validation_failed
from zoom_mock.links import meeting_link_base
from zoom_mock.meeting_table import MeetingTable
from zoom_mock.runtime import current

Meeting = dict[str, Any]

INTERNAL_MEETING_FIELDS = frozenset(
    (
        "summary",
        "summary_created_time",
        "summary_last_modified_time",
        "vtt_data",
        "recording_files",
        "participants",
        "legacy_ids",
        "recording_play_passcode",
    )
)

LIST_ITEM_FIELDS = (
    "uuid", "id", "host_id", "topic", "type", "start_time", "duration",
    "timezone", "agenda", "created_at",
)  # fmt: skip


# Finding a meeting.


def unquote_meeting_ref(ref: str) -> str:
    """Undo the second URL-encoding Zoom asks for; the server undid the first."""
    return unquote(ref) if "%" in ref else ref


def require_meeting(ref: str | int) -> Meeting:
    """The meeting named by `{meetingId}`, or Zoom's 404 with code 3001."""
    text = unquote_meeting_ref(str(ref))
    meeting = current().store.find_meeting(text)
    if meeting is None:
        raise meeting_not_found(text)
    return meeting


def require_host_meeting(user: dict[str, Any], ref: str | int) -> Meeting:
    """Like require_meeting, but only a meeting `user` hosts is found."""
    meeting = require_meeting(ref)
    if meeting.get("host_id") != user["id"]:
        raise not_found(
            3001,
            f"Meeting does not exist: {unquote_meeting_ref(str(ref))} is not a "
            f"meeting of user {user['id']}.",
        )
    return meeting


def hosted_meetings(user: dict[str, Any]) -> Iterator[Meeting]:
    """The meetings `user` hosts: its meeting_ids, else those naming it host.

    They come one at a time, read from the store in batches: a host may have
    a hundred thousand meetings, most of them archived (see MeetingTable), so
    a caller keeps only the ones it needs rather than all of them.
    """
    store = current().store
    if "meeting_ids" in user:
        return store.meetings.get_many(user["meeting_ids"])
    return (m for m in store.meetings.values() if m.get("host_id") == user["id"])


# Times.


def utc_text(moment: datetime) -> str:
    """`2026-03-31T12:02:00Z`: the moment in UTC, to the second."""
    if moment.tzinfo is UTC:
        return _utc_moment_text(moment)
    # Not cached: in a zone's repeated hour, 01:30 before and after the clocks
    # go back compare equal as datetimes, yet are an hour apart.
    return _written_in_utc(moment)


def _written_in_utc(moment: datetime) -> str:
    at = moment.astimezone(UTC)
    if at.year < 1000:  # strftime writes such years unpadded
        return at.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        f"{at.year}-{at.month:02}-{at.day:02}"
        f"T{at.hour:02}:{at.minute:02}:{at.second:02}Z"
    )


# UTC datetimes are equal exactly when they name the same instant, which is
# all the text depends on; a create writes the clock's second and its start.
_utc_moment_text = lru_cache(maxsize=1024)(_written_in_utc)


@lru_cache(maxsize=4096)
def parse_utc(text: str) -> datetime:
    """A stored time; one without an offset is UTC.

    Cached: lists read the same start times on every request, and a datetime
    cannot be changed, so callers may share one.
    """
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class _Clock:
    """The current second in UTC, made once a second instead of once a call."""

    second = -1
    moment = datetime.min.replace(tzinfo=UTC)


def now_utc() -> datetime:
    second = int(time.time())
    if second != _Clock.second:
        _Clock.moment = datetime.fromtimestamp(second, UTC)
        _Clock.second = second
    return _Clock.moment


def require_zone(name: str, field: str = "timezone") -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise validation_failed(
            [
                FieldError(
                    field,
                    f"`{field}` was {name!r}, which is not an IANA timezone "
                    "such as America/Chicago or UTC.",
                )
            ]
        ) from None


# Start times outside these years are refused, so date arithmetic cannot overflow.
EARLIEST_YEAR = 1970
LATEST_YEAR = 2100


def read_start_time(text: str, zone: ZoneInfo, field: str = "start_time") -> datetime:
    """A start time in UTC; one written without an offset is local to `zone`."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise validation_failed(
            [
                FieldError(
                    field,
                    f"`{field}` was {text!r}, which is not a date-time such as "
                    "2026-03-31T12:02:00Z.",
                )
            ]
        ) from None
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        raise validation_failed(
            [
                FieldError(
                    field,
                    f"`{field}` was {text!r}; the mock schedules meetings between "
                    f"the years {EARLIEST_YEAR} and {LATEST_YEAR}.",
                )
            ]
        )
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(UTC).replace(microsecond=0)


def meeting_start(meeting: Meeting) -> datetime:
    """When the meeting starts; a meeting without a fixed time, when it was made."""
    text = meeting.get("start_time") or meeting.get("created_at")
    return parse_utc(text) if text else datetime(1970, 1, 1, tzinfo=UTC)


def meeting_sessions(meeting: Meeting) -> list[tuple[datetime, datetime]]:
    """(start, end) of every occurrence that is not deleted, or of the meeting."""
    default = int(meeting.get("duration") or 0)
    sessions = [
        (
            parse_utc(occurrence["start_time"]),
            parse_utc(occurrence["start_time"])
            + timedelta(minutes=int(occurrence.get("duration") or default)),
        )
        for occurrence in meeting.get("occurrences") or ()
        if occurrence.get("status") != "deleted"
    ]
    if not sessions:
        start = meeting_start(meeting)
        sessions = [(start, start + timedelta(minutes=default))]
    return sessions


@dataclass(frozen=True)
class DateRange:
    """Two days, both included, compared in UTC."""

    first: date
    last: date

    def holds(self, moment: datetime) -> bool:
        return self.holds_day(moment.astimezone(UTC).date())

    def holds_day(self, day: date) -> bool:
        """Like `holds`, for a moment already reduced to its day in UTC."""
        return self.first <= day <= self.last


def _read_day(text: str | None, field: str, default: date) -> date:
    if not text:
        return default
    try:
        return date.fromisoformat(str(text))
    except ValueError:
        raise validation_failed(
            [
                FieldError(
                    field,
                    f"`{field}` in the query was {text!r}, which is not a date "
                    "written as YYYY-MM-DD.",
                )
            ]
        ) from None


def date_range(from_: str | None, to: str | None) -> DateRange:
    """The `from`/`to` query range, defaulting to the configured year."""
    settings = current().settings
    first = _read_day(from_, "from", settings.date_from)
    last = _read_day(to, "to", settings.date_to)
    if first > last:
        raise validation_failed(
            [
                FieldError(
                    "from",
                    f"`from` was {first}, which is after `to` ({last}); the "
                    "range must not run backwards.",
                )
            ]
        )
    return DateRange(first, last)


# Derived values: links, passwords, tokens.


# Byte b of a digest becomes the digit b % 10.
DIGIT_OF_BYTE = bytes(ord("0") + byte % 10 for byte in range(256))


def _joined(parts: tuple[object, ...]) -> bytes:
    return ":".join(map(str, parts)).encode()


SHA256_CHARACTERS = 42
"""Whole base64 characters in a SHA-256 digest (6 bits each of 32 bytes)."""
LONGEST_TOKEN = 86
"""Whole base64 characters in a SHA-512 digest: a token's limit."""


def stable_token(*parts: object, length: int = 32) -> str:
    """A URL-safe token of at most LONGEST_TOKEN characters decided by `parts`.

    Up to 42 characters it is SHA-256, beyond that SHA-512: one digest either
    way, which is as much as a short text costs to hash at all.
    """
    if length > LONGEST_TOKEN:
        raise ValueError(f"stable_token makes at most {LONGEST_TOKEN} characters.")
    text = _joined(parts)
    hashing = hashlib.sha256 if length <= SHA256_CHARACTERS else hashlib.sha512
    digest = hashing(text).digest()
    return base64.urlsafe_b64encode(digest).decode()[:length]


ENCRYPTED_PASSCODE_CHARACTERS = 30
"""As in Zoom's examples and our seed data, before the `.1` that ends it."""


def password_fields(password: str, meeting_id: int) -> dict[str, str]:
    """The passcode and the variants Zoom derives from it, from one digest.

    Its first 32 bytes give the digits of the dial-in passcodes (a digit per
    byte), the rest the encrypted passcode of the join link. A meeting
    without a passcode has none of them, and its join link no `pwd`.
    """
    if not password:
        return dict.fromkeys(
            ("password", "h323_password", "pstn_password", "encrypted_password"), ""
        )
    digest = hashlib.sha512(_joined(("pwd", meeting_id, password))).digest()
    numeric = digest[:32].translate(DIGIT_OF_BYTE).decode()
    size = max(len(password), 6)
    encrypted = base64.urlsafe_b64encode(digest[32:]).decode()
    encrypted = encrypted[:ENCRYPTED_PASSCODE_CHARACTERS]
    return {
        "password": password,
        "h323_password": numeric[:size],
        "pstn_password": numeric[size : 2 * size],
        "encrypted_password": encrypted + ".1",
    }


def join_url(meeting: Meeting, base: str | None = None) -> str:
    """The join link; `base` saves looking up meeting_link_base per meeting."""
    url = f"{base or meeting_link_base()}/j/{meeting['id']}"
    encrypted = meeting.get("encrypted_password")
    return f"{url}?pwd={encrypted}" if encrypted else url


def start_url(meeting: Meeting) -> str:
    zak = stable_token("zak", meeting.get("host_id"), meeting["id"], length=43)
    return f"{meeting_link_base()}/s/{meeting['id']}?zak={zak}"


# What clients see.


def meeting_view(meeting: Meeting, occurrence_id: str | None = None) -> Meeting:
    """The meeting as Zoom shows it: no mock fields, links added after created_at."""
    links = {"start_url": start_url(meeting), "join_url": join_url(meeting)}
    shown: Meeting = {}
    for key, value in meeting.items():
        if key in INTERNAL_MEETING_FIELDS:
            continue
        shown[key] = value
        if key == "created_at":
            shown.update(links)
    for name, url in links.items():
        shown.setdefault(name, url)

    if occurrence_id is not None:
        occurrence = require_occurrence(meeting, occurrence_id)
        shown["start_time"] = occurrence["start_time"]
        shown["duration"] = occurrence.get("duration", meeting.get("duration"))
    return shown


def meeting_list_item(meeting: Meeting, base: str | None = None) -> Meeting:
    item = {key: meeting[key] for key in LIST_ITEM_FIELDS if key in meeting}
    item["join_url"] = join_url(meeting, base)
    return item


# As zoom_mock.responses.json_response serialises, so the bytes are the same.
JSON_OPTIONS = orjson.OPT_NON_STR_KEYS


class ListEntry:
    """What a meeting list needs of one meeting: its start, and its item as JSON.

    MeetingTable keeps one per meeting in memory (see `list_entry`) and drops
    it whenever the meeting is stored, saved, removed or archived, so a list
    reads these instead of parsing and serialising the same meetings again.
    """

    __slots__ = ("start", "day", "_base", "_item")

    def __init__(self, meeting: Meeting) -> None:
        self.start = meeting_start(meeting)
        self.day = self.start.astimezone(UTC).date()
        self._base = ""
        self._item: orjson.Fragment | None = None

    def item(self, meeting: Meeting, base: str) -> orjson.Fragment:
        """meeting_list_item(meeting, base), serialised once per link base."""
        if self._item is None or self._base != base:
            item = meeting_list_item(meeting, base)
            self._item = orjson.Fragment(orjson.dumps(item, option=JSON_OPTIONS))
            self._base = base
        return self._item


def list_entry(table: MeetingTable, meeting: Meeting) -> ListEntry:
    """The ListEntry of `meeting`: the one `table` holds, else a fresh one."""
    entry: ListEntry | None = table.derived(meeting)
    if entry is None:
        since = table.changes
        entry = ListEntry(meeting)
        table.remember(meeting, entry, since)
    return entry


def meeting_list_items(
    table: MeetingTable, meetings: Iterable[Meeting]
) -> list[orjson.Fragment]:
    """The list form of each meeting, as JSON, linked to one meeting_link_base."""
    base = meeting_link_base()
    return [list_entry(table, meeting).item(meeting, base) for meeting in meetings]


def require_occurrence(meeting: Meeting, occurrence_id: str) -> dict[str, Any]:
    for occurrence in meeting.get("occurrences") or ():
        if occurrence.get("occurrence_id") == occurrence_id:
            return occurrence
    raise validation_failed(
        [
            FieldError(
                "occurrence_id",
                f"`occurrence_id` was {occurrence_id!r}, which is not an occurrence "
                f"of meeting {meeting['id']}.",
            )
        ]
    )


# Recurrence: Zoom's rule object, turned into the occurrences it yields.

MAX_OCCURRENCES = 60
SEARCH_DAYS = 5 * 366
SEARCH_MONTHS = 10 * 12


def zoom_weekday(day: date) -> int:
    """Zoom numbers weekdays from 1 (Sunday) to 7 (Saturday)."""
    return day.isoweekday() % 7 + 1


def _is_schedulable(text: str) -> bool:
    try:
        year = parse_utc(text).year
    except ValueError:
        return False
    return EARLIEST_YEAR <= year <= LATEST_YEAR


def recurrence_problems(rule: dict[str, Any]) -> list[FieldError]:
    """What a recurrence rule lacks or combines wrongly, beyond the schema."""
    problems = []
    if rule["type"] == 2 and not rule.get("weekly_days"):
        problems.append(
            FieldError(
                "recurrence.weekly_days",
                "`recurrence.weekly_days` is required for a weekly recurrence "
                "(type 2) but was not sent.",
            )
        )
    if ("monthly_week" in rule) != ("monthly_week_day" in rule):
        problems.append(
            FieldError(
                "recurrence.monthly_week_day",
                "`recurrence.monthly_week` and `recurrence.monthly_week_day` must be "
                "sent together, but only one of them was.",
            )
        )
    end = rule.get("end_date_time")
    if end and not _is_schedulable(end):
        problems.append(
            FieldError(
                "recurrence.end_date_time",
                f"`recurrence.end_date_time` was {end!r}, which is not a date-time "
                f"between the years {EARLIEST_YEAR} and {LATEST_YEAR} such as "
                "2026-11-25T12:00:00Z.",
            )
        )
    if rule.get("end_times") and rule.get("end_date_time"):
        problems.append(
            FieldError(
                "recurrence.end_date_time",
                "`recurrence.end_date_time` cannot be sent together with "
                "`recurrence.end_times`; send one of them.",
            )
        )
    return problems


def _at_time_of(first: datetime, day: date) -> datetime:
    return datetime.combine(day, first.timetz())


def _monthly_day(rule: dict[str, Any], year: int, month: int, default: int) -> date:
    if "monthly_week" in rule:
        week, weekday = rule["monthly_week"], rule["monthly_week_day"]
        first_of_month = date(year, month, 1)
        offset = (weekday - zoom_weekday(first_of_month)) % 7
        candidate = first_of_month + timedelta(days=offset)
        if week == -1:
            while (candidate + timedelta(days=7)).month == month:
                candidate += timedelta(days=7)
            return candidate
        return candidate + timedelta(days=7 * (week - 1))
    wanted = rule.get("monthly_day") or default
    while True:
        try:
            return date(year, month, wanted)
        except ValueError:
            wanted -= 1


def _candidates(rule: dict[str, Any], first: datetime) -> list[datetime]:
    interval = rule.get("repeat_interval") or 1
    start_day = first.date()
    if rule["type"] == 1:
        days = (start_day + timedelta(days=step) for step in range(SEARCH_DAYS))
        chosen = [day for day in days if (day - start_day).days % interval == 0]

    elif rule["type"] == 2:
        weekdays = {int(part) for part in rule["weekly_days"].split(",")}
        week_start = start_day - timedelta(days=zoom_weekday(start_day) - 1)
        chosen = []
        for offset in range(SEARCH_DAYS):
            day = start_day + timedelta(days=offset)
            week = (day - week_start).days // 7
            if week % interval == 0 and zoom_weekday(day) in weekdays:
                chosen.append(day)

    else:
        chosen = []
        for step in range(0, SEARCH_MONTHS, interval):
            years, month = divmod(start_day.month - 1 + step, 12)
            day = _monthly_day(rule, start_day.year + years, month + 1, start_day.day)
            if day >= start_day:
                chosen.append(day)
    return [_at_time_of(first, day) for day in chosen]


def build_occurrences(
    rule: dict[str, Any], first: datetime, zone: ZoneInfo, duration: int
) -> list[dict[str, Any]]:
    """The occurrences of `rule` from `first` (UTC), at most Zoom's 60."""
    local_first = first.astimezone(zone)
    end_times = rule.get("end_times")
    if end_times is None and not rule.get("end_date_time"):
        end_times = 1
    limit = min(end_times or MAX_OCCURRENCES, MAX_OCCURRENCES)
    until = None
    if rule.get("end_date_time"):
        until = parse_utc(rule["end_date_time"]).astimezone(zone).date()

    starts: list[datetime] = []
    for moment in _candidates(rule, local_first):
        if until is not None and moment.date() > until:
            break
        starts.append(moment)
        if len(starts) >= limit:
            break
    if not starts:
        raise validation_failed(
            [
                FieldError(
                    "recurrence.end_date_time",
                    f"`recurrence.end_date_time` was {rule.get('end_date_time')!r}, "
                    f"which leaves no occurrence after the start {utc_text(first)}.",
                )
            ]
        )
    return [
        {
            "occurrence_id": str(int(moment.timestamp() * 1000)),
            "start_time": utc_text(moment),
            "duration": duration,
            "status": "available",
        }
        for moment in starts
    ]
