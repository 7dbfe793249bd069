"""`--persist` survives SIGKILL: every data file holds the old or the new state.

A real `zoom-mock serve --persist` process takes creates and updates from
several threads and is killed with SIGKILL in the middle of them. Then every
JSON file in its data folder must parse, each user file must hold a state a
client sent (and at least the last one the server acknowledged), and the
mock must start again on that folder and serve every acknowledged write.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.conftest import free_port
from tests.live_server import copy_seed_data, get, live_mock, raw_request

AUTH = {"Authorization": "Bearer durability-test"}
WRITERS = 6


@contextmanager
def served(data: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`zoom-mock serve --persist` on `data`, in its own process."""
    port = free_port()
    log = (data.parent / "server.log").open("ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "zoom_mock.cli", "serve", "--persist"]
        + ["--data-dir", str(data), "--port", str(port), "--log-level", "warning"],
        stdout=log,
        stderr=log,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/_mock/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                output = (data.parent / "server.log").read_text(errors="replace")
                raise RuntimeError(f"The mock did not start:\n{output}")
            time.sleep(0.1)
        yield url, process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        log.close()


@dataclass
class History:
    """Per user: every first_name sent, and how many of them were acknowledged."""

    sent: dict[str, list[str]] = field(default_factory=dict)
    acknowledged: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def send(self, user_id: str, name: str) -> None:
        with self.lock:
            self.sent.setdefault(user_id, []).append(name)

    def ack(self, user_id: str) -> None:
        with self.lock:
            self.acknowledged[user_id] = len(self.sent[user_id])


def write_until_killed(
    url: str, worker: int, history: History, stop: threading.Event
) -> None:
    """Create users and keep renaming them until the server disappears."""
    try:
        with httpx.Client(base_url=url, headers=AUTH, timeout=5) as http:
            step = 0
            while not stop.is_set():
                created = http.post(
                    "/users",
                    json={
                        "email": f"k{worker}.{step}@durable.example",
                        "first_name": "v0",
                    },
                )
                user_id = created.json()["id"]
                history.send(user_id, "v0")
                history.ack(user_id)
                for version in range(1, 4):
                    name = f"v{version}"
                    history.send(user_id, name)
                    http.patch(f"/users/{user_id}", json={"first_name": name})
                    history.ack(user_id)
                http.post(
                    "/chat/users/me/channels", json={"name": f"d-{worker}-{step}"}
                )
                step += 1
    except (httpx.TransportError, KeyError, ValueError):
        return


def test_sigkill_during_writes_leaves_old_or_new_state(tmp_path: Path) -> None:
    data = copy_seed_data(tmp_path / "data")
    history = History()
    stop = threading.Event()

    with served(data) as (url, process):
        port = int(url.rsplit(":", 1)[1])
        refused = raw_request(port, get(b"/users/me", b"X-Bad: a\rb"))
        assert refused.status == 400 and refused.json()["code"] == 400, (
            "`zoom-mock serve` should answer malformed HTTP with the guarded protocol"
        )
        writers = [
            threading.Thread(target=write_until_killed, args=(url, n, history, stop))
            for n in range(WRITERS)
        ]
        for writer in writers:
            writer.start()
        time.sleep(1.5)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        stop.set()
        for writer in writers:
            writer.join(timeout=10)

    files = [path for path in data.rglob("*.json") if not path.name.startswith(".")]
    for path in files:
        json.loads(path.read_text(encoding="utf-8"))
    assert len(history.acknowledged) >= WRITERS

    for user_id, sent in history.sent.items():
        path = data / "users" / f"{user_id}.json"
        acknowledged = history.acknowledged.get(user_id, 0)
        if acknowledged == 0:
            continue
        stored = json.loads(path.read_text(encoding="utf-8"))["first_name"]
        assert stored in sent[acknowledged - 1 :], (user_id, stored, sent)

    with live_mock(data, persist=True) as restarted:
        leftovers = list(data.rglob(".*.json.*"))
        http = httpx.Client(base_url=restarted.url, headers=AUTH)
        for user_id, count in history.acknowledged.items():
            user = http.get(f"/users/{user_id}")
            assert user.status_code == 200, user_id
            assert user.json()["first_name"] in history.sent[user_id][count - 1 :]
        http.close()
    assert leftovers == []
