"""The server-to-server OAuth token endpoint."""

from __future__ import annotations

import base64
import json

import httpx
import pytest

from tests.contract import ContractClient


@pytest.fixture
def anonymous(base_url: str):
    with ContractClient(base_url, headers={"Authorization": ""}) as http:
        http.headers.pop("Authorization")
        yield http


def _assert_token(response: httpx.Response) -> None:
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 3599
    assert body["access_token"] and body["scope"] and body["api_url"]


def test_grant_in_the_query_string(anonymous: ContractClient) -> None:
    response = anonymous.post(
        "/oauth/token",
        params={"grant_type": "account_credentials", "account_id": "acct-1"},
        auth=("client", "secret"),
    )
    _assert_token(response)


def test_grant_in_a_form_body(anonymous: ContractClient) -> None:
    response = anonymous.post(
        "/oauth/token",
        data={"grant_type": "account_credentials", "account_id": "acct-1"},
        auth=("client", "secret"),
    )
    _assert_token(response)


def test_empty_json_body_is_tolerated(anonymous: ContractClient) -> None:
    response = anonymous.post(
        "/oauth/token?grant_type=account_credentials&account_id=acct-1",
        json={},
        auth=("client", "secret"),
    )
    _assert_token(response)


def test_the_token_then_works_as_a_bearer(anonymous: ContractClient) -> None:
    token = anonymous.post(
        "/oauth/token",
        data={"grant_type": "account_credentials", "account_id": "acct-1"},
        auth=("client", "secret"),
    ).json()["access_token"]

    response = anonymous.get(
        "/v2/users/me", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200


def test_unsupported_grant_is_400_in_oauth_shape(anonymous: ContractClient) -> None:
    response = anonymous.post(
        "/oauth/token", data={"grant_type": "password"}, auth=("client", "secret")
    )

    assert response.status_code == 400
    assert response.json() == {
        "reason": "unsupported grant type",
        "error": "unsupported_grant_type",
    }


def test_missing_client_credentials_is_rejected(anonymous: ContractClient) -> None:
    response = anonymous.post(
        "/oauth/token", data={"grant_type": "account_credentials"}
    )

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_a_schema_violation_is_400_in_the_common_shape(
    anonymous: ContractClient,
) -> None:
    response = anonymous.post(
        "/oauth/token",
        params={"grant_type": "0" * 65},
        data={"grant_type": "account_credentials", "account_id": ""},
        auth=("client", "secret"),
    )

    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["message"]) == (300, "Validation Failed.")
    assert body["errors"][0]["field"] == "grant_type"
    assert body["error"]["code"] == "400"


def test_the_token_is_a_jwt_whose_claims_a_client_can_read(
    anonymous: ContractClient,
) -> None:
    token = anonymous.post(
        "/oauth/token",
        data={"grant_type": "account_credentials", "account_id": "acct-9"},
        auth=("client-7", "secret"),
    ).json()["access_token"]

    header, claims, signature = token.split(".")
    decoded = json.loads(base64.urlsafe_b64decode(claims + "=" * (-len(claims) % 4)))
    assert decoded["aid"] == "acct-9"
    assert decoded["exp"] - decoded["iat"] == 3599
    assert json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4)))
    assert signature
