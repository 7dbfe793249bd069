"""The baseline: a bare Starlette app that answers with the mock's own bytes.

The benchmark captures the mock's response to every scenario once, then serves
those bytes here through Starlette's router, on the same uvicorn settings, with
no validation, no auth and no middleware. What the mock costs on top of this is
the price of being a validating mock: connexion's routing and middleware, our
validators, the handlers and the generator.

POST routes read the whole body, as any server must, and pick the captured
answer whose request body is byte-for-byte the same; a GET sent with the
captured header (the fuzz scenario's `Prefer`) gets that scenario's answer;
anything else gets the route's default answer.
"""

from __future__ import annotations

import argparse
import base64
import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

READY_PATH = "/__ready__"


def _response(answer: dict[str, Any]) -> Response:
    body = base64.b64decode(answer["body"])
    return Response(
        body,
        status_code=answer["status"],
        media_type=answer.get("content_type") or None,
        headers=answer.get("headers") or None,
    )


def _endpoint(
    answers: dict[str, dict[str, Any]],
) -> Callable[[Request], Awaitable[Response]]:
    """An endpoint holding one prepared answer per method (and per POST body)."""
    defaults: dict[str, Response] = {}
    by_body: dict[tuple[str, bytes], Response] = {}
    by_header: list[tuple[str, str, str, Response]] = []
    for method, answer in answers.items():
        defaults[method] = _response(answer["default"])
        for variant in answer.get("by_body", []):
            key = (method, base64.b64decode(variant["request_body"]))
            by_body[key] = _response(variant["response"])
        for variant in answer.get("by_header", []):
            response = _response(variant["response"])
            by_header.append((method, variant["name"], variant["value"], response))

    async def endpoint(request: Request) -> Response:
        if by_body:
            body = await request.body()
            found = by_body.get((request.method, body))
            if found is not None:
                return found
        for method, name, value, response in by_header:
            if request.method == method and request.headers.get(name) == value:
                return response
        return defaults[request.method]

    return endpoint


async def ready(_request: Request) -> Response:
    return Response(b"{}", media_type="application/json")


def build_app(capture: dict[str, Any]) -> Starlette:
    """One Starlette route per captured path template."""
    grouped: dict[str, dict[str, dict[str, Any]]] = {}
    for route in capture["routes"]:
        grouped.setdefault(route["template"], {})[route["method"]] = route

    routes = [Route(READY_PATH, ready)]
    routes += [
        Route(template, _endpoint(answers), methods=list(answers))
        for template, answers in grouped.items()
    ]
    return Starlette(routes=routes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--capture", type=Path, required=True)
    parser.add_argument(
        "--mock-serving",
        action="store_true",
        help="Serve with the mock's uvicorn settings (its guarded HTTP protocol), "
        "to measure what that layer costs on its own.",
    )
    args = parser.parse_args()

    capture = json.loads(args.capture.read_text())
    options: dict[str, Any] = {"timeout_keep_alive": 5}
    if args.mock_serving:
        from zoom_mock.serving import server_options

        options = server_options()
    uvicorn.run(
        build_app(capture),
        host="127.0.0.1",
        port=args.port,
        log_level="warning",
        **options,
    )


if __name__ == "__main__":
    main()
