"""A meeting list shows each meeting as it is now, however it got there.

The list handler keeps, per meeting in memory, its start and its list item
already serialised, and the meeting table drops them whenever the meeting is
stored again. These tests list a host's meetings first (so those values
exist), then change the meetings every way a client can: PATCH of each field
that a list shows or sorts by, a change of type and of recurrence, a new host,
an occurrence deleted, the meeting deleted, trips to and from the archive, a
restart with `--persist`. After each change, every listed meeting must equal
the meeting read on its own, field for field and in the same order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.contract import ContractClient
from zoom_mock.meeting_table import MeetingTable

HOST = "abc123"
WIDE = {"from": "2020-01-01", "to": "2035-12-31", "page_size": 300}

# What Zoom's list shows of a meeting, in the order it shows it.
LIST_FIELDS = (
    "uuid", "id", "host_id", "topic", "type", "start_time", "duration",
    "timezone", "agenda", "created_at", "join_url",
)  # fmt: skip


def listed(http: ContractClient, host: str = HOST, **params: Any) -> list[Any]:
    response = http.get(f"/users/{host}/meetings", params={**WIDE, **params})
    assert response.status_code == 200, response.text
    return response.json()["meetings"]


def as_listed(meeting: dict[str, Any]) -> list[tuple[str, Any]]:
    """The list item a meeting read on its own should have, as ordered pairs."""
    return [(key, meeting[key]) for key in LIST_FIELDS if key in meeting]


def assert_list_matches_reads(http: ContractClient, host: str = HOST) -> None:
    """Every listed meeting equals its own GET, and the list is in start order."""
    items = listed(http, host)
    for item in items:
        alone = http.get(f"/meetings/{item['id']}").json()
        assert list(item.items()) == as_listed(alone)
    starts = [
        (item.get("start_time") or item["created_at"], item["id"]) for item in items
    ]
    assert starts == sorted(starts)


def create(http: ContractClient, **body: Any) -> dict[str, Any]:
    body = {"topic": "Listed", "type": 2, "start_time": "2026-05-04T15:00:00Z", **body}
    response = http.post(f"/users/{HOST}/meetings", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def patch(http: ContractClient, meeting: dict[str, Any], **body: Any) -> None:
    response = http.patch(f"/meetings/{meeting['id']}", json=body)
    assert response.status_code == 204, response.text


@pytest.fixture
def mock(fresh_mock: Callable[..., Any]) -> Iterator[ContractClient]:
    with fresh_mock() as url, ContractClient(url) as http:
        yield http


@pytest.mark.parametrize(
    "change",
    [
        {"topic": "A new topic"},
        {"agenda": "A new agenda"},
        {"duration": 75},
        {"start_time": "2026-02-03T04:05:06Z"},
        {"start_time": "2026-09-01T08:00:00", "timezone": "Asia/Tokyo"},
        {"password": "fresh42"},
        {"type": 3},
        {"type": 8, "recurrence": {"type": 1, "repeat_interval": 3, "end_times": 4}},
    ],
    ids=lambda change: "+".join(change),
)
def test_a_patched_meeting_is_listed_as_it_reads(
    mock: ContractClient, change: dict[str, Any]
) -> None:
    meeting = create(mock, topic="Before the change")
    before = {item["id"]: item for item in listed(mock)}[meeting["id"]]

    patch(mock, meeting, **change)
    after = {item["id"]: item for item in listed(mock)}[meeting["id"]]
    alone = mock.get(f"/meetings/{meeting['id']}").json()

    assert after != before
    assert list(after.items()) == as_listed(alone)
    assert_list_matches_reads(mock)


def test_a_new_start_moves_the_meeting_between_ranges_and_places(
    mock: ContractClient,
) -> None:
    early = create(mock, topic="Early", start_time="2026-01-02T10:00:00Z")
    late = create(mock, topic="Late", start_time="2026-12-30T10:00:00Z")
    in_2026 = {"from": "2026-01-01", "to": "2026-12-31"}
    ids_before = [item["id"] for item in listed(mock, **in_2026)]

    patch(mock, early, start_time="2027-03-01T10:00:00Z")
    patch(mock, late, start_time="2025-12-31T23:30:00-05:00")
    ids_after = [item["id"] for item in listed(mock, **in_2026)]
    in_2027 = [item["id"] for item in listed(mock, **{"from": "2027-01-01"})]

    assert early["id"] in ids_before and late["id"] in ids_before
    assert early["id"] not in ids_after and early["id"] in in_2027
    # 23:30 at UTC-5 is 04:30 UTC on the first day of 2026: now the earliest.
    assert ids_after[0] == late["id"]
    assert_list_matches_reads(mock)


def test_a_new_host_takes_the_meeting_to_its_list(mock: ContractClient) -> None:
    other = next(
        user["id"]
        for user in mock.get("/users", params={"page_size": 300}).json()["users"]
        if user["id"] != HOST and user.get("type") == 2
    )
    meeting = create(mock, topic="Handed over")
    listed(mock)
    listed(mock, other)

    patch(mock, meeting, schedule_for=other)
    mine = [item["id"] for item in listed(mock)]
    theirs = {item["id"]: item for item in listed(mock, other)}

    assert meeting["id"] not in mine
    assert theirs[meeting["id"]]["host_id"] == other
    assert_list_matches_reads(mock, other)


def test_deleting_an_occurrence_or_the_meeting_shows_in_the_list(
    mock: ContractClient,
) -> None:
    rule = {"type": 1, "repeat_interval": 1, "end_times": 3}
    series = create(mock, type=8, start_time="2020-06-01T10:00:00Z", recurrence=rule)
    gone = create(mock, topic="Deleted soon")
    previous = {item["id"] for item in listed(mock, type="previous_meetings")}

    first, *rest = series["occurrences"]
    deleted = mock.delete(
        f"/meetings/{series['id']}", params={"occurrence_id": first["occurrence_id"]}
    )
    mock.delete(f"/meetings/{gone['id']}")
    after = {item["id"] for item in listed(mock)}
    read = mock.get(f"/meetings/{series['id']}").json()

    assert series["id"] in previous and deleted.status_code == 204
    assert [o["status"] for o in read["occurrences"]] == ["deleted"] + [
        "available" for _ in rest
    ]
    assert gone["id"] not in after and series["id"] in after
    assert_list_matches_reads(mock)


def test_meetings_from_the_archive_list_as_they_read(
    monkeypatch: pytest.MonkeyPatch, fresh_mock: Callable[..., Any]
) -> None:
    """With 3 meetings in memory, a list reads nearly all from the archive."""
    monkeypatch.setattr(MeetingTable, "hot_limit", 3)
    monkeypatch.setattr(MeetingTable, "archive_batch", 2)
    monkeypatch.setattr(MeetingTable, "recall_limit", 2)
    with fresh_mock() as url, ContractClient(url) as http:
        made = [create(http, topic=f"Archived {n}") for n in range(10)]
        first_list = listed(http)
        changed = made[::3]
        for number, meeting in enumerate(changed):
            patch(http, meeting, topic=f"Changed {number}", duration=10 + number)
        made += [create(http, topic=f"Pushes the rest out {n}") for n in range(6)]
        second_list = {item["id"]: item for item in listed(http)}
        assert_list_matches_reads(http)

    assert {m["id"] for m in made} <= set(second_list)
    assert len(first_list) + 6 == len(second_list)
    assert [second_list[m["id"]]["topic"] for m in changed] == [
        f"Changed {number}" for number in range(len(changed))
    ]


def test_the_list_is_the_same_after_a_restart_with_persist(
    fresh_mock: Callable[..., Any],
) -> None:
    with fresh_mock(persist=True) as url, ContractClient(url) as http:
        meeting = create(http, topic="Survives")
        listed(http)
        patch(http, meeting, topic="Renamed", start_time="2026-03-03T03:03:03Z")
        before = listed(http)

    with fresh_mock(persist=True) as url, ContractClient(url) as http:
        after = listed(http)
        assert_list_matches_reads(http)

    assert after == before
    assert {item["id"]: item for item in after}[meeting["id"]]["topic"] == "Renamed"
