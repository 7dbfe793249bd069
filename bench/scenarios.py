"""The seven scenarios, the requests they send, and the answers they capture.

Scenario requests are built from the seed data (a user who may host and a
meeting that has a summary) and from bench/specs/generated.yaml (an operation
with no handler). Each is sent once to the mock before any load: its answer
must have the expected status, or the scenario is reported as n/a with the
reason. The captured bytes become the baseline's answers, so both servers
send identical bodies.
"""

from __future__ import annotations

import base64
import http.client
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loadgen import Request
from servers import BENCH, TOKEN

AUTH = ("Authorization", f"Bearer {TOKEN}")
JSON_BODY = ("Content-Type", "application/json")
FUZZ = ("Prefer", "dynamic=true")

# The generated operation measured by scenarios 6 and 7: it comes from
# bench/specs/generated.yaml, which the benchmark loads with `--spec`, because
# every operation of specs/ has a handler. `--generated PATH` picks another.
GENERATED_SPEC = BENCH / "specs" / "generated.yaml"
GENERATED_PATH = "/bench/devices"
SEED_HEADER = "x-mock-seed"

VALID_MEETING = {
    "topic": "Benchmark sync",
    "type": 2,
    "start_time": "2026-05-04T15:00:00Z",
    "duration": 30,
    "timezone": "America/Chicago",
    "agenda": "Weekly check-in on the load numbers.",
    "settings": {
        "host_video": True,
        "participant_video": False,
        "join_before_host": False,
        "mute_upon_entry": True,
        "waiting_room": True,
    },
}

# Five violations: wrong types, a value outside an enum, a bad date-time.
INVALID_MEETING = {
    "topic": 42,
    "type": 9,
    "start_time": "next tuesday",
    "duration": "half an hour",
    "settings": {"host_video": "yes"},
}


@dataclass
class Scenario:
    number: int
    name: str
    request: Request | None
    template: str = ""
    """The route as the baseline's Starlette router writes it."""
    expect: int = 200
    unavailable: str = ""
    """Why the scenario cannot run (n/a), or empty."""
    answer: dict[str, Any] = field(default_factory=dict)

    @property
    def runnable(self) -> bool:
        return self.request is not None and not self.unavailable


def _json(value: object) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def _seed_users(data_dir: Path) -> list[str]:
    """Active licensed users from the seed data, the example user `abc123` first.

    Only licensed (type 2) active users may host, so only they can take the
    create-meeting scenario.
    """
    ids = []
    for path in sorted((data_dir / "users").glob("*.json")):
        user = json.loads(path.read_text())
        if user.get("type") == 2 and user.get("status") == "active":
            ids.append(str(user["id"]))
    return sorted(ids, key=lambda user_id: user_id != "abc123")


def _meeting_with_summary(data_dir: Path) -> int | None:
    for path in sorted((data_dir / "meetings").glob("*.json")):
        meeting = json.loads(path.read_text())
        if meeting.get("summary"):
            return int(meeting["id"])
    return None


def build_scenarios(data_dir: Path, generated: str = GENERATED_PATH) -> list[Scenario]:
    users = _seed_users(data_dir)
    reader = users[0] if users else "abc123"
    writer = users[1] if len(users) > 1 else reader
    summary_meeting = _meeting_with_summary(data_dir)
    no_summary = "" if summary_meeting else "no seeded meeting has a summary"
    post = (AUTH, JSON_BODY)

    scenarios = [
        Scenario(1, "get one user", Request("GET", f"/v2/users/{reader}", (AUTH,)),
                 "/v2/users/{user_id}"),
        Scenario(2, "list a user's meetings (from, to)",
                 Request("GET", f"/v2/users/{reader}/meetings"
                         "?from=2026-01-01&to=2026-12-31&page_size=30", (AUTH,)),
                 "/v2/users/{user_id}/meetings"),
        Scenario(3, "get a meeting summary",
                 Request("GET", f"/v2/meetings/{summary_meeting}/meeting_summary",
                         (AUTH,)) if summary_meeting else None,
                 "/v2/meetings/{meeting_id}/meeting_summary",
                 unavailable=no_summary),
        Scenario(4, "create a meeting (valid body)",
                 Request("POST", f"/v2/users/{writer}/meetings", post,
                         _json(VALID_MEETING)),
                 "/v2/users/{user_id}/meetings", expect=201),
        Scenario(5, "create a meeting (invalid body)",
                 Request("POST", f"/v2/users/{writer}/meetings", post,
                         _json(INVALID_MEETING)),
                 "/v2/users/{user_id}/meetings", expect=400),
    ]  # fmt: skip

    path = f"/v2{generated}"
    scenarios += [
        Scenario(6, "generated operation, realistic", Request("GET", path, (AUTH,)),
                 path),
        Scenario(7, "generated operation, fuzz", Request("GET", path, (AUTH, FUZZ)),
                 path),
    ]  # fmt: skip
    return scenarios


def send_once(port: int, request: Request) -> tuple[int, str, bytes]:
    """Status, content type and body of one request to 127.0.0.1:`port`."""
    status, headers, body = send_with_headers(port, request)
    return status, headers.get("content-type", ""), body


def send_with_headers(port: int, request: Request) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(
            request.method,
            request.path,
            body=request.body,
            headers=dict(request.headers),
        )
        answer = conn.getresponse()
        headers = {name.lower(): value for name, value in answer.getheaders()}
        return answer.status, headers, answer.read()
    finally:
        conn.close()


def capture(port: int, scenarios: list[Scenario]) -> None:
    """Send each scenario once; keep its answer or note why it is n/a."""
    for scenario in scenarios:
        if scenario.runnable:
            _capture_one(port, scenario)


def _capture_one(port: int, scenario: Scenario) -> bool:
    assert scenario.request is not None
    status, headers, body = send_with_headers(port, scenario.request)
    content_type = headers.get("content-type", "")
    if (
        scenario.number == 7
        and status == scenario.expect
        and SEED_HEADER not in headers
    ):
        scenario.unavailable = (
            f"{scenario.request.path} sent no X-Mock-Seed to a fuzz request, "
            "so a handler answers it, not the generator"
        )
        return False
    if status == scenario.expect:
        scenario.answer = {
            "status": status,
            "content_type": content_type,
            "body": base64.b64encode(body).decode(),
            "size": len(body),
        }
        return True
    scenario.unavailable = (
        f"{scenario.request.method} {scenario.request.path.split('?')[0]} "
        f"answered {status}, expected {scenario.expect}: {body[:160]!r}"
    )
    return False


def baseline_capture(scenarios: list[Scenario]) -> dict[str, Any]:
    """The captured answers in the form bench/baseline.py serves them."""
    routes: dict[tuple[str, str], dict[str, Any]] = {}
    for scenario in scenarios:
        if not scenario.runnable or not scenario.answer or scenario.request is None:
            continue
        request = scenario.request
        key = (request.method, scenario.template)
        route = routes.setdefault(
            key,
            {"method": request.method, "template": scenario.template,
             "default": scenario.answer, "by_body": [], "by_header": []},
        )  # fmt: skip
        if request.body is not None:
            route["by_body"].append(
                {"request_body": base64.b64encode(request.body).decode(),
                 "response": scenario.answer}
            )  # fmt: skip
        elif FUZZ in request.headers:
            name, value = FUZZ
            route["by_header"].append(
                {"name": name.lower(), "value": value, "response": scenario.answer}
            )
    return {"routes": list(routes.values())}
