"""The mock's own API under `/_mock/`: journal, coverage, reset, health, docs."""

from __future__ import annotations

import time
from typing import Any

from starlette.responses import HTMLResponse, Response

from zoom_mock import docs
from zoom_mock.errors import MockError, not_found
from zoom_mock.ids import IdFactory
from zoom_mock.journal import coverage, journal_of
from zoom_mock.responses import json_response, no_content
from zoom_mock.runtime import current
from zoom_mock.store import DataError


async def getMockHealth() -> Response:
    runtime = current()
    journal = journal_of(runtime)
    return json_response(
        {
            "status": "ok",
            "operations": len(runtime.operations),
            "handled": len(runtime.handled),
            "strict": runtime.settings.strict,
            "journal_entries": len(journal),
            "uptime_seconds": round(time.monotonic() - journal.started, 3),
        }
    )


async def getMockJournal(
    operation_id: str | None = None,
    status: int | None = None,
    has_violations: bool | None = None,
    since: int | None = None,
    include_admin: bool = False,
    limit: int = 100,
    **_ignored: Any,
) -> Response:
    journal = journal_of(current())
    entries = journal.entries(
        operation_id=operation_id,
        status=status,
        has_violations=has_violations,
        since=since,
        include_admin=include_admin,
        limit=limit,
    )
    return json_response(
        {
            "size": journal.size,
            "total": len(journal),
            "count": len(entries),
            "last_seq": journal.last_seq,
            "entries": [entry.as_dict() for entry in entries],
        }
    )


async def clearMockJournal() -> Response:
    journal_of(current()).clear()
    return no_content()


async def getMockCoverage() -> Response:
    return json_response(coverage(current()))


async def resetMock() -> Response:
    runtime = current()
    try:
        runtime.store.reset()
    except DataError as exc:
        raise MockError(
            409, 409, f"The mock kept its current state: {exc}", details=str(exc)
        ) from None
    runtime.ids = IdFactory(runtime.settings.seed)
    return json_response(
        {
            "users": len(runtime.store.users),
            "meetings": len(runtime.store.meetings),
            "journal_kept": True,
        }
    )


async def listMockSpecs() -> Response:
    return json_response({"specs": docs.listed_specs(current())})


async def getMockSpecFile(file: str) -> Response:
    found = docs.spec_text(current(), file)
    if found is None:
        raise not_found(
            404, f"No loaded spec file is named {file!r}; GET /_mock/specs lists them."
        )
    text, media_type = found
    return Response(text, media_type=media_type)


async def getMockDocs() -> Response:
    return HTMLResponse(docs.index_page(current()))


async def getMockDocsAsset(asset: str) -> Response:
    found = docs.asset(asset)
    if found is None:
        raise not_found(
            404,
            f"Swagger UI has no file named {asset!r}; "
            f"it serves {', '.join(docs.ASSETS)}.",
        )
    content, media_type = found
    return Response(content, media_type=media_type)
