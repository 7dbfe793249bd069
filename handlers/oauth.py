"""Zoom's server-to-server OAuth token endpoint."""

from __future__ import annotations

import base64
import time
from typing import Any

import orjson
from starlette.datastructures import Headers
from starlette.responses import Response

from zoom_mock.errors import MockError
from zoom_mock.responses import json_response
from zoom_mock.runtime import current, current_scope

SUPPORTED_GRANT = "account_credentials"
TOKEN_SCOPES = "meeting:read:admin meeting:write:admin user:read:admin user:write:admin"


def _oauth_error(status: int, reason: str, error: str) -> MockError:
    return MockError(status, status, reason, details=error, oauth=(reason, error))


def _client_id(headers: Headers) -> str:
    header = headers.get("authorization", "")
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic" or not encoded:
        raise _oauth_error(401, "Invalid client_id or client_secret", "invalid_client")
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except ValueError:  # bad base64 (binascii.Error) or non-UTF-8 bytes
        raise _oauth_error(
            401, "Invalid client_id or client_secret", "invalid_client"
        ) from None
    client_id, colon, _secret = decoded.partition(":")
    if not colon or not client_id:
        raise _oauth_error(401, "Invalid client_id or client_secret", "invalid_client")
    return client_id


async def oauthToken(
    grant_type: str | None = None,
    account_id: str | None = None,
    body: dict[str, Any] | None = None,
) -> Response:
    scope = current_scope()
    client_id = _client_id(Headers(scope=scope))
    form = body if isinstance(body, dict) else {}
    grant = form.get("grant_type") or grant_type
    account = form.get("account_id") or account_id

    if not grant:
        raise _oauth_error(400, "Missing grant type", "invalid_request")
    if grant != SUPPORTED_GRANT:
        raise _oauth_error(400, "unsupported grant type", "unsupported_grant_type")
    if not account:
        raise _oauth_error(400, "Missing account_id", "invalid_request")

    token = _access_token(client_id, account)
    base = current().settings.base_url or "https://api.zoom.us"
    return json_response(
        {
            "access_token": token,
            "token_type": "bearer",
            "expires_in": 3599,
            "scope": TOKEN_SCOPES,
            "api_url": base,
        }
    )


def _segment(value: dict[str, Any]) -> str:
    raw = orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _access_token(client_id: str, account: str) -> str:
    """A JWT-shaped token like Zoom's, so clients that read `exp` can.

    The signature is random: the mock accepts any bearer token, so nothing
    ever verifies it.
    """
    issued = int(time.time())
    header = {"alg": "HS512", "v": "2.0", "kid": client_id[:32]}
    claims = {
        "aud": "https://oauth.zoom.us",
        "iss": "zm:cid:" + client_id,
        "aid": account,
        "jti": current().ids.hex_id(32),
        "iat": issued,
        "nbf": issued,
        "exp": issued + 3599,
    }
    return f"{_segment(header)}.{_segment(claims)}.{current().ids.token(43)}"
