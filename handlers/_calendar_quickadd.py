"""Turning a line such as "Lunch with the team tomorrow at 12pm" into an event.

Google's quick add understands free text; this parser understands the phrases
people type most: a day, a clock time or time range, and a length. Each phrase
it recognises is cut out of the text, and what remains is the summary (with a
trailing "at <place>" taken as the location). It is deliberately small and
predictable rather than clever: a phrase it does not know stays in the summary.

Rules, in the order they are applied:
- a length: "for 2 hours", "for 1.5 hrs", "for 45 minutes", "for an hour",
  "for half an hour", "for 90m";
- a day: "2026-03-14", "3/14" or "3/14/2026" (month first), "March 14",
  "Mar 14th, 2026", "14 March", "the 14th of March", "today", "tonight",
  "tomorrow", "day after tomorrow", a weekday ("friday" is the coming Friday,
  today included; "next friday" is a week after that);
- a time range: "from 2pm to 4pm", "2-4pm", "between 9:30 and 11am";
- a time: "at 12pm", "3:30pm", "15:30", "noon", "midnight", or "at 3" (a bare
  hour from 1 to 6 is taken as afternoon, as people mean by "at 3").
A day without a year falls in the current year, or the next one when it has
already passed. Without a time the event lasts the whole day; with a time and
no length or range it lasts an hour.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
DEFAULT_LENGTH = timedelta(hours=1)
LONGEST_MINUTES = 31 * 24 * 60
TONIGHT = time(19, 0)

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_ORDINAL = r"(?:st|nd|rd|th)?"
_CLOCK = r"(?:noon|midnight|\d{1,2}(?::\d{2})?\s*(?:[ap]m\b|[ap]\.m\.)|\d{1,2}:\d{2}\b)"
_FLAGS = re.IGNORECASE

LENGTH = re.compile(
    r"\bfor\s+(?:(?P<half>half\s+an?\s+hour)|(?P<amount>an?|one|\d+(?:\.\d+)?)\s*"
    r"(?P<unit>hours?|hrs?|h|minutes?|mins?|m)\b)",
    _FLAGS,
)
DAY_PATTERNS = (
    ("iso", re.compile(r"\b(?:on\s+)?(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    (
        "slash",
        re.compile(
            r"\b(?:on\s+)?(?P<m>\d{1,2})/(?P<d>\d{1,2})(?:/(?P<y>\d{4}|\d{2}))?\b"
        ),
    ),
    (
        "month_day",
        re.compile(
            rf"\b(?:on\s+)?(?P<month>{_MONTH})\.?\s+(?P<d>\d{{1,2}}){_ORDINAL}"
            r"(?:,?\s+(?P<y>\d{4}))?\b",
            _FLAGS,
        ),
    ),
    (
        "day_month",
        re.compile(
            rf"\b(?:on\s+)?(?:the\s+)?(?P<d>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?"
            rf"(?P<month>{_MONTH})\b\.?(?:,?\s+(?P<y>\d{{4}}))?",
            _FLAGS,
        ),
    ),
    (
        "relative",
        re.compile(
            r"\b(?:on\s+)?(?P<word>day\s+after\s+tomorrow|today|tonight|tomorrow|tmrw)\b",
            _FLAGS,
        ),
    ),
    (
        "weekday",
        re.compile(
            rf"\b(?:on\s+)?(?P<next>next\s+|this\s+)?(?P<weekday>{'|'.join(WEEKDAYS)})\b",
            _FLAGS,
        ),
    ),
)
RANGE = re.compile(
    rf"\b(?:from\s+|between\s+)?(?P<a>{_CLOCK}|\d{{1,2}})\s*(?:-|–|to|until|till|and)\s*"
    rf"(?P<b>{_CLOCK})",
    _FLAGS,
)
SINGLE = re.compile(rf"(?:\b(?:at|@)\s*)?\b(?P<a>{_CLOCK})", _FLAGS)
BARE_HOUR = re.compile(r"\b(?:at|@)\s*(?P<a>\d{1,2})\b(?![:/.]\d)", _FLAGS)
LOCATION = re.compile(r"\s(?:at|@)\s+(?P<place>\S.*)$", _FLAGS)
LEADING_PUNCTUATION = re.compile(r"^[\s,;:@–-]+")
TRAILING_LEFTOVERS = re.compile(r"(?:[\s,;:@–-]|\b(?:on|at|from|for|by)\b)+$", _FLAGS)


class QuickAddError(ValueError):
    """The text names a day or time that does not exist, like "13pm" or "2/30"."""


@dataclass(frozen=True)
class QuickAdd:
    summary: str
    location: str | None
    start: datetime | date
    end: datetime | date

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)


@dataclass(frozen=True)
class _Clock:
    value: time
    has_meridiem: bool


def parse_quick_add(text: str, today: date) -> QuickAdd:
    """Read `text` relative to `today` (in the calendar's own zone)."""
    rest = f" {text.strip()} "

    length, rest = _take_length(rest)
    day, tonight, rest = _take_day(rest, today)
    start, end, rest = _take_times(rest)

    summary, location = _summary_and_location(rest, text)
    if start is None and tonight:
        start = TONIGHT
    if start is None:
        return QuickAdd(summary, location, day, day + timedelta(days=1))

    begins = datetime.combine(day, start)
    if end is not None:
        finishes = datetime.combine(day, end)
        if finishes <= begins:
            finishes += timedelta(days=1)
    else:
        finishes = begins + (length or DEFAULT_LENGTH)
    return QuickAdd(summary, location, begins, finishes)


def _cut(text: str, match: re.Match[str]) -> str:
    return text[: match.start()] + " " + text[match.end() :]


def _take_length(text: str) -> tuple[timedelta | None, str]:
    match = LENGTH.search(text)
    if match is None:
        return None, text
    if match["half"]:
        return timedelta(minutes=30), _cut(text, match)

    amount_text = match["amount"].lower()
    amount = 1.0 if amount_text in ("a", "an", "one") else float(amount_text)
    unit = match["unit"].lower()
    minutes = amount * 60 if unit.startswith("h") else amount
    if not 0 < minutes <= LONGEST_MINUTES:
        raise QuickAddError(
            f"the length {match[0].strip()!r} is not between a minute and 31 days"
        )
    return timedelta(minutes=minutes), _cut(text, match)


def _take_day(text: str, today: date) -> tuple[date, bool, str]:
    """The first day phrase in `text`; today when there is none."""
    found: list[tuple[int, str, re.Match[str]]] = []
    for kind, pattern in DAY_PATTERNS:
        match = pattern.search(text)
        if match is not None:
            found.append((match.start(), kind, match))
    if not found:
        return today, False, text

    _, kind, match = min(found, key=lambda entry: entry[0])
    rest = _cut(text, match)
    if kind == "relative":
        word = " ".join(match["word"].lower().split())
        offset = {"today": 0, "tonight": 0, "tomorrow": 1, "tmrw": 1}.get(word, 2)
        return today + timedelta(days=offset), word == "tonight", rest
    if kind == "weekday":
        wanted = WEEKDAYS.index(match["weekday"].lower())
        ahead = (wanted - today.weekday()) % 7
        if match["next"] and match["next"].strip().lower() == "next":
            ahead += 7
        return today + timedelta(days=ahead), False, rest

    month = MONTHS[match["month"].lower()] if "month" in match.re.groupindex else None
    return _calendar_day(match, month, today), False, rest


def _calendar_day(match: re.Match[str], month: int | None, today: date) -> date:
    month = month or int(match["m"])
    day = int(match["d"])
    year_text = match["y"]
    year = int(year_text) if year_text else today.year
    if year_text and len(year_text) == 2:
        year += 2000
    try:
        found = date(year, month, day)
    except ValueError:
        raise QuickAddError(
            f"{match[0].strip()!r} is not a day of the calendar"
        ) from None
    if not year_text and found < today:
        found = found.replace(year=today.year + 1)
    return found


def _take_times(text: str) -> tuple[time | None, time | None, str]:
    match = RANGE.search(text)
    if match is not None:
        first, second = _clock(match["a"]), _clock(match["b"])
        start = _borrow_meridiem(first, second)
        return start, second.value, _cut(text, match)

    match = SINGLE.search(text)
    if match is not None:
        return _clock(match["a"]).value, None, _cut(text, match)

    match = BARE_HOUR.search(text)
    if match is not None:
        hour = int(match["a"])
        if hour > 23:
            raise QuickAddError(f"{match[0].strip()!r} is not a time of day")
        if 1 <= hour <= 6:
            hour += 12
        return time(hour, 0), None, _cut(text, match)
    return None, None, text


def _clock(raw: str) -> _Clock:
    """One clock phrase: "noon", "3:30pm", "15:30", "9 a.m.", or a bare hour."""
    text = raw.lower().replace(".", "").replace(" ", "")
    if text == "noon":
        return _Clock(time(12, 0), True)
    if text == "midnight":
        return _Clock(time(0, 0), True)

    meridiem = text[-2:] if text.endswith(("am", "pm")) else ""
    digits = text[:-2] if meridiem else text
    hour_text, _, minute_text = digits.partition(":")
    hour, minute = int(hour_text), int(minute_text or 0)
    if minute > 59 or hour > 23 or (meridiem and not 1 <= hour <= 12):
        raise QuickAddError(f"{raw.strip()!r} is not a time of day")
    if meridiem == "pm" and hour != 12:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    return _Clock(time(hour, minute), bool(meridiem))


def _borrow_meridiem(first: _Clock, second: _Clock) -> time:
    """In "2-4pm" the start takes the end's half of the day, if that fits."""
    if first.has_meridiem or not second.has_meridiem or first.value.hour > 12:
        return first.value
    shifted = first.value.replace(hour=first.value.hour % 12 + 12)
    if second.value.hour >= 12 and shifted <= second.value:
        return shifted
    return first.value.replace(hour=first.value.hour % 12)


def _summary_and_location(rest: str, original: str) -> tuple[str, str | None]:
    text = " ".join(rest.split())
    location = None
    match = LOCATION.search(f" {text}")
    if match is not None:
        location = _tidy(match["place"])
        text = _tidy(f" {text}"[: match.start()])
    summary = _tidy(text)
    return summary or " ".join(original.split()), location or None


def _tidy(text: str) -> str:
    text = TRAILING_LEFTOVERS.sub("", LEADING_PUNCTUATION.sub("", text))
    return " ".join(text.split())
