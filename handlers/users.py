"""Users: list, create, read, update, delete, status, tokens, backgrounds."""

from __future__ import annotations

import mimetypes
from datetime import UTC, datetime
from typing import Any

from starlette.datastructures import UploadFile
from starlette.responses import Response
from zoom_mock.handlers._users import public_user, require_user

from zoom_mock.errors import FieldError, MockError, validation_failed
from zoom_mock.links import meeting_link_base
from zoom_mock.paging import paginate
from zoom_mock.responses import json_response, no_content
from zoom_mock.runtime import current

SUMMARY_FIELDS = (
    "id", "first_name", "last_name", "display_name", "email", "type", "pmi",
    "timezone", "verified", "dept", "created_at", "user_created_at",
    "last_login_time", "last_client_version", "language", "phone_number",
    "status", "role_id", "group_ids", "im_group_ids", "login_types",
)  # fmt: skip


# What PATCH /users/{userId} may change; anything else in the body is ignored
# (and journaled as an unknown field), so a body can never rename a user.
UPDATABLE_FIELDS = frozenset(
    {
        "first_name", "last_name", "display_name", "type", "pmi", "use_pmi",
        "timezone", "language", "dept", "job_title", "company", "location",
        "phone_number", "host_key",
    }
)  # fmt: skip


BACKGROUND_MEDIA = ("image/", "video/")


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


async def users(
    status: str = "active",
    page_size: int | None = None,
    page_number: int | None = None,
    next_page_token: str | None = None,
    role_id: str | None = None,
    include_fields: str | None = None,
) -> Response:
    runtime = current()
    # As in Zoom, the token's own account: the first one, where `me` and new
    # users belong. Other accounts' users are still found by id or email.
    accounts = runtime.store.accounts
    account_id = accounts[0].get("id") if accounts else None
    chosen = [
        user
        for user in runtime.store.users.values()
        if user.get("status") == status
        and (account_id is None or user.get("account_id") == account_id)
        and (role_id is None or user.get("role_id") == role_id)
    ]
    page = paginate(
        chosen,
        key=lambda user: user["id"],
        page_size=page_size,
        default_size=runtime.settings.default_page_size,
        max_size=runtime.settings.max_page_size,
        page_number=page_number,
        next_page_token=next_page_token,
    )

    fields = SUMMARY_FIELDS + (("host_key",) if include_fields == "host_key" else ())
    listed = [{k: user[k] for k in fields if k in user} for user in page.items]
    return json_response({**page.fields(), "users": listed})


async def userCreate(body: dict[str, Any]) -> Response:
    runtime = current()
    info = body.get("user_info") or body
    email = info["email"].lower()
    if runtime.store.find_user(email) is not None:
        raise MockError(409, 1005, f'Email "{email}" has already been used.')

    first, last = info.get("first_name", ""), info.get("last_name", "")
    account = runtime.store.accounts[0] if runtime.store.accounts else {}
    user_id = runtime.ids.user_id()
    while user_id in runtime.store.users:  # ids repeat after a --persist restart
        user_id = runtime.ids.user_id()
    user = {
        "id": user_id,
        "first_name": first,
        "last_name": last,
        "display_name": info.get("display_name") or f"{first} {last}".strip(),
        "email": email,
        "type": info.get("type", 1),
        "role_name": "Member",
        "role_id": "2",
        "pmi": int("8" + runtime.ids.digits(9)),
        "use_pmi": False,
        "timezone": "UTC",
        "verified": 0,
        "language": "en-US",
        "status": "pending" if body.get("action", "create") == "create" else "active",
        "created_at": _now(),
        "user_created_at": _now(),
        "account_id": account.get("id", ""),
        "login_types": [100],
        "group_ids": [],
        "im_group_ids": [],
        "meeting_ids": [],
        "recording_meeting_ids": [],
    }
    with runtime.store.lock:
        runtime.store.users[user["id"]] = user
        runtime.store.save_user(user)

    created = {k: user[k] for k in ("id", "first_name", "last_name", "email", "type")}
    return json_response(created, 201)


async def user(
    user_id: str, login_type: int | None = None, **_ignored: Any
) -> Response:
    found = public_user(require_user(user_id))
    found["personal_meeting_url"] = f"{meeting_link_base()}/j/{found.get('pmi', '')}"
    return json_response(found)


async def userUpdate(user_id: str, body: dict[str, Any], **_ignored: Any) -> Response:
    runtime = current()
    found = require_user(user_id)
    changes = {key: value for key, value in body.items() if key in UPDATABLE_FIELDS}
    with runtime.store.lock:
        found.update(changes)
        runtime.store.save_user(found)
    return no_content()


async def userDelete(
    user_id: str, action: str = "disassociate", **_ignored: Any
) -> Response:
    runtime = current()
    store = runtime.store
    found = require_user(user_id)
    with store.lock:
        store.users.pop(found["id"], None)
        store.delete_user_file(found["id"])

        # A deleted user's meetings go with them, as they do in Zoom.
        hosted = set(found.get("meeting_ids", ()))
        hosted |= {
            key for key, m in store.meetings.items() if m.get("host_id") == found["id"]
        }
        for meeting_id in hosted:
            if store.meetings.pop(meeting_id, None) is not None:
                store.delete_meeting_file(meeting_id)
    return no_content()


async def userStatus(user_id: str, body: dict[str, Any]) -> Response:
    runtime = current()
    found = require_user(user_id)
    action = body["action"]
    if action in ("activate", "deactivate"):
        with runtime.store.lock:
            found["status"] = "active" if action == "activate" else "inactive"
            runtime.store.save_user(found)
    return no_content()


async def userToken(
    user_id: str, type_: str = "token", ttl: int | None = None
) -> Response:
    found = require_user(user_id)
    token = current().ids.token(48 if type_ == "zak" else 40)
    prefix = "eyJ6bV9za20iOiJ6bV9vMm0iLCJhbGciOiJIUzI1NiJ9." if type_ == "zak" else ""
    return json_response({"token": f"{prefix}{found['id']}.{token}"})


async def userSSOTokenDelete(user_id: str) -> Response:
    require_user(user_id)
    return no_content()


def _background_media_type(name: str, sent: str | None) -> str:
    """The upload's media type, which Zoom takes only for images and videos."""
    media = (sent or "").split(";")[0].strip().lower()
    if not media.startswith(BACKGROUND_MEDIA):
        media = mimetypes.guess_type(name)[0] or media
    if not media.startswith(BACKGROUND_MEDIA):
        raise validation_failed(
            [
                FieldError(
                    "file",
                    f"`file` {name!r} was sent as {sent or 'no media type'!r}, but a "
                    "virtual background must be an image or a video "
                    "(image/* or video/*).",
                )
            ]
        )
    return media


async def uploadVBuser(user_id: str, file: Any = None, **_ignored: Any) -> Response:
    runtime = current()
    found = require_user(user_id)
    name, size, media = "background.png", 0, "image/png"
    if isinstance(file, UploadFile):
        content = await file.read()
        await file.close()
        name, size = file.filename or name, len(content)
        media = _background_media_type(name, file.content_type)
    elif isinstance(file, bytes | str):
        size = len(file)

    background = {
        "id": runtime.ids.hex_id(32),
        "name": name,
        "size": size,
        "type": "video" if media.startswith("video/") else "image",
        "is_default": False,
    }
    with runtime.store.lock:
        found.setdefault("virtual_backgrounds", []).append(background)
        runtime.store.save_user(found)
    return json_response(background, 201)


async def delUserVB(user_id: str, file_ids: str | None = None) -> Response:
    runtime = current()
    found = require_user(user_id)
    wanted = {item.strip() for item in (file_ids or "").split(",") if item.strip()}
    with runtime.store.lock:
        kept = [
            background
            for background in found.get("virtual_backgrounds", [])
            if wanted and background["id"] not in wanted
        ]
        found["virtual_backgrounds"] = kept
        runtime.store.save_user(found)
    return no_content()
