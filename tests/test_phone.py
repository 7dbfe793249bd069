"""Zoom Phone over HTTP: seeded reads on the shared mock, changes on fresh ones.

Every response passes through ContractClient, so each call here is also
checked against specs/phone.yaml and, for successes, Zoom's own schema.
"""

from __future__ import annotations

import io
import wave
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.contract import ContractClient

BOARDROOM = "SLaeBlqVlLQCV9sD3fOftM"
BERLIN_ROOM = "yBGAvVhnNUT01fpk2QKFOO"
TOKYO_ROOM = "mjra9u0kaHKPC2twT3BHiL"
BOARDROOM_NUMBER = "s5H-fqlm3ZLGa1f4KfqU86"
FREE_NUMBER = "9qJA8mCp_vgVxtNKtgyUjE"
FREE_NUMBER_E164 = "+13125550163"
SUPPORT_CALLER_ID = "125qzP3UpaqpGUi3jgjhuq"
NY_SITE = "Q16nIu65NGrBZ2V5pgpULZ"
BERLIN_SITE = "XcbVsJSr6mkucP6kotsRMc"
ME_ID = "RAumItZjj8iEGEzIc38-6g"
FIRST_VOICEMAIL = "41d7f0c2a95b4e8c9a3e6b1f2d7c8e01"


def assert_error(response: httpx.Response, status: int, code: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] == code, body
    assert body["error"]["code"] == str(status)
    return body


def walk(
    client: httpx.Client,
    path: str,
    list_field: str,
    page_size: int,
    between: Callable[[], None] | None = None,
) -> list[dict[str, Any]]:
    """Every item of a token-paged list, calling `between` after each page."""
    items: list[dict[str, Any]] = []
    params: dict[str, Any] = {"page_size": page_size}
    for _ in range(100):
        body = client.get(path, params=params).json()
        items += body[list_field]
        if not body["next_page_token"]:
            return items
        params["next_page_token"] = body["next_page_token"]
        if between is not None:
            between()
    raise AssertionError(f"{path} kept returning a next_page_token.")


# Seeded reads on the shared mock.


def test_account_settings_hold_every_setting_type(client: ContractClient) -> None:
    settings = client.get("/v2/phone/account_settings").json()

    assert settings["call_live_transcription"]["enable"] is False
    assert settings["local_survivability_mode"]["enable"] is True
    assert settings["international_calling"]["locked_by"] == "account"
    assert len(settings) > 20
    assert all("enable" in entry for entry in settings.values())


def test_setting_types_picks_settings_and_rejects_unknown_names(
    client: ContractClient,
) -> None:
    picked = client.get(
        "/phone/account_settings",
        params={"setting_types": "local_survivability_mode, call_live_transcription"},
    ).json()
    unknown = client.get(
        "/phone/account_settings", params={"setting_types": "voicemail,telepathy"}
    )

    assert set(picked) == {"local_survivability_mode", "call_live_transcription"}
    assert "telepathy" in assert_error(unknown, 400, 400)["message"]


def test_single_setting_views_match_account_settings(client: ContractClient) -> None:
    settings = client.get("/phone/account_settings").json()

    live = client.get("/phone/call_live_transcription").json()
    survivability = client.get("/v2/phone/local_survivability_mode").json()
    assert live == settings["call_live_transcription"]
    assert survivability == settings["local_survivability_mode"]
    assert live["transcription_start_prompt"]["audio_name"].endswith(".mp3")


def test_customized_numbers_list_filter_and_get(client: ContractClient) -> None:
    path = "/phone/outbound_caller_id/customized_numbers"
    listed = walk(client, path, "customize_numbers", 2)
    queues = client.get(path, params={"extension_type": "callQueue"}).json()
    berlin = client.get(path, params={"site_id": BERLIN_SITE}).json()
    by_keyword = client.get(path, params={"keyword": "sales"}).json()
    one = client.get(f"{path}/{SUPPORT_CALLER_ID}").json()

    assert len(listed) == 3
    assert queues["total_records"] == 2
    assert [item["display_name"] for item in berlin["customize_numbers"]] == [
        "Lumenforge Berlin"
    ]
    assert [item["phone_number"] for item in by_keyword["customize_numbers"]] == [
        "+12125550199"
    ]
    assert one == listed[0]
    assert one["customize_id"] == SUPPORT_CALLER_ID


def test_unknown_customized_number_is_404(client: ContractClient) -> None:
    path = "/phone/outbound_caller_id/customized_numbers/nope"

    assert "nope" in assert_error(client.get(path), 404, 404)["message"]
    assert_error(client.delete(path), 404, 404)


def test_alert_settings_list_and_filter(client: ContractClient) -> None:
    everything = client.get("/phone/alert_settings").json()
    inactive = client.get("/phone/alert_settings", params={"status": 0}).json()
    queues = client.get("/phone/alert_settings", params={"module": 1}).json()

    assert everything["total_records"] == 4
    assert [item["alert_setting_name"] for item in inactive["alert_settings"]] == [
        "Desk phone offline"
    ]
    assert {item["module"] for item in queues["alert_settings"]} == {1}
    assert len(queues["alert_settings"]) == 2


def test_account_voicemails_newest_first_with_filters(client: ContractClient) -> None:
    everything = walk(client, "/phone/voice_mails", "voice_mails", 3)
    unread = client.get("/phone/voice_mails", params={"status": "unread"}).json()
    queue = client.get("/phone/voice_mails", params={"owner_type": "callQueue"}).json()
    spam = client.get("/phone/voice_mails", params={"voicemail_type": "maybeSpam"})
    spring = client.get(
        "/phone/voice_mails", params={"from": "2026-03-01", "to": "2026-05-31"}
    ).json()

    stamps = [item["date_time"] for item in everything]
    assert len(stamps) == 8 and stamps == sorted(stamps, reverse=True)
    assert {item["status"] for item in unread["voice_mails"]} == {"unread"}
    assert unread["total_records"] == 5
    assert queue["total_records"] == 2
    assert spam.json()["total_records"] == 1
    assert (spring["from"], spring["to"]) == ("2026-03-01", "2026-05-31")
    assert spring["total_records"] == 3
    assert "voicemail_type" not in everything[0]


def test_user_voicemails_and_me(client: ContractClient) -> None:
    mine = client.get("/phone/users/me/voice_mails").json()
    by_id = client.get(f"/phone/users/{ME_ID}/voice_mails").json()

    assert mine == by_id
    assert mine["total_records"] == 2
    assert {item["owner"]["id"] for item in mine["voice_mails"]} == {ME_ID}
    assert_error(client.get("/phone/users/nobody/voice_mails"), 404, 1001)


def test_voicemail_download_is_audio_of_its_length(client: ContractClient) -> None:
    listed = client.get("/phone/users/me/voice_mails").json()["voice_mails"]
    first = next(item for item in listed if item["id"] == FIRST_VOICEMAIL)

    response = client.get(first["download_url"])
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("audio/wav")
    with wave.open(io.BytesIO(response.content)) as audio:
        seconds = audio.getnframes() / audio.getframerate()
    assert seconds == first["duration"]
    assert_error(client.get("/phone/voice_mails/download/nope"), 404, 404)


def test_rooms_list_filter_and_get(client: ContractClient) -> None:
    rooms = walk(client, "/phone/rooms", "rooms", 2)
    unlimited = client.get("/phone/rooms", params={"calling_type": 200}).json()
    berlin = client.get("/phone/rooms", params={"site_id": BERLIN_SITE}).json()
    by_keyword = client.get("/phone/rooms", params={"keyword": "tokyo"}).json()
    boardroom = client.get(f"/phone/rooms/{BOARDROOM}").json()

    assert [room["name"] for room in rooms] == [
        "NY Boardroom",
        "Berlin Huddle Space",
        "Tokyo Studio A",
    ]
    assert [room["id"] for room in unlimited["rooms"]] == [BOARDROOM]
    assert [room["id"] for room in berlin["rooms"]] == [BERLIN_ROOM]
    assert [room["id"] for room in by_keyword["rooms"]] == [TOKYO_ROOM]
    assert boardroom["phone_numbers"] == [
        {"id": BOARDROOM_NUMBER, "number": "+12125550142"}
    ]
    assert boardroom["policy"]["international_calling"]["enable"] is True


def test_unknown_room_is_404_with_code_404(client: ContractClient) -> None:
    assert "nope" in assert_error(client.get("/phone/rooms/nope"), 404, 404)["message"]
    assert_error(
        client.patch("/phone/rooms/nope", json={"extension_number": 5}), 404, 404
    )
    assert_error(client.delete("/phone/rooms/nope"), 404, 404)
    assert_error(
        client.post(
            "/phone/rooms/nope/calling_plans", json={"calling_plans": [{"type": 200}]}
        ),
        404,
        404,
    )
    assert_error(client.delete("/phone/rooms/nope/calling_plans/200"), 404, 404)
    assert_error(client.delete("/phone/rooms/nope/phone_numbers/x"), 404, 404)


def test_foreign_page_token_is_a_400_with_code_300(client: ContractClient) -> None:
    for path in (
        "/phone/rooms",
        "/phone/voice_mails",
        "/phone/outbound_caller_id/customized_numbers",
    ):
        response = client.get(path, params={"next_page_token": "bm90LW91cnM"})
        body = assert_error(response, 400, 300)
        assert body["errors"][0]["field"] == "next_page_token"


LONG_ID = "0" * 129
LONG_ID_PATHS = [
    ("GET", f"/phone/outbound_caller_id/customized_numbers/{LONG_ID}"),
    ("DELETE", f"/phone/outbound_caller_id/customized_numbers/{LONG_ID}"),
    ("GET", f"/phone/voice_mails/download/{LONG_ID}"),
    ("GET", f"/phone/rooms/{LONG_ID}"),
    ("DELETE", f"/phone/rooms/{LONG_ID}"),
    ("DELETE", f"/phone/rooms/{LONG_ID}/calling_plans"),
    ("DELETE", f"/phone/rooms/{LONG_ID}/phone_numbers"),
    ("DELETE", f"/phone/rooms/{BOARDROOM}/phone_numbers/{LONG_ID}"),
]


@pytest.mark.parametrize(("method", "path"), LONG_ID_PATHS)
def test_a_path_id_past_its_max_length_is_a_declared_400(
    client: ContractClient, method: str, path: str
) -> None:
    response = client.request(method, path)

    body = assert_error(response, 400, 300)
    assert "129 characters long" in body["errors"][0]["message"]


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({"to": "2000-01-01"}, "`to` (2000-01-01)"),
        ({"from": "2999-01-01"}, "`to` (2026-12-31, the default)"),
        ({"from": "2026-05-02", "to": "2026-05-01"}, "`from` (2026-05-02)"),
    ],
)
def test_a_backwards_voicemail_range_is_a_rule_not_a_schema_violation(
    client: ContractClient, query: dict[str, str], shown: str
) -> None:
    for path in ("/phone/voice_mails", "/phone/users/me/voice_mails"):
        body = assert_error(client.get(path, params=query), 400, 400)

        assert body["message"].startswith("Invalid date range:")
        assert shown in body["message"]
        assert "errors" not in body


def test_unknown_numbers_sites_and_plans_name_what_is_missing(
    client: ContractClient,
) -> None:
    number = client.post(
        "/phone/outbound_caller_id/customized_numbers",
        json={"phone_number_ids": ["00"]},
    )
    site = client.patch(f"/phone/rooms/{BOARDROOM}", json={"site_id": "nowhere"})
    plan = client.post("/phone/rooms", json={"calling_plans": [{"type": 7}]})

    assert "Phone number does not exist" in assert_error(number, 400, 404)["message"]
    assert "Site does not exist" in assert_error(site, 400, 404)["message"]
    assert assert_error(plan, 400, 404)["message"].startswith(
        "Unknown or invalid calling plan: calling_plans[0].type was 7"
    )
    assert client.get("/phone/rooms").json()["total_records"] == 3


# Changes, each on a mock of its own.


def test_settings_changes_show_in_account_settings(
    fresh_mock: Callable[..., Any],
) -> None:
    with fresh_mock() as url, ContractClient(url) as client:
        live = client.patch(
            "/v2/phone/call_live_transcription",
            json={"enable": True, "transcription_start_prompt": {"enable": False}},
        )
        survivability = client.patch(
            "/phone/local_survivability_mode", json={"enable": False, "locked": True}
        )
        assert live.status_code == survivability.status_code == 204

        settings = client.get(
            "/phone/account_settings",
            params={
                "setting_types": "call_live_transcription,local_survivability_mode"
            },
        ).json()
        transcription = settings["call_live_transcription"]
        assert transcription["enable"] is True
        assert transcription["transcription_start_prompt"]["enable"] is False
        assert transcription["transcription_start_prompt"]["audio_id"]
        assert settings["local_survivability_mode"] == {
            "enable": False,
            "locked": True,
            "locked_by": "account",
        }
        assert client.get("/phone/call_live_transcription").json() == transcription

        empty = client.patch("/phone/call_live_transcription", json={})
        assert_error(empty, 400, 300)


def test_customized_number_lifecycle(fresh_mock: Callable[..., Any]) -> None:
    with fresh_mock() as url, ContractClient(url) as client:
        path = "/phone/outbound_caller_id/customized_numbers"

        added = client.post(path, json={"phone_number_ids": [FREE_NUMBER]})
        assert added.status_code == 201
        entry = added.json()["customize_numbers"][0]
        assert entry["phone_number"] == FREE_NUMBER_E164
        assert client.get(f"{path}/{entry['customize_id']}").json() == entry

        again = client.post(path, json={"phone_number_ids": [FREE_NUMBER]})
        assert again.json()["customize_numbers"] == [entry]
        assert client.get(path).json()["total_records"] == 4

        unknown = client.post(path, json={"phone_number_ids": [FREE_NUMBER, "nope"]})
        body = assert_error(unknown, 400, 404)
        assert "phone_number_ids[1] was 'nope'" in body["message"]

        assert client.delete(f"{path}/{entry['customize_id']}").status_code == 204
        assert_error(client.get(f"{path}/{entry['customize_id']}"), 404, 404)

        bulk = client.delete(
            path,
            params={"customize_ids": [f"{SUPPORT_CALLER_ID},iFF51drcY-ek25kUeRXq5_"]},
        )
        assert bulk.status_code == 204
        left = client.get(path).json()["customize_numbers"]
        assert [item["display_name"] for item in left] == ["Lumenforge Berlin"]


def test_room_lifecycle_with_plans_and_numbers(fresh_mock: Callable[..., Any]) -> None:
    with fresh_mock() as url, ContractClient(url) as client:
        added = client.post(
            "/phone/rooms",
            json={
                "id": "cR00mHuddleNY0000000001",
                "name": "NY Huddle 4",
                "site_id": NY_SITE,
                "calling_plans": [{"type": 100}],
            },
        )
        assert added.status_code == 201
        room = added.json()
        assert room["calling_plans"][0]["name"] == "US/CA Metered Calling Plan"
        path = f"/phone/rooms/{room['id']}"
        assert client.get(path).json() == room
        assert_error(client.post("/phone/rooms", json={"id": room["id"]}), 409, 409)

        plans = client.post(
            f"{path}/calling_plans",
            json={"calling_plans": [{"type": 200}, {"type": 100}]},
        )
        assert plans.status_code == 201
        assert [plan["type"] for plan in plans.json()["calling_plans"]] == [100, 200]
        bad_plan = client.post(
            f"{path}/calling_plans", json={"calling_plans": [{"type": 7}]}
        )
        assert_error(bad_plan, 400, 300)
        assert client.delete(f"{path}/calling_plans/100").status_code == 204
        assert_error(client.delete(f"{path}/calling_plans/100"), 400, 300)
        assert [plan["type"] for plan in client.get(path).json()["calling_plans"]] == [
            200
        ]

        numbers = client.post(
            f"{path}/phone_numbers",
            json={"phone_numbers": [{"id": FREE_NUMBER}, {"number": "+12125550124"}]},
        )
        assert numbers.status_code == 201
        held = [number["number"] for number in numbers.json()["phone_numbers"]]
        assert held == [FREE_NUMBER_E164, "+12125550124"]
        in_use = client.post(
            f"{path}/phone_numbers", json={"phone_numbers": [{"id": BOARDROOM_NUMBER}]}
        )
        assert_error(in_use, 400, 409)
        unknown = client.post(
            f"{path}/phone_numbers",
            json={"phone_numbers": [{"number": "+15550000000"}]},
        )
        assert_error(unknown, 400, 404)

        assert client.delete(f"{path}/phone_numbers/{FREE_NUMBER}").status_code == 204
        assert_error(client.delete(f"{path}/phone_numbers/{FREE_NUMBER}"), 404, 404)
        assert len(client.get(path).json()["phone_numbers"]) == 1

        patched = client.patch(
            path,
            json={
                "extension_number": 1404,
                "site_id": BERLIN_SITE,
                "policy": {"international_calling": {"enable": False}},
            },
        )
        assert patched.status_code == 204
        changed = client.get(path).json()
        assert changed["extension_number"] == 1404
        assert changed["site"]["name"] == "Berlin Office"
        assert changed["policy"]["international_calling"]["enable"] is False

        assert client.delete(path).status_code == 204
        assert_error(client.get(path), 404, 404)
        freed = client.post(
            f"/phone/rooms/{TOKYO_ROOM}/phone_numbers",
            json={"phone_numbers": [{"number": "+12125550124"}]},
        )
        assert freed.status_code == 201


def test_original_room_forms(fresh_mock: Callable[..., Any]) -> None:
    with fresh_mock() as url, ContractClient(url) as client:
        created = client.post(
            "/phone/rooms/zrTrainingRoom2026xx01", json={"name": "Training"}
        )
        bare = client.post("/phone/rooms/zrQuietRoom2026xxxxx02")
        assert created.status_code == bare.status_code == 201
        assert created.json()["id"] == "zrTrainingRoom2026xx01"
        assert created.json()["extension_number"] != bare.json()["extension_number"]
        assert_error(client.post("/phone/rooms/zrTrainingRoom2026xx01"), 409, 409)

        assert (
            client.delete(f"/phone/rooms/{BOARDROOM}/calling_plans").status_code == 204
        )
        assert (
            client.delete(f"/phone/rooms/{BOARDROOM}/phone_numbers").status_code == 204
        )
        boardroom = client.get(f"/phone/rooms/{BOARDROOM}").json()
        assert boardroom["calling_plans"] == [] and boardroom["phone_numbers"] == []

        bad_site = client.post("/phone/rooms", json={"site_id": "nowhere"})
        assert assert_error(bad_site, 400, 404)["message"].startswith(
            "Site does not exist: `site_id` was 'nowhere'"
        )


def test_room_paging_survives_adds_between_pages(
    fresh_mock: Callable[..., Any],
) -> None:
    with fresh_mock() as url, ContractClient(url) as client:
        added: list[str] = []

        def add_room() -> None:
            if len(added) < 2:
                response = client.post(
                    "/phone/rooms", json={"name": f"Pod {len(added)}"}
                )
                added.append(response.json()["id"])

        seen = [
            room["id"] for room in walk(client, "/phone/rooms", "rooms", 1, add_room)
        ]
        assert len(seen) == len(set(seen))
        assert seen == [BOARDROOM, BERLIN_ROOM, TOKYO_ROOM, *added]
