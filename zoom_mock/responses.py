"""Building success responses the way Zoom sends them.

Handlers return these instead of letting connexion serialise dicts, because
orjson is several times faster than the standard encoder and because Zoom's
content type carries an explicit charset.
"""

from __future__ import annotations

from collections.abc import Mapping

import orjson
from starlette.responses import Response

from zoom_mock.errors import JSON_CONTENT_TYPE

CONTENT_TYPE_HEADER = (b"content-type", JSON_CONTENT_TYPE.encode("latin-1"))


class JsonResponse(Response):
    """Starlette's Response for a JSON body, with its header list built directly.

    The headers come out as Response would send them (the caller's, then
    content-length, then content-type), without its general-purpose checks.
    """

    media_type = JSON_CONTENT_TYPE

    def __init__(
        self,
        content: bytes,
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.status_code = status_code
        self.background = None
        self.body = content
        raw = [
            (name.lower().encode("latin-1"), value.encode("latin-1"))
            for name, value in (headers or {}).items()
        ]
        if any(name in (b"content-length", b"content-type") for name, _ in raw):
            self.init_headers(headers)
            return
        raw.append((b"content-length", str(len(content)).encode("latin-1")))
        raw.append(CONTENT_TYPE_HEADER)
        self.raw_headers = raw


def json_response(
    body: object, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    try:
        content = orjson.dumps(body)
    except TypeError:
        # A key that is not a string is written as text, as JSON needs; orjson
        # takes a slower road for every dict when asked to, so only then.
        content = orjson.dumps(body, option=orjson.OPT_NON_STR_KEYS)
    return JsonResponse(content, status, headers)


def no_content(headers: Mapping[str, str] | None = None) -> Response:
    return Response(status_code=204, headers=dict(headers or {}))
