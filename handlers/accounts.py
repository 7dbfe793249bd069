"""Accounts: the settings an account has locked for all of its users.

Zoom answers lock settings in two halves that never mix: every group except
`meeting_security` by default, and only `meeting_security` when asked with
`option=meeting_security`. The stored settings hold both halves in one object.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from zoom_mock.errors import MockError
from zoom_mock.responses import json_response, no_content
from zoom_mock.runtime import current

SECURITY_GROUP = "meeting_security"

# The groups Zoom defines; anything else in a body was only a warning, so it is
# left out rather than stored.
LOCK_GROUPS = (
    "audio_conferencing", "chat", "email_notification", "in_meeting",
    "other_options", "recording", "schedule_meeting", "telephony", "tsp",
    SECURITY_GROUP,
)  # fmt: skip


def _find_account(account_id: str) -> dict[str, Any] | None:
    accounts = current().store.accounts
    if account_id == "me":
        return accounts[0] if accounts else None
    return next((item for item in accounts if item.get("id") == account_id), None)


def _account_missing(account_id: str, status: int) -> MockError:
    return MockError(
        status,
        2001,
        f"Account does not exist: {account_id}. Use `me` or the id of an account "
        "in data/accounts.json.",
    )


def _keep_fields(settings: dict[str, Any], wanted: set[str]) -> dict[str, Any]:
    """Only the groups named in `wanted`, or within groups the settings named."""
    kept: dict[str, Any] = {}
    for group, values in settings.items():
        if group in wanted:
            kept[group] = values
            continue
        chosen = {name: value for name, value in values.items() if name in wanted}
        if chosen:
            kept[group] = chosen
    return kept


async def getAccountLockSettings(
    account_id: str,
    option: str | None = None,
    custom_query_fields: str | None = None,
    **_ignored: Any,
) -> Response:
    account = _find_account(account_id)
    if account is None:
        raise _account_missing(account_id, 400)

    stored: dict[str, Any] = account.get("lock_settings") or {}
    security_only = option == SECURITY_GROUP
    shown = {
        group: dict(values)
        for group, values in stored.items()
        if (group == SECURITY_GROUP) == security_only
    }
    wanted = {part.strip() for part in (custom_query_fields or "").split(",")}
    wanted.discard("")
    if wanted:
        shown = _keep_fields(shown, wanted)
    return json_response(shown)


async def UpdateLockedSettings(account_id: str, body: dict[str, Any]) -> Response:
    store = current().store
    account = _find_account(account_id)
    if account is None:
        raise _account_missing(account_id, 404)

    with store.lock:
        stored = account.setdefault("lock_settings", {})
        for group in LOCK_GROUPS:
            if isinstance(body.get(group), dict):
                stored.setdefault(group, {}).update(body[group])
        store.save_accounts()
    return no_content()
