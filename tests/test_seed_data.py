"""The seed data generator: repeatable, committed as generated, and Zoom-shaped.

The mock serves these files as they are, so a wrong id shape or a dangling link
here shows up as a confusing answer over HTTP later. These tests run the generator
into a temporary folder and read what it wrote, the way the mock's store will.
"""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from zoom_mock.data import generate

Json = dict[str, Any]

REPO_ROOT = Path(generate.__file__).resolve().parent.parent
ZOOM_ID = re.compile(r"[A-Za-z0-9_-]{22}")
TIMESTAMP_START = re.compile(r"\d{4}-\d\d-\d\dT")
UTC_SECONDS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
VTT_TIMING = re.compile(r"\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}")
LINK_KEYS = {
    "join_url",
    "start_url",
    "download_url",
    "play_url",
    "personal_meeting_url",
}


def seed_files(folder: Path) -> dict[str, bytes]:
    """Every file the generator owns under folder, by relative path."""
    paths = [folder / "accounts.json"]
    paths += sorted((folder / "users").glob("*.json"))
    paths += sorted((folder / "meetings").glob("*.json"))
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in paths}


def walk(value: object) -> list[tuple[str, object]]:
    """Every (key, value) pair inside nested dicts and lists."""
    pairs: list[tuple[str, object]] = []
    if isinstance(value, dict):
        for key, inner in value.items():
            pairs.append((key, inner))
            pairs += walk(inner)
    elif isinstance(value, list):
        for inner in value:
            pairs += walk(inner)
    return pairs


def is_past(meeting: Json) -> bool:
    return meeting["start_time"] < generate.iso(generate.AS_OF)


@pytest.fixture(scope="module")
def seed_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out_dir = tmp_path_factory.mktemp("seed")
    generate.main(out_dir)
    return out_dir


@pytest.fixture(scope="module")
def accounts(seed_dir: Path) -> list[Json]:
    return json.loads((seed_dir / "accounts.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def users(seed_dir: Path) -> dict[str, Json]:
    found = {}
    for path in sorted((seed_dir / "users").glob("*.json")):
        found[path.stem] = json.loads(path.read_text(encoding="utf-8"))
    return found


@pytest.fixture(scope="module")
def meetings(seed_dir: Path) -> dict[str, Json]:
    found = {}
    for path in sorted((seed_dir / "meetings").glob("*.json")):
        found[path.stem] = json.loads(path.read_text(encoding="utf-8"))
    return found


def test_two_runs_write_identical_bytes(tmp_path: Path) -> None:
    generate.main(tmp_path / "first")
    generate.main(tmp_path / "second")

    first = seed_files(tmp_path / "first")
    assert first == seed_files(tmp_path / "second")


def test_committed_seed_matches_a_fresh_run(seed_dir: Path) -> None:
    committed = seed_files(generate.DATA_DIR)
    fresh = seed_files(seed_dir)

    assert sorted(committed) == sorted(fresh), "file names differ; rerun the script"
    changed = [name for name in fresh if committed[name] != fresh[name]]
    assert not changed, f"rerun `python data/generate.py`; stale: {changed[:5]}"


def test_rerun_removes_stale_seed_files_only(tmp_path: Path) -> None:
    (tmp_path / "users").mkdir()
    (tmp_path / "meetings").mkdir()
    (tmp_path / "users" / "gone.json").write_text("{}")
    (tmp_path / "meetings" / "1.json").write_text("{}")
    (tmp_path / "meetings" / "notes.txt").write_text("kept")
    (tmp_path / "other.json").write_text("[]")

    generate.main(tmp_path)

    assert not (tmp_path / "users" / "gone.json").exists()
    assert not (tmp_path / "meetings" / "1.json").exists()
    assert (tmp_path / "meetings" / "notes.txt").read_text() == "kept"
    assert (tmp_path / "other.json").read_text() == "[]"


@pytest.mark.parametrize(
    "command",
    [["data/generate.py"], ["-m", "zoom_mock.data.generate"]],
    ids=["script", "module"],
)
def test_command_line_writes_the_same_seed(
    command: list[str], tmp_path: Path, seed_dir: Path
) -> None:
    subprocess.run(
        [sys.executable, *command, "--out", str(tmp_path)],
        cwd=REPO_ROOT,
        check=True,
        capture_output=True,
    )

    assert seed_files(tmp_path) == seed_files(seed_dir)


def test_files_are_indented_utf8_json_with_a_final_newline(seed_dir: Path) -> None:
    for name, raw in seed_files(seed_dir).items():
        text = raw.decode("utf-8")
        expected = json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"
        assert text == expected, f"{name} is not written as indent=2, raw UTF-8"

    assert "Ramírez" in "".join(raw.decode() for raw in seed_files(seed_dir).values())


def test_seed_is_big_enough(
    accounts: list[Json], users: dict[str, Json], meetings: dict[str, Json]
) -> None:
    assert 2 <= len(accounts) <= 3
    assert len(users) >= 12
    assert len(meetings) >= 60


def test_meetings_start_in_every_month_of_2026(meetings: dict[str, Json]) -> None:
    months = {m["start_time"][:7] for m in meetings.values()}

    assert months == {f"2026-{month:02d}" for month in range(1, 13)}


def test_meeting_ids_are_10_or_11_digits_and_name_their_file(
    meetings: dict[str, Json],
) -> None:
    lengths = Counter(len(str(m["id"])) for m in meetings.values())

    assert set(lengths) == {10, 11}
    for stem, meeting in meetings.items():
        assert isinstance(meeting["id"], int)
        assert stem == str(meeting["id"])


def test_meeting_uuids_are_base64_of_16_bytes(meetings: dict[str, Json]) -> None:
    uuids = [m["uuid"] for m in meetings.values()]

    assert len(set(uuids)) == len(uuids)
    for value in uuids:
        assert len(value) == 24 and value.endswith("==")
        assert len(base64.b64decode(value, validate=True)) == 16


def test_some_uuids_need_double_encoding(meetings: dict[str, Json]) -> None:
    uuids = [m["uuid"] for m in meetings.values()]

    assert sum("/" in value for value in uuids) >= 4
    assert any("//" in value for value in uuids)
    assert any(value.startswith("/") for value in uuids)


def test_user_ids_look_like_zoom_ids_apart_from_the_legacy_one(
    users: dict[str, Json],
) -> None:
    for stem, user in users.items():
        assert stem == user["id"]
        if user["id"] != generate.LEGACY_USER_ID:
            assert ZOOM_ID.fullmatch(user["id"]), user["id"]

    emails = [user["email"] for user in users.values()]
    assert len(set(emails)) == len(emails)
    assert all(email == email.lower() and "@" in email for email in emails)


def test_users_mix_plan_types_statuses_and_time_zones(users: dict[str, Json]) -> None:
    records = list(users.values())

    assert {u["type"] for u in records} == {1, 2, 4, 99}
    assert {u["status"] for u in records} == {"active", "inactive", "pending"}
    assert len({u["timezone"] for u in records}) >= 8
    assert all(len(str(u["pmi"])) == 10 for u in records)
    assert all(re.fullmatch(r"\d{6}", u["host_key"]) for u in records)


def test_meetings_mix_types_with_enough_recurring_ones(
    meetings: dict[str, Json],
) -> None:
    types = Counter(m["type"] for m in meetings.values())

    assert set(types) == {1, 2, 3, 8}
    assert types[3] + types[8] >= 8
    assert {m["status"] for m in meetings.values()} <= {"waiting", "started"}


def test_fixed_time_recurring_meetings_list_their_occurrences(
    meetings: dict[str, Json],
) -> None:
    for meeting in meetings.values():
        if meeting["type"] != 8:
            assert "occurrences" not in meeting
            continue

        assert meeting["recurrence"]["type"] in (1, 2, 3)
        occurrences = meeting["occurrences"]
        assert len(occurrences) >= 3
        assert occurrences[0]["start_time"] == meeting["start_time"]
        for occurrence in occurrences:
            start = datetime.fromisoformat(occurrence["start_time"])
            assert occurrence["occurrence_id"] == str(int(start.timestamp() * 1000))
            assert occurrence["status"] == "available"


def test_each_meeting_is_listed_by_exactly_its_host(
    users: dict[str, Json], meetings: dict[str, Json]
) -> None:
    listed = Counter(
        str(meeting_id) for user in users.values() for meeting_id in user["meeting_ids"]
    )

    assert set(listed) == set(meetings)
    assert set(listed.values()) == {1}
    for user in users.values():
        for meeting_id in user["meeting_ids"]:
            meeting = meetings[str(meeting_id)]
            assert meeting["host_id"] == user["id"]
            assert meeting["host_email"] == user["email"]


def test_recording_meeting_ids_are_the_hosts_recorded_meetings(
    users: dict[str, Json], meetings: dict[str, Json]
) -> None:
    for user in users.values():
        recorded = [
            meeting_id
            for meeting_id in user["meeting_ids"]
            if meetings[str(meeting_id)]["recording_files"]
        ]
        assert user["recording_meeting_ids"] == recorded


def test_past_meetings_have_artefacts_and_future_ones_none(
    meetings: dict[str, Json],
) -> None:
    past = [m for m in meetings.values() if is_past(m)]
    future = [m for m in meetings.values() if not is_past(m)]

    assert past and future
    for meeting in future:
        assert meeting["recording_files"] == [] and meeting["participants"] == []
        assert "summary" not in meeting and "vtt_data" not in meeting
    for meeting in past:
        summary = meeting["summary"]
        assert summary["title"] and summary["overview"]
        assert 3 <= len(summary["details"]) <= 4
        assert 2 <= len(summary["next_steps"]) <= 4
        assert 2 <= len(meeting["participants"]) <= 12

    recorded = sum(bool(m["recording_files"]) for m in past)
    assert len(past) / 2 < recorded < len(past)


def test_transcripts_are_webvtt_spoken_by_participants(
    meetings: dict[str, Json],
) -> None:
    for meeting in meetings.values():
        if not is_past(meeting):
            continue

        vtt = meeting["vtt_data"]
        assert vtt.startswith("WEBVTT\n\n")
        cues = vtt.removeprefix("WEBVTT\n\n").rstrip("\n").split("\n\n")
        assert 6 <= len(cues) <= 15
        names = {p["name"] for p in meeting["participants"]}
        for number, cue in enumerate(cues, start=1):
            index, timing, line = cue.split("\n")
            assert index == str(number)
            assert VTT_TIMING.fullmatch(timing)
            assert line.split(": ", 1)[0] in names


def test_participant_durations_match_their_times(meetings: dict[str, Json]) -> None:
    for meeting in meetings.values():
        for participant in meeting["participants"]:
            joined = datetime.fromisoformat(participant["join_time"])
            left = datetime.fromisoformat(participant["leave_time"])
            assert participant["duration"] == (left - joined).total_seconds() > 0


def test_recording_files_belong_to_their_meeting(meetings: dict[str, Json]) -> None:
    for meeting in meetings.values():
        for recording in meeting["recording_files"]:
            assert recording["meeting_id"] == meeting["uuid"]
            assert recording["status"] == "completed"
            assert recording["recording_start"] < recording["recording_end"]
            if recording["file_type"] == "TRANSCRIPT":
                assert recording["file_size"] == len(meeting["vtt_data"].encode())


def test_legacy_sample_ids_still_resolve(
    users: dict[str, Json], meetings: dict[str, Json]
) -> None:
    legacy_user = users[generate.LEGACY_USER_ID]
    assert legacy_user["status"] == "active" and legacy_user["type"] == 2
    assert len(legacy_user["meeting_ids"]) >= 3

    legacy = [m for m in meetings.values() if "legacy_ids" in m]
    assert len(legacy) == 1
    assert legacy[0]["legacy_ids"] == [generate.LEGACY_MEETING_ID]
    assert legacy[0]["host_id"] == generate.LEGACY_USER_ID
    assert is_past(legacy[0]) and legacy[0]["summary"]


def test_users_belong_to_seeded_accounts(
    accounts: list[Json], users: dict[str, Json]
) -> None:
    by_id = {account["id"]: account for account in accounts}
    for user in users.values():
        account = by_id[user["account_id"]]
        assert user["account_number"] == account["account_number"]

    for account in accounts:
        assert ZOOM_ID.fullmatch(account["id"])
        owners = [u for u in users.values() if u["email"] == account["owner_email"]]
        assert [u["role_name"] for u in owners] == ["Owner"]
        for group in account["lock_settings"].values():
            assert group and all(isinstance(v, bool) for v in group.values())


def test_timestamps_are_utc_to_the_second(
    accounts: list[Json], users: dict[str, Json], meetings: dict[str, Json]
) -> None:
    for key, value in walk([accounts, list(users.values()), list(meetings.values())]):
        if isinstance(value, str) and TIMESTAMP_START.match(value):
            assert UTC_SECONDS.fullmatch(value), f"{key}={value!r}"


def test_no_links_are_stored(
    accounts: list[Json], users: dict[str, Json], meetings: dict[str, Json]
) -> None:
    for key, value in walk([accounts, list(users.values()), list(meetings.values())]):
        assert key not in LINK_KEYS
        assert not (isinstance(value, str) and value.startswith("http")), key
