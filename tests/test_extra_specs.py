"""`--spec`: other OpenAPI documents served through the generator.

Zoom's own published files are the real test of "any OpenAPI 3.0 document":
where they sit beside the repo, the mock serves them with request validation,
answers their operations with bodies valid against Zoom's schemas, and keeps
our own specs in charge of the paths both define.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.conftest import running_mock
from tests.contract import REFERENCE_DIR, schema_problems
from zoom_mock.documents import SpecError, merge_specs

FIXTURES = Path(__file__).parent / "fixtures" / "lint"
MEETINGS = REFERENCE_DIR / "zoom-meetings.openapi.json"
needs_reference = pytest.mark.skipif(
    not MEETINGS.is_file(), reason="Zoom's OpenAPI files are not beside the repo"
)
AUTH = {"Authorization": "Bearer extra-specs"}


@pytest.fixture(scope="module")
def zoom_url():
    if not MEETINGS.is_file():
        pytest.skip("Zoom's OpenAPI files are not beside the repo")
    with running_mock(extra_specs=(MEETINGS,)) as url:
        yield url


def _zoom_schema(path: str, method: str, status: str) -> dict:
    document = json.loads(MEETINGS.read_text(encoding="utf-8"))
    operation = document["paths"][path][method]
    return operation["responses"][status]["content"]["application/json"]["schema"]


@needs_reference
def test_a_zoom_only_operation_is_generated_and_fits_zooms_schema(
    zoom_url: str,
) -> None:
    response = httpx.get(f"{zoom_url}/v2/webinars/81234567890", headers=AUTH)

    assert response.status_code == 200
    problems = schema_problems(
        _zoom_schema("/webinars/{webinarId}", "get", "200"), response.json()
    )
    assert problems == []


@needs_reference
def test_generated_bodies_are_the_same_across_restarts(zoom_url: str) -> None:
    first = httpx.get(f"{zoom_url}/webinars/81234567890", headers=AUTH).content
    with running_mock(extra_specs=(MEETINGS,)) as other:
        second = httpx.get(f"{other}/webinars/81234567890", headers=AUTH).content
    different_id = httpx.get(f"{zoom_url}/webinars/81234567891", headers=AUTH).content

    assert first == second
    assert first != different_id


@needs_reference
def test_requests_to_zoom_operations_are_validated(zoom_url: str) -> None:
    response = httpx.get(
        f"{zoom_url}/webinars/not-a-number/registrants",
        params={"page_size": 500, "status": "maybe"},
        headers=AUTH,
    )

    assert response.status_code == 400
    assert response.json()["code"] == 300
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"webinarId", "page_size", "status"}


@needs_reference
def test_zoom_operations_need_a_token_too(zoom_url: str) -> None:
    response = httpx.get(f"{zoom_url}/webinars/81234567890")

    assert response.status_code == 401
    assert response.json()["code"] == 124


@needs_reference
def test_our_specs_win_where_both_define_a_path(zoom_url: str) -> None:
    response = httpx.get(f"{zoom_url}/users/abc123/meetings", headers=AUTH)

    assert response.status_code == 200
    assert response.json()["meetings"][0]["host_id"] == "abc123"


@needs_reference
def test_clashing_paths_are_reported() -> None:
    merged = merge_specs(Path(__file__).parents[1] / "specs", [MEETINGS])

    assert any("GET /users/{userId}/meetings" in clash for clash in merged.clashes)


@needs_reference
def test_a_folder_serves_its_valid_documents_and_reports_the_others() -> None:
    merged = merge_specs(Path(__file__).parents[1] / "specs", [REFERENCE_DIR])

    served = {spec.path.name for spec in merged.files if not spec.ours}
    assert "zoom-meetings.openapi.json" in served
    assert "zoom-calendar.openapi.json" not in served
    assert any(
        "zoom-calendar.openapi.json does not validate" in r for r in merged.refused
    )
    assert any("not an OpenAPI 3.0 document" in r for r in merged.refused)


def test_an_invalid_document_named_on_its_own_is_refused() -> None:
    with pytest.raises(SpecError, match="does not validate"):
        merge_specs(
            Path(__file__).parents[1] / "specs", [FIXTURES / "invalid_openapi.yaml"]
        )


def test_serve_refuses_an_invalid_document_with_the_validators_message() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "zoom_mock.cli", "serve", "--port", "1",
         "--spec", str(FIXTURES / "invalid_openapi.yaml")],
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip

    assert result.returncode == 2
    assert "invalid_openapi.yaml does not validate" in result.stderr


def test_an_extra_document_with_refs_into_another_file_is_refused_by_name(
    tmp_path: Path,
) -> None:
    alone = tmp_path / "users.yaml"
    shutil.copy(Path(__file__).parents[1] / "specs" / "users.yaml", alone)

    with pytest.raises(SpecError, match=r"users\.yaml cannot be served: \$refs point"):
        merge_specs(Path(__file__).parents[1] / "specs", [alone])


def test_routes_lists_extra_operations_as_generated() -> None:
    clean = str(FIXTURES / "clean.yaml")
    result = subprocess.run(
        [sys.executable, "-m", "zoom_mock.cli", "routes", "--spec", clean],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )  # fmt: skip

    lines = result.stdout.splitlines()
    assert any(line.split()[-1] == "generated" for line in lines if line.strip())
    assert any("userCreate" in line and line.endswith("handled") for line in lines)
    assert "generated." in lines[-1]


def test_an_unsatisfiable_schema_is_reported_at_startup_and_answers_501(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level("WARNING", logger="zoom_mock.startup")

    with running_mock(extra_specs=(FIXTURES / "unsatisfiable.yaml",)) as url:
        reported = [
            r.getMessage() for r in caplog.records if "widgets" in r.getMessage()
        ]
        response = httpx.get(f"{url}/widgets", headers=AUTH)

    assert reported, "the startup log names the operation"
    assert "maxLength" in reported[0] or "minLength" in reported[0]
    assert response.status_code == 501
    assert response.json()["code"] == 501
    assert "GET /widgets 200" in response.json()["error"]["details"]
