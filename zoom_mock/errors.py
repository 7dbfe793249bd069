"""The one error family of the mock, and the one place that renders it.

Every failure a client can see, from a bad token to a spec violation, becomes a
`MockError` and leaves through `error_response`. The body carries Zoom's own
fields (`code`, `message`, and `errors` for validation) and, beside them, the
`error` envelope that clients of the original mock parse. Nothing else in the
code base builds an error body by hand.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus

import orjson
from connexion.exceptions import ProblemException
from connexion.lifecycle import ConnexionResponse
from starlette.responses import Response

JSON_CONTENT_TYPE = "application/json;charset=UTF-8"


@dataclass(frozen=True)
class FieldError:
    """One violation, named the way a client names the field (`user_info.email`)."""

    field: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


@dataclass
class MockError(Exception):
    """An error answer: HTTP status, Zoom's integer code and a readable message."""

    status: int
    code: int
    message: str
    details: str | None = None
    errors: Sequence[FieldError] = ()
    headers: Mapping[str, str] = field(default_factory=dict)
    oauth: tuple[str, str] | None = None
    """(reason, error) for the OAuth endpoint, which answers in OAuth's own shape."""

    def __str__(self) -> str:
        return f"{self.status} (Zoom code {self.code}): {self.message}"


def validation_failed(errors: Sequence[FieldError], status: int = 400) -> MockError:
    """Zoom's answer to a request that breaks the spec: 400, code 300."""
    details = "; ".join(f"{error.field}: {error.message}" for error in errors)
    return MockError(status, 300, "Validation Failed.", details=details, errors=errors)


def not_found(code: int, message: str) -> MockError:
    return MockError(404, code, message)


def user_not_found(user_id: object) -> MockError:
    return MockError(404, 1001, f"User does not exist: {user_id}.")


def meeting_not_found(meeting_id: object) -> MockError:
    return MockError(404, 3001, f"Meeting does not exist: {meeting_id}.")


def no_recording(meeting_id: object) -> MockError:
    return MockError(
        404, 3301, f"There is no recording for this meeting: {meeting_id}."
    )


def error_body(error: MockError) -> dict[str, object]:
    """The JSON body for `error`: Zoom's fields plus the original mock's envelope."""
    if error.oauth is not None:
        reason, code = error.oauth
        return {"reason": reason, "error": code}
    body: dict[str, object] = {"code": error.code, "message": error.message}
    if error.errors:
        body["errors"] = [item.as_dict() for item in error.errors]
    body["error"] = {
        "code": str(error.status),
        "message": error.message,
        "details": error.details or _default_details(error.status),
    }
    return body


STATUS_DETAILS = {
    400: "The request cannot be carried out as sent.",
    401: "The request is not authenticated.",
    403: "The account may not do this.",
    404: "The requested resource was not found.",
    405: "The resource does not support this method.",
    409: "The resource already exists.",
    413: "The request body is larger than the mock accepts.",
    414: "The request URL is longer than the mock accepts.",
    415: "The request body has a media type this operation does not accept.",
    429: "Too many requests; slow down and try again later.",
}


def _default_details(status: int) -> str:
    if status in STATUS_DETAILS:
        return STATUS_DETAILS[status]
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "The request failed."


def error_response(error: MockError) -> Response:
    """Render `error` as the one JSON error shape every client of the mock sees."""
    return Response(
        orjson.dumps(error_body(error)),
        status_code=error.status,
        headers=dict(error.headers),
        media_type=JSON_CONTENT_TYPE,
    )


def error_connexion_response(error: MockError) -> ConnexionResponse:
    """The same answer as `error_response`, in the form connexion's handlers return."""
    return ConnexionResponse(
        status_code=error.status,
        mimetype=JSON_CONTENT_TYPE,
        body=orjson.dumps(error_body(error)),
        headers=dict(error.headers),
    )


def problem_error(exc: ProblemException) -> MockError:
    """A problem connexion raised itself (such as a 415), in the mock's shape."""
    status = exc.status or 500
    code = 300 if status == 400 else status
    message = "Validation Failed." if status == 400 else (exc.title or "Error")
    detail = str(exc.detail or exc.title or "")
    return MockError(status, code, message, details=detail)


def crash_error(exc: Exception) -> MockError:
    """The 500 for an exception nothing else explains (a bug in the mock)."""
    return MockError(
        500, 500, "The mock failed to answer this request.", details=repr(exc)
    )
