"""Meetings over HTTP: lists, the create-read-update-delete cycle, summaries, people.

Expected values come from the seed files in data/, read here the way a client
would see them, so that the tests follow the data when it is regenerated.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from tests.contract import ContractClient
from tests.seed import SEED_DATA, seed_meeting, seed_meetings, twice_encoded


def zoom_weekday_list_is_single(meeting: dict[str, Any]) -> bool:
    """Zoom's schema only admits one weekday; several are valid in Zoom itself."""
    days = (meeting.get("recurrence") or {}).get("weekly_days", "1")
    return "," not in days


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def walk(http: ContractClient, path: str, key: str, **params: Any) -> list[Any]:
    """Every record of a token-paged list, page by page."""
    seen: list[Any] = []
    token = ""
    while True:
        page = http.get(path, params={**params, "next_page_token": token}).json()
        seen += page[key]
        token = page["next_page_token"]
        if not token:
            return seen


# Listing a host's meetings.


def test_list_of_the_sample_user_matches_the_seed(client: ContractClient) -> None:
    hosted = [m for m in seed_meetings() if m["host_id"] == "abc123"]

    response = client.get(
        "/users/abc123/meetings", params={"from": "2026-01-01", "to": "2026-12-31"}
    )

    body = response.json()
    assert response.status_code == 200
    assert body["total_records"] == len(hosted) == len(body["meetings"])
    assert {m["id"] for m in body["meetings"]} == {m["id"] for m in hosted}
    first = body["meetings"][0]
    assert first["join_url"].startswith(f"https://zoom.us/j/{first['id']}")
    assert "summary" not in first and "vtt_data" not in first
    starts = [m["start_time"] for m in body["meetings"]]
    assert starts == sorted(starts)


def test_list_defaults_to_the_configured_year(client: ContractClient) -> None:
    default = client.get("/users/abc123/meetings").json()
    explicit = client.get(
        "/users/abc123/meetings", params={"from": "2026-01-01", "to": "2026-12-31"}
    ).json()
    outside = client.get(
        "/users/abc123/meetings", params={"from": "2025-01-01", "to": "2025-12-31"}
    ).json()

    assert default["meetings"] == explicit["meetings"]
    assert outside["total_records"] == 0 and outside["meetings"] == []


def test_date_range_is_inclusive_on_the_utc_start_day(client: ContractClient) -> None:
    meeting = seed_meeting(lambda m: m["host_id"] == "abc123")
    day = utc(meeting["start_time"]).date()

    def listed(first: date, last: date) -> set[int]:
        params = {"from": first.isoformat(), "to": last.isoformat()}
        body = client.get("/users/abc123/meetings", params=params).json()
        return {m["id"] for m in body["meetings"]}

    assert meeting["id"] in listed(day, day)
    assert meeting["id"] not in listed(day + timedelta(days=1), date(2026, 12, 31))
    assert meeting["id"] not in listed(date(2026, 1, 1), day - timedelta(days=1))


def test_changed_default_range_applies_without_query(fresh_mock) -> None:
    march = [
        m
        for m in seed_meetings()
        if m["host_id"] == "abc123" and m["start_time"].startswith("2026-03")
    ]
    options = {"date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31)}
    with fresh_mock(**options) as url, ContractClient(url) as http:
        body = http.get("/users/abc123/meetings").json()

    assert {m["id"] for m in body["meetings"]} == {m["id"] for m in march}


def test_backwards_range_and_bad_dates_are_400(client: ContractClient) -> None:
    backwards = client.get(
        "/users/abc123/meetings", params={"from": "2026-05-01", "to": "2026-01-01"}
    )
    not_a_date = client.get("/users/abc123/meetings", params={"from": "yesterday"})

    assert backwards.status_code == 400 and backwards.json()["code"] == 300
    assert [e["field"] for e in backwards.json()["errors"]] == ["from"]
    assert not_a_date.status_code == 400
    assert [e["field"] for e in not_a_date.json()["errors"]] == ["from"]


def test_pages_walk_without_duplicates_or_gaps(client: ContractClient) -> None:
    host = "abc123"
    everything = client.get(f"/users/{host}/meetings", params={"page_size": 300})
    all_ids = [m["id"] for m in everything.json()["meetings"]]

    walked = walk(client, f"/users/{host}/meetings", "meetings", page_size=2)
    first = client.get(f"/users/{host}/meetings", params={"page_size": 2}).json()
    second = client.get(
        f"/users/{host}/meetings", params={"page_size": 2, "page_number": 2}
    ).json()

    assert len(all_ids) > 4
    assert [m["id"] for m in walked] == all_ids
    assert first["page_count"] == (len(all_ids) + 1) // 2
    assert first["next_page_token"] != ""
    assert [m["id"] for m in second["meetings"]] == all_ids[2:4]


def test_last_page_has_an_empty_token(client: ContractClient) -> None:
    body = client.get("/users/abc123/meetings", params={"page_size": 300}).json()

    assert body["next_page_token"] == ""
    assert body["page_size"] == 300


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"next_page_token": "not-ours"}, "next_page_token"),
        ({"page_size": 0}, "page_size"),
        ({"page_size": 301}, "page_size"),
        ({"type": "someday"}, "type"),
    ],
)
def test_bad_list_parameters_are_code_300(
    client: ContractClient, params: dict[str, Any], field: str
) -> None:
    response = client.get("/users/abc123/meetings", params=params)

    assert response.status_code == 400
    assert response.json()["code"] == 300
    assert [error["field"] for error in response.json()["errors"]] == [field]


def test_unknown_host_is_1001(client: ContractClient) -> None:
    response = client.get("/users/nobody-at-all/meetings")

    assert response.status_code == 404 and response.json()["code"] == 1001


def test_list_types_follow_the_clock(fresh_mock) -> None:
    wide = {"from": "2020-01-01", "to": "2035-12-31"}
    with fresh_mock() as url, ContractClient(url) as http:
        future = http.post(
            "/users/abc123/meetings",
            json={"topic": "Far ahead", "start_time": "2034-06-01T10:00:00Z"},
        ).json()
        instant = http.post("/users/abc123/meetings", json={"type": 1}).json()

        def ids(kind: str) -> set[int]:
            body = http.get(
                "/users/abc123/meetings", params={**wide, "type": kind}
            ).json()
            return {m["id"] for m in body["meetings"]}

        scheduled, live = ids("scheduled"), ids("live")
        upcoming, previous = ids("upcoming"), ids("previous_meetings")
        upcoming_meetings = ids("upcoming_meetings")

    past = {
        m["id"]
        for m in seed_meetings()
        if m["host_id"] == "abc123"
        and utc(m["start_time"]) + timedelta(minutes=m["duration"])
        < datetime.now(UTC) - timedelta(minutes=5)
        and not m.get("occurrences")
    }
    assert future["id"] in upcoming and future["id"] not in previous
    assert instant["id"] in live and instant["id"] in upcoming
    assert future["id"] not in live
    assert past and past <= previous
    assert upcoming == upcoming_meetings
    assert upcoming | previous == scheduled and not upcoming & previous


# One meeting: create, read, update, delete.


def test_create_read_update_delete_cycle(fresh_mock) -> None:
    body = {
        "topic": "Quarterly planning",
        "type": 2,
        "start_time": "2026-07-01T09:00:00",
        "timezone": "Europe/Berlin",
        "duration": 90,
        "agenda": "Goals and budget.",
        "settings": {"waiting_room": True, "jbh_time": 5},
    }
    with fresh_mock() as url, ContractClient(url) as http:
        created = http.post("/v2/users/abc123/meetings", json=body)
        meeting = created.json()
        path = f"/meetings/{meeting['id']}"
        read = http.get(path).json()
        scoped = http.get(f"/users/abc123/meetings/{meeting['id']}").json()
        listed = http.get("/users/abc123/meetings").json()["meetings"]

        updated = http.patch(path, json={"topic": "Planning", "duration": 45})
        after_update = http.get(path).json()
        deleted = http.delete(path)
        gone = http.get(path)
        listed_after = http.get("/users/abc123/meetings").json()["meetings"]

    assert created.status_code == 201
    assert 10 <= len(str(meeting["id"])) <= 11 and meeting["uuid"]
    assert meeting["start_time"] == "2026-07-01T07:00:00Z"
    assert meeting["host_id"] == "abc123" and meeting["password"]
    assert meeting["join_url"].startswith(f"https://zoom.us/j/{meeting['id']}")
    assert meeting["start_url"].startswith(f"https://zoom.us/s/{meeting['id']}")
    assert meeting["settings"]["waiting_room"] is True
    assert meeting["settings"]["jbh_time"] == 5
    assert read == meeting == scoped
    assert meeting["id"] in {m["id"] for m in listed}

    assert updated.status_code == 204 and updated.content == b""
    assert after_update["topic"] == "Planning" and after_update["duration"] == 45
    assert after_update["agenda"] == "Goals and budget."
    assert deleted.status_code == 204
    assert gone.status_code == 404 and gone.json()["code"] == 3001
    assert meeting["id"] not in {m["id"] for m in listed_after}


def test_host_scoped_forms_check_the_host(fresh_mock) -> None:
    mine = seed_meeting(lambda m: m["host_id"] == "abc123")
    theirs = seed_meeting(lambda m: m["host_id"] != "abc123")
    with fresh_mock() as url, ContractClient(url) as http:
        legacy = http.get("/users/abc123/meetings/meeting123")
        wrong_host = http.get(f"/users/abc123/meetings/{theirs['id']}")
        wrong_patch = http.patch(
            f"/users/abc123/meetings/{theirs['id']}", json={"topic": "x"}
        )
        patched = http.patch(
            f"/users/abc123/meetings/{mine['id']}", json={"agenda": "New agenda"}
        )
        after = http.get(f"/meetings/{mine['id']}").json()
        deleted = http.delete(f"/users/abc123/meetings/{mine['id']}")
        gone = http.get(f"/users/abc123/meetings/{mine['id']}")

    assert legacy.status_code == 200 and legacy.json()["host_id"] == "abc123"
    assert "meeting123" not in json.dumps(legacy.json())
    for response in (wrong_host, wrong_patch, gone):
        assert response.status_code == 404 and response.json()["code"] == 3001
    assert patched.status_code == 204 and after["agenda"] == "New agenda"
    assert deleted.status_code == 204


def test_recurring_meeting_occurrences(fresh_mock) -> None:
    body = {
        "topic": "Tuesday review",
        "type": 8,
        "start_time": "2026-09-01T15:00:00Z",
        "timezone": "UTC",
        "duration": 30,
        "recurrence": {"type": 2, "weekly_days": "3", "end_times": 4},
    }
    with fresh_mock() as url, ContractClient(url) as http:
        meeting = http.post("/users/abc123/meetings", json=body).json()
        path = f"/meetings/{meeting['id']}"
        second = meeting["occurrences"][1]["occurrence_id"]
        one = http.get(path, params={"occurrence_id": second}).json()
        moved = http.patch(
            path,
            params={"occurrence_id": second},
            json={"start_time": "2026-09-09T16:00:00Z"},
        )
        cancelled = http.delete(
            path, params={"occurrence_id": meeting["occurrences"][2]["occurrence_id"]}
        )
        after = http.get(path).json()
        unknown = http.delete(path, params={"occurrence_id": "123"})

    starts = [o["start_time"] for o in meeting["occurrences"]]
    assert starts == [
        "2026-09-01T15:00:00Z",
        "2026-09-08T15:00:00Z",
        "2026-09-15T15:00:00Z",
        "2026-09-22T15:00:00Z",
    ]
    assert meeting["start_time"] == starts[0]
    assert one["start_time"] == starts[1]
    assert moved.status_code == 204 and cancelled.status_code == 204
    assert after["occurrences"][1]["start_time"] == "2026-09-09T16:00:00Z"
    assert [o["status"] for o in after["occurrences"]].count("deleted") == 1
    assert unknown.status_code == 400
    assert [e["field"] for e in unknown.json()["errors"]] == ["occurrence_id"]


def test_create_rejects_what_zoom_rejects(client: ContractClient) -> None:
    users = [
        json.loads(path.read_text(encoding="utf-8"))
        for path in sorted((SEED_DATA / "users").glob("*.json"))
    ]
    unhosting = next(user for user in users if user["type"] in (4, 99))

    broken = client.post(
        "/users/abc123/meetings",
        json={"type": 5, "duration": 0, "password": "x" * 11, "topic": 7},
    )
    no_rule = client.post("/users/abc123/meetings", json={"type": 8})
    weekly = client.post(
        "/users/abc123/meetings",
        json={"type": 8, "recurrence": {"type": 2, "end_times": 2}},
    )
    zone = client.post("/users/abc123/meetings", json={"timezone": "Mars/Base"})
    plan = client.post(f"/users/{unhosting['id']}/meetings", json={})
    no_user = client.post("/users/nobody-at-all/meetings", json={})

    fields = sorted(error["field"] for error in broken.json()["errors"])
    assert broken.status_code == 400 and broken.json()["code"] == 300
    assert fields == ["duration", "password", "topic", "type"]
    assert [e["field"] for e in no_rule.json()["errors"]] == ["recurrence"]
    assert [e["field"] for e in weekly.json()["errors"]] == ["recurrence.weekly_days"]
    assert [e["field"] for e in zone.json()["errors"]] == ["timezone"]
    assert plan.status_code == 400 and plan.json()["code"] == 3161
    assert no_user.status_code == 404 and no_user.json()["code"] == 1001


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"start_time": "2026-02-30T10:00:00Z"}, "start_time"),
        ({"start_time": "9999-12-31T23:59:59-05:00"}, "start_time"),
        (
            {
                "type": 8,
                "recurrence": {"type": 1, "end_date_time": "2020-01-01T00:00:00Z"},
            },
            "recurrence.end_date_time",
        ),
        (
            {
                "type": 8,
                "recurrence": {
                    "type": 1,
                    "end_times": 2,
                    "end_date_time": "2027-01-01T00:00:00Z",
                },
            },
            "recurrence.end_date_time",
        ),
    ],
    ids=["no-such-day", "beyond-2100", "ends-before-start", "two-ends"],
)
def test_impossible_schedules_are_400(
    client: ContractClient, body: dict[str, Any], field: str
) -> None:
    response = client.post("/users/abc123/meetings", json=body)

    assert response.status_code == 400 and response.json()["code"] == 300
    assert [error["field"] for error in response.json()["errors"]] == [field]


def test_failed_update_changes_nothing(client: ContractClient) -> None:
    mine = seed_meeting(lambda m: m["host_id"] == "abc123")

    before = client.get(f"/meetings/{mine['id']}").json()
    failed = client.patch(
        f"/meetings/{mine['id']}", json={"topic": "New", "timezone": "Nowhere/X"}
    )
    after = client.get(f"/meetings/{mine['id']}").json()

    assert failed.status_code == 400
    assert after == before


def test_unknown_meeting_token_and_method(base_url: str) -> None:
    with ContractClient(base_url) as http:
        unknown = http.get("/meetings/12345678901")
        delete_unknown = http.delete("/meetings/12345678901")
        wrong_method = http.put("/meetings/12345678901")
        del http.headers["Authorization"]
        no_token = http.get("/users/abc123/meetings")

    for response in (unknown, delete_unknown):
        assert response.status_code == 404 and response.json()["code"] == 3001
        assert "12345678901" in response.json()["message"]
    assert wrong_method.status_code == 405
    assert wrong_method.json()["error"]["code"] == "405"
    assert no_token.status_code == 401 and no_token.json()["code"] == 124


def test_get_meeting_shows_zoom_fields_only(client: ContractClient) -> None:
    seeded = seed_meeting(
        lambda m: bool(m.get("recording_files")) and zoom_weekday_list_is_single(m)
    )

    plain = client.get(f"/meetings/{seeded['id']}").json()
    prefixed = client.get(f"/v2/meetings/{seeded['id']}").json()

    assert plain == prefixed
    assert plain["uuid"] == seeded["uuid"] and plain["topic"] == seeded["topic"]
    for internal in ("summary", "vtt_data", "recording_files", "participants"):
        assert internal not in plain


def test_base_url_leads_every_meeting_link(fresh_mock) -> None:
    meeting = seed_meeting(zoom_weekday_list_is_single)
    with (
        fresh_mock(base_url="https://mock.example.test") as url,
        ContractClient(url) as http,
    ):
        read = http.get(f"/meetings/{meeting['id']}").json()
        listed = http.get(f"/users/{meeting['host_id']}/meetings").json()

    assert read["join_url"].startswith("https://mock.example.test/j/")
    assert read["start_url"].startswith("https://mock.example.test/s/")
    assert all(
        m["join_url"].startswith("https://mock.example.test/")
        for m in listed["meetings"]
    )


# Summaries and past participants.


def slash_uuid_meeting() -> dict[str, Any]:
    return seed_meeting(lambda m: m["uuid"].startswith("/") and m.get("summary"))


def test_summary_by_id_uuid_and_legacy_id(client: ContractClient) -> None:
    meeting = slash_uuid_meeting()
    legacy = seed_meeting(lambda m: "meeting123" in m.get("legacy_ids", ()))

    by_id = client.get(f"/meetings/{meeting['id']}/meeting_summary")
    by_uuid = client.get(f"/meetings/{twice_encoded(meeting['uuid'])}/meeting_summary")
    by_legacy = client.get("/v2/meetings/meeting123/meeting_summary")

    body = by_id.json()
    assert by_id.status_code == 200 and by_uuid.json() == body
    assert body["meeting_uuid"] == meeting["uuid"]
    assert body["meeting_id"] == meeting["id"]
    assert body["summary_title"] == meeting["summary"]["title"]
    assert body["summary_overview"] == meeting["summary"]["overview"]
    assert body["summary_details"] == meeting["summary"]["details"]
    assert body["next_steps"] == meeting["summary"]["next_steps"]
    assert body["meeting_start_time"] <= body["meeting_end_time"]
    assert by_legacy.json()["meeting_id"] == legacy["id"]


def test_a_slash_uuid_encoded_once_also_works(client: ContractClient) -> None:
    meeting = seed_meeting(
        lambda m: (
            "/" in m["uuid"][1:]
            and not m["uuid"].startswith("/")
            and "//" not in m["uuid"]
            and bool(m.get("summary"))
        )
    )

    once = client.get(f"/meetings/{quote(meeting['uuid'], safe='')}/meeting_summary")
    twice = client.get(f"/meetings/{twice_encoded(meeting['uuid'])}/meeting_summary")

    assert once.status_code == 200
    assert once.json() == twice.json()
    assert once.json()["meeting_uuid"] == meeting["uuid"]


def test_an_encoded_slash_does_not_split_a_path(client: ContractClient) -> None:
    response = client.get("/users/abc123%2Fmeetings")

    assert response.status_code == 404
    assert response.json()["code"] == 1001


def test_summary_missing_is_3001(client: ContractClient) -> None:
    future = seed_meeting(lambda m: not m.get("summary"))

    no_summary = client.get(f"/meetings/{future['id']}/meeting_summary")
    unknown = client.get("/meetings/no-such-meeting/meeting_summary")

    assert no_summary.status_code == 404 and no_summary.json()["code"] == 3001
    assert unknown.status_code == 404 and unknown.json()["code"] == 3001


def test_summary_can_be_deleted(fresh_mock) -> None:
    meeting = seed_meeting(lambda m: bool(m.get("summary")))
    with fresh_mock() as url, ContractClient(url) as http:
        deleted = http.delete(f"/meetings/{meeting['id']}/meeting_summary")
        after = http.get(f"/meetings/{meeting['id']}/meeting_summary")

    assert deleted.status_code == 204
    assert after.status_code == 404 and after.json()["code"] == 3001


def test_past_participants_page_by_token(client: ContractClient) -> None:
    meeting = seed_meeting(lambda m: len(m.get("participants") or ()) >= 3)
    path = f"/past_meetings/{twice_encoded(meeting['uuid'])}/participants"

    walked = walk(client, path, "participants", page_size=2)
    first = client.get(path, params={"page_size": 2}).json()
    by_id = client.get(f"/past_meetings/{meeting['id']}/participants").json()
    bad_token = client.get(path, params={"next_page_token": "%%%"})

    assert bad_token.status_code == 400 and bad_token.json()["code"] == 300
    assert walked == meeting["participants"] == by_id["participants"]
    assert first["total_records"] == len(meeting["participants"])
    assert first["page_size"] == 2 and first["next_page_token"]
    assert by_id["next_page_token"] == ""


def test_past_participants_of_a_meeting_not_held(client: ContractClient) -> None:
    future = seed_meeting(lambda m: not m.get("participants"))

    not_held = client.get(f"/past_meetings/{future['id']}/participants")
    unknown = client.get("/past_meetings/424242/participants")

    assert not_held.status_code == 404 and not_held.json()["code"] == 3001
    assert unknown.status_code == 404 and unknown.json()["code"] == 3001


def test_persist_writes_meetings_and_host_lists(fresh_mock, tmp_path: Path) -> None:
    data = tmp_path / "data"
    with fresh_mock(persist=True) as url, ContractClient(url) as http:
        created = http.post("/users/abc123/meetings", json={"topic": "Kept"}).json()
        meeting_file = data / "meetings" / f"{created['id']}.json"
        written = json.loads(meeting_file.read_text(encoding="utf-8"))
        host = json.loads((data / "users" / "abc123.json").read_text("utf-8"))
        http.delete(f"/meetings/{created['id']}")
        host_after = json.loads((data / "users" / "abc123.json").read_text("utf-8"))

    assert written["topic"] == "Kept" and "join_url" not in written
    assert created["id"] in host["meeting_ids"]
    assert not meeting_file.exists()
    assert created["id"] not in host_after["meeting_ids"]


def test_a_created_meeting_is_found_by_uuid_until_it_is_deleted(fresh_mock) -> None:
    body = {"topic": "Index check", "type": 2, "start_time": "2026-06-01T10:00:00Z"}
    with fresh_mock() as url, ContractClient(url) as http:
        created = http.post("/users/abc123/meetings", json=body).json()
        by_uuid = f"/meetings/{twice_encoded(created['uuid'])}/meeting_summary"
        before = http.get(by_uuid)
        http.delete(f"/meetings/{created['id']}")
        after = http.get(by_uuid)

    assert before.status_code == 404 and str(created["id"]) in before.json()["message"]
    assert (
        after.status_code == 404 and str(created["id"]) not in after.json()["message"]
    )


# Starts in a zone's repeated hour (when the clocks go back).


@pytest.mark.parametrize(
    ("zone", "first", "second"),
    [
        # 01:30 happens twice in New York on 2026-11-01: at 05:30Z and 06:30Z.
        ("America/New_York", "2026-11-01T05:30:00Z", "2026-11-01T06:30:00Z"),
        # 02:30 happens twice in Berlin on 2026-10-25: at 00:30Z and 01:30Z.
        ("Europe/Berlin", "2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z"),
    ],
)
def test_meetings_in_the_repeated_hour_keep_their_own_start(
    client: ContractClient, zone: str, first: str, second: str
) -> None:
    """The same local clock time twice is two instants; each recurring meeting
    keeps the one it was created with, in either order."""
    for start in (first, second, first):
        body = {
            "topic": f"repeated hour {start}",
            "type": 8,
            "start_time": start,
            "timezone": zone,
            "recurrence": {"type": 1, "repeat_interval": 1, "end_times": 2},
        }
        response = client.post("/users/me/meetings", json=body)
        assert response.status_code == 201, response.text
        meeting = response.json()

        assert meeting["start_time"] == start
        assert meeting["occurrences"][0]["start_time"] == start


@pytest.mark.parametrize("path", ["/users", "/users/me/meetings"])
def test_a_page_number_past_any_page_is_refused_by_name(
    client: ContractClient, path: str
) -> None:
    response = client.get(path, params={"page_number": "9" * 23})

    assert response.status_code == 400, response.text
    assert [error["field"] for error in response.json()["errors"]] == ["page_number"]
    last = client.get(path, params={"page_number": 2**31 - 1})
    assert last.status_code == 200
    assert last.json()["page_number"] == 2**31 - 1
