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


def _bad_client(problem: str) -> MockError:
    """Zoom's 401 for unusable client credentials, saying what was wrong with them."""
    return _oauth_error(
        401, f"Invalid client_id or client_secret: {problem}", "invalid_client"
    )


def _client_id(headers: Headers) -> str:
    header = headers.get("authorization")
    expected = "send `Authorization: Basic <base64 of client_id:client_secret>`"
    if header is None:
        raise _bad_client(f"the Authorization header is missing; {expected}.")
    scheme, _, encoded = header.strip().partition(" ")
    if scheme.lower() != "basic":
        shown = scheme[:20] or "(empty)"
        raise _bad_client(
            f"the Authorization header uses the scheme {shown!r}, not Basic; "
            f"{expected}."
        )
    if not encoded.strip():
        raise _bad_client(f"the Basic credentials are empty; {expected}.")

    try:
        decoded = base64.b64decode(encoded.strip(), validate=True)
    except ValueError:  # binascii.Error, or characters outside ASCII
        raise _bad_client(
            "the Basic credentials are not valid base64 (standard alphabet, "
            f"padded with '='); {expected}."
        ) from None
    try:
        text = decoded.decode("utf-8")
    except UnicodeDecodeError:
        raise _bad_client(
            "the Basic credentials decode to bytes that are not UTF-8 text."
        ) from None

    client_id, colon, secret = text.partition(":")
    if not colon:
        raise _bad_client(
            "the decoded Basic credentials have no ':' between the client id and "
            "the client secret."
        )
    if not client_id:
        raise _bad_client("the client id before the ':' is empty.")
    if not secret:
        raise _bad_client("the client secret after the ':' is empty.")
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
