"""`zoom-mock lint`: each rule catches its broken fixture spec, and ours pass.

The fixtures in tests/fixtures/lint/ each break one rule; `clean.yaml` breaks
none.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from zoom_mock.cli import main
from zoom_mock.config import Settings
from zoom_mock.lint import RULES, Finding, lint

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "lint"

BROKEN = {
    "invalid_openapi.yaml": "openapi-valid",
    "duplicate_operation_id.yaml": "unique-operation-id",
    "missing_summary_and_tags.yaml": "summary-and-tags",
    "missing_404.yaml": "declares-404",
    "bad_example.yaml": "example-valid",
    "unsatisfiable.yaml": "generator-satisfiable",
}


def rules_of(findings: list[Finding]) -> set[str]:
    return {finding.rule for finding in findings}


def test_every_rule_has_a_broken_fixture():
    assert set(BROKEN.values()) == set(RULES)


def test_the_clean_fixture_has_no_findings():
    assert lint([FIXTURES / "clean.yaml"]) == []


@pytest.mark.parametrize(("name", "rule"), sorted(BROKEN.items()))
def test_each_broken_fixture_is_caught_by_its_rule(name: str, rule: str):
    findings = lint([FIXTURES / name])

    assert rule in rules_of(findings)
    assert all(finding.file == name for finding in findings)


def test_findings_name_the_file_the_place_and_the_rule():
    findings = lint([FIXTURES / "missing_404.yaml"])

    assert [str(finding) for finding in findings] == [
        "missing_404.yaml: DELETE /widgets/{widgetId}: [declares-404] the path "
        "holds {widgetId}, but the responses (204) do not include 404."
    ]


def test_example_findings_say_which_example_and_what_is_wrong():
    findings = lint([FIXTURES / "bad_example.yaml"])

    places = {finding.where: finding.message for finding in findings}
    assert places == {
        "GET /widgets responses/200/content/application/json/examples/broken": (
            "the example: 'id' is a required property"
        ),
        "components/schemas/Widget/properties/size/example": (
            "the example: 'large' is not of type 'integer'"
        ),
    }


def test_the_generator_rule_names_the_operation_and_the_keyword():
    [finding] = lint([FIXTURES / "unsatisfiable.yaml"])

    assert finding.where == "GET /widgets 200"
    assert "`minLength`" in finding.message
    assert "maxLength 2" in finding.message


def test_operation_ids_must_be_unique_across_files():
    findings = lint(
        [FIXTURES / "missing_summary_and_tags.yaml", FIXTURES / "unsatisfiable.yaml"]
    )

    [duplicate] = [f for f in findings if f.rule == "unique-operation-id"]
    assert duplicate.file == "unsatisfiable.yaml"
    assert "missing_summary_and_tags.yaml" in duplicate.message


def test_refs_into_sibling_files_are_followed(tmp_path: Path):
    specs = Settings().specs_dir
    shutil.copy(specs / "common.yaml", tmp_path / "common.yaml")
    shutil.copy(specs / "users.yaml", tmp_path / "users.yaml")

    findings = lint([tmp_path / "users.yaml"])

    assert findings == []


def test_a_ref_into_a_file_that_is_not_there_is_a_finding_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    # users.yaml alone, without the common.yaml its $refs point into.
    shutil.copy(Settings().specs_dir / "users.yaml", tmp_path / "users.yaml")

    status = main(["lint", str(tmp_path / "users.yaml")])

    out = capsys.readouterr().out
    assert status == 1
    assert "users.yaml: (root): [openapi-valid] the $ref 'common.yaml#/" in out


def test_lint_exits_non_zero_on_findings_and_lists_them(
    capsys: pytest.CaptureFixture[str],
):
    status = main(["lint", str(FIXTURES / "missing_404.yaml")])

    out = capsys.readouterr().out
    assert status == 1
    assert "missing_404.yaml: DELETE /widgets/{widgetId}: [declares-404]" in out
    assert "1 finding in 1 file." in out


def test_lint_json_and_specs_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    for name in ("clean.yaml", "bad_example.yaml"):
        shutil.copy(FIXTURES / name, tmp_path / name)

    status = main(["lint", "--specs-dir", str(tmp_path), "--json"])

    findings = json.loads(capsys.readouterr().out)
    assert status == 1
    assert {f["file"] for f in findings} == {"bad_example.yaml"}
    assert {f["rule"] for f in findings} == {"example-valid"}


def test_lint_exits_zero_on_a_clean_spec(capsys: pytest.CaptureFixture[str]):
    assert main(["lint", str(FIXTURES / "clean.yaml")]) == 0
    assert "No findings" in capsys.readouterr().out


def test_our_own_specs_pass_lint(capsys: pytest.CaptureFixture[str]):
    status = main(["lint"])

    out = capsys.readouterr().out
    assert status == 0, out
