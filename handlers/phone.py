"""Zoom Phone: account settings, caller ID numbers, alerts, voicemails, Zoom Rooms.

Every resource here is stored, so a change made through one path is seen
through every other: a PATCH of `/phone/call_live_transcription` shows in
`/phone/account_settings`, a number or an extension has one owner at a time
(a room, or a user, call queue or auto receptionist of the seeds), and a
removed room takes its plans and numbers with it.
"""

from __future__ import annotations

import io
import wave
from collections.abc import Callable
from datetime import date
from typing import Any

from starlette.responses import Response
from zoom_mock.handlers import _phone_state as state
from zoom_mock.handlers._users import require_user

from zoom_mock.errors import MockError, not_found
from zoom_mock.responses import json_response, no_content
from zoom_mock.runtime import current

JsonObject = dict[str, Any]

VOICEMAIL_SAMPLE_RATE = 8000


# Account settings and the original mock's single-setting views.


async def listZoomPhoneAccountSettings(setting_types: str | None = None) -> Response:
    wanted = None
    if setting_types:
        wanted = [name.strip() for name in setting_types.split(",") if name.strip()]
    return json_response(state.public_settings(wanted))


async def getCallLiveTranscription() -> Response:
    return json_response(state.account_settings()["call_live_transcription"])


async def updateCallLiveTranscription(body: JsonObject) -> Response:
    state.update_setting("call_live_transcription", body)
    return no_content()


async def getLocalSurvivabilityMode() -> Response:
    return json_response(state.account_settings()["local_survivability_mode"])


async def updateLocalSurvivabilityMode(body: JsonObject) -> Response:
    state.update_setting("local_survivability_mode", body)
    return no_content()


# Customized outbound caller ID numbers.


async def listCustomizeOutboundCallerNumbers(
    site_id: str | None = None,
    extension_type: str | None = None,
    keyword: str | None = None,
    page_size: int | None = None,
    next_page_token: str | None = None,
    **_ignored: Any,
) -> Response:
    needle = keyword.casefold() if keyword else None
    chosen = [
        record
        for record in state.collections()["customized_numbers"]
        if (site_id is None or record["site"]["id"] == site_id)
        and (extension_type is None or record["extension_type"] == extension_type)
        and (needle is None or needle in _searchable(record))
    ]
    page = state.page_of(chosen, page_size, next_page_token)
    return json_response(
        {
            "customize_numbers": [
                state.public_customized_number(record) for record in page.items
            ],
            "page_size": page.page_size,
            "next_page_token": page.next_page_token,
            "total_records": page.total_records,
        }
    )


def _searchable(record: JsonObject) -> str:
    parts = (record["phone_number"], record["display_name"], record["extension_name"])
    return " ".join(parts).casefold()


async def addOutboundCallerNumbers(body: JsonObject) -> Response:
    numbers = [
        _account_number(number_id, index)
        for index, number_id in enumerate(body["phone_number_ids"])
    ]

    runtime = current()
    stored = state.collections()["customized_numbers"]
    added: list[JsonObject] = []
    with runtime.store.lock:
        for number in numbers:
            record = _customized_entry_for(number["id"])
            if record is None:
                record = stored.put(
                    _new_customized_entry(_unused_id("customized_numbers"), number)
                )
            added.append(record)
        state.save()
    shown = [state.public_customized_number(record) for record in added]
    return json_response({"customize_numbers": shown}, 201)


def _new_customized_entry(customize_id: str, number: JsonObject) -> JsonObject:
    return {
        "id": customize_id,
        "phone_number_id": number["id"],
        "phone_number": number["number"],
        "display_name": "",
        "incoming": True,
        "outgoing": True,
        "extension_type": "",
        "extension_name": "",
        "site": dict(number["site"]),
    }


def _account_number(number_id: str, index: int) -> JsonObject:
    number = state.collections()["phone_numbers"].get(number_id)
    if number is None:
        raise state.number_missing(f"phone_number_ids[{index}]", number_id)
    return number


def _customized_entry_for(number_id: str) -> JsonObject | None:
    for record in state.collections()["customized_numbers"]:
        if record["phone_number_id"] == number_id:
            return record
    return None


async def deleteOutboundCallerNumbers(
    customize_ids: list[str] | None = None, **_ignored: Any
) -> Response:
    wanted = {
        part.strip()
        for item in customize_ids or []
        for part in item.split(",")
        if part.strip()
    }
    with current().store.lock:
        for customize_id in wanted:
            state.collections()["customized_numbers"].delete(customize_id)
        state.save()
    return no_content()


async def getCustomizeOutboundCallerNumber(customize_id: str) -> Response:
    record = state.require_customized_number(customize_id)
    return json_response(state.public_customized_number(record))


async def deleteCustomizeOutboundCallerNumber(customize_id: str) -> Response:
    state.require_customized_number(customize_id)
    with current().store.lock:
        state.collections()["customized_numbers"].delete(customize_id)
        state.save()
    return no_content()


# Alert settings.


async def ListAlertSettingsWithPagingQuery(
    page_size: int | None = None,
    next_page_token: str | None = None,
    module: int | None = None,
    rule: int | None = None,
    status: int | None = None,
) -> Response:
    chosen = [
        record
        for record in state.collections()["alert_settings"]
        if (module is None or record["module"] == module)
        and (rule is None or record["rule"] == rule)
        and (status is None or record["status"] == status)
    ]
    page = state.page_of(chosen, page_size, next_page_token)
    shown = [
        {"alert_setting_id": record["id"], **_without_id(record)}
        for record in page.items
    ]
    return json_response(
        {
            "alert_settings": shown,
            "page_size": page.page_size,
            "next_page_token": page.next_page_token,
            "total_records": page.total_records,
        }
    )


def _without_id(record: JsonObject) -> JsonObject:
    return {key: value for key, value in record.items() if key != "id"}


# Voicemails.


async def accountVoiceMails(
    page_size: int | None = None,
    next_page_token: str | None = None,
    status: str = "all",
    site_id: str | None = None,
    owner_type: str | None = None,
    voicemail_type: str | None = None,
    from_: str | None = None,
    to: str | None = None,
    trashed: bool = False,
) -> Response:
    def keeps(record: JsonObject) -> bool:
        return (
            (site_id is None or record["site_id"] == site_id)
            and (owner_type is None or record["owner"]["type"] == owner_type)
            and (voicemail_type is None or record["voicemail_type"] == voicemail_type)
        )

    return _voicemail_page(
        keeps, status, trashed, from_, to, page_size, next_page_token
    )


async def phoneUserVoiceMails(
    user_id: str,
    page_size: int | None = None,
    next_page_token: str | None = None,
    status: str = "all",
    from_: str | None = None,
    to: str | None = None,
    trash: bool = False,
) -> Response:
    user = require_user(user_id)

    def keeps(record: JsonObject) -> bool:
        owner = record["owner"]
        return owner["type"] == "user" and owner["id"] == user["id"]

    return _voicemail_page(keeps, status, trash, from_, to, page_size, next_page_token)


def _voicemail_page(
    keeps: Callable[[JsonObject], bool],
    status: str,
    trashed: bool,
    from_: str | None,
    to: str | None,
    page_size: int | None,
    next_page_token: str | None,
) -> Response:
    settings = current().settings
    start = from_ or settings.date_from.isoformat()
    end = to or settings.date_to.isoformat()
    if date.fromisoformat(start) > date.fromisoformat(end):
        sent_from = start if from_ else f"{start}, the default"
        sent_to = end if to else f"{end}, the default"
        raise MockError(
            400,
            state.RANGE_CODE,
            f"Invalid date range: `from` ({sent_from}) is after `to` ({sent_to}); "
            "send a `from` on or before `to`.",
        )

    stored = state.collections()["voicemails"].as_list()
    chosen = [
        record
        for record in sorted(stored, key=lambda item: item["date_time"], reverse=True)
        if keeps(record)
        and record["trashed"] == trashed
        and (status == "all" or record["status"] == status)
        and start <= record["date_time"][:10] <= end
    ]
    page = state.page_of(chosen, page_size, next_page_token)
    return json_response(
        {
            "from": start,
            "to": end,
            "voice_mails": [state.public_voicemail(record) for record in page.items],
            "page_size": page.page_size,
            "page_count": page.page_count,
            "total_records": page.total_records,
            "next_page_token": page.next_page_token,
        }
    )


async def phoneDownloadVoicemailFile(file_id: str) -> Response:
    record = state.collections()["voicemails"].get(file_id)
    if record is None:
        raise not_found(404, f"File does not exist: {file_id}.")

    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(1)
        audio.setframerate(VOICEMAIL_SAMPLE_RATE)
        audio.writeframes(b"\x80" * (VOICEMAIL_SAMPLE_RATE * record["duration"]))
    return Response(
        buffer.getvalue(),
        media_type="audio/wav",
        headers={"Content-Disposition": f'attachment; filename="{file_id}.wav"'},
    )


# Zoom Rooms.


async def listZoomRooms(
    page_size: int | None = None,
    next_page_token: str | None = None,
    site_id: str | None = None,
    calling_type: int | None = None,
    keyword: str | None = None,
) -> Response:
    needle = keyword.casefold() if keyword else None
    chosen = [
        room
        for room in state.collections()["rooms"]
        if (site_id is None or room["site"]["id"] == site_id)
        and (
            calling_type is None
            or any(plan["type"] == calling_type for plan in room["calling_plans"])
        )
        and (
            needle is None
            or needle in f"{room['name']} {room['extension_number']}".casefold()
        )
    ]
    page = state.page_of(chosen, page_size, next_page_token)
    return json_response(
        {
            "rooms": [state.room_summary(room) for room in page.items],
            "page_size": page.page_size,
            "next_page_token": page.next_page_token,
            "total_records": page.total_records,
        }
    )


async def addZoomRoom(body: JsonObject) -> Response:
    return _add_room(body.get("id") or _unused_id("rooms"), body)


def _unused_id(collection: str) -> str:
    """A new id not yet in `collection` (ids repeat after a --persist restart)."""
    stored = state.collections()[collection]
    candidate = current().ids.user_id()
    while candidate in stored:
        candidate = current().ids.user_id()
    return candidate


async def addZoomRoomById(room_id: str, body: JsonObject | None = None) -> Response:
    return _add_room(room_id, body or {})


def _add_room(room_id: str, body: JsonObject) -> Response:
    stored = state.collections()
    if room_id in stored["rooms"]:
        raise MockError(
            409, 409, f"Room {room_id} is already on Zoom Phone; update it instead."
        )
    site = state.require_site(body["site_id"]) if body.get("site_id") else None
    plans = [
        state.new_plan(plan, f"calling_plans[{index}]", new_room=True)
        for index, plan in enumerate(body.get("calling_plans", []))
    ]
    if body.get("extension_number"):
        _check_extension_free(body["extension_number"], room_id, code=400, reason="")

    runtime = current()
    room = {
        "id": room_id,
        "name": body.get("name") or f"Zoom Room {len(stored['rooms']) + 1}",
        "extension_id": runtime.ids.user_id(),
        "extension_number": body.get("extension_number") or _free_extension(),
        "site": site or _default_site(),
        "calling_plans": _unique_plans(plans),
        "phone_numbers": [],
        "policy": {
            "international_calling": {"enable": True, "locked_by": "account"},
            "select_outbound_caller_id": {"enable": True, "locked_by": "invalid"},
        },
    }
    with runtime.store.lock:
        stored["rooms"].put(room)
        state.save()
    return json_response(state.public_room(room), 201)


def _free_extension() -> int:
    taken = state.taken_extensions()
    return next(number for number in range(1100, 10_000) if number not in taken)


def _check_extension_free(
    extension_number: int, room_id: str, *, code: int, reason: str
) -> None:
    """Zoom refuses an extension that another owner already has (HTTP 400).

    Zoom documents code 400 for a used extension when call queues and shared
    line groups are created, and code 300, "Extension number error", for any
    extension problem of a room update; `code` and `reason` pick between them.
    """
    holder = state.extension_holder(extension_number, except_room=room_id)
    if holder is None:
        return
    raise MockError(
        400,
        code,
        f"{reason}Extension number {extension_number} is already used: "
        f"{holder} has it. Send an `extension_number` no other room, user, call "
        "queue or auto receptionist has.",
    )


def _default_site() -> JsonObject:
    first = next(iter(state.collections()["phone_numbers"]), None)
    return dict(first["site"]) if first else {"id": "", "name": "Main Site"}


def _unique_plans(plans: list[JsonObject]) -> list[JsonObject]:
    by_type: dict[int, JsonObject] = {}
    for plan in plans:
        by_type.setdefault(plan["type"], plan)
    return list(by_type.values())


async def getZoomRoom(room_id: str) -> Response:
    return json_response(state.public_room(state.require_room(room_id)))


async def updateZoomRoom(room_id: str, body: JsonObject) -> Response:
    room = state.require_room(room_id)
    site = state.require_site(body["site_id"]) if "site_id" in body else None
    if "extension_number" in body:
        _check_extension_free(
            body["extension_number"],
            room_id,
            code=300,
            reason="Extension number error: ",
        )

    with current().store.lock:
        if "extension_number" in body:
            room["extension_number"] = body["extension_number"]
        if site is not None:
            room["site"] = site
        for name, change in body.get("policy", {}).items():
            policy = room["policy"].setdefault(name, {"locked_by": "invalid"})
            if change.get("reset"):
                policy["enable"] = True
            elif "enable" in change:
                policy["enable"] = change["enable"]
        state.save()
    return no_content()


async def RemoveZoomRoom(room_id: str) -> Response:
    state.require_room(room_id)
    with current().store.lock:
        state.collections()["rooms"].delete(room_id)
        state.save()
    return no_content()


async def assignCallingPlanToRoom(room_id: str, body: JsonObject) -> Response:
    room = state.require_room(room_id)
    plans = [
        state.new_plan(plan, f"calling_plans[{index}]")
        for index, plan in enumerate(body["calling_plans"])
    ]
    with current().store.lock:
        room["calling_plans"] = _unique_plans(room["calling_plans"] + plans)
        state.save()
    return json_response({"calling_plans": room["calling_plans"]}, 201)


async def unassignCallingPlanFromRoom(
    room_id: str, type_: int, billing_account_id: str | None = None
) -> Response:
    room = state.require_room(room_id)
    kept = [plan for plan in room["calling_plans"] if plan["type"] != type_]
    if len(kept) == len(room["calling_plans"]):
        held = ", ".join(str(plan["type"]) for plan in room["calling_plans"])
        raise MockError(
            400,
            300,
            f"Plan invalid: room {room_id} holds no calling plan of type {type_} "
            f"(it holds: {held or 'none'}).",
        )
    with current().store.lock:
        room["calling_plans"] = kept
        state.save()
    return no_content()


async def unassignAllCallingPlansFromRoom(room_id: str) -> Response:
    room = state.require_room(room_id)
    with current().store.lock:
        room["calling_plans"] = []
        state.save()
    return no_content()


async def assignPhoneNumberToZoomRoom(room_id: str, body: JsonObject) -> Response:
    room = state.require_room(room_id)
    numbers = [
        state.find_number(entry, f"phone_numbers[{index}]")
        for index, entry in enumerate(body["phone_numbers"])
    ]
    for index, number in enumerate(numbers):
        holder = state.number_holder(number["id"], except_room=room_id)
        if holder is not None:
            raise MockError(
                400,
                409,
                f"Phone number already in use: phone_numbers[{index}] is "
                f"{number['number']}, which belongs to {holder}. A number has one "
                "owner at a time; pick a number nobody holds.",
            )

    with current().store.lock:
        held = {number["id"] for number in room["phone_numbers"]}
        for number in numbers:
            if number["id"] not in held:
                room["phone_numbers"].append(
                    {"id": number["id"], "number": number["number"]}
                )
                held.add(number["id"])
        state.save()
    return json_response({"phone_numbers": room["phone_numbers"]}, 201)


async def UnassignPhoneNumberFromZoomRoom(
    room_id: str, phone_number_id: str
) -> Response:
    room = state.require_room(room_id)
    kept = [
        number for number in room["phone_numbers"] if number["id"] != phone_number_id
    ]
    if len(kept) == len(room["phone_numbers"]):
        raise not_found(
            404,
            f"Phone number does not exist: room {room_id} holds no number with id "
            f"{phone_number_id}.",
        )
    with current().store.lock:
        room["phone_numbers"] = kept
        state.save()
    return no_content()


async def unassignAllPhoneNumbersFromZoomRoom(room_id: str) -> Response:
    room = state.require_room(room_id)
    with current().store.lock:
        room["phone_numbers"] = []
        state.save()
    return no_content()
