"""Requests sent again and again get the same full answer every time.

The short road remembers what it found for recent request bodies (by their
bytes), parameter values that passed, and the violations of recent error
answers (zoom_mock/validation.py, zoom_mock/journal.py). These tests repeat
requests through a real server and check that nothing remembered leaks from
one request into another: each answer names every field at fault, each
handler gets its own copy of the body, and each request is journaled.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from tests.conftest import SEED_DATA, running_mock
from tests.seed import seed_meeting
from zoom_mock.validation import REMEMBERED_FINDINGS, REMEMBERED_TEXT, VERDICTS_KEPT

TOKEN = {"Authorization": "Bearer repeated"}
JSON = {**TOKEN, "Content-Type": "application/json"}
HOST = seed_meeting(lambda m: True)["host_id"]
MEETINGS = f"/v2/users/{HOST}/meetings"

BAD_MEETING = orjson.dumps(
    {"topic": 7, "type": 12, "duration": "long", "settings": {"host_video": "yes"}}
)
BAD_FIELDS = ["duration", "settings.host_video", "topic", "type"]


def _serve(tmp: Path, name: str, **options: Any) -> Iterator[httpx.Client]:
    data = tmp / name
    shutil.copytree(SEED_DATA, data)
    with (
        running_mock(data_dir=data, **options) as url,
        httpx.Client(base_url=url, timeout=30) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def lenient(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    yield from _serve(tmp_path_factory.mktemp("repeated"), "lenient")


@pytest.fixture(scope="module")
def strict(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    yield from _serve(tmp_path_factory.mktemp("repeated"), "strict", strict=True)


def _fields(answer: httpx.Response) -> list[str]:
    return sorted(item["field"] for item in answer.json()["errors"])


def _journal_since(client: httpx.Client, seq: int) -> list[dict[str, Any]]:
    found = client.get("/_mock/journal", params={"since": seq, "limit": 1000})
    return found.json()["entries"]


def _last_seq(client: httpx.Client) -> int:
    return client.get("/_mock/journal", params={"limit": 1}).json()["last_seq"]


def test_a_bad_body_sent_again_is_refused_in_full_each_time(
    lenient: httpx.Client,
) -> None:
    start = _last_seq(lenient)
    answers = [lenient.post(MEETINGS, headers=JSON, content=BAD_MEETING) for _ in "abc"]

    assert [a.status_code for a in answers] == [400, 400, 400]
    assert _fields(answers[0]) == BAD_FIELDS
    assert answers[1].content == answers[0].content == answers[2].content
    entries = [e for e in _journal_since(lenient, start) if e["path"] == MEETINGS[3:]]
    assert len(entries) == 3
    for entry in entries:
        assert sorted(v["field"] for v in entry["violations"]) == BAD_FIELDS


def test_each_create_from_the_same_bytes_gets_its_own_copy(
    lenient: httpx.Client,
) -> None:
    body = orjson.dumps(
        {
            "topic": "Twice",
            "type": 2,
            "duration": 30,
            "settings": {"mute_upon_entry": True},
        }
    )
    first = lenient.post(MEETINGS, headers=JSON, content=body).json()
    second = lenient.post(MEETINGS, headers=JSON, content=body).json()
    assert first["id"] != second["id"]

    changed = lenient.patch(
        f"/v2/meetings/{first['id']}",
        headers=JSON,
        json={"topic": "Changed", "settings": {"mute_upon_entry": False}},
    )
    assert changed.status_code == 204
    again = lenient.get(f"/v2/meetings/{second['id']}", headers=TOKEN).json()
    assert again["topic"] == "Twice"
    assert again["settings"]["mute_upon_entry"] is True
    third = lenient.post(MEETINGS, headers=JSON, content=body).json()
    assert third["topic"] == "Twice"
    assert third["settings"]["mute_upon_entry"] is True


def test_unknown_fields_are_warned_about_on_every_request(
    lenient: httpx.Client,
) -> None:
    body = orjson.dumps({"topic": "Odd", "type": 2, "colour": "teal"})
    start = _last_seq(lenient)
    for _ in range(3):
        assert lenient.post(MEETINGS, headers=JSON, content=body).status_code == 201
    entries = [e for e in _journal_since(lenient, start) if e["method"] == "POST"]
    assert [[w["field"] for w in e["warnings"]] for e in entries] == [["colour"]] * 3


def test_strict_mode_refuses_an_unknown_field_every_time(strict: httpx.Client) -> None:
    body = orjson.dumps({"topic": "Odd", "type": 2, "colour": "teal"})
    answers = [strict.post(MEETINGS, headers=JSON, content=body) for _ in "ab"]
    assert [a.status_code for a in answers] == [400, 400]
    assert [_fields(a) for a in answers] == [["colour"], ["colour"]]
    clean = orjson.dumps({"topic": "Plain", "type": 2})
    assert strict.post(MEETINGS, headers=JSON, content=clean).status_code == 201


def test_verdicts_stay_right_past_the_number_remembered(lenient: httpx.Client) -> None:
    """More distinct bodies than a validator keeps, then the first ones again."""
    bodies = [
        orjson.dumps({"topic": f"Batch {n}", "type": 2, "duration": -n - 1})
        for n in range(VERDICTS_KEPT + 8)
    ]
    for _ in range(2):
        for body in bodies:
            answer = lenient.post(MEETINGS, headers=JSON, content=body)
            assert answer.status_code == 400
            assert _fields(answer) == ["duration"]
    fixed = orjson.loads(bodies[0]) | {"duration": 15}
    assert lenient.post(MEETINGS, headers=JSON, json=fixed).status_code == 201


@pytest.mark.parametrize(
    ("good", "bad", "field"),
    [
        ({"page_size": "30"}, {"page_size": "301"}, "page_size"),
        ({"from": "2026-01-01"}, {"from": "2026-13-01"}, "from"),
        ({"type": "upcoming"}, {"type": "someday"}, "type"),
    ],
)
def test_a_query_value_that_passed_does_not_let_a_bad_one_through(
    lenient: httpx.Client, good: dict[str, str], bad: dict[str, str], field: str
) -> None:
    for params in (good, good, bad, good, bad):
        answer = lenient.get(MEETINGS, headers=TOKEN, params=params)
        if params is good:
            assert answer.status_code == 200, answer.text
        else:
            assert answer.status_code == 400
            assert _fields(answer) == [field]


@pytest.mark.parametrize("fast_path", [True, False], ids=["short", "long"])
def test_a_refused_body_still_journals_its_unknown_fields(
    tmp_path: Path, fast_path: bool
) -> None:
    """Found by the fourth hunt: a remembered verdict raised before it warned."""
    body = orjson.dumps({"topic": 7, "surprise": 1})
    for client in _serve(tmp_path, "refused", fast_path=fast_path):
        for _ in "ab":
            start = _last_seq(client)
            answer = client.post(MEETINGS, headers=JSON, content=body)
            assert answer.status_code == 400
            [entry] = _journal_since(client, start)
            assert [v["field"] for v in entry["violations"]] == ["topic"]
            assert [w["field"] for w in entry["warnings"]] == ["surprise"]


def test_long_values_and_many_violations_are_judged_every_time(
    lenient: httpx.Client,
) -> None:
    """Past what is remembered (long text, many findings), answers stay whole."""
    many = {f"extra_{n}": n for n in range(REMEMBERED_FINDINGS + 4)}
    body = orjson.dumps({"topic": 7, "duration": "long", **many})
    start = _last_seq(lenient)
    for _ in "ab":
        answer = lenient.post(MEETINGS, headers=JSON, content=body)
        assert answer.status_code == 400
        assert _fields(answer) == ["duration", "topic"]
    entries = [e for e in _journal_since(lenient, start) if e["method"] == "POST"]
    assert [len(e["warnings"]) for e in entries] == [len(many)] * 2

    long_day = "2026-01-01" + " " * (REMEMBERED_TEXT + 1)
    for params in ({"from": long_day}, {"from": "2026-01-01"}, {"from": long_day}):
        answer = lenient.get(MEETINGS, headers=TOKEN, params=params)
        expected = 200 if params["from"] == "2026-01-01" else 400
        assert answer.status_code == expected, answer.text
