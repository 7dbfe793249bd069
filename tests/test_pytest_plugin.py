"""The pytest plugin, used from an outside project as a user would use it.

pytester writes each project into a temporary folder and runs pytest on it in
a child process, so the plugin is found through its entry point, exactly as
after `pip install zoom-mock`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

README = Path(__file__).resolve().parents[1] / "README.md"

PROJECT_TESTS = """
import httpx

SEEDED = {}


def test_changes_state(zoom_mock_url, zoom_mock):
    auth = {"Authorization": "Bearer t"}
    users = httpx.get(f"{zoom_mock_url}/v2/users", headers=auth).json()["users"]
    SEEDED["user"] = users[0]["id"]
    SEEDED["url"] = zoom_mock_url
    deleted = httpx.delete(f"{zoom_mock_url}/v2/users/{users[0]['id']}", headers=auth)
    assert deleted.status_code == 204
    assert len(zoom_mock.journal()) == 2


def test_state_and_journal_start_afresh(zoom_mock_url, zoom_mock):
    auth = {"Authorization": "Bearer t"}
    assert zoom_mock_url == SEEDED["url"]
    assert zoom_mock.journal() == []
    again = httpx.get(f"{zoom_mock_url}/v2/users/{SEEDED['user']}", headers=auth)
    assert again.status_code == 200


def test_strict_mode_comes_from_the_ini_file(zoom_mock_url, zoom_mock):
    answer = httpx.get(
        f"{zoom_mock_url}/v2/users?colour=red", headers={"Authorization": "Bearer t"}
    )
    assert answer.status_code == 400
    [entry] = zoom_mock.violations()
    assert entry["violations"][0]["field"] == "colour"


def test_broken_requests_fail_the_test(zoom_mock_url, zoom_mock):
    httpx.post(
        f"{zoom_mock_url}/v2/users",
        json={"action": "create", "user_info": {"email": "x", "type": 1}},
        headers={"Authorization": "Bearer t"},
    )
    zoom_mock.reset()
    httpx.get(f"{zoom_mock_url}/v2/users/me")
    zoom_mock.assert_no_violations()
"""


def readme_example() -> str:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Testing your client with pytest", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match is not None, "the README's pytest section has no python example"
    return match.group(1)


def test_the_readme_example_passes_from_an_outside_project(
    pytester: pytest.Pytester,
):
    pytester.makepyfile(test_example=readme_example())

    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")

    result.assert_outcomes(passed=1)


def test_the_plugin_resets_state_keeps_journals_per_test_and_lists_violations(
    pytester: pytest.Pytester,
):
    pytester.makeini("[pytest]\nzoom_mock_strict = true\n")
    pytester.makepyfile(test_client=PROJECT_TESTS)

    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "-p", "no:randomly"
    )

    result.assert_outcomes(passed=3, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*AssertionError: 2 requests broke Zoom's API contract*",
            "*1. POST /users (userCreate) -> 400",
            '*user_info.email: `user_info.email` in the body was "x", which is not a '
            "valid email.",
            "*2. GET /users/me (user) -> 401",
            "*Authorization: The Authorization header is missing.",
        ]
    )
