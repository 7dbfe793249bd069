"""Calendar over HTTP: seeded reads on the shared mock, changes on private ones.

Every response passes through ContractClient, so each call is also checked
against specs/calendar.yaml and, for successes, against Zoom's Calendar schema.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from jsonschema import Draft4Validator

from tests.conftest import SEED_DATA, running_mock
from tests.contract import ContractClient, find_route, our_routes

FreshMock = Callable[..., Any]
OWNER_EMAIL = "nadia.rahman@lumenforge.io"
COLLEAGUE_EMAIL = "aoife.byrne@lumenforge.io"


def walk(
    client: httpx.Client,
    path: str,
    max_results: int,
    token: str | None = None,
    **params: Any,
) -> list[Any]:
    """Every item of a Google-style paged list from `token` on, page by page."""
    items: list[Any] = []
    for _ in range(100):
        query = {**params, "maxResults": max_results}
        if token:
            query["pageToken"] = token
        body = client.get(path, params=query).json()
        assert len(body["items"]) <= max_results
        items += body["items"]
        token = body.get("nextPageToken")
        if not token:
            return items
    raise AssertionError(f"{path} never reached its last page.")


def assert_not_found(response: httpx.Response) -> None:
    assert response.status_code == 404
    assert response.json()["code"] == 404
    assert response.json()["error"]["code"] == "404"


def assert_bad_field(response: httpx.Response, field: str) -> None:
    """A schema violation: `Validation Failed.`, code 300, naming `field`."""
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == 300
    assert field in [error["field"] for error in body["errors"]]


def spec_accepts(method: str, path: str, body: Any) -> bool:
    """Whether our spec's JSON request schema for `method path` accepts `body`."""
    route = find_route(our_routes(), method, path)
    assert route is not None, f"{method} {path} is not in our spec"
    schema = route.operation["requestBody"]["content"]["application/json"]["schema"]
    validator = Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)
    return validator.is_valid(body)


def assert_refused(response: httpx.Response, reason: str) -> None:
    """A request that fits the spec but breaks a Calendar rule: 400, code 400."""
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["code"] == 400
    assert body["message"].startswith(reason), body["message"]
    assert "errors" not in body


def new_calendar(client: httpx.Client, summary: str, zone: str = "UTC") -> str:
    response = client.post("/calendars", json={"summary": summary, "timeZone": zone})
    assert response.status_code == 200
    return str(response.json()["id"])


def timed(start: str, end: str, **extra: Any) -> dict[str, Any]:
    return {"start": {"dateTime": start}, "end": {"dateTime": end}, **extra}


@pytest.fixture(scope="module")
def own_mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A private mock for tests that only add to calendars they create themselves."""
    data = tmp_path_factory.mktemp("calendar") / "data"
    shutil.copytree(SEED_DATA, data)
    with running_mock(data_dir=Path(data)) as url:
        yield url


# Calendars and the calendar list.


def test_primary_names_the_token_owners_calendar(client: ContractClient) -> None:
    body = client.get("/v2/calendars/primary").json()

    assert body["kind"] == "calendar#calendar"
    assert body["id"] == OWNER_EMAIL
    assert body["etag"].startswith('"')
    assert client.get(f"/calendars/{OWNER_EMAIL}").json() == body


def test_any_known_users_email_is_their_primary_calendar(
    client: ContractClient,
) -> None:
    body = client.get("/calendars/tom.whitaker@quillstone.co").json()

    assert body["id"] == "tom.whitaker@quillstone.co"
    assert body["timeZone"] == "Europe/London"


def test_unknown_calendar_is_a_plain_404(client: ContractClient) -> None:
    assert_not_found(client.get("/calendars/nobody@example.org"))
    assert_not_found(client.get("/calendars/c_missing@group.calendar.zoom.us/events"))
    assert_not_found(client.get("/calendars/nobody@example.org/acl"))


def test_calendar_list_shows_owned_calendars_with_one_primary(
    client: ContractClient,
) -> None:
    body = client.get("/calendars/users/me/calendarList").json()

    assert body["kind"] == "calendar#calendarList"
    assert "nextPageToken" not in body
    primaries = [entry["id"] for entry in body["items"] if entry.get("primary")]
    assert primaries == [OWNER_EMAIL]
    assert {entry["accessRole"] for entry in body["items"]} == {"owner"}
    assert len(body["items"]) >= 3


def test_calendar_list_follows_shared_acl_rules(client: ContractClient) -> None:
    body = client.get(f"/calendars/users/{COLLEAGUE_EMAIL}/calendarList").json()
    roles = {entry["id"]: entry["accessRole"] for entry in body["items"]}

    assert roles[COLLEAGUE_EMAIL] == "owner"
    assert roles[OWNER_EMAIL] == "reader"
    writers = client.get(
        f"/calendars/users/{COLLEAGUE_EMAIL}/calendarList",
        params={"minAccessRole": "writer"},
    ).json()
    assert OWNER_EMAIL not in [entry["id"] for entry in writers["items"]]
    assert {entry["accessRole"] for entry in writers["items"]} <= {"writer", "owner"}


def test_calendar_list_of_unknown_user_is_404(client: ContractClient) -> None:
    assert_not_found(client.get("/calendars/users/nobody@example.org/calendarList"))


def test_calendar_list_pages(client: ContractClient) -> None:
    everything = client.get("/calendars/users/me/calendarList").json()["items"]
    walked = walk(client, "/calendars/users/me/calendarList", 1)

    assert [entry["id"] for entry in walked] == [entry["id"] for entry in everything]


def test_colors_are_the_same_on_every_call(client: ContractClient) -> None:
    first = client.get("/calendars/colors").json()
    second = client.get("/calendars/colors").json()

    assert first == second
    assert first["kind"] == "calendar#colors"
    assert len(first["calendar"]) >= 12 and len(first["event"]) >= 8
    for color in first["calendar"] + first["event"]:
        assert color["value"]["background"].startswith("#")


def test_calendar_lifecycle(fresh_mock: FreshMock) -> None:
    with fresh_mock() as url, ContractClient(url) as client:
        created = client.post(
            "/calendars",
            json={"summary": "Hiring loop", "description": "Interviews"},
        ).json()
        cal_id = created["id"]
        assert created["kind"] == "calendar#calendar"
        assert cal_id.endswith("@group.calendar.zoom.us")
        assert created["timeZone"] == "America/New_York"

        patched = client.patch(
            f"/calendars/{cal_id}", json={"summary": "Hiring", "timeZone": "Asia/Tokyo"}
        ).json()
        assert (patched["summary"], patched["timeZone"]) == ("Hiring", "Asia/Tokyo")
        assert patched["etag"] != created["etag"]
        assert client.get(f"/calendars/{cal_id}").json() == patched
        listed = client.get("/calendars/users/me/calendarList").json()["items"]
        assert cal_id in [entry["id"] for entry in listed]

        bad_zone = client.patch(f"/calendars/{cal_id}", json={"timeZone": "Mars/Base"})
        assert_refused(bad_zone, "Invalid time zone")
        assert_refused(client.delete("/calendars/primary"), "Cannot delete a primary")

        assert client.delete(f"/calendars/{cal_id}").status_code == 204
        assert_not_found(client.get(f"/calendars/{cal_id}"))
        assert_not_found(client.delete(f"/calendars/{cal_id}"))
        assert_not_found(client.get(f"/calendars/{cal_id}/events"))


# Events.


def test_seeded_events_come_in_start_order(client: ContractClient) -> None:
    body = client.get(
        "/calendars/primary/events", params={"orderBy": "startTime"}
    ).json()
    starts = [
        datetime.fromisoformat(event["start"]["dateTime"]) for event in body["items"]
    ]

    assert body["kind"] == "calendar#events"
    assert len(starts) >= 4
    assert starts == sorted(starts)
    assert all(start.year == 2026 for start in starts)


def test_time_window_keeps_overlapping_events(client: ContractClient) -> None:
    everything = client.get("/calendars/primary/events").json()["items"]
    march_fourth = client.get(
        "/calendars/primary/events",
        params={"timeMin": "2026-03-04T00:00:00Z", "timeMax": "2026-03-05T00:00:00Z"},
    ).json()["items"]

    assert [event["summary"] for event in march_fourth] == ["Focus time"]
    assert len(everything) > len(march_fourth)


def test_events_walk_without_duplicates_or_gaps(client: ContractClient) -> None:
    everything = client.get("/calendars/primary/events").json()["items"]
    walked = walk(client, "/calendars/primary/events", 2)

    assert [event["id"] for event in walked] == [event["id"] for event in everything]


@pytest.mark.parametrize(
    "path",
    [
        "/calendars/primary/events",
        "/calendars/primary/acl",
        "/calendars/users/me/calendarList",
    ],
)
def test_foreign_page_token_is_a_400_naming_it(
    client: ContractClient, path: str
) -> None:
    assert_bad_field(client.get(path, params={"pageToken": "not-ours"}), "pageToken")


def test_get_event_and_unknown_event(client: ContractClient) -> None:
    first = client.get("/calendars/primary/events").json()["items"][0]
    fetched = client.get(f"/calendars/primary/events/{first['id']}").json()

    assert fetched == first
    assert_not_found(client.get("/calendars/primary/events/nosuchevent"))
    tokyo = client.get(
        f"/calendars/primary/events/{first['id']}", params={"timeZone": "Asia/Tokyo"}
    ).json()
    assert tokyo["start"]["dateTime"].endswith("+09:00")
    same_instant = datetime.fromisoformat(tokyo["start"]["dateTime"])
    assert same_instant == datetime.fromisoformat(first["start"]["dateTime"])


def test_created_event_is_busy_time_until_deleted(own_mock: str) -> None:
    with ContractClient(own_mock) as client:
        cal_id = new_calendar(client, "Interviews")
        query = {
            "timeMin": "2026-06-01T00:00:00Z",
            "timeMax": "2026-06-02T00:00:00Z",
            "items": [{"id": cal_id}],
        }
        before = client.post("/calendars/freeBusy", json=query).json()
        assert before["calendars"] == [{"id": cal_id, "busy": []}]

        event = client.post(
            f"/calendars/{cal_id}/events",
            json=timed(
                "2026-06-01T10:00:00-04:00",
                "2026-06-01T11:30:00-04:00",
                summary="Panel",
            ),
        ).json()
        assert event["kind"] == "calendar#event"
        after = client.post("/calendars/freeBusy", json=query).json()
        busy = after["calendars"][0]["busy"]
        assert busy == [
            {"start": "2026-06-01T14:00:00Z", "end": "2026-06-01T15:30:00Z"}
        ]

        assert (
            client.delete(f"/calendars/{cal_id}/events/{event['id']}").status_code
            == 204
        )
        assert_not_found(client.get(f"/calendars/{cal_id}/events/{event['id']}"))
        assert_not_found(client.delete(f"/calendars/{cal_id}/events/{event['id']}"))
        emptied = client.post("/calendars/freeBusy", json=query).json()
        assert emptied["calendars"][0]["busy"] == []


def test_freebusy_merges_clips_and_reports_unknown_calendars(own_mock: str) -> None:
    with ContractClient(own_mock) as client:
        cal_id = new_calendar(client, "Overlaps")
        for start, end in (
            ("2026-07-01T09:00:00Z", "2026-07-01T10:00:00Z"),
            ("2026-07-01T09:30:00Z", "2026-07-01T11:00:00Z"),
            ("2026-07-01T23:00:00Z", "2026-07-02T01:00:00Z"),
        ):
            client.post(f"/calendars/{cal_id}/events/import", json=timed(start, end))
        client.post(
            f"/calendars/{cal_id}/events",
            json=timed(
                "2026-07-01T14:00:00Z",
                "2026-07-01T15:00:00Z",
                transparency="transparent",
            ),
        )

        body = client.post(
            "/calendars/freeBusy",
            json={
                "timeMin": "2026-07-01T00:00:00Z",
                "timeMax": "2026-07-02T00:00:00Z",
                "items": [{"id": cal_id}, {"id": "nobody@example.org"}],
            },
        ).json()
        mine, unknown = body["calendars"]
        assert mine["busy"] == [
            {"start": "2026-07-01T09:00:00Z", "end": "2026-07-01T11:00:00Z"},
            {"start": "2026-07-01T23:00:00Z", "end": "2026-07-02T00:00:00Z"},
        ]
        assert unknown == {
            "id": "nobody@example.org",
            "busy": [],
            "errors": [{"domain": "global", "reason": "notFound"}],
        }


def test_freebusy_needs_a_window_longer_than_zero(client: ContractClient) -> None:
    response = client.post(
        "/calendars/freeBusy",
        json={"timeMin": "2026-03-02T00:00:00Z", "timeMax": "2026-03-01T00:00:00Z"},
    )
    assert_refused(response, "Time range empty")


def test_seeded_freebusy_skips_transparent_events(client: ContractClient) -> None:
    body = client.post(
        "/calendars/freeBusy",
        json={
            "timeMin": "2026-03-04T00:00:00Z",
            "timeMax": "2026-03-06T00:00:00Z",
            "items": [{"id": "primary"}],
        },
    ).json()

    busy = body["calendars"][0]["busy"]
    assert [interval["start"][:10] for interval in busy] == ["2026-03-05"]


def test_event_must_end_after_it_starts(client: ContractClient) -> None:
    backwards = client.post(
        f"/calendars/{OWNER_EMAIL}/events/import",
        json=timed("2026-06-01T10:00:00Z", "2026-06-01T09:00:00Z"),
    )
    assert_refused(backwards, "Time range empty")
    mixed = client.post(
        "/calendars/primary/events/import",
        json={
            "start": {"date": "2026-06-01"},
            "end": {"dateTime": "2026-06-02T00:00:00Z"},
        },
    )
    assert_bad_field(mixed, "end.date")
    no_offset = client.post(
        "/calendars/primary/events",
        json=timed("2026-06-01T10:00:00", "2026-06-01T11:00:00"),
    )
    assert_bad_field(no_offset, "start.dateTime")


def test_a_year_outside_1900_to_2999_is_a_rule_not_a_schema_violation(
    client: ContractClient,
) -> None:
    response = client.get(
        "/calendars/primary/events",
        params={
            "timeMin": "0027-08-18T18:48:00.473Z",
            "timeMax": "2191-05-19T19:31:02.2Z",
        },
    )

    assert_refused(response, "Year out of range")
    assert "0027-08-18T18:48:00.473Z" in response.json()["message"]


def test_an_unknown_time_zone_is_refused_by_rule_on_create(
    client: ContractClient,
) -> None:
    response = client.post("/calendars", json={"summary": "0", "timeZone": "0" * 63})

    assert_refused(response, "Invalid time zone")
    assert "0" * 63 in response.json()["message"]


def test_a_zero_length_freebusy_window_is_refused_by_rule(
    client: ContractClient,
) -> None:
    response = client.post(
        "/calendars/freeBusy",
        json={"timeMin": "2000-01-01T00:00:00Z", "timeMax": "2000-01-01T00:00:00Z"},
    )

    assert_refused(response, "Time range empty")


@pytest.mark.parametrize("action", ["", "/import"])
def test_a_boundary_without_date_or_datetime_breaks_the_schema(
    client: ContractClient, action: str
) -> None:
    path = f"/calendars/primary/events{action}"
    body: dict[str, Any] = {"start": {}, "end": {}}

    response = client.post(path, json=body)

    assert not spec_accepts("POST", path, body)
    assert_bad_field(response, "start.date")
    assert_bad_field(response, "end.date")


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        ({"date": "2026-06-01", "dateTime": "2026-06-01T10:00:00Z"}, None, "start"),
        ({"date": "2026-06-01"}, {"dateTime": "2026-06-02T00:00:00Z"}, "end.date"),
    ],
    ids=["both-in-one-boundary", "one-of-each-kind"],
)
def test_boundary_kinds_are_checked_by_the_schema(
    client: ContractClient, start: Any, end: Any, field: str
) -> None:
    body = {"start": start, "end": end or {"date": "2026-06-02"}}

    response = client.post("/calendars/primary/events", json=body)

    assert not spec_accepts("POST", "/calendars/primary/events", body)
    assert_bad_field(response, field)


def test_rfc3339_lower_case_t_and_z_are_accepted(own_mock: str) -> None:
    with ContractClient(own_mock) as client:
        cal_id = new_calendar(client, "Lower case")
        created = client.post(
            f"/calendars/{cal_id}/events",
            json=timed("2026-06-01t10:00:00z", "2026-06-01t11:00:00z"),
        )
        listed = client.get(
            f"/calendars/{cal_id}/events",
            params={"timeMin": "2026-06-01t00:00:00z"},
        )

    assert created.status_code == 200, created.text
    assert [event["id"] for event in listed.json()["items"]] == [created.json()["id"]]


def test_events_of_an_unknown_calendar_cannot_be_created(
    client: ContractClient,
) -> None:
    response = client.post(
        "/calendars/c_missing@group.calendar.zoom.us/events",
        json=timed("2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z"),
    )
    assert_not_found(response)


def test_import_replaces_an_event_with_the_same_ical_uid(own_mock: str) -> None:
    with ContractClient(own_mock) as client:
        cal_id = new_calendar(client, "Imported")
        first = client.post(
            f"/calendars/{cal_id}/events/import",
            json=timed(
                "2026-09-01T08:00:00Z",
                "2026-09-01T09:00:00Z",
                iCalUID="kickoff-2026@example.org",
                summary="Kickoff",
            ),
        ).json()
        second = client.post(
            f"/calendars/{cal_id}/events/import",
            json=timed(
                "2026-09-02T08:00:00Z",
                "2026-09-02T09:00:00Z",
                iCalUID="kickoff-2026@example.org",
                summary="Kickoff (moved)",
            ),
        ).json()

        assert second["id"] == first["id"]
        assert second["iCalUID"] == "kickoff-2026@example.org"
        listed = client.get(f"/calendars/{cal_id}/events").json()["items"]
        assert [event["summary"] for event in listed] == ["Kickoff (moved)"]


def test_move_takes_the_event_to_the_destination(own_mock: str) -> None:
    with ContractClient(own_mock) as client:
        source, target = new_calendar(client, "Source"), new_calendar(client, "Target")
        event = client.post(
            f"/calendars/{source}/events",
            json=timed("2026-10-05T12:00:00Z", "2026-10-05T13:00:00Z", summary="Demo"),
        ).json()

        moved = client.post(
            f"/calendars/{source}/events/{event['id']}/move",
            params={"destination": target},
        ).json()
        assert moved["id"] == event["id"]
        assert moved["organizer"]["email"] == target
        assert_not_found(client.get(f"/calendars/{source}/events/{event['id']}"))
        assert (
            client.get(f"/calendars/{target}/events/{event['id']}").status_code == 200
        )
        assert client.get(f"/calendars/{source}/events").json()["items"] == []

        nowhere = client.post(
            f"/calendars/{target}/events/{event['id']}/move",
            params={"destination": "nobody@example.org"},
        )
        assert_not_found(nowhere)
        assert "destination" in nowhere.json()["message"]
        missing = client.post(
            f"/calendars/{target}/events/nosuchevent/move",
            params={"destination": source},
        )
        assert_not_found(missing)


def test_paging_survives_events_created_between_pages(own_mock: str) -> None:
    with ContractClient(own_mock) as client:
        cal_id = new_calendar(client, "Busy week")
        path = f"/calendars/{cal_id}/events"
        for day in range(1, 6):
            client.post(
                path,
                json=timed(f"2026-11-0{day}T09:00:00Z", f"2026-11-0{day}T10:00:00Z"),
            )
        original = [event["id"] for event in client.get(path).json()["items"]]

        first = client.get(path, params={"maxResults": 2}).json()
        added = client.post(
            path, json=timed("2026-11-09T09:00:00Z", "2026-11-09T10:00:00Z")
        ).json()
        rest = walk(client, path, 2, token=first["nextPageToken"])

        seen = [event["id"] for event in first["items"] + rest]
        assert seen == [*original, added["id"]]


# ACL rules.


def test_seeded_acl_has_the_owner_rule(client: ContractClient) -> None:
    body = client.get("/calendars/primary/acl").json()

    assert body["kind"] == "calendar#acl"
    owner = client.get(f"/calendars/primary/acl/user:{OWNER_EMAIL}").json()
    assert owner["role"] == "owner"
    assert owner in body["items"]
    assert_not_found(client.get("/calendars/primary/acl/user:nobody@example.org"))


def test_acl_rule_create_get_update_delete(own_mock: str) -> None:
    with ContractClient(own_mock) as client:
        cal_id = new_calendar(client, "Shared")
        rule = {"role": "reader", "scope": {"type": "user", "value": COLLEAGUE_EMAIL}}
        created = client.post(f"/calendars/{cal_id}/acl", json=rule).json()
        assert created["kind"] == "calendar#aclRule"
        assert created["id"] == f"user:{COLLEAGUE_EMAIL}"

        rule_path = f"/calendars/{cal_id}/acl/{created['id']}"
        assert client.get(rule_path).json() == created
        entries = client.get(f"/calendars/users/{COLLEAGUE_EMAIL}/calendarList").json()
        shared = [entry for entry in entries["items"] if entry["id"] == cal_id]
        assert [entry["accessRole"] for entry in shared] == ["reader"]

        promoted = client.post(
            f"/calendars/{cal_id}/acl", json={**rule, "role": "writer"}
        )
        assert promoted.json()["id"] == created["id"]
        rules = client.get(f"/calendars/{cal_id}/acl").json()["items"]
        assert [r["role"] for r in rules if r["id"] == created["id"]] == ["writer"]

        assert client.delete(rule_path).status_code == 204
        assert_not_found(client.get(rule_path))
        assert_not_found(client.delete(rule_path))
        after = client.get(f"/calendars/users/{COLLEAGUE_EMAIL}/calendarList").json()
        assert cal_id not in [entry["id"] for entry in after["items"]]


@pytest.mark.parametrize(
    ("scope", "rule_id"),
    [
        ({"type": "default"}, "default"),
        ({"type": "default", "value": ""}, "default"),
        ({"type": "domain", "value": "example.com"}, "domain:example.com"),
        ({"type": "group", "value": "team@example.com"}, "group:team@example.com"),
    ],
)
def test_every_scope_the_spec_allows_is_stored(
    own_mock: str, scope: dict[str, str], rule_id: str
) -> None:
    body = {"role": "reader", "scope": scope}
    with ContractClient(own_mock) as client:
        cal_id = new_calendar(client, f"Scoped {rule_id}")
        response = client.post(f"/calendars/{cal_id}/acl", json=body)

    assert spec_accepts("POST", f"/calendars/{cal_id}/acl", body)
    assert response.status_code == 200, response.text
    assert response.json()["id"] == rule_id


def test_acl_scope_value_must_fit_its_type(client: ContractClient) -> None:
    for scope in (
        {"type": "user", "value": "not-an-email"},
        {"type": "user"},
        {"type": "group", "value": ""},
        {"type": "domain"},
        {"type": "domain", "value": "ana@example.com"},
        {"type": "default", "value": "example.com"},
    ):
        body = {"role": "reader", "scope": scope}
        response = client.post("/calendars/primary/acl", json=body)
        assert not spec_accepts("POST", "/calendars/primary/acl", body), scope
        assert_bad_field(response, "scope.value")


# Quick add.


@pytest.fixture(scope="module")
def quick_calendar(own_mock: str) -> Iterator[tuple[str, str]]:
    """A UTC calendar on the module's private mock for the quick-add cases."""
    with ContractClient(own_mock) as client:
        yield own_mock, new_calendar(client, "Quick adds")


def _day(offset: int) -> date:
    return datetime.now(UTC).date() + timedelta(days=offset)


def _coming(weekday: int) -> date:
    today = datetime.now(UTC).date()
    return today + timedelta(days=(weekday - today.weekday()) % 7)


QUICK_CASES = [
    (
        "Lunch with the team tomorrow at 12pm",
        lambda: ("Lunch with the team", None, f"{_day(1)}T12:00", f"{_day(1)}T13:00"),
    ),
    (
        "Standup friday 9:30am for 15 minutes",
        lambda: ("Standup", None, f"{_coming(4)}T09:30", f"{_coming(4)}T09:45"),
    ),
    (
        "Design review 2026-03-14 from 2pm to 4pm",
        lambda: ("Design review", None, "2026-03-14T14:00", "2026-03-14T16:00"),
    ),
    (
        "Call with Alder & Finch at noon for 2 hours",
        lambda: (
            "Call with Alder & Finch",
            None,
            f"{_day(0)}T12:00",
            f"{_day(0)}T14:00",
        ),
    ),
    (
        "Dinner at Luigi's tomorrow at 7pm",
        lambda: ("Dinner", "Luigi's", f"{_day(1)}T19:00", f"{_day(1)}T20:00"),
    ),
    (
        "Retro 3:30pm",
        lambda: ("Retro", None, f"{_day(0)}T15:30", f"{_day(0)}T16:30"),
    ),
    (
        "Sprint planning next monday 10am for 90 minutes",
        lambda: (
            "Sprint planning",
            None,
            f"{_coming(0) + timedelta(days=7)}T10:00",
            f"{_coming(0) + timedelta(days=7)}T11:30",
        ),
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), QUICK_CASES, ids=[c[0] for c in QUICK_CASES]
)
def test_quick_add_reads_day_time_and_length(
    quick_calendar: tuple[str, str], text: str, expected: Callable[[], tuple[Any, ...]]
) -> None:
    url, cal_id = quick_calendar
    summary, location, start, end = expected()
    with ContractClient(url) as client:
        event = client.post(
            f"/calendars/{cal_id}/events/quickAdd", params={"text": text}
        ).json()

        assert event["summary"] == summary
        assert event.get("location") == location
        assert event["start"]["dateTime"] == f"{start}:00+00:00"
        assert event["end"]["dateTime"] == f"{end}:00+00:00"
        stored = client.get(f"/calendars/{cal_id}/events/{event['id']}").json()
        assert stored == event


def test_quick_add_without_a_time_is_all_day(quick_calendar: tuple[str, str]) -> None:
    url, cal_id = quick_calendar
    with ContractClient(url) as client:
        event = client.post(
            f"/calendars/{cal_id}/events/quickAdd",
            params={"text": "Company offsite on March 20 2027"},
        ).json()

    assert event["summary"] == "Company offsite"
    assert event["start"] == {"date": "2027-03-20"}
    assert event["end"] == {"date": "2027-03-21"}


def test_quick_add_rejects_impossible_times(quick_calendar: tuple[str, str]) -> None:
    url, cal_id = quick_calendar
    with ContractClient(url) as client:
        for text in ("Coffee at 13pm", "Party on 2/30"):
            response = client.post(
                f"/calendars/{cal_id}/events/quickAdd", params={"text": text}
            )
            assert_refused(response, "Quick add text not understood")
        assert_bad_field(client.post(f"/calendars/{cal_id}/events/quickAdd"), "text")


def test_a_rule_refusal_does_not_claim_to_break_the_spec(
    client: ContractClient,
) -> None:
    refusal = client.post(
        "/calendars/freeBusy",
        json={"timeMin": "2000-01-01T00:00:00Z", "timeMax": "2000-01-01T00:00:00Z"},
    )
    violation = client.post("/calendars/freeBusy", json={"timeMin": 5})

    assert refusal.status_code == 400 and "errors" not in refusal.json()
    assert refusal.json()["error"]["details"] == (
        "The request cannot be carried out as sent."
    )
    assert violation.status_code == 400 and violation.json()["code"] == 300
    assert "timeMin" in violation.json()["error"]["details"]
