"""Quality over HTTP: QoS summaries, quality scores and quality feedback.

QoS and scores are read-only, so they run on the shared mock; feedback changes
run on a fresh one. Every response is checked against specs/qss.yaml and, for
the QoS paths Zoom has, against Zoom's QSS schema.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import SEED_DATA
from tests.contract import ContractClient

FreshMock = Callable[..., Any]
QOS_PATHS = {
    "meeting": ("/metrics/meetings/{}/participants/qos_summary", "participants"),
    "webinar": ("/metrics/webinars/{}/participants/qos_summary", "participants"),
    "session": ("/videosdk/sessions/{}/users/qos_summary", "users"),
}
DASHBOARD_UNITS = {
    "bitrate": re.compile(r"^\d+\.\d{2}kbps$"),
    "latency": re.compile(r"^\d+ ms$"),
    "jitter": re.compile(r"^\d+ms$"),
    "loss": re.compile(r"^\d+\.\d{2}%$"),
    "frame_rate": re.compile(r"^\d+ fps$"),
    "cpu_usage": re.compile(r"^\d+%$"),
}
SDK_UNITS = {
    **DASHBOARD_UNITS,
    "bitrate": re.compile(r"^\d+\.\d{2} Kbps$"),
    "jitter": re.compile(r"^\d+ ms$"),
}


def seed_meeting_with_participants() -> dict[str, Any]:
    for path in sorted((Path(SEED_DATA) / "meetings").glob("*.json")):
        meeting = json.loads(path.read_text(encoding="utf-8"))
        if len(meeting.get("participants") or []) >= 3:
            return dict(meeting)
    raise LookupError("No seed meeting has three participants.")


def walk_qos(client: httpx.Client, kind: str, call_id: str, size: int) -> list[Any]:
    template, field = QOS_PATHS[kind]
    items: list[Any] = []
    token = ""
    for _ in range(100):
        params: dict[str, Any] = {"page_size": size}
        if token:
            params["next_page_token"] = token
        body = client.get(template.format(call_id), params=params).json()
        assert body["page_size"] == size
        items += body[field]
        token = body["next_page_token"]
        if not token:
            return items
    raise AssertionError(f"The {kind} QoS summary never reached its last page.")


def assert_units(
    entries: list[dict[str, Any]], units: dict[str, re.Pattern[str]]
) -> None:
    for entry in entries:
        for name, value in entry["details"].items():
            if name == "resolution":
                assert re.match(r"^\d+\*\d+$", value)
            elif "pressure" in name:
                assert value in ("normal", "fair", "serious", "critical")
            else:
                unit = next(key for key in units if name.endswith(key))
                assert units[unit].match(value), f"{entry['type']}.{name} = {value!r}"


# QoS summaries.


def test_meeting_qos_lists_the_real_participants(client: ContractClient) -> None:
    meeting = seed_meeting_with_participants()
    walked = walk_qos(client, "meeting", str(meeting["id"]), 2)

    assert [p["user_name"] for p in walked] == [
        p["name"] for p in meeting["participants"]
    ]
    assert walked == walk_qos(client, "meeting", meeting["uuid"], 10)
    for participant in walked:
        types = [entry["type"] for entry in participant["qos"]]
        assert types[:2] == ["audio_input", "audio_output"] and "cpu_usage" in types
        assert_units(participant["qos"], DASHBOARD_UNITS)


def test_qos_summary_pages_one_participant_by_default(client: ContractClient) -> None:
    body = client.get("/metrics/webinars/8734571031/participants/qos_summary").json()

    assert body["page_size"] == 1
    assert len(body["participants"]) == 1
    assert body["next_page_token"]
    too_many = client.get(
        "/metrics/webinars/8734571031/participants/qos_summary",
        params={"page_size": 11},
    )
    assert too_many.status_code == 400 and too_many.json()["code"] == 300


@pytest.mark.parametrize("kind", sorted(QOS_PATHS))
def test_any_id_gets_the_same_qos_every_time(client: ContractClient, kind: str) -> None:
    first = walk_qos(client, kind, "Zk9xT2sQRbOa1Ym2wLp3nw==", 10)
    second = walk_qos(client, kind, "Zk9xT2sQRbOa1Ym2wLp3nw==", 3)
    other = walk_qos(client, kind, "aQ7HxL0bS8u9Wq2cV4eRzA==", 10)

    assert first == second
    assert first != other
    assert 2 <= len(first) <= 6
    units = SDK_UNITS if kind == "session" else DASHBOARD_UNITS
    for person in first:
        assert_units(person["qos"], units)


def test_foreign_qos_page_token_is_a_400(client: ContractClient) -> None:
    response = client.get(
        "/metrics/meetings/123/participants/qos_summary",
        params={"next_page_token": "IAfJX3jsOLW7w3dokmFl84zOa0MAVGyMEB2"},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "next_page_token"


# Quality score.


def test_score_is_stable_and_within_range(client: ContractClient) -> None:
    meeting = seed_meeting_with_participants()
    first = client.get(f"/qss/score/{meeting['id']}").json()
    second = client.get(f"/v2/qss/score/{meeting['id']}").json()
    by_uuid = client.get(f"/qss/score/{meeting['uuid']}").json()

    assert first == second == by_uuid
    assert first["meeting_id"] == str(meeting["id"])
    assert first["topic"] == meeting["topic"]
    assert first["participants_sampled"] == len(meeting["participants"])
    for part in ("score", "audio", "video", "screen_share"):
        assert 0 <= first[part] <= 100
    weighted = 0.4 * first["audio"] + 0.4 * first["video"] + 0.2 * first["screen_share"]
    assert abs(first["score"] - weighted) <= 1


def test_unknown_meetings_have_stable_scores_that_differ(
    client: ContractClient,
) -> None:
    scores = {}
    for meeting_id in ("11111111111", "22222222222", "33333333333", "44444444444"):
        first = client.get(f"/qss/score/{meeting_id}").json()
        assert client.get(f"/qss/score/{meeting_id}").json() == first
        assert "topic" not in first and first["meeting_id"] == meeting_id
        scores[meeting_id] = first["score"]

    assert len(set(scores.values())) > 1


def test_score_rating_matches_its_bands(client: ContractClient) -> None:
    for number in range(12):
        body = client.get(f"/qss/score/band-{number}").json()
        score = body["score"]
        expected = (
            "excellent"
            if score >= 90
            else "good"
            if score >= 75
            else "fair"
            if score >= 55
            else "poor"
        )
        assert body["rating"] == expected


# Feedback.


def test_seeded_feedback_can_be_listed_and_read(client: ContractClient) -> None:
    listed = client.get("/qss/feedback").json()

    assert listed["total_records"] == len(listed["feedback"]) >= 1
    first = listed["feedback"][0]
    assert client.get(f"/qss/feedback/{first['id']}").json() == first
    one_meeting = client.get(
        "/qss/feedback", params={"meeting_id": first["meeting_id"]}
    )
    assert first in one_meeting.json()["feedback"]
    missing = client.get("/qss/feedback/NoSuchFeedback")
    assert missing.status_code == 404 and missing.json()["code"] == 404


def test_feedback_create_get_delete(fresh_mock: FreshMock) -> None:
    meeting = seed_meeting_with_participants()
    with fresh_mock() as url, ContractClient(url) as client:
        created = client.post(
            "/qss/feedback",
            json={
                "meeting_id": meeting["uuid"],
                "rating": 2,
                "category": "audio",
                "comment": "Robotic voice for the first ten minutes.",
            },
        )
        assert created.status_code == 201
        item = created.json()
        assert item["meeting_id"] == str(meeting["id"])
        assert item["meeting_uuid"] == meeting["uuid"]

        path = f"/qss/feedback/{item['id']}"
        assert client.get(path).json() == item
        mine = client.get("/qss/feedback", params={"meeting_id": meeting["id"]}).json()
        assert mine["feedback"][0] == item

        assert client.delete(path).status_code == 204
        assert client.get(path).status_code == 404
        assert client.delete(path).status_code == 404
        after = client.get("/qss/feedback", params={"meeting_id": meeting["id"]}).json()
        assert item not in after["feedback"]


def test_feedback_pages_newest_first(fresh_mock: FreshMock) -> None:
    with fresh_mock() as url, ContractClient(url) as client:
        for rating in (1, 2, 3, 4, 5):
            client.post("/qss/feedback", json={"meeting_id": 555, "rating": rating})

        query: dict[str, Any] = {"meeting_id": "555", "page_size": 2}
        body = client.get("/qss/feedback", params=query).json()
        seen = [item["rating"] for item in body["feedback"]]
        while body["next_page_token"]:
            query["next_page_token"] = body["next_page_token"]
            body = client.get("/qss/feedback", params=query).json()
            seen += [item["rating"] for item in body["feedback"]]

        assert body["total_records"] == 5
        assert seen == [5, 4, 3, 2, 1]


def test_feedback_needs_a_meeting_and_a_rating_from_1_to_5(
    client: ContractClient,
) -> None:
    for body, field in (
        ({"meeting_id": "123", "rating": 6}, "rating"),
        ({"meeting_id": "123", "rating": 0}, "rating"),
        ({"rating": 3}, "meeting_id"),
        ({"meeting_id": "123", "rating": 3, "category": "smell"}, "category"),
    ):
        response = client.post("/qss/feedback", json=body)
        assert response.status_code == 400
        assert field in [error["field"] for error in response.json()["errors"]]
