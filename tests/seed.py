"""The committed seed data, read the way the HTTP tests need it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

SEED_DATA = Path(__file__).resolve().parents[1] / "data"


def seed_meetings() -> list[dict[str, Any]]:
    paths = sorted((SEED_DATA / "meetings").glob("*.json"))
    return [json.loads(path.read_text(encoding="utf-8")) for path in paths]


def seed_meeting(test: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    """The first seed meeting for which `test` holds."""
    for meeting in seed_meetings():
        if test(meeting):
            return meeting
    raise LookupError("No seed meeting passes the test.")


def twice_encoded(uuid: str) -> str:
    """A uuid encoded twice, as Zoom wants one that starts with / or holds //."""
    return quote(quote(uuid, safe=""), safe="")
