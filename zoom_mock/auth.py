"""Authentication as the mock does it: any bearer token is good, none is not.

Zoom answers a missing or malformed Authorization header with 401 and code
124. The check runs after routing, so it knows which operations are public
(the OAuth token endpoint, the admin API, downloads that carry a token in the
query string) and which want a bearer token.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.datastructures import Headers, QueryParams
from starlette.types import ASGIApp, Receive, Scope, Send

from zoom_mock.errors import MockError, error_response
from zoom_mock.validation import ACCESS_TOKEN_QUERY

BEARER = "bearer"


def invalid_token(detail: str) -> MockError:
    return MockError(401, 124, "Invalid access token.", details=detail)


def check_bearer(
    headers: Mapping[str, str], query: Mapping[str, str]
) -> MockError | None:
    """None when the request carries a usable bearer token, else the error."""
    header = headers.get("authorization")
    if header is None:
        if query.get(ACCESS_TOKEN_QUERY):
            return None
        return invalid_token("The Authorization header is missing.")
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != BEARER or not token.strip():
        return invalid_token(
            "The Authorization header must be `Bearer <token>`; "
            f"it started with {scheme[:20]!r}."
        )
    return None


class BearerAuthMiddleware:
    """Rejects requests to bearer-protected operations that carry no token."""

    def __init__(self, app: ASGIApp, *, protected: frozenset[str] = frozenset()):
        self.app = app
        self.protected = protected

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            routing = scope.get("extensions", {}).get("connexion_routing", {})
            if routing.get("operation_id") in self.protected:
                error = check_bearer(
                    Headers(scope=scope), QueryParams(scope.get("query_string", b""))
                )
                if error is not None:
                    await error_response(error)(scope, receive, send)
                    return
        await self.app(scope, receive, send)
