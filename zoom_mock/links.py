"""Absolute links in responses: join, start, download and play URLs.

With BASE_URL set, every link starts with it. Without it, join and start links
look like Zoom's, while download and play links point back at the address the
request came in on, so that a client can fetch a recording from this mock.
"""

from __future__ import annotations

from starlette.datastructures import Headers

from zoom_mock.runtime import current, current_scope


def request_base_url() -> str:
    """scheme://host[:port] of the request being handled."""
    scope = current_scope()
    host = Headers(scope=scope).get("host")
    if not host:
        server = scope.get("server") or ("127.0.0.1", 8000)
        host = f"{server[0]}:{server[1]}"
    return f"{scope.get('scheme', 'http')}://{host}"


ZOOM_WEB_URL = "https://zoom.us"


def meeting_link_base() -> str:
    """Where join and start links point: BASE_URL, else Zoom's own web host."""
    return current().settings.base_url or ZOOM_WEB_URL


def download_base_url() -> str:
    """Downloads must reach this mock unless BASE_URL says where the mock lives."""
    return current().settings.base_url or request_base_url()
