"""Many clients writing at once: every acknowledged write is there afterwards.

Threads create, update and delete users, meetings and chat channels against
one live mock. Afterwards every resource is read back: an acknowledged create
exists with its last acknowledged update, an acknowledged delete is gone, and
each list's total equals what it was plus the creates minus the deletes.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.live_server import LiveMock, copy_seed_data, live_mock

AUTH = {"Authorization": "Bearer concurrency-test"}
WORKERS = 8
PER_WORKER = 12


@dataclass
class Ledger:
    """What the server acknowledged, per resource id."""

    created: dict[str, str] = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, resource: str, value: str | None) -> None:
        with self.lock:
            if value is None:
                self.deleted.add(resource)
            else:
                self.created[resource] = value

    @property
    def alive(self) -> dict[str, str]:
        return {key: v for key, v in self.created.items() if key not in self.deleted}


@pytest.fixture(scope="module")
def mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveMock]:
    data = copy_seed_data(tmp_path_factory.mktemp("concurrency") / "data")
    with live_mock(data) as served:
        yield served


def run_workers(url: str, work: Callable[[httpx.Client, int], None]) -> None:
    """Run `work` in WORKERS threads at once, each with its own connection."""

    def one(worker: int) -> None:
        with httpx.Client(base_url=url, headers=AUTH, timeout=30) as http:
            work(http, worker)

    with ThreadPoolExecutor(WORKERS) as pool:
        for future in [pool.submit(one, worker) for worker in range(WORKERS)]:
            future.result()


def total(http: httpx.Client, path: str, **params: object) -> int:
    return int(http.get(path, params=params).json()["total_records"])


def test_parallel_user_writes_all_land(mock: LiveMock) -> None:
    ledger = Ledger()
    http = httpx.Client(base_url=mock.url, headers=AUTH)
    before = total(http, "/users", status="pending", page_size=1)

    def work(client: httpx.Client, worker: int) -> None:
        for step in range(PER_WORKER):
            email = f"w{worker}.u{step}@concurrency.example"
            info = {"email": email, "type": 1, "first_name": "New"}
            created = client.post(
                "/users", json={"action": "create", "user_info": info}
            )
            assert created.status_code == 201, created.text
            user_id = created.json()["id"]
            ledger.note(user_id, "New")
            if step % 2:
                name = f"Renamed{worker}x{step}"
                updated = client.patch(f"/users/{user_id}", json={"first_name": name})
                assert updated.status_code == 204, updated.text
                ledger.note(user_id, name)
            if step % 3 == 0:
                assert client.delete(f"/users/{user_id}").status_code == 204
                ledger.note(user_id, None)

    run_workers(mock.url, work)

    assert len(ledger.created) == WORKERS * PER_WORKER
    for user_id, name in ledger.alive.items():
        found = http.get(f"/users/{user_id}")
        assert found.status_code == 200, user_id
        assert found.json()["first_name"] == name
    for user_id in ledger.deleted:
        assert http.get(f"/users/{user_id}").status_code == 404
    after = http.get("/users", params={"status": "pending", "page_size": 300}).json()
    listed = {user["id"] for user in after["users"]}
    assert after["total_records"] == before + len(ledger.alive)
    assert set(ledger.alive) <= listed and not listed & ledger.deleted
    http.close()


def test_parallel_meeting_writes_all_land(mock: LiveMock) -> None:
    ledger = Ledger()
    http = httpx.Client(base_url=mock.url, headers=AUTH)
    before = total(http, "/users/me/meetings", type="scheduled", page_size=1)

    def work(client: httpx.Client, worker: int) -> None:
        for step in range(PER_WORKER):
            body = {
                "topic": f"Standup {worker}-{step}",
                "type": 2,
                "start_time": f"2026-09-{1 + step:02d}T{8 + worker:02d}:00:00Z",
                "duration": 15,
            }
            created = client.post("/users/me/meetings", json=body)
            assert created.status_code == 201, created.text
            meeting_id = str(created.json()["id"])
            ledger.note(meeting_id, body["topic"])
            if step % 2:
                topic = f"Moved {worker}-{step}"
                updated = client.patch(f"/meetings/{meeting_id}", json={"topic": topic})
                assert updated.status_code == 204, updated.text
                ledger.note(meeting_id, topic)
            if step % 3 == 0:
                assert client.delete(f"/meetings/{meeting_id}").status_code == 204
                ledger.note(meeting_id, None)

    run_workers(mock.url, work)

    for meeting_id, topic in ledger.alive.items():
        found = http.get(f"/meetings/{meeting_id}")
        assert found.status_code == 200, meeting_id
        assert found.json()["topic"] == topic
    for meeting_id in ledger.deleted:
        assert http.get(f"/meetings/{meeting_id}").status_code == 404
    after = total(http, "/users/me/meetings", type="scheduled", page_size=1)
    assert after == before + len(ledger.alive)
    http.close()


def test_parallel_channel_writes_all_land(mock: LiveMock) -> None:
    ledger = Ledger()
    http = httpx.Client(base_url=mock.url, headers=AUTH)
    before = total(http, "/chat/users/me/channels", page_size=1)

    def work(client: httpx.Client, worker: int) -> None:
        for step in range(PER_WORKER):
            name = f"room-{worker}-{step}"
            created = client.post(
                "/chat/users/me/channels", json={"name": name, "type": 1}
            )
            assert created.status_code == 201, created.text
            channel_id = created.json()["id"]
            ledger.note(channel_id, name)
            if step % 2:
                renamed = f"renamed-{worker}-{step}"
                updated = client.patch(
                    f"/chat/users/me/channels/{channel_id}", json={"name": renamed}
                )
                assert updated.status_code == 204, updated.text
                ledger.note(channel_id, renamed)
            if step % 3 == 0:
                deleted = client.delete(f"/chat/users/me/channels/{channel_id}")
                assert deleted.status_code == 204, deleted.text
                ledger.note(channel_id, None)

    run_workers(mock.url, work)

    for channel_id, name in ledger.alive.items():
        found = http.get(f"/chat/users/me/channels/{channel_id}")
        assert found.status_code == 200, channel_id
        assert found.json()["name"] == name
    for channel_id in ledger.deleted:
        assert http.get(f"/chat/users/me/channels/{channel_id}").status_code == 404
    after = total(http, "/chat/users/me/channels", page_size=1)
    assert after == before + len(ledger.alive)
    http.close()


def test_ids_handed_out_under_load_are_unique(mock: LiveMock) -> None:
    ids: list[str] = []
    lock = threading.Lock()

    def work(client: httpx.Client, worker: int) -> None:
        for step in range(PER_WORKER):
            email = f"unique.{worker}.{step}@concurrency.example"
            created = client.post("/users", json={"email": email})
            assert created.status_code == 201, created.text
            with lock:
                ids.append(created.json()["id"])

    run_workers(mock.url, work)

    assert len(ids) == len(set(ids)) == WORKERS * PER_WORKER


def test_several_workers_are_refused_with_a_reason(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "zoom_mock.cli", "serve", "--workers", "3"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )

    assert result.returncode == 2
    assert "--workers is 3" in result.stderr
    assert "its own copy" in result.stderr
