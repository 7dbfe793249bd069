"""Realistic leaf values, chosen by a field's name and format.

A leaf maker is a function of the body's `Random` and a person index. Objects
that hold names or e-mail addresses pick one person per object, so that
`first_name`, `last_name`, `display_name` and `email` of one user agree.
Makers only index into tables built here once per settings object, which
keeps a meeting-sized body far below a millisecond.

A "strong" kind wins over the schema's `example`: dates must lie inside the
mock's date range, links must point at the mock, and ids, names and e-mail
addresses must differ from one resource to the next. Every other field uses
its example when the spec gives a valid one.
"""

from __future__ import annotations

import re
import uuid
from binascii import b2a_base64
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from random import Random
from typing import Any

from zoom_mock.generator import vocabulary as words
from zoom_mock.generator.seeds import stable_seed
from zoom_mock.generator.settings import GeneratorSettings

Maker = Callable[[Random, int], Any]

PEOPLE_COUNT = 512
PERSON_FIELDS = frozenset(
    {
        "first_name",
        "last_name",
        "display_name",
        "full_name",
        "user_name",
        "name",
        "email",
        "user_email",
        "host_email",
        "host_name",
        "participant_name",
        "participant_email",
    }
)
_PERSON_PREFIXES = (
    "host",
    "user",
    "participant",
    "assistant",
    "owner",
    "creator",
    "registrant",
    "attendee",
    "member",
    "contact",
    "speaker",
    "panelist",
    "invitee",
    "operator",
)
_DIGIT_ID_FIELDS = frozenset(
    {
        "meeting_id",
        "webinar_id",
        "pmi",
        "meeting_number",
        "personal_meeting_id",
        "occurrence_id",
    }
)
_DATETIME_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_DATE_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EMAIL_SHAPE = re.compile(r"^[^@\s;,]+@[^@\s;,]+\.[a-z]{2,}$")
_DIGITS_SHAPE = re.compile(r"^\d{9,12}$")
_ZOOM_UUID_SHAPE = re.compile(r"^[A-Za-z0-9+/]{22}==$")
_USER_ID_SHAPE = re.compile(r"^[A-Za-z0-9_-]{18,26}$")
_CAMEL = re.compile(r"(?<=[a-z0-9])([A-Z])")


@dataclass(frozen=True)
class StringKind:
    """A family of realistic strings and the lengths its values can have."""

    name: str
    strong: bool
    shortest: int
    longest: int
    make: Maker


@dataclass(frozen=True)
class NumberHint:
    """The range (and step) that realistic values of a numeric field keep to."""

    low: int
    high: int
    strong: bool = False
    step: int = 1


def snake(name: str) -> str:
    """`joinUrl` and `join_url` are the same field for our purposes."""
    return _CAMEL.sub(r"_\1", name).lower().replace("-", "_")


def _build_people() -> list[tuple[str, str, str]]:
    rng = Random(stable_seed("people"))
    people = []
    for _ in range(PEOPLE_COUNT):
        first, last = rng.choice(words.FIRST_NAMES), rng.choice(words.LAST_NAMES)
        email = f"{first}.{last}@{rng.choice(words.EMAIL_DOMAINS)}".lower()
        people.append((first, last, email))
    return people


PEOPLE = _build_people()


def person_index(rng: Random) -> int:
    return int(rng.random() * PEOPLE_COUNT)


def _chooser(pool: tuple[Any, ...] | list[Any]) -> Maker:
    size = len(pool)
    frozen = tuple(pool)
    return lambda rng, person: frozen[int(rng.random() * size)]


_URL_SAFE = bytes.maketrans(b"+/", b"-_")


def _token(rng: Random) -> str:
    """22 URL-safe base64 characters, the shape of Zoom's user ids."""
    raw = b2a_base64(rng.getrandbits(128).to_bytes(16, "big"), newline=False)
    return raw[:22].translate(_URL_SAFE).decode()


def _zoom_uuid(rng: Random, person: int) -> str:
    """24 base64 characters ending in `==`, the shape of Zoom's meeting UUIDs."""
    return b2a_base64(rng.getrandbits(128).to_bytes(16, "big"), newline=False).decode()


def _digits(rng: Random, person: int) -> str:
    return str(1_000_000_000 + int(rng.random() * 98_999_999_999))


class Values:
    """The realistic makers for one GeneratorSettings."""

    def __init__(self, settings: GeneratorSettings) -> None:
        self.settings = settings
        root = settings.root_url
        self._root = root
        days = (settings.date_to - settings.date_from).days
        self.dates = tuple(
            (settings.date_from + timedelta(days=day)).isoformat()
            for day in range(days + 1)
        )
        self._seconds = len(self.dates) * 86_400
        self._quarters = len(self.dates) * 96
        self._minutes = tuple(
            f"{minute // 60:02d}:{minute % 60:02d}" for minute in range(1440)
        )
        self._kinds = self._build_kinds(root)
        self._phrases: dict[tuple[int, int | None], tuple[str, ...]] = {}

    def _build_kinds(self, root: str) -> dict[str, StringKind]:
        first_names = tuple(person[0] for person in PEOPLE)
        last_names = tuple(person[1] for person in PEOPLE)
        emails = tuple(person[2] for person in PEOPLE)
        topics = tuple(
            f"{cadence} {subject}"
            for cadence in words.CADENCES
            for subject in words.SUBJECTS
        )
        agendas = tuple(
            f"{opening} {topic}."
            for opening in words.AGENDA_OPENINGS
            for topic in words.AGENDA_TOPICS
        )
        root_len = len(root)

        kinds = [
            StringKind("date-time", True, 20, 20, self._date_time),
            StringKind("start-time", True, 20, 20, self._start_time),
            StringKind("date", True, 10, 10, _chooser(self.dates)),
            StringKind("time", True, 9, 9, self._time),
            StringKind(
                "email", True, 10, max(map(len, emails)), lambda rng, p: emails[p]
            ),
            StringKind(
                "any-email",
                True,
                10,
                max(map(len, emails)),
                lambda rng, p: emails[person_index(rng)],
            ),
            StringKind("first-name", True, 2, 12, lambda rng, p: first_names[p]),
            StringKind("last-name", True, 2, 12, lambda rng, p: last_names[p]),
            StringKind(
                "full-name",
                True,
                5,
                25,
                lambda rng, p: f"{first_names[p]} {last_names[p]}",
            ),
            StringKind("topic", True, 5, 40, _chooser(topics)),
            StringKind("agenda", True, 10, 60, _chooser(agendas)),
            StringKind("time-zone", True, 3, 20, _chooser(words.TIME_ZONES)),
            StringKind("phone", True, 12, 12, self._phone),
            StringKind("user-id", True, 22, 22, lambda rng, p: _token(rng)),
            StringKind("zoom-uuid", True, 24, 24, _zoom_uuid),
            StringKind("digits", True, 10, 11, _digits),
            StringKind(
                "uuid",
                True,
                36,
                36,
                lambda rng, p: str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            ),
            StringKind(
                "ipv4",
                True,
                10,
                15,
                lambda rng, p: f"203.0.113.{int(rng.random() * 254) + 1}",
            ),
            StringKind(
                "ipv6",
                True,
                11,
                14,
                lambda rng, p: f"2001:db8::{rng.getrandbits(16):x}",
            ),
            StringKind(
                "hostname",
                True,
                17,
                19,
                lambda rng, p: f"host{int(rng.random() * 100)}.example.com",
            ),
            StringKind(
                "join-url",
                True,
                root_len + 13,
                root_len + 14,
                lambda rng, p: f"{root}/j/{_digits(rng, p)}",
            ),
            StringKind(
                "start-url",
                True,
                root_len + 40,
                root_len + 41,
                lambda rng, p: f"{root}/s/{_digits(rng, p)}?zak={_token(rng)}",
            ),
            StringKind(
                "download-url",
                True,
                root_len + 36,
                root_len + 36,
                lambda rng, p: f"{root}/rec/download/{_token(rng)}",
            ),
            StringKind(
                "play-url",
                True,
                root_len + 32,
                root_len + 32,
                lambda rng, p: f"{root}/rec/play/{_token(rng)}",
            ),
            StringKind(
                "register-url",
                True,
                root_len + 40,
                root_len + 40,
                lambda rng, p: f"{root}/meeting/register/{_token(rng)}",
            ),
            StringKind(
                "passcode",
                False,
                6,
                6,
                lambda rng, p: f"{int(rng.random() * 1_000_000):06d}",
            ),
            StringKind("base64", True, 24, 24, _zoom_uuid),
            StringKind("department", False, 5, 15, _chooser(words.DEPARTMENTS)),
            StringKind("job-title", False, 8, 19, _chooser(words.JOB_TITLES)),
            StringKind("company", False, 11, 17, _chooser(words.COMPANIES)),
            StringKind("city", False, 5, 9, _chooser(words.CITIES)),
            StringKind("language", False, 5, 5, _chooser(words.LANGUAGES)),
            StringKind("country", False, 2, 2, _chooser(words.COUNTRIES)),
        ]
        return {kind.name: kind for kind in kinds}

    def phrases(self, low: int, high: int | None) -> tuple[str, ...]:
        """Plain word phrases cut or stretched to the allowed lengths."""
        cached = self._phrases.get((low, high))
        if cached is not None:
            return cached

        made: list[str] = []
        for index in range(48):
            rng = Random(stable_seed("text", index))
            text = " ".join(
                rng.choice(words.WORDS) for _ in range(rng.randint(1, 3))
            ).capitalize()
            while len(text) < low:
                text += " " + rng.choice(words.WORDS)
            made.append(text[:high].rstrip() if high is not None else text)
        pool = tuple(dict.fromkeys(text.ljust(low, "x") for text in made))
        self._phrases[(low, high)] = pool
        return pool

    def _date_time(self, rng: Random, person: int) -> str:
        day, second = divmod(int(rng.random() * self._seconds), 86_400)
        return f"{self.dates[day]}T{self._minutes[second // 60]}:{second % 60:02d}Z"

    def _start_time(self, rng: Random, person: int) -> str:
        day, quarter = divmod(int(rng.random() * self._quarters), 96)
        return f"{self.dates[day]}T{self._minutes[quarter * 15]}:00Z"

    def _time(self, rng: Random, person: int) -> str:
        minutes = int(rng.random() * 96) * 15
        return f"{minutes // 60:02d}:{minutes % 60:02d}:00Z"

    def _phone(self, rng: Random, person: int) -> str:
        area = words.AREA_CODES[int(rng.random() * len(words.AREA_CODES))]
        return f"+1{area}55501{int(rng.random() * 100):02d}"

    def url_kind(self, field: str) -> StringKind:
        """A link under the mock's base URL, its path taken from the field name."""
        stem = (
            field.removesuffix("_url").removesuffix("_uri").replace("_", "-")
            or "resource"
        )
        root = self._root
        prefix = f"{root}/{stem}/"
        return StringKind(
            "url",
            True,
            len(prefix) + 22,
            len(prefix) + 22,
            lambda rng, p: prefix + _token(rng),
        )

    def string_kind(
        self, name: str, fmt: str | None, example: Any
    ) -> StringKind | None:
        """The realistic kind for a string field, or None to use the example."""
        field = snake(name)
        by_format = self._kind_for_format(field, fmt)
        if by_format is not None:
            return by_format

        kind_name = _kind_for_name(field, example)
        if kind_name == "url":
            return self.url_kind(field)
        return self._kinds[kind_name] if kind_name else None

    def _kind_for_format(self, field: str, fmt: str | None) -> StringKind | None:
        if fmt == "date-time":
            return self._kinds["start-time" if "start" in field else "date-time"]
        if fmt in ("uri", "url", "iri", "uri-reference", "iri-reference"):
            kind_name = _url_kind_name(field)
            return self._kinds[kind_name] if kind_name else self.url_kind(field)
        named = {
            "date": "date",
            "time": "time",
            "email": "email",
            "idn-email": "email",
            "uuid": "uuid",
            "ipv4": "ipv4",
            "ipv6": "ipv6",
            "hostname": "hostname",
            "idn-hostname": "hostname",
            "byte": "base64",
        }.get(fmt or "")
        return self._kinds[named] if named else None

    def number_hint(self, name: str, integer: bool) -> NumberHint | None:
        """What a realistic value of a numeric field looks like, if we know."""
        field = snake(name)
        if integer and (
            field in ("id", "pmi") or field.endswith("_id") or field in _DIGIT_ID_FIELDS
        ):
            return NumberHint(1_000_000_000, 99_999_999_999, strong=True)
        return _NUMERIC_HINTS.get(field) or _numeric_by_suffix(field)


def _url_kind_name(field: str) -> str | None:
    return {
        "join_url": "join-url",
        "start_url": "start-url",
        "download_url": "download-url",
        "play_url": "play-url",
        "registration_url": "register-url",
    }.get(field)


def _kind_for_name(field: str, example: Any) -> str | None:
    shape = example if isinstance(example, str) else None
    rules: list[tuple[bool, str, Callable[[str], bool]]] = [
        (
            field == "uuid" or field.endswith("_uuid"),
            "zoom-uuid",
            lambda text: bool(_ZOOM_UUID_SHAPE.match(text)),
        ),
        (
            _url_kind_name(field) is not None,
            _url_kind_name(field) or "",
            lambda text: text.startswith("http"),
        ),
        (
            field in ("url", "uri") or field.endswith(("_url", "_uri")),
            "url",
            lambda text: text.startswith("http"),
        ),
        (
            field == "email" or field.endswith(("_email", "email_address")),
            "email",
            lambda text: "@" in text,
        ),
        (field == "first_name", "first-name", lambda text: True),
        (field == "last_name", "last-name", lambda text: True),
        (field == "name", "full-name", lambda text: False),
        (_is_person_name(field), "full-name", lambda text: True),
        (field == "topic" or field.endswith("_topic"), "topic", lambda text: True),
        (field == "agenda", "agenda", lambda text: True),
        (
            field in ("timezone", "time_zone")
            or field.endswith(("_timezone", "_time_zone")),
            "time-zone",
            lambda text: "/" in text or text == "UTC",
        ),
        (
            "phone" in field or field in ("mobile", "fax"),
            "phone",
            lambda text: sum(ch.isdigit() for ch in text) >= 6,
        ),
        (
            _is_date_time_field(field),
            "start-time" if "start" in field else "date-time",
            lambda text: bool(_DATETIME_SHAPE.match(text)),
        ),
        (
            field == "date" or field.endswith("_date"),
            "date",
            lambda text: bool(_DATE_SHAPE.match(text)),
        ),
        (
            field in ("password", "passcode", "pstn_password", "h323_password")
            or field.endswith("_passcode"),
            "passcode",
            lambda text: True,
        ),
        (field in ("dept", "department"), "department", lambda text: True),
        (field == "job_title", "job-title", lambda text: True),
        (field in ("company", "company_name"), "company", lambda text: True),
        (field in ("city", "location"), "city", lambda text: True),
        (field in ("language", "locale"), "language", lambda text: True),
        (field in ("country", "country_code"), "country", lambda text: len(text) == 2),
    ]
    for applies, kind_name, fits in rules:
        if applies:
            return kind_name if shape is None or fits(shape) else None

    if (
        field in ("id", "ids")
        or field.endswith(("_id", "_ids"))
        or field in _DIGIT_ID_FIELDS
    ):
        return _id_kind(field, shape)
    return _kind_for_example(shape)


def _kind_for_example(example: str | None) -> str | None:
    """A field we know nothing about still gets fresh values shaped like its example."""
    if example is None:
        return None
    if _EMAIL_SHAPE.match(example):
        return "any-email"
    if _DATETIME_SHAPE.match(example):
        return "date-time"
    if _DATE_SHAPE.match(example):
        return "date"
    return None


def _id_kind(field: str, example: str | None) -> str | None:
    if example is None:
        return "digits" if field in _DIGIT_ID_FIELDS else "user-id"
    if _DIGITS_SHAPE.match(example):
        return "digits"
    if _ZOOM_UUID_SHAPE.match(example):
        return "zoom-uuid"
    if _USER_ID_SHAPE.match(example):
        return "user-id"
    return None


def _is_person_name(field: str) -> bool:
    if field in ("display_name", "full_name", "user_name"):
        return True
    prefix, _, suffix = field.rpartition("_")
    return suffix == "name" and prefix in _PERSON_PREFIXES


def _is_date_time_field(field: str) -> bool:
    return field in ("time", "timestamp", "date_time") or field.endswith(
        ("_time", "_at", "_date_time", "_timestamp")
    )


_NUMERIC_HINTS = {
    "page_size": NumberHint(30, 30),
    "page_number": NumberHint(1, 1),
    "page_count": NumberHint(1, 1),
    "total_records": NumberHint(0, 120),
    "duration": NumberHint(15, 120, step=15),
    "participants_count": NumberHint(2, 40),
    "port": NumberHint(1024, 65535),
}


def _numeric_by_suffix(field: str) -> NumberHint | None:
    if (
        field.endswith(("_count", "_number"))
        or field.startswith("total_")
        or field == "count"
    ):
        return NumberHint(0, 60)
    if field.endswith("_size"):
        return NumberHint(1024, 2_000_000_000)
    if field.endswith(("percent", "percentage", "_rate")):
        return NumberHint(0, 100)
    return None
