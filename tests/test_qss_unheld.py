"""Quality data exists only for meetings that have taken place.

A meeting of `data/` that nobody has joined (a scheduled one in the seeds, or
one just created) has no QoS summary and no score: Zoom answers 404 with code
3001 for a meeting that has not ended.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

from tests.conftest import SEED_DATA
from tests.contract import ContractClient


def seed_meeting_nobody_joined() -> dict[str, Any]:
    for path in sorted((SEED_DATA / "meetings").glob("*.json")):
        meeting = json.loads(path.read_text(encoding="utf-8"))
        if not meeting.get("participants"):
            return dict(meeting)
    raise LookupError("Every seed meeting has participants.")


def assert_no_quality_data(response: httpx.Response, meeting_id: object) -> None:
    assert response.status_code == 404, response.text
    body = response.json()
    assert body["code"] == 3001
    assert f"meeting {meeting_id} " in body["message"]
    assert "has not taken place" in body["message"]


def test_a_scheduled_meeting_has_no_qos_summary_or_score(
    client: ContractClient,
) -> None:
    meeting = seed_meeting_nobody_joined()

    for ref in (meeting["id"], meeting["uuid"]):
        summary = client.get(f"/metrics/meetings/{ref}/participants/qos_summary")
        score = client.get(f"/qss/score/{ref}")

        assert_no_quality_data(summary, meeting["id"])
        assert_no_quality_data(score, meeting["id"])


def test_a_meeting_just_created_has_no_quality_data(
    fresh_mock: Callable[..., Any],
) -> None:
    with fresh_mock() as url, ContractClient(url) as client:
        created = client.post(
            "/users/me/meetings",
            json={"topic": "Not yet", "type": 2, "start_time": "2027-03-01T10:00:00Z"},
        )
        assert created.status_code == 201, created.text
        meeting_id = created.json()["id"]

        summary = client.get(
            f"/v2/metrics/meetings/{meeting_id}/participants/qos_summary"
        )
        score = client.get(f"/v2/qss/score/{meeting_id}")

        assert_no_quality_data(summary, meeting_id)
        assert_no_quality_data(score, meeting_id)
        unknown = client.get("/qss/score/55555555555")
        assert unknown.status_code == 200
