"""Requests at the edges of the protocol and of parameter reading, over HTTP.

Pipelined requests: every request read before a refused one is answered
first, in order, and a good request is never refused for the bytes that came
with it in the same read. Parameters: both roads route a path holding a
newline alike, and an integer header of an extra spec is read as an integer.
"""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from tests.live_server import (
    LiveMock,
    copy_seed_data,
    get,
    live_mock,
    raw_request,
    with_body,
)
from zoom_mock.serving import GuardedHttpToolsProtocol

JSON = b"Content-Type: application/json"


def exchange(port: int, *parts: bytes, pause: float = 0.2) -> list[int]:
    """Send `parts` on one connection; the statuses answered until it closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=15) as sock:
        for number, part in enumerate(parts):
            if number:
                time.sleep(pause)
            sock.sendall(part)
        data = b""
        while chunk := sock.recv(1 << 16):
            data += chunk
    return statuses(data)


def statuses(data: bytes) -> list[int]:
    found = []
    while data:
        head, _, rest = data.partition(b"\r\n\r\n")
        found.append(int(head.split(b" ")[1]))
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        data = rest[length:]
    return found


def test_a_small_request_read_with_a_large_body_before_it_is_not_too_large(
    each_road: LiveMock,
) -> None:
    body = b'{"topic": "Large body"' + b" " * 70_000 + b"}"
    create = with_body(b"POST", b"/users/me/meetings", body, JSON)
    after = get(b"/users/me", b"Connection: close")

    # The next request's first bytes travel with the body; its head is 100 bytes.
    answers = exchange(each_road.port, create + after[:20], after[20:])

    assert answers == [201, 200]


def test_many_small_pipelined_requests_in_one_send_are_all_answered(
    each_road: LiveMock,
) -> None:
    requests = [get(f"/users/me?n={number}".encode()) for number in range(2000)]
    requests.append(get(b"/users/me", b"Connection: close"))

    answers = exchange(each_road.port, b"".join(requests))

    assert answers.count(200) == len(requests)
    assert set(answers) == {200}


def test_a_bad_chunked_body_after_a_complete_request_keeps_that_answer(
    each_road: LiveMock,
) -> None:
    bad = (
        b"POST /users/me/meetings HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Authorization: Bearer t\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\nzz\r\n"
    )

    answers = exchange(each_road.port, get(b"/users/me") + bad)

    assert answers[:1] == [200]


class ShortHeadGuard(GuardedHttpToolsProtocol):
    HEAD_TIMEOUT = 3.0


def test_a_head_that_never_finishes_after_an_answered_request_gets_408(
    tmp_path: Path,
) -> None:
    # The keep-alive timeout is shorter than the head timeout, as in `serve`
    # (5 and 10 seconds); sent after the answer, the same head gets its 408.
    options = {"http": ShortHeadGuard, "timeout_keep_alive": 1}
    data = copy_seed_data(tmp_path / "data")
    with live_mock(data, uvicorn_options=options) as mock:
        started_head = b"GET /users/me HTTP/1.1\r\nHost: 127.0.0.1\r\n"

        answers = exchange(mock.port, get(b"/users/me") + started_head)

    assert answers == [200, 408]


def test_a_newline_in_a_path_id_is_answered_alike_on_both_roads(
    tmp_path: Path,
) -> None:
    found = []
    for fast_path in (True, False):
        data = copy_seed_data(tmp_path / f"data-{fast_path}")
        with live_mock(data, fast_path=fast_path) as mock:
            found.append(raw_request(mock.port, get(b"/meetings/5%0A")))

    assert [answer.status for answer in found] == [404, 404]
    assert found[0].body == found[1].body
    assert "/meetings/5%0A" in found[0].json()["message"]


EXTRA_SPEC = """\
openapi: 3.0.3
info: {title: Integer header, version: "1"}
servers: [{url: https://api.zoom.us/v2}]
security: [{bearer: []}]
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
paths:
  /hunt/counted:
    get:
      operationId: huntCounted
      summary: Counted
      tags: [Hunt]
      parameters:
        - {name: X-Count, in: header, schema: {type: integer}}
      responses:
        "200":
          description: Counted.
          content:
            application/json:
              schema: {type: object, properties: {id: {type: integer}}}
"""


@pytest.mark.parametrize("fast_path", [True, False], ids=["short road", "connexion"])
def test_an_integer_header_of_an_extra_spec_is_read_as_an_integer(
    tmp_path: Path, fast_path: bool
) -> None:
    spec = tmp_path / "extra.yaml"
    spec.write_text(EXTRA_SPEC)
    data = copy_seed_data(tmp_path / "data")
    with live_mock(data, fast_path=fast_path, extra_specs=(spec,)) as mock:
        answers = exchange(
            mock.port, get(b"/hunt/counted", b"X-Count: 5", b"Connection: close")
        )

    assert answers == [200]
