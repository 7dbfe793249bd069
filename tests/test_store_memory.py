"""Archived meetings behave like meetings in memory: none is lost, no change either.

MeetingTable keeps only its newest meetings as dicts and moves older ones to a
compressed archive in a temporary file. These tests shrink the in-memory part
to 3 meetings, moved 2 at a time (and a list brings back 2), so that almost
every meeting, the seeded ones too, lives in the archive. Then they drive the
mock over HTTP: reads by id, uuid and legacy id, updates and deletes that must
outlast a meeting's next trip to the archive, lists paged by token,
recordings, summaries, users deleted with their meetings, `--persist` and
`/_mock/reset`. A last group checks the table's dict interface directly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.contract import ContractClient
from tests.seed import seed_meeting, seed_meetings, twice_encoded
from zoom_mock.meeting_table import MeetingTable

HOST = "abc123"


@pytest.fixture
def tiny_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep 3 meetings in memory, archive 2 at a time, recall 2 a list."""
    monkeypatch.setattr(MeetingTable, "hot_limit", 3)
    monkeypatch.setattr(MeetingTable, "archive_batch", 2)
    monkeypatch.setattr(MeetingTable, "recall_limit", 2)


@pytest.fixture
def mock(tiny_memory: None, fresh_mock: Callable[..., Any]) -> Iterator[ContractClient]:
    with fresh_mock() as url, ContractClient(url) as http:
        yield http


def create(http: ContractClient, topic: str, host: str = HOST) -> dict[str, Any]:
    body = {
        "topic": topic,
        "type": 2,
        "start_time": "2026-05-04T15:00:00Z",
        "duration": 30,
        "settings": {"waiting_room": True},
    }
    response = http.post(f"/users/{host}/meetings", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def create_many(http: ContractClient, count: int, prefix: str) -> list[dict[str, Any]]:
    return [create(http, f"{prefix} {number}") for number in range(count)]


def walk(http: ContractClient, path: str, page_size: int) -> list[dict[str, Any]]:
    """Every meeting of a token-paged list, page by page."""
    seen: list[dict[str, Any]] = []
    token = ""
    while True:
        params = {"page_size": page_size, "next_page_token": token}
        page = http.get(path, params=params).json()
        seen += page["meetings"]
        token = page["next_page_token"]
        if not token:
            return seen


# Reading.


def test_every_created_meeting_reads_back_by_id_and_uuid(mock: ContractClient) -> None:
    made = create_many(mock, 12, "Read back")

    by_id = [mock.get(f"/meetings/{m['id']}") for m in made]
    by_uuid = [
        mock.get(f"/users/{HOST}/meetings/{twice_encoded(m['uuid'])}") for m in made
    ]

    assert [r.status_code for r in by_id + by_uuid] == [200] * 24
    assert [r.json()["topic"] for r in by_id] == [m["topic"] for m in made]
    assert [r.json()["id"] for r in by_uuid] == [m["id"] for m in made]
    assert by_id[0].json() == made[0]


def test_seeded_meetings_read_back_by_legacy_id(mock: ContractClient) -> None:
    legacy = seed_meeting(lambda m: "meeting123" in m.get("legacy_ids", ()))
    create_many(mock, 6, "Push the seeds out")

    summary = mock.get("/meetings/meeting123/meeting_summary")

    assert summary.status_code == 200
    assert summary.json()["meeting_id"] == legacy["id"]


def test_reading_twice_gives_the_same_meeting(mock: ContractClient) -> None:
    made = create_many(mock, 8, "Twice")
    first = [mock.get(f"/meetings/{m['id']}").json() for m in made]
    create_many(mock, 8, "Push")
    second = [mock.get(f"/meetings/{m['id']}").json() for m in made]

    assert first == second == made


# Changing.


def test_updates_to_archived_meetings_are_kept(mock: ContractClient) -> None:
    made = create_many(mock, 10, "Before")
    for number, meeting in enumerate(made[:5]):
        update = {"topic": f"After {number}", "settings": {"mute_upon_entry": True}}
        response = mock.patch(f"/meetings/{meeting['id']}", json=update)
        assert response.status_code == 204
    create_many(mock, 10, "Push the updated ones out")

    shown = [mock.get(f"/meetings/{m['id']}").json() for m in made]

    assert [m["topic"] for m in shown[:5]] == [f"After {n}" for n in range(5)]
    assert [m["topic"] for m in shown[5:]] == [m["topic"] for m in made[5:]]
    assert all(m["settings"]["mute_upon_entry"] for m in shown[:5])
    assert not any(m["settings"]["mute_upon_entry"] for m in shown[5:])
    assert all(m["settings"]["waiting_room"] for m in shown)


def test_deleted_meetings_stay_deleted(mock: ContractClient) -> None:
    made = create_many(mock, 10, "Doomed")
    gone, kept = made[:4], made[4:]
    deleted = [mock.delete(f"/meetings/{m['id']}").status_code for m in gone]
    create_many(mock, 6, "Push")

    by_id = [mock.get(f"/meetings/{m['id']}") for m in gone]
    by_uuid = [
        mock.get(f"/users/{HOST}/meetings/{twice_encoded(m['uuid'])}") for m in gone
    ]
    listed = {m["id"] for m in walk(mock, f"/users/{HOST}/meetings", 300)}

    assert deleted == [204] * 4
    assert [(r.status_code, r.json()["code"]) for r in by_id + by_uuid] == [
        (404, 3001)
    ] * 8
    assert not listed & {m["id"] for m in gone}
    assert listed >= {m["id"] for m in kept}


def test_recording_and_summary_changes_outlast_the_archive(
    mock: ContractClient,
) -> None:
    recorded = seed_meeting(lambda m: len(m.get("recording_files") or ()) >= 2)
    summarised = seed_meeting(lambda m: bool(m.get("summary")))
    path = f"/meetings/{recorded['id']}/recordings"
    first_file = mock.get(path).json()["recording_files"][0]["id"]

    trashed = mock.delete(f"{path}/{first_file}")
    dropped = mock.delete(f"/meetings/{summarised['id']}/meeting_summary")
    create_many(mock, 8, "Push")
    files = [item["id"] for item in mock.get(path).json()["recording_files"]]
    summary = mock.get(f"/meetings/{summarised['id']}/meeting_summary")

    assert trashed.status_code == 204 and dropped.status_code == 204
    assert first_file not in files and files
    assert summary.status_code == 404 and summary.json()["code"] == 3001


def test_past_participants_of_an_archived_meeting(mock: ContractClient) -> None:
    met = seed_meeting(lambda m: len(m.get("participants") or ()) >= 3)
    create_many(mock, 6, "Push")

    response = mock.get(f"/past_meetings/{met['id']}/participants")

    assert response.status_code == 200
    assert response.json()["total_records"] == len(met["participants"])


def test_deleting_a_user_takes_its_archived_meetings(mock: ContractClient) -> None:
    user = mock.post("/users", json={"email": "short.lived@example.com"}).json()
    theirs = [create(mock, f"Theirs {n}", host=user["id"]) for n in range(5)]
    create_many(mock, 6, "Push")

    deleted = mock.delete(f"/users/{user['id']}", params={"action": "delete"})
    after = [mock.get(f"/meetings/{m['id']}").status_code for m in theirs]

    assert deleted.status_code == 204
    assert after == [404] * 5


# The whole store.


def test_paging_by_token_lists_every_meeting_once(mock: ContractClient) -> None:
    seeded = {m["id"] for m in seed_meetings() if m["host_id"] == HOST}
    made = create_many(mock, 25, "Paged")

    listed = walk(mock, f"/users/{HOST}/meetings", 4)
    first_page = mock.get(f"/users/{HOST}/meetings", params={"page_size": 4}).json()

    ids = [m["id"] for m in listed]
    assert len(ids) == len(set(ids)) == first_page["total_records"]
    assert set(ids) >= seeded | {m["id"] for m in made}
    assert {m["topic"] for m in listed} >= {m["topic"] for m in made}


def test_reset_brings_back_the_seed_and_forgets_creates(mock: ContractClient) -> None:
    seeded = seed_meetings()
    victim = seeded[0]
    made = create_many(mock, 6, "Forgotten")
    mock.delete(f"/meetings/{victim['id']}")

    reset = mock.post("/_mock/reset")
    back = mock.get(f"/meetings/{victim['id']}")
    created = [mock.get(f"/meetings/{m['id']}").status_code for m in made]

    assert reset.status_code == 200
    assert reset.json()["meetings"] == len(seeded)
    assert back.status_code == 200 and back.json()["uuid"] == victim["uuid"]
    assert created == [404] * 6


def test_persist_writes_archived_changes_and_restarts(
    tiny_memory: None, fresh_mock: Callable[..., Any], tmp_path: Any
) -> None:
    with fresh_mock(persist=True) as url, ContractClient(url) as http:
        made = create_many(http, 8, "Kept on disk")
        create_many(http, 4, "Push")
        patched = http.patch(f"/meetings/{made[0]['id']}", json={"topic": "Renamed"})
    files = {path.name for path in (tmp_path / "data" / "meetings").glob("*.json")}

    with fresh_mock(persist=True) as url, ContractClient(url) as http:
        again = [http.get(f"/meetings/{m['id']}").json()["topic"] for m in made]

    assert patched.status_code == 204
    assert {f"{m['id']}.json" for m in made} <= files
    assert again == ["Renamed"] + [m["topic"] for m in made[1:]]


def test_the_archive_stays_out_of_the_data_folder(
    mock: ContractClient, tmp_path: Any
) -> None:
    before = sorted(path for path in (tmp_path / "data").rglob("*"))
    create_many(mock, 12, "No files")

    assert sorted(path for path in (tmp_path / "data").rglob("*")) == before


# The table's own interface.


def meeting(key: int, **fields: Any) -> dict[str, Any]:
    return {"id": key, "uuid": f"uuid-{key}==", "topic": f"Topic {key}", **fields}


@pytest.fixture
def table(tiny_memory: None) -> MeetingTable:
    return MeetingTable((key, meeting(key)) for key in range(1000, 1020))


def test_most_of_the_table_is_archived(table: MeetingTable) -> None:
    assert dict.__len__(table) <= 3
    assert len(table) == 20
    assert sorted(table) == list(range(1000, 1020))
    assert sorted(m["id"] for m in table.values()) == list(range(1000, 1020))
    assert 1005 in table and 999 not in table


def test_values_come_back_exactly(table: MeetingTable) -> None:
    odd = meeting(1, big=10**30, pair=(1, 2), nested={"n": [1.5, None, True]})
    table[1] = odd
    for key in range(2000, 2010):
        table[key] = meeting(key)

    assert dict.__contains__(table, 1) is False
    assert table[1] == odd
    assert type(table[1]["pair"]) is tuple


def test_a_second_read_brings_an_archived_meeting_back(table: MeetingTable) -> None:
    first, second, third = table[1001], table[1001], table[1001]

    assert first == second == meeting(1001)
    assert first is not second and second is third
    assert dict.__contains__(table, 1001)


def test_a_meeting_changed_in_memory_is_written_back(table: MeetingTable) -> None:
    table.get(1001)
    found = table[1001]
    found["topic"] = "Changed in place"
    for key in range(2000, 2010):
        table[key] = meeting(key)

    assert dict.__contains__(table, 1001) is False
    assert table[1001]["topic"] == "Changed in place"


def test_keep_puts_back_a_detached_copy(table: MeetingTable) -> None:
    found = table[1002]
    for key in range(2000, 2010):
        table[key] = meeting(key)
    found["topic"] = "Saved after it left memory"
    table.keep(found)
    table.keep(meeting(4242))

    assert table[1002]["topic"] == "Saved after it left memory"
    assert 4242 not in table


def test_removing_archived_meetings(table: MeetingTable) -> None:
    popped = table.pop(1003)
    del table[1004]

    assert popped == meeting(1003)
    assert 1003 not in table and 1004 not in table
    assert table.by_reference("uuid-1003==") is None
    assert table.by_reference("uuid-1005==") == meeting(1005)
    assert table.pop(1003, None) is None
    with pytest.raises(KeyError):
        del table[1004]
    assert len(table) == len(list(table.items())) == 18


def test_get_many_keeps_order_and_skips_unknown_ids(table: MeetingTable) -> None:
    wanted = [1010, 1001, 31337, 1019, 1000]

    assert [m["id"] for m in table.get_many(wanted)] == [1010, 1001, 1019, 1000]


def test_get_many_reads_a_tuple_and_a_generator_alike(table: MeetingTable) -> None:
    wanted = (1019, 1018, 31337, 1002)
    in_memory = list(dict.keys(table))

    assert [m["id"] for m in table.get_many(wanted)] == [1019, 1018, 1002]
    assert [m["id"] for m in table.get_many(iter(wanted))] == [1019, 1018, 1002]
    assert [m["id"] for m in table.get_many(in_memory)] == in_memory


def test_a_derived_value_lasts_until_the_meeting_is_stored_again(
    table: MeetingTable,
) -> None:
    kept, saved, replaced = (table[key] for key in (1019, 1018, 1017))
    for found in (kept, saved, replaced):
        table.remember(found, f"value of {found['id']}", table.changes)
    saved["topic"] = "Changed in place"
    table.keep(saved)
    table[1017] = meeting(1017)
    still_kept = table.derived(kept)
    table.pop(1019)

    assert still_kept == "value of 1019" and table.derived(kept) is None
    assert table.derived(saved) is None
    assert table.derived(replaced) is None and table.derived(table[1017]) is None


def test_a_derived_value_is_refused_after_a_change_meanwhile(
    table: MeetingTable,
) -> None:
    found = table[1019]
    since = table.changes
    table.keep(found)
    table.remember(found, "worked out before the change", since)
    copy = table.get(1000)
    table.remember(copy, "of an archived copy", table.changes)

    assert table.derived(found) is None
    assert table.derived(copy) is None


def test_archiving_a_meeting_drops_its_derived_value(table: MeetingTable) -> None:
    held = [table[key] for key in list(dict.keys(table))]
    for found in held:
        table.remember(found, "derived", table.changes)
    for key in range(2000, 2010):
        table[key] = meeting(key)

    assert not any(dict.__contains__(table, found["id"]) for found in held)
    assert [table.derived(found) for found in held] == [None] * len(held)


def test_clear_empties_memory_and_archive(table: MeetingTable) -> None:
    table.clear()

    assert len(table) == 0 and list(table) == [] and 1001 not in table


def test_rewritten_meetings_survive_compaction(
    tiny_memory: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("zoom_mock.meeting_table.COMPACT_BYTES", 0)
    table = MeetingTable((key, meeting(key)) for key in range(1000, 1020))
    for round_ in range(6):
        for key in range(1000, 1020):
            found = table[key]
            found["topic"] = f"Round {round_} of {key}"
            table.keep(found)
    archive = table._archive
    assert archive is not None

    assert [table[key]["topic"] for key in range(1000, 1020)] == [
        f"Round 5 of {key}" for key in range(1000, 1020)
    ]
    # Without compaction, five rounds of dead records would outweigh the live.
    assert archive._dead <= archive._end - archive._dead


def test_the_archive_index_grows_without_losing_meetings(
    tiny_memory: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("zoom_mock.meeting_table.ARCHIVE_BUCKETS", 2)
    monkeypatch.setattr("zoom_mock.meeting_table.BUCKET_SIZE", 2)
    table = MeetingTable((key, meeting(key)) for key in range(5000, 5200))

    assert table._archive is not None and len(table._archive._ids) >= 64
    assert [table.by_reference(f"uuid-{key}==") for key in range(5000, 5100)] == [
        meeting(key) for key in range(5000, 5100)
    ]
    assert [table[key] for key in range(5100, 5200)] == [
        meeting(key) for key in range(5100, 5200)
    ]
