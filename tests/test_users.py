"""Users over HTTP: list, get, create (both body forms), update, status, delete."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import running_mock
from tests.contract import ContractClient

SEED_USERS = Path(__file__).resolve().parents[1] / "data" / "users"


def seed_user(**match: object) -> dict:
    for path in sorted(SEED_USERS.glob("*.json")):
        user = json.loads(path.read_text(encoding="utf-8"))
        if all(user.get(key) == value for key, value in match.items()):
            return user
    raise LookupError(f"No seed user matches {match}.")


def test_the_original_sample_user_answers(client: ContractClient) -> None:
    response = client.get("/users/abc123")

    assert response.status_code == 200
    assert response.json()["id"] == "abc123"
    assert response.json()["email"].endswith("@lumenforge.io")


def test_list_users_defaults_to_active_and_pages_like_zoom(
    client: ContractClient,
) -> None:
    body = client.get("/v2/users").json()

    assert body["page_size"] == 30
    assert body["page_number"] == 1
    assert body["next_page_token"] == ""
    assert body["total_records"] == len(body["users"]) >= 1
    assert {user["status"] for user in body["users"]} == {"active"}
    assert all("meeting_ids" not in user for user in body["users"])


def test_list_users_shows_only_the_tokens_account(client: ContractClient) -> None:
    me = client.get("/users/me").json()
    for status in ("active", "inactive", "pending"):
        listed = client.get("/users", params={"status": status, "page_size": 300})
        accounts = {user["id"]: user for user in listed.json()["users"]}
        expected = {
            path.stem
            for path in SEED_USERS.glob("*.json")
            if (user := json.loads(path.read_text(encoding="utf-8")))["status"]
            == status
            and user["account_id"] == me["account_id"]
        }
        assert expected <= set(accounts), status
        for user_id in accounts:
            found = client.get(f"/users/{user_id}").json()
            assert found["account_id"] == me["account_id"]

    elsewhere = seed_user(id="Abs3PPvd4QWP1FZPc0J-Hw")
    assert elsewhere["account_id"] != me["account_id"]
    everyone = client.get("/users", params={"page_size": 300}).json()["users"]
    assert elsewhere["id"] not in {user["id"] for user in everyone}
    assert client.get(f"/users/{elsewhere['id']}").status_code == 200


def test_list_users_walks_pages_without_gaps(client: ContractClient) -> None:
    everyone = client.get("/users", params={"page_size": 300}).json()["users"]
    seen, token = [], None
    while True:
        params = {"page_size": 2, **({"next_page_token": token} if token else {})}
        page = client.get("/users", params=params).json()
        seen += [user["id"] for user in page["users"]]
        token = page["next_page_token"]
        if not token:
            break

    assert seen == [user["id"] for user in everyone]


def test_user_by_email_and_me(client: ContractClient) -> None:
    user = seed_user(id="abc123")

    by_email = client.get(f"/users/{user['email'].upper()}")
    me = client.get("/users/me")

    assert by_email.json()["id"] == "abc123"
    assert me.status_code == 200 and me.json()["id"]


def test_unknown_user_is_zoom_1001(client: ContractClient) -> None:
    response = client.get("/users/nobody-here")

    assert response.status_code == 404
    body = response.json()
    assert body["code"] == 1001
    assert body["error"] == {
        "code": "404",
        "message": body["message"],
        "details": body["error"]["details"],
    }
    assert "nobody-here" in body["message"]


def test_every_violation_is_listed_with_client_field_names(
    client: ContractClient,
) -> None:
    response = client.get("/users", params={"page_size": 500, "status": "gone"})

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == 300
    assert body["message"] == "Validation Failed."
    fields = {error["field"]: error["message"] for error in body["errors"]}
    assert set(fields) == {"page_size", "status"}
    assert "500" in fields["page_size"] and "300" in fields["page_size"]


def test_nested_body_fields_are_named_with_dots(client: ContractClient) -> None:
    response = client.post(
        "/users",
        json={"action": "create", "user_info": {"email": "not-an-email", "type": 7}},
    )

    assert response.status_code == 400
    fields = sorted(error["field"] for error in response.json()["errors"])
    assert fields == ["user_info.email", "user_info.type"]


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        (
            {
                "action": "create",
                "user_info": {"email": "not-an-email", "type": 7, "first_name": 5},
            },
            ["user_info.email", "user_info.first_name", "user_info.type"],
        ),
        (
            {"email": "flat@example.com", "first_name": 5, "last_name": 6},
            [
                "first_name",
                "last_name",
            ],
        ),
    ],
    ids=["Zoom's form", "the flat form"],
)
def test_a_body_is_told_what_is_wrong_in_the_form_it_was_written_in(
    client: ContractClient, body: dict, fields: list[str]
) -> None:
    """More errors in the form the body uses than another form would have
    (there, `email` missing or `user_info` forbidden) still name that form's."""
    response = client.post("/users", json=body)

    assert response.status_code == 400
    assert sorted(error["field"] for error in response.json()["errors"]) == fields


def test_missing_or_malformed_token_is_401_code_124(base_url: str) -> None:
    with ContractClient(base_url) as http:
        basic = http.get("/users", headers={"Authorization": "Basic abc"})
        empty = http.get("/users", headers={"Authorization": "Bearer"})
        del http.headers["Authorization"]
        missing = http.get("/users")

    for response in (missing, basic, empty):
        assert response.status_code == 401
        assert response.json()["code"] == 124


def test_unknown_path_and_wrong_method_use_the_error_shape(
    client: ContractClient,
) -> None:
    missing = client.get("/no/such/thing")
    wrong = client.put("/users")

    assert missing.status_code == 404 and missing.json()["error"]["code"] == "404"
    assert wrong.status_code == 405 and wrong.json()["error"]["code"] == "405"
    for response in (missing, wrong):
        assert response.headers["content-type"].startswith("application/json")


@pytest.mark.parametrize(
    "body",
    [
        {
            "action": "create",
            "user_info": {"email": "new.person@example.com", "type": 1},
        },
        {"email": "flat.person@example.com", "first_name": "Flat", "last_name": "Form"},
    ],
    ids=["zoom-form", "flat-form"],
)
def test_create_user_in_both_forms(fresh_mock, body: dict) -> None:
    with fresh_mock() as url, ContractClient(url) as http:
        created = http.post("/users", json=body)
        again = http.post("/users", json=body)
        email = body.get("email") or body["user_info"]["email"]
        fetched = http.get(f"/users/{created.json()['id']}")

    assert created.status_code == 201
    assert created.json()["email"] == email
    assert again.status_code == 409 and again.json()["code"] == 1005
    assert fetched.json()["email"] == email


def test_user_update_status_and_delete_flow(fresh_mock) -> None:
    with fresh_mock() as url, ContractClient(url) as http:
        created = http.post("/users", json={"email": "cycle@example.com"}).json()
        user_url = f"/v2/users/{created['id']}"

        updated = http.patch(user_url, json={"first_name": "Cyc", "dept": "QA"})
        after_update = http.get(user_url).json()
        activated = http.put(f"{user_url}/status", json={"action": "activate"})
        after_status = http.get(user_url).json()
        deleted = http.delete(user_url)
        gone = http.get(user_url)

    assert updated.status_code == 204 and updated.content == b""
    assert after_update["first_name"] == "Cyc" and after_update["dept"] == "QA"
    assert activated.status_code == 204
    assert after_status["status"] == "active"
    assert deleted.status_code == 204
    assert gone.status_code == 404 and gone.json()["code"] == 1001


def test_token_and_virtual_backgrounds(fresh_mock) -> None:
    with fresh_mock() as url, ContractClient(url) as http:
        token = http.get("/users/abc123/token", params={"type": "zak"})
        revoked = http.delete("/users/abc123/token")
        uploaded = http.post(
            "/users/abc123/settings/virtual_backgrounds",
            files={"file": ("beach.png", b"\x89PNG fake image", "image/png")},
        )
        removed = http.delete(
            "/users/abc123/settings/virtual_backgrounds",
            params={"file_ids": uploaded.json()["id"]},
        )

    assert token.status_code == 200
    assert token.json()["token"].startswith("eyJ"), "a ZAK is a JWT-like string"
    assert revoked.status_code == 204
    assert uploaded.status_code == 201
    assert uploaded.json()["name"] == "beach.png"
    assert uploaded.json()["size"] == len(b"\x89PNG fake image")
    assert removed.status_code == 204


def test_writes_stay_in_memory_without_persist(fresh_mock, tmp_path: Path) -> None:
    with fresh_mock() as url, ContractClient(url) as http:
        http.patch("/users/abc123", json={"dept": "Changed"})
        seen = http.get("/users/abc123").json()["dept"]

    on_disk = json.loads((tmp_path / "data" / "users" / "abc123.json").read_text())
    assert seen == "Changed"
    assert on_disk["dept"] != "Changed"


def test_persist_writes_changes_back(fresh_mock, tmp_path: Path) -> None:
    with fresh_mock(persist=True) as url, ContractClient(url) as http:
        http.patch("/users/abc123", json={"dept": "Persisted"})

    on_disk = json.loads((tmp_path / "data" / "users" / "abc123.json").read_text())
    assert on_disk["dept"] == "Persisted"


def test_a_page_token_only_works_on_the_list_that_issued_it(
    client: ContractClient,
) -> None:
    token = client.get("/users/abc123/recordings", params={"page_size": 1}).json()[
        "next_page_token"
    ]

    same_list = client.get(
        "/users/abc123/recordings", params={"page_size": 1, "next_page_token": token}
    )
    other_list = client.get("/users", params={"next_page_token": token})

    assert token and same_list.status_code == 200
    assert other_list.status_code == 400
    assert other_list.json()["errors"][0]["field"] == "next_page_token"


ME_PATHS = (
    "/users/me",
    "/users/me/meetings",
    "/calendars/primary",
    "/calendars/users/me/calendarList",
    "/emails/mailboxes/me/profile",
    "/chat/users/me/messages",
)


def test_me_without_any_user_is_zoom_1001_not_500(tmp_path: Path) -> None:
    with running_mock(data_dir=tmp_path) as url, ContractClient(url) as http:
        answers = {path: http.get(path) for path in ME_PATHS}

    for path, response in answers.items():
        assert response.status_code == 404, path
        assert response.json()["code"] == 1001, path
        assert response.json()["message"] == "User does not exist: me.", path


def test_deleting_a_user_deletes_their_meetings(fresh_mock, tmp_path: Path) -> None:
    host = seed_user(id="abc123")
    with fresh_mock(persist=True) as url, ContractClient(url) as http:
        before = [http.get(f"/meetings/{mid}") for mid in host["meeting_ids"]]
        deleted = http.delete("/users/abc123", params={"action": "delete"})
        after = [http.get(f"/meetings/{mid}") for mid in host["meeting_ids"]]

    meetings = tmp_path / "data" / "meetings"
    assert host["meeting_ids"]
    assert [r.status_code for r in before] == [200] * len(before)
    assert deleted.status_code == 204
    assert [(r.status_code, r.json().get("code")) for r in after] == [
        (404, 3001)
    ] * len(after)
    assert not [
        mid for mid in host["meeting_ids"] if (meetings / f"{mid}.json").exists()
    ]


def test_a_virtual_background_without_a_file_is_a_validation_failure(
    client: ContractClient,
) -> None:
    response = client.post(
        "/users/me/settings/virtual_backgrounds", files={"other": (None, "1")}
    )

    assert response.status_code == 400
    assert response.json()["code"] == 300
    assert [e["field"] for e in response.json()["errors"]] == ["file"]
    assert "is a required property" not in response.text


def test_a_virtual_background_must_be_an_image_or_a_video(fresh_mock) -> None:
    with fresh_mock() as url, ContractClient(url) as http:
        text = http.post(
            "/users/me/settings/virtual_backgrounds",
            files={"file": ("notes.txt", b"hello", "text/plain")},
        )
        video = http.post(
            "/users/me/settings/virtual_backgrounds",
            files={"file": ("beach.mp4", b"\0\0\0\x20ftyp", "video/mp4")},
        )

    assert text.status_code == 400 and text.json()["code"] == 300
    assert [e["field"] for e in text.json()["errors"]] == ["file"]
    assert "text/plain" in text.json()["errors"][0]["message"]
    assert video.status_code == 201 and video.json()["type"] == "video"
