"""Realistic bodies look like Zoom's, follow the settings and cost microseconds."""

from __future__ import annotations

import re
import time
import zoneinfo
from datetime import date, datetime

import jsonschema
import pytest
from zoom_mock.generator import Generator, GeneratorSettings, stable_seed

from tests.generator import support
from tests.generator.support import component, errors, fixture, walk

SEEDS = range(40)
SETTINGS = GeneratorSettings(
    date_from=date(2026, 3, 1),
    date_to=date(2026, 3, 31),
    base_url="http://127.0.0.1:9999/",
)
E164 = re.compile(r"^\+\d{11,14}$")
ZOOM_UUID = re.compile(r"^[A-Za-z0-9+/]{22}==$")
USER_ID = re.compile(r"^[A-Za-z0-9_-]{22}$")


@pytest.fixture(scope="module")
def meeting() -> list[dict]:
    plan = component(Generator(SETTINGS), "realistic_fields", "Meeting")
    return [plan.realistic(seed) for seed in SEEDS]


def in_range(stamp: str) -> bool:
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00")).date()
    return SETTINGS.date_from <= moment <= SETTINGS.date_to


def test_ids_have_zoom_shapes(meeting: list[dict]) -> None:
    for body in meeting:
        assert isinstance(body["id"], int) and 10 <= len(str(body["id"])) <= 11
        assert ZOOM_UUID.match(body["uuid"])
        assert USER_ID.match(body["host_id"])
    assert len({body["id"] for body in meeting}) > len(meeting) // 2


def test_dates_and_times_lie_inside_the_configured_range(meeting: list[dict]) -> None:
    for body in meeting:
        assert in_range(body["start_time"]) and in_range(body["created_at"])
        assert (
            SETTINGS.date_from
            <= date.fromisoformat(body["end_date"])
            <= SETTINGS.date_to
        )
        assert body["start_time"].endswith(("00:00Z", "15:00Z", "30:00Z", "45:00Z"))


def test_links_point_at_the_base_url(meeting: list[dict]) -> None:
    root = "http://127.0.0.1:9999"
    for body in meeting:
        assert re.match(rf"^{re.escape(root)}/j/\d{{10,11}}$", body["join_url"])
        assert body["start_url"].startswith(f"{root}/s/")
        assert body["download_url"].startswith(f"{root}/rec/download/")
        assert body["play_url"].startswith(f"{root}/rec/play/")


def test_people_are_consistent_within_one_object(meeting: list[dict]) -> None:
    for body in meeting:
        host = body["host"]
        assert host["display_name"] == f"{host['first_name']} {host['last_name']}"
        assert host["email"].startswith(
            f"{host['first_name']}.{host['last_name']}@".lower()
        )
        assert "@" in body["host_email"]
    assert len({body["host"]["display_name"] for body in meeting}) > 10


def test_text_fields_read_like_text(meeting: list[dict]) -> None:
    zones = zoneinfo.available_timezones()
    for body in meeting:
        assert body["timezone"] in zones
        assert E164.match(body["phone_number"])
        assert body["topic"] and body["topic"][0].isupper()
        assert body["agenda"].endswith(".")


def test_every_body_validates(meeting: list[dict]) -> None:
    plan = component(Generator(SETTINGS), "realistic_fields", "Meeting")
    assert all(errors(body, plan) == [] for body in meeting)


def test_same_seed_same_body_other_seed_other_body(generator: Generator) -> None:
    first = component(generator, "realistic_fields", "Meeting")
    again = component(Generator(), "realistic_fields", "Meeting")

    assert first.realistic(5) == again.realistic(5)
    assert first.realistic(5) != first.realistic(6)
    assert first.realistic(stable_seed("getMeeting", "meetingId=1")) == again.realistic(
        stable_seed("getMeeting", "meetingId=1")
    )


def test_valid_examples_are_used_and_invalid_ones_ignored(generator: Generator) -> None:
    plan = component(generator, "examples", "Settings")

    for seed in SEEDS:
        body = plan.realistic(seed)
        assert (body["color"], body["level"], body["enabled"]) == ("teal", 7, False)
        assert len(body["bad_example"]) <= 3
        assert in_range_default(body["start_time"])
    assert len({plan.realistic(seed)["host_email"] for seed in SEEDS}) > 1
    assert any("bad_example" in note for note in plan.notes)


def in_range_default(stamp: str) -> bool:
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00")).date()
    return date(2026, 1, 1) <= moment <= date(2026, 12, 31)


def test_enums_pick_every_member(generator: Generator) -> None:
    plan = component(generator, "nullable", "Contact")

    assert {plan.realistic(seed)["status"] for seed in SEEDS} == {"active", "inactive"}


def test_patterns_and_lengths_are_respected(generator: Generator) -> None:
    plan = component(generator, "pattern", "Codes")

    for seed in SEEDS:
        body = plan.realistic(seed)
        assert re.fullmatch(r"#[0-9a-fA-F]{6}", body["color"])
        assert re.fullmatch(r"[A-Z]{2}-[0-9]{4}", body["code"])
        assert (
            re.fullmatch(r"(INC|REQ)[0-9]+", body["ticket"])
            and 8 <= len(body["ticket"]) <= 10
        )
        assert re.search(r"[0-9]+", body["digits"]) and len(body["digits"]) >= 5
        assert errors(body, plan) == []


def test_array_lengths_and_unique_items(generator: Generator) -> None:
    plan = component(generator, "arrays", "Lists")

    for seed in SEEDS:
        body = plan.realistic(seed)
        assert 1 <= len(body["few"]) <= 2
        assert len(body["many"]) == 30
        assert sorted(body["regions"]) == ["AP", "EU", "US"]
        assert len(body["tags"]) >= 4 and len(set(body["tags"])) == len(body["tags"])
        assert body["empty"] == []


def test_min_properties_on_a_map_is_met(generator: Generator) -> None:
    plan = component(generator, "additional_properties", "Labels")

    for seed in SEEDS:
        body = plan.realistic(seed)
        assert len(body) >= 2 and all(0 <= value <= 9 for value in body.values())


def test_closed_objects_hold_only_declared_properties(generator: Generator) -> None:
    plan = component(generator, "additional_properties", "Closed")

    for seed in SEEDS:
        assert set(plan.realistic(seed)) <= {"name", "note"}
        assert set(plan.fuzz(seed)) <= {"name", "note"}


def test_generating_uses_neither_jsonschema_nor_hypothesis(
    generator: Generator, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = component(generator, "realistic_fields", "Meeting")

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("called while generating")

    monkeypatch.setattr(jsonschema.Draft7Validator, "iter_errors", forbidden)
    monkeypatch.setattr(jsonschema.Draft7Validator, "is_valid", forbidden)
    monkeypatch.setattr("zoom_mock.generator.realistic.draw", forbidden)
    for seed in range(200):
        plan.realistic(seed)


def test_a_meeting_sized_body_costs_well_under_a_millisecond() -> None:
    document = fixture("realistic_fields")
    schema = meeting_sized_schema()
    plan = Generator().compile(schema, document)

    count = 2000
    started = time.perf_counter()
    for seed in range(count):
        plan.realistic(seed)
    per_body = (time.perf_counter() - started) / count

    assert len(walk(plan.realistic(1))) > 150
    assert per_body < 0.001, f"{per_body * 1e6:.0f} µs per body"


def meeting_sized_schema() -> dict:
    """About as many fields as Zoom's meeting object: a meeting plus settings."""
    settings = {
        f"setting_{index}": {
            "type": "boolean" if index % 3 else "string",
            "example": True if index % 3 else "on",
        }
        for index in range(90)
    }
    return {
        "type": "object",
        "properties": {
            "meeting": {"$ref": "#/components/schemas/Meeting"},
            "settings": {"type": "object", "properties": settings},
            "occurrences": {
                "type": "array",
                "minItems": 3,
                "maxItems": 3,
                "items": {"$ref": "#/components/schemas/Meeting"},
            },
        },
    }


def test_support_module_finds_the_fixtures() -> None:
    assert support.FIXTURES.is_dir() and (support.FIXTURES / "arrays.yaml").is_file()
