"""Settings: defaults, environment, .env files, and refusing bad values."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tests.contract import ContractClient
from zoom_mock.config import SettingsError, load_settings


def test_defaults_match_the_original_mock() -> None:
    settings = load_settings(environ={}, env_file=Path("/nonexistent"))

    assert settings.base_url is None
    assert (settings.date_from, settings.date_to) == (
        date(2026, 1, 1),
        date(2026, 12, 31),
    )
    assert (settings.default_page_size, settings.max_page_size) == (30, 300)


def test_dotenv_is_read_and_environment_wins(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("BASE_URL=https://mock.example.com\nDEFAULT_PAGE_SIZE=10\n")

    settings = load_settings(environ={"DEFAULT_PAGE_SIZE": "20"}, env_file=env_file)

    assert settings.base_url == "https://mock.example.com"
    assert settings.default_page_size == 20


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("BASE_URL", "not a url"),
        ("DEFAULT_DATE_FROM", "2026-13-01"),
        ("DEFAULT_PAGE_SIZE", "ten"),
        ("MAX_PAGE_SIZE", "0"),
    ],
)
def test_a_bad_setting_names_the_variable(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=name):
        load_settings(environ={name: value}, env_file=Path("/nonexistent"))


def test_a_setting_a_serve_option_sets_names_the_option_too() -> None:
    with pytest.raises(SettingsError, match=r"\(--max-body-bytes\) is 200.*1024"):
        load_settings(
            environ={"ZOOM_MOCK_MAX_BODY_BYTES": "200"}, env_file=Path("/nonexistent")
        )


def test_inconsistent_range_is_refused() -> None:
    with pytest.raises(SettingsError, match="DEFAULT_DATE_FROM"):
        load_settings(
            environ={
                "DEFAULT_DATE_FROM": "2026-12-01",
                "DEFAULT_DATE_TO": "2026-01-01",
            },
            env_file=Path("/nonexistent"),
        )


def test_serve_refuses_to_start_on_a_bad_setting(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "zoom_mock.cli", "serve", "--port", "1"],
        env={"PATH": "", "DEFAULT_PAGE_SIZE": "lots", "HOME": str(tmp_path)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert "DEFAULT_PAGE_SIZE" in result.stderr


def test_default_page_size_setting_reaches_lists(fresh_mock) -> None:
    with fresh_mock(default_page_size=2) as url, ContractClient(url) as http:
        body = http.get("/users").json()

    assert body["page_size"] == 2
    assert len(body["users"]) == 2
