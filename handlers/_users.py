"""Looking users up the way every area needs: by id, by email, or as `me`."""

from __future__ import annotations

from typing import Any

from zoom_mock.errors import user_not_found
from zoom_mock.runtime import current

INTERNAL_USER_FIELDS = ("meeting_ids", "recording_meeting_ids", "virtual_backgrounds")


def me() -> dict[str, Any]:
    """The user the bearer token belongs to: the first account's owner."""
    store = current().store
    owner_email = store.accounts[0].get("owner_email") if store.accounts else None
    if owner_email:
        owner = store.find_user(owner_email)
        if owner is not None:
            return owner
    first = next(iter(store.users.values()), None)
    if first is None:
        raise user_not_found("me")
    return first


def require_user(user_id: str) -> dict[str, Any]:
    """The user named by `{userId}` (id, email or `me`), or Zoom's 1001."""
    if user_id == "me":
        return me()
    user = current().store.find_user(user_id)
    if user is None:
        raise user_not_found(user_id)
    return user


def public_user(user: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in user.items() if k not in INTERNAL_USER_FIELDS}
