"""What Zoom Phone starts with for the Lumenforge account.

Three sites, a pool of the account's phone numbers, three Zoom Rooms with
calling plans and numbers, the customized outbound caller ID list, a few alert
rules and voicemails, and one account settings record. Numbers use the 555
ranges set aside for fiction. `phone_seeds()` returns fresh copies each time,
because the store changes the records it is given.
"""

from __future__ import annotations

import copy
from typing import Any, NamedTuple

JsonObject = dict[str, Any]

SITES = {
    "ny": {"id": "Q16nIu65NGrBZ2V5pgpULZ", "name": "New York HQ"},
    "berlin": {"id": "XcbVsJSr6mkucP6kotsRMc", "name": "Berlin Office"},
    "tokyo": {"id": "pzL_fugjH-mnf4Tjrsabzd", "name": "Tokyo Studio"},
}

CALLING_PLANS = {
    100: "US/CA Metered Calling Plan",
    101: "AU/NZ Metered Calling Plan",
    102: "UK/Ireland Metered Calling Plan",
    103: "Europe Zone A Metered Calling Plan",
    200: "US/CA Unlimited Calling Plan",
    201: "AU/NZ Unlimited Calling Plan",
    202: "UK/Ireland Unlimited Calling Plan",
    203: "Europe Zone A Unlimited Calling Plan",
}

SUBSCRIPTION = {
    "billing_subscription_id": "FT-SUBREF-26031742",
    "billing_subscription_name": "Lumenforge Phone 2026",
}


class NumberSeed(NamedTuple):
    number_id: str
    number: str
    site: str


NUMBERS = (
    NumberSeed("s5H-fqlm3ZLGa1f4KfqU86", "+12125550142", "ny"),
    NumberSeed("FQYXUEeDTN67HCeqJM_7bz", "+12125550187", "ny"),
    NumberSeed("Tw2top7Cyv9oD41rnuQOhz", "+12125550199", "ny"),
    NumberSeed("9qJA8mCp_vgVxtNKtgyUjE", "+13125550163", "ny"),
    NumberSeed("9bvHU2U4-Lw7wlxxG5T3Dx", "+14155550171", "ny"),
    NumberSeed("y1n5dPor-hY9WpKzMUigKD", "+493055501911", "berlin"),
    NumberSeed("mDkHb_5iABd14rmK0awSiw", "+493055501927", "berlin"),
    NumberSeed("YhbATfGiAQUR78uwSzH5Qc", "+81355501966", "tokyo"),
    NumberSeed("y5IMqbOmwGVLyHumZ3q1K7", "+81355501988", "tokyo"),
    NumberSeed("GasvXRzG1YyYR3X7OfhhPE", "+12125550124", "ny"),
)


class RoomSeed(NamedTuple):
    room_id: str
    name: str
    extension_id: str
    extension_number: int
    site: str
    plans: tuple[int, ...]
    number_ids: tuple[str, ...]


ROOMS = (
    RoomSeed(
        "SLaeBlqVlLQCV9sD3fOftM",
        "NY Boardroom",
        "URcw02yE95wB3iLjig8f_R",
        1101,
        "ny",
        (200,),
        ("s5H-fqlm3ZLGa1f4KfqU86",),
    ),
    RoomSeed(
        "yBGAvVhnNUT01fpk2QKFOO",
        "Berlin Huddle Space",
        "sqtkS9g-CKqfxb05UzuWEX",
        2101,
        "berlin",
        (103,),
        ("y1n5dPor-hY9WpKzMUigKD",),
    ),
    RoomSeed(
        "mjra9u0kaHKPC2twT3BHiL",
        "Tokyo Studio A",
        "DA_oYn7f2ly92MQk1G9rl7",
        3101,
        "tokyo",
        (),
        (),
    ),
)


class CallerIdSeed(NamedTuple):
    customize_id: str
    number_id: str
    display_name: str
    extension_id: str
    extension_type: str
    extension_number: str
    extension_name: str


CUSTOMIZED_NUMBERS = (
    CallerIdSeed(
        "125qzP3UpaqpGUi3jgjhuq",
        "FQYXUEeDTN67HCeqJM_7bz",
        "Lumenforge Support",
        "w4j8606e0e_JwuX5iKIA_f",
        "callQueue",
        "8001",
        "Customer Support (NY)",
    ),
    CallerIdSeed(
        "iFF51drcY-ek25kUeRXq5_",
        "Tw2top7Cyv9oD41rnuQOhz",
        "Lumenforge Sales",
        "EudrnwQDRG6dRWkh0sYdei",
        "callQueue",
        "8002",
        "Sales Desk",
    ),
    CallerIdSeed(
        "od6bqV2olG8aJJCX0AA93S",
        "mDkHb_5iABd14rmK0awSiw",
        "Lumenforge Berlin",
        "Y6QT6IqEAorzCwcyIZiB2o",
        "autoReceptionist",
        "8200",
        "Berlin Main Line",
    ),
)


def toggle(enable: bool, locked: bool = False, **extra: Any) -> JsonObject:
    """One account-level phone setting: on or off, and whether it is locked."""
    return {
        "enable": enable,
        "locked": locked,
        "locked_by": "account" if locked else "invalid",
        **extra,
    }


def account_settings() -> JsonObject:
    return {
        "id": "account",
        "call_live_transcription": toggle(
            False,
            transcription_start_prompt={
                "enable": True,
                "audio_id": "u5rqJjwH3XDjX-gS4GtD-N",
                "audio_name": "transcription-notice-en.mp3",
            },
        ),
        "local_survivability_mode": toggle(True),
        "external_calling_on_zoom_room_common_area": toggle(True),
        "select_outbound_caller_id": toggle(True, allow_hide_outbound_caller_id=False),
        "personal_audio_library": toggle(
            True,
            allow_music_on_hold_customization=True,
            allow_voicemail_and_message_greeting_customization=True,
        ),
        "voicemail": toggle(
            True,
            allow_videomail=False,
            allow_download=True,
            allow_delete=True,
            allow_share=True,
            allow_virtual_background=False,
        ),
        "voicemail_transcription": toggle(True),
        "voicemail_notification_by_email": toggle(
            True,
            include_voicemail_file=True,
            include_voicemail_transcription=True,
            forward_voicemail_to_email=False,
        ),
        "shared_voicemail_notification_by_email": toggle(False),
        "restricted_call_hours": toggle(
            False,
            time_zone={"id": "America/New_York", "name": "(GMT-5:00) Eastern Time"},
            restricted_hours_applied=False,
            restricted_holiday_hours_applied=False,
            allow_internal_calls=True,
        ),
        "allowed_call_locations": toggle(
            False, locations_applied=False, allow_internal_calls=True
        ),
        "check_voicemails_over_phone": toggle(True),
        "auto_call_recording": toggle(
            False,
            recording_calls="both",
            recording_transcription=True,
            recording_start_prompt=True,
            recording_explicit_consent=False,
            allow_stop_resume_recording=True,
            disconnect_on_recording_failure=False,
        ),
        "ad_hoc_call_recording": toggle(True),
        "international_calling": toggle(True, locked=True),
        "outbound_calling": toggle(True),
        "outbound_sms": toggle(True),
        "sms": toggle(True, international_sms=False),
        "sms_etiquette_tool": toggle(False),
        "zoom_phone_on_mobile": toggle(True, allow_calling_sms_mms=True),
        "zoom_phone_on_pwa": toggle(True),
        "e2e_encryption": toggle(False),
        "call_handling_forwarding_to_other_users": toggle(True, call_forwarding_type=2),
        "call_overflow": toggle(True, call_overflow_type=1),
        "call_transferring": toggle(True, call_transferring_type=2),
        "elevate_to_meeting": toggle(True),
        "call_park": toggle(True),
        "hand_off_to_room": toggle(True),
        "mobile_switch_to_carrier": toggle(False),
        "delegation": toggle(True),
        "audio_intercom": toggle(False),
        "block_calls_without_caller_id": toggle(False),
        "block_external_calls": toggle(False),
    }


def number_record(seed: NumberSeed) -> JsonObject:
    return {"id": seed.number_id, "number": seed.number, "site": SITES[seed.site]}


def plan_record(plan_type: int) -> JsonObject:
    return {"type": plan_type, "name": CALLING_PLANS[plan_type], **SUBSCRIPTION}


def _room_record(seed: RoomSeed, numbers: dict[str, str]) -> JsonObject:
    return {
        "id": seed.room_id,
        "name": seed.name,
        "extension_id": seed.extension_id,
        "extension_number": seed.extension_number,
        "site": SITES[seed.site],
        "calling_plans": [plan_record(plan) for plan in seed.plans],
        "phone_numbers": [
            {"id": number_id, "number": numbers[number_id]}
            for number_id in seed.number_ids
        ],
        "policy": {
            "international_calling": {"enable": True, "locked_by": "account"},
            "select_outbound_caller_id": {"enable": True, "locked_by": "invalid"},
        },
    }


def _caller_id_record(seed: CallerIdSeed, numbers: dict[str, JsonObject]) -> JsonObject:
    number = numbers[seed.number_id]
    return {
        "id": seed.customize_id,
        "phone_number_id": seed.number_id,
        "phone_number": number["number"],
        "display_name": seed.display_name,
        "incoming": True,
        "outgoing": True,
        "extension_id": seed.extension_id,
        "extension_type": seed.extension_type,
        "extension_number": seed.extension_number,
        "extension_name": seed.extension_name,
        "site": number["site"],
    }


ALERT_SETTINGS = (
    {
        "id": "5pvyuI8mwlLCjYk3xoTil7",
        "alert_setting_name": "Support queue wait over 3 minutes",
        "module": 1,
        "rule": 1,
        "rule_conditions": [{"rule_condition_type": 1, "rule_condition_value": "180"}],
        "targets": [{"target_name": "Customer Support (NY)"}],
        "time_frame_type": "specific_time",
        "time_frame_from": "08:00:00",
        "time_frame_to": "18:00:00",
        "frequency": 15,
        "email_recipients": ["nadia.rahman@lumenforge.io"],
        "chat_channels": [],
        "status": 1,
    },
    {
        "id": "Vdr2mmunIetoFyER3tiQEl",
        "alert_setting_name": "Sales desk abandoned calls",
        "module": 1,
        "rule": 4,
        "rule_conditions": [{"rule_condition_type": 2, "rule_condition_value": "5"}],
        "targets": [{"target_name": "Sales Desk"}],
        "time_frame_type": "all_day",
        "frequency": 30,
        "email_recipients": ["marcus.bell@lumenforge.io"],
        "chat_channels": [],
        "status": 1,
    },
    {
        "id": "7tOxykbDYrf-SVSW1hhFmb",
        "alert_setting_name": "Desk phone offline",
        "module": 2,
        "rule": 7,
        "rule_conditions": [
            {"rule_condition_type": 5, "rule_condition_value": "Warning"}
        ],
        "targets": [{"target_name": "Berlin Office"}],
        "time_frame_type": "all_day",
        "frequency": 60,
        "email_recipients": ["lena.hoffmann@lumenforge.io"],
        "chat_channels": [],
        "status": 0,
    },
    {
        "id": "qziRQdLILxgnPtrYCe5OGU",
        "alert_setting_name": "Tokyo call quality drop",
        "module": 3,
        "rule": 10,
        "rule_conditions": [{"rule_condition_type": 3, "rule_condition_value": "3.5"}],
        "targets": [{"target_name": "Tokyo Studio"}],
        "time_frame_type": "specific_time",
        "time_frame_from": "09:00:00",
        "time_frame_to": "19:00:00",
        "frequency": 10,
        "email_recipients": ["haruto.sato@lumenforge.io"],
        "chat_channels": [],
        "status": 1,
    },
)


class VoicemailSeed(NamedTuple):
    voicemail_id: str
    owner: tuple[str, str, int, str]
    """(owner id, name, extension number, owner type)."""
    caller: tuple[str, str]
    callee_number: str
    date_time: str
    duration: int
    status: str
    kind: str = "normal"
    site: str = "ny"


NADIA = ("RAumItZjj8iEGEzIc38-6g", "Nadia Rahman", 1001, "user")
JORDAN = ("abc123", "Jordan Ellis", 1002, "user")
MARCUS = ("ahxypTKbeFpEQT7vqykAxQ", "Marcus Bell", 1004, "user")
LENA = ("SJJVkun2XJ4DdRDOgzK1Kw", "Lena Hoffmann", 2001, "user")
SUPPORT_QUEUE = ("w4j8606e0e_JwuX5iKIA_f", "Customer Support (NY)", 8001, "callQueue")

VOICEMAILS = (
    VoicemailSeed(
        "41d7f0c2a95b4e8c9a3e6b1f2d7c8e01",
        NADIA,
        ("Tom Whitaker", "+442079460958"),
        "+12125550142",
        "2026-02-11T15:04:22Z",
        42,
        "read",
    ),
    VoicemailSeed(
        "9b2e6a4f1c8d4d3b8e7f0a5c6d1e2f03",
        NADIA,
        ("Harborline Logistics", "+33155501473"),
        "+12125550142",
        "2026-06-18T09:47:10Z",
        18,
        "unread",
    ),
    VoicemailSeed(
        "c5a1e9d3b7f24c6a8d0e2f4b6a8c0e05",
        JORDAN,
        ("Unknown caller", "+18005550123"),
        "+12125550187",
        "2026-03-03T21:15:09Z",
        7,
        "unread",
        "maybeSpam",
    ),
    VoicemailSeed(
        "e8f0a2c4d6b84e1a9c3d5f7b9d1f3a07",
        MARCUS,
        ("Wei Ling Tan", "+6565550127"),
        "+12125550199",
        "2026-04-22T02:31:48Z",
        65,
        "read",
    ),
    VoicemailSeed(
        "2f4b6d8e0a1c4e3f8b5d7f9a1c3e5b09",
        LENA,
        ("Rafael Costa", "+551155501290"),
        "+493055501911",
        "2026-05-07T13:58:02Z",
        29,
        "unread",
        site="berlin",
    ),
    VoicemailSeed(
        "7a9c1e3f5b0d4a2c9e4f6b8d0f2a4c11",
        SUPPORT_QUEUE,
        ("Amara Okafor", "+2348055501349"),
        "+12125550187",
        "2026-09-29T16:20:37Z",
        54,
        "unread",
    ),
    VoicemailSeed(
        "b3d5f7a9c1e34b6d8f0a2c4e6a8c0e13",
        SUPPORT_QUEUE,
        ("Erik Lindqvist", "+46855501622"),
        "+12125550187",
        "2026-11-02T10:05:55Z",
        23,
        "read",
    ),
    VoicemailSeed(
        "d1f3a5c7e9b24d8f0b2d4f6a8c0e2a15",
        JORDAN,
        ("Amara Okafor", "+2348055501349"),
        "+12125550187",
        "2026-11-19T19:42:14Z",
        31,
        "unread",
    ),
)


def _voicemail_record(seed: VoicemailSeed) -> JsonObject:
    owner_id, owner_name, extension, owner_type = seed.owner
    caller_name, caller_number = seed.caller
    day = seed.date_time[:10].replace("-", "")
    return {
        "id": seed.voicemail_id,
        "call_id": f"7{seed.voicemail_id[:11].translate(HEX_TO_DIGITS)}",
        "call_log_id": f"{seed.voicemail_id[:8]}-{seed.voicemail_id[8:12]}",
        "call_element_id": f"{day}-{seed.voicemail_id[:8]}-{seed.voicemail_id[8:12]}",
        "caller_name": caller_name,
        "caller_number": caller_number,
        "caller_number_type": 2,
        "callee_name": owner_name,
        "callee_number": seed.callee_number,
        "callee_number_type": 1,
        "date_time": seed.date_time,
        "duration": seed.duration,
        "status": seed.status,
        "owner": {
            "id": owner_id,
            "name": owner_name,
            "extension_number": extension,
            "type": owner_type,
        },
        "voicemail_type": seed.kind,
        "site_id": SITES[seed.site]["id"],
        "trashed": False,
    }


HEX_TO_DIGITS = str.maketrans("abcdef", "123456")


# Extensions and numbers held outside Zoom Rooms.


class ExtensionHolder(NamedTuple):
    """An extension of the account that is not a Zoom Room."""

    extension_id: str
    extension_number: int
    name: str
    kind: str


def other_extensions() -> tuple[ExtensionHolder, ...]:
    """The users, call queues and auto receptionists the seeds name.

    The mock serves none of them as a resource, but the voicemails and the
    caller ID list show their extensions, so a room may not take one of those
    extensions, nor one of the numbers the caller ID list says they own.
    """
    found: dict[str, ExtensionHolder] = {}
    for seed in CUSTOMIZED_NUMBERS:
        found[seed.extension_id] = ExtensionHolder(
            seed.extension_id,
            int(seed.extension_number),
            seed.extension_name,
            seed.extension_type,
        )
    for voicemail in VOICEMAILS:
        owner_id, name, extension, kind = voicemail.owner
        found.setdefault(owner_id, ExtensionHolder(owner_id, extension, name, kind))
    return tuple(found.values())


def owned_numbers() -> dict[str, str]:
    """Number id -> the extension id of the call queue or receptionist that owns it."""
    return {seed.number_id: seed.extension_id for seed in CUSTOMIZED_NUMBERS}


def phone_seeds() -> dict[str, list[JsonObject]]:
    """Fresh copies of the seed records, one list per stored collection."""
    numbers = [number_record(seed) for seed in NUMBERS]
    by_id = {number["id"]: number for number in numbers}
    plain = {number["id"]: number["number"] for number in numbers}
    seeds = {
        "settings": [account_settings()],
        "phone_numbers": numbers,
        "customized_numbers": [
            _caller_id_record(seed, by_id) for seed in CUSTOMIZED_NUMBERS
        ],
        "rooms": [_room_record(seed, plain) for seed in ROOMS],
        "alert_settings": list(ALERT_SETTINGS),
        "voicemails": [_voicemail_record(seed) for seed in VOICEMAILS],
    }
    return copy.deepcopy(seeds)
