"""Operations that Zoom's API reference lacks are marked in our specs, and shown.

Our specs keep the original mock's own endpoints for its users, and Zoom's
OAuth token endpoint and recording file links, which Zoom serves outside its
REST API reference. Each carries `x-zoom-mock-origin`, so a reviewer (and
`zoom-mock routes`) can tell them from Zoom's operations.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.contract import REFERENCE_DIR
from zoom_mock.cli import ORIGIN_KEY, ORIGINS, main
from zoom_mock.config import Settings
from zoom_mock.documents import iter_operations, merge_specs


def _shape(method: str, path: str) -> tuple[str, str]:
    """Method and path with parameter names left out: Zoom names them otherwise."""
    return method.upper(), re.sub(r"\{[^}]*\}", "{}", path)


def _zooms_operations() -> set[tuple[str, str]]:
    found = set()
    for path in REFERENCE_DIR.glob("*.openapi.json"):
        document = json.loads(path.read_text(encoding="utf-8"))
        for route, item in document.get("paths", {}).items():
            for method in item:
                found.add(_shape(method, route))
    return found


def test_exactly_the_operations_zoom_lacks_are_marked() -> None:
    if not REFERENCE_DIR.is_dir():
        pytest.skip("Zoom's reference files are not beside the repository.")
    zooms = _zooms_operations()
    merged = merge_specs(Settings().specs_dir, [])

    unmarked, wrongly_marked = [], []
    for info in iter_operations(merged.document):
        if info.path.startswith("/_mock/"):
            continue  # the mock's own admin API
        known = _shape(info.method, info.path) in zooms
        origin = info.operation.get(ORIGIN_KEY)
        if origin is not None:
            assert origin in ORIGINS, info.operation_id
        if not known and origin is None:
            unmarked.append(info.operation_id)
        if known and origin is not None:
            wrongly_marked.append(info.operation_id)

    assert unmarked == []
    assert wrongly_marked == []


def test_routes_says_which_operations_zoom_lacks(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["routes"]) == 0

    rows = capsys.readouterr().out.splitlines()[:-2]
    lines = {line.split()[2]: line for line in rows}
    assert lines["qssScore"].endswith(ORIGINS["original-mock"])
    assert lines["oauthToken"].endswith(ORIGINS["zoom-outside-the-api"])
    assert lines["meetingCreate"].endswith("handled")
