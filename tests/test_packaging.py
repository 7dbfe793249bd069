"""The wheel adds one import name, and carries the specs and the seed data."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "-q", "-w", str(out), str(REPO)],
        check=True,
        timeout=300,
    )  # fmt: skip
    (built,) = out.glob("zoom_mock-*.whl")
    return zipfile.ZipFile(built)


def test_the_wheel_adds_only_the_zoom_mock_package(wheel: zipfile.ZipFile) -> None:
    top_level = {name.split("/")[0] for name in wheel.namelist()}

    assert {name for name in top_level if not name.endswith(".dist-info")} == {
        "zoom_mock"
    }


def test_the_folders_are_mapped_into_the_package(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())

    assert "zoom_mock/handlers/users.py" in names
    assert "zoom_mock/generator/__init__.py" in names
    assert "zoom_mock/specs/users.yaml" in names
    assert "zoom_mock/specs/common.yaml" in names
    assert "zoom_mock/data/accounts.json" in names
    assert "zoom_mock/data/users/abc123.json" in names
    assert sum(1 for n in names if n.startswith("zoom_mock/data/meetings/")) >= 60


def test_the_console_command_is_declared(wheel: zipfile.ZipFile) -> None:
    (entry_points,) = [n for n in wheel.namelist() if n.endswith("entry_points.txt")]
    text = wheel.read(entry_points).decode()

    assert "zoom-mock = zoom_mock.cli:main" in text
