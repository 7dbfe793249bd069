"""The token endpoint says what is wrong with a client's Basic credentials.

Every refusal stays in OAuth's shape, `{"reason", "error": "invalid_client"}`,
with Zoom's reason first and the mock's explanation after it.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator

import pytest

from tests.contract import ContractClient

GRANT = {"grant_type": "account_credentials", "account_id": "acct-1"}


def basic(raw: bytes) -> str:
    return "Basic " + base64.b64encode(raw).decode("ascii")


@pytest.fixture
def anonymous(base_url: str) -> Iterator[ContractClient]:
    with ContractClient(base_url) as http:
        http.headers.pop("Authorization")
        yield http


@pytest.mark.parametrize(
    ("authorization", "explained"),
    [
        (None, "the Authorization header is missing"),
        ("Bearer abc.def", "uses the scheme 'Bearer', not Basic"),
        ("Basic", "the Basic credentials are empty"),
        ("Basic not*base64!", "are not valid base64"),
        (basic(b"client-and-secret"), "have no ':' between the client id"),
        (basic(b":secret"), "the client id before the ':' is empty"),
        (basic(b"client:"), "the client secret after the ':' is empty"),
        (basic(b"\xff\xfe:secret"), "are not UTF-8 text"),
    ],
)
def test_each_bad_authorization_header_gets_its_own_reason(
    anonymous: ContractClient, authorization: str | None, explained: str
) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}

    response = anonymous.post("/oauth/token", data=GRANT, headers=headers)

    assert response.status_code == 401, response.text
    body = response.json()
    assert set(body) == {"reason", "error"}
    assert body["error"] == "invalid_client"
    assert body["reason"].startswith("Invalid client_id or client_secret: ")
    assert explained in body["reason"]


def test_good_credentials_still_get_a_token(anonymous: ContractClient) -> None:
    response = anonymous.post(
        "/oauth/token", data=GRANT, headers={"Authorization": basic(b"app:s3cret")}
    )

    assert response.status_code == 200, response.text
    assert response.json()["token_type"] == "bearer"
