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


def json_response(
    body: object, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    return Response(
        orjson.dumps(body, option=orjson.OPT_NON_STR_KEYS),
        status_code=status,
        headers=dict(headers or {}),
        media_type=JSON_CONTENT_TYPE,
    )


def no_content(headers: Mapping[str, str] | None = None) -> Response:
    return Response(status_code=204, headers=dict(headers or {}))
