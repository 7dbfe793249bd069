"""Zoom Phone's stored records: lookups, Zoom's errors, and the shapes Zoom sends.

The "phone" area of the store holds one settings record (id `account`) behind
both `GET /phone/account_settings` and the original mock's single-setting
views, the account's phone numbers, the customized caller ID list, the Zoom
Rooms, alert rules and voicemails. Records keep a few fields Zoom does not
send (a voicemail's site and spam mark, for filtering); the `public_*`
functions leave them out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from zoom_mock.handlers._phone_seeds import (
    CALLING_PLANS,
    other_extensions,
    owned_numbers,
    phone_seeds,
    plan_record,
)

from zoom_mock.errors import MockError, not_found
from zoom_mock.links import download_base_url
from zoom_mock.paging import Page, paginate
from zoom_mock.runtime import current
from zoom_mock.store import Collection

JsonObject = dict[str, Any]

AREA = "phone"
SETTINGS_ID = "account"
RANGE_CODE = 400
"""Zoom Phone documents no code for a date range that runs backwards; its other
refusals of a well-formed query (an unknown setting type, a stale page token)
use 400, and so does this one."""
VOICEMAIL_INTERNAL_FIELDS = ("voicemail_type", "site_id", "trashed")


def collections() -> dict[str, Collection]:
    """The phone area's collections, seeded on first use after a start or reset."""
    store = current().store
    existing = store.areas.get(AREA)
    if existing is not None:
        return existing
    return store.area(AREA, seeds=phone_seeds())


def save() -> None:
    current().store.save_area(AREA)


def page_of(
    items: Sequence[JsonObject], page_size: int | None, next_page_token: str | None
) -> Page:
    settings = current().settings
    return paginate(
        items,
        key=lambda item: item["id"],
        page_size=page_size,
        default_size=settings.default_page_size,
        max_size=settings.max_page_size,
        next_page_token=next_page_token,
    )


# Settings.


def account_settings() -> JsonObject:
    """The one stored settings record (including its `id`)."""
    stored = collections()["settings"]
    record = stored.get(SETTINGS_ID)
    if record is None:
        raise MockError(
            500, 500, "The phone settings record is missing from the store."
        )
    return record


def public_settings(wanted: list[str] | None) -> JsonObject:
    record = account_settings()
    names = [name for name in record if name != "id"]
    if wanted is None:
        return {name: record[name] for name in names}

    unknown = [name for name in wanted if name not in record or name == "id"]
    if unknown:
        raise MockError(
            400,
            400,
            "Setting type(s) supplied in query parameter setting_types is invalid: "
            f"{', '.join(unknown)}. Leave setting_types out to see every known type.",
        )
    return {name: record[name] for name in wanted}


def update_setting(name: str, body: JsonObject) -> None:
    """Merge `body` into one setting; nested objects are merged, not replaced."""
    setting = account_settings()[name]
    with current().store.lock:
        for field, value in body.items():
            if isinstance(value, dict) and isinstance(setting.get(field), dict):
                setting[field].update(value)
            else:
                setting[field] = value
        if "locked" in body:
            setting["locked_by"] = "account" if body["locked"] else "invalid"
        save()


# Customized outbound caller ID numbers.


def require_customized_number(customize_id: str) -> JsonObject:
    found = collections()["customized_numbers"].get(customize_id)
    if found is None:
        raise not_found(
            404,
            f"Customized outbound caller ID number does not exist: {customize_id}.",
        )
    return found


def public_customized_number(record: JsonObject) -> JsonObject:
    shown = {key: value for key, value in record.items() if key != "id"}
    return {"customize_id": record["id"], **shown}


# Zoom Rooms.


def require_room(room_id: str) -> JsonObject:
    room = collections()["rooms"].get(room_id)
    if room is None:
        raise not_found(404, f"Room does not exist: {room_id}.")
    return room


def room_summary(room: JsonObject) -> JsonObject:
    fields = ("id", "name", "extension_id", "extension_number", "site")
    shown = {field: room[field] for field in fields}
    shown["calling_plans"] = room["calling_plans"]
    shown["phone_numbers"] = room["phone_numbers"]
    return shown


def public_room(room: JsonObject) -> JsonObject:
    return {**room_summary(room), "policy": room["policy"]}


def require_site(site_id: str) -> JsonObject:
    """A site of the account, found through the numbers and rooms that use it."""
    for record in [*collections()["phone_numbers"], *collections()["rooms"]]:
        if record["site"]["id"] == site_id:
            return dict(record["site"])
    raise MockError(
        400,
        404,
        f"Site does not exist: `site_id` was {site_id!r}, which is not a site of "
        "the account's phone numbers or Zoom Rooms.",
    )


def new_plan(plan: JsonObject, where: str, *, new_room: bool = False) -> JsonObject:
    """A calling plan record for a requested `{type, ...}`.

    Zoom refuses an unknown type with code 300 (`Plan invalid`) when plans are
    assigned to a room, and with code 404 when a room is added with it.
    """
    plan_type = plan["type"]
    if plan_type not in CALLING_PLANS:
        known = ", ".join(str(code) for code in CALLING_PLANS)
        code, reason = (
            (404, "Unknown or invalid calling plan")
            if new_room
            else (300, "Plan invalid")
        )
        raise MockError(
            400,
            code,
            f"{reason}: {where}.type was {plan_type}; the account can assign "
            f"calling plan types {known}.",
        )
    record = plan_record(plan_type)
    for field in ("billing_account_id", "billing_subscription_id"):
        if plan.get(field):
            record[field] = plan[field]
    return record


def find_number(entry: JsonObject, where: str) -> JsonObject:
    """One of the account's numbers, by `id` or by `number`; Zoom's 404 code if not."""
    wanted_id, wanted_number = entry.get("id"), entry.get("number")
    digits = "".join(ch for ch in str(wanted_number or "") if ch.isdigit())
    for number in collections()["phone_numbers"]:
        if wanted_id is not None and number["id"] == wanted_id:
            return number
        if wanted_id is None and digits and number["number"].lstrip("+") == digits:
            return number
    raise number_missing(where, wanted_id if wanted_id is not None else wanted_number)


def number_missing(where: str, shown: object) -> MockError:
    """Zoom's answer for a number the request names but the account lacks."""
    return MockError(
        400,
        404,
        f"Phone number does not exist: {where} was {shown!r}, which is not one of "
        "the account's phone numbers.",
    )


def room_holding(number_id: str) -> JsonObject | None:
    for room in collections()["rooms"]:
        if any(number["id"] == number_id for number in room["phone_numbers"]):
            return room
    return None


# Who holds an extension or a number. Each belongs to one owner at a time.

KIND_NAMES = {
    "user": "user",
    "callQueue": "call queue",
    "autoReceptionist": "auto receptionist",
    "commonArea": "common area",
    "sharedLineGroup": "shared line group",
}


def extension_holder(extension_number: int, *, except_room: str) -> str | None:
    """Who already has `extension_number`, in words; None when it is free.

    `except_room` is the room being given the extension, which may keep its own.
    """
    for room in collections()["rooms"]:
        if room["id"] != except_room and room["extension_number"] == extension_number:
            return f"Zoom Room {room['name']!r} (room id {room['id']})"
    for holder in other_extensions():
        if holder.extension_number == extension_number:
            kind = KIND_NAMES.get(holder.kind, holder.kind)
            return f"{kind} {holder.name!r} (extension id {holder.extension_id})"
    return None


def taken_extensions() -> set[int]:
    held = {room["extension_number"] for room in collections()["rooms"]}
    return held | {holder.extension_number for holder in other_extensions()}


def number_holder(number_id: str, *, except_room: str) -> str | None:
    """Who already has the number `number_id`, in words; None when it is free."""
    room = room_holding(number_id)
    if room is not None and room["id"] != except_room:
        return f"Zoom Room {room['name']!r} (room id {room['id']})"

    owner_id = owned_numbers().get(number_id)
    for holder in other_extensions():
        if holder.extension_id == owner_id:
            kind = KIND_NAMES.get(holder.kind, holder.kind)
            return (
                f"{kind} {holder.name!r} (extension {holder.extension_number}), "
                "which uses it as its caller ID"
            )
    return None


# Voicemails.


def public_voicemail(record: JsonObject) -> JsonObject:
    shown = {
        key: value
        for key, value in record.items()
        if key not in VOICEMAIL_INTERNAL_FIELDS
    }
    shown["download_url"] = (
        f"{download_base_url()}/v2/phone/voice_mails/download/{record['id']}"
    )
    return shown
