"""The data folder as the store reads it: every file checked, every fault named.

A broken file must stop `zoom-mock serve` with one line that names the file and
the field, and must make `POST /_mock/reset` refuse while keeping the state the
mock already has, never answer 500 or quietly serve an empty mock.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEED_DATA, free_port, running_mock
from tests.contract import ContractClient

BAD_FILES = [
    ("users/broken.json", "{bad json", "users/broken.json is not valid JSON: "),
    ("users/list.json", "[]", "users/list.json holds a list, but it must be an object"),
    (
        "users/x.json",
        '{"id": "x", "email": 7}',
        "users/x.json: `email` is 7, but it must be a string.",
    ),
    (
        "users/x.json",
        '{"id": 5, "email": "five@example.com"}',
        "users/x.json: `id` is 5, but it must be a string.",
    ),
    (
        "meetings/m.json",
        '{"id": "12", "uuid": "u"}',
        'meetings/m.json: `id` is "12", but it must be an integer.',
    ),
    (
        "meetings/m.json",
        '{"id": 12, "uuid": 3}',
        "meetings/m.json: `uuid` is 3, but it must be a string.",
    ),
    (
        "meetings/m.json",
        '{"uuid": "u"}',
        "meetings/m.json: `id` is missing",
    ),
    (
        "accounts.json",
        '{"id": "a"}',
        "accounts.json holds an object, but it must be a list.",
    ),
    (
        "accounts.json",
        '[{"id": "a"}, "b"]',
        "accounts.json: item 1 is a string, but every account must be an object.",
    ),
    (
        "chat.json",
        '{"channels": [{"name": "no id"}]}',
        "chat.json: `channels[0]` is an object without an `id`",
    ),
]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(SEED_DATA, copy)
    return copy


def serve(data_dir: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "zoom_mock.cli", "serve", "--data-dir"]
    return subprocess.run(
        [*command, str(data_dir), "--port", str(free_port())],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )


def test_serve_stops_with_one_line_naming_a_broken_file(data: Path) -> None:
    (data / "users" / "broken.json").write_text("{bad json", encoding="utf-8")

    finished = serve(data)

    assert finished.returncode == 2
    assert "Traceback" not in finished.stderr
    assert finished.stderr.startswith(f"zoom-mock: {data}/users/broken.json is not")
    assert "line 1 column 2" in finished.stderr


def test_serve_names_the_field_of_a_wrongly_shaped_user(data: Path) -> None:
    (data / "users" / "x.json").write_text('{"id": 5, "email": 7}', encoding="utf-8")

    finished = serve(data)

    assert finished.returncode == 2
    assert f"{data}/users/x.json: `id` is 5, but it must be a string." in (
        finished.stderr
    )


def test_reset_refuses_each_broken_file_and_keeps_the_state(data: Path) -> None:
    with running_mock(data_dir=data) as url, ContractClient(url) as http:
        created = http.post("/users", json={"email": "kept@example.com"}).json()
        for name, text, message in BAD_FILES:
            bad = data / name
            original = bad.read_bytes() if bad.exists() else None
            bad.write_text(text, encoding="utf-8")

            refused = http.post("/_mock/reset")
            kept = http.get(f"/users/{created['id']}")

            if original is None:
                bad.unlink()
            else:
                bad.write_bytes(original)
            assert refused.status_code == 409, name
            assert refused.json()["code"] == 409
            assert f"{data}/{message}" in refused.json()["message"], refused.text
            assert kept.status_code == 200, name

        restored = http.post("/_mock/reset")
        forgotten = http.get(f"/users/{created['id']}")

    assert restored.status_code == 200
    assert forgotten.status_code == 404


def test_reset_of_a_vanished_data_folder_is_refused(data: Path) -> None:
    with running_mock(data_dir=data) as url, ContractClient(url) as http:
        before = http.get("/users", params={"page_size": 300}).json()
        shutil.rmtree(data)
        refused = http.post("/_mock/reset")
        after = http.get("/users", params={"page_size": 300}).json()

    assert refused.status_code == 409
    assert f"The data folder {data} does not exist." in refused.json()["message"]
    assert after["total_records"] == before["total_records"] >= 1


def test_seed_files_all_pass_the_checks(data: Path) -> None:
    with running_mock(data_dir=data) as url, ContractClient(url) as http:
        reset = http.post("/_mock/reset")

    assert reset.status_code == 200
    assert reset.json()["users"] == len(list((data / "users").glob("*.json")))
    assert reset.json()["meetings"] == len(list((data / "meetings").glob("*.json")))
    assert json.loads((data / "accounts.json").read_text(encoding="utf-8"))
