"""Answers leave in one socket write, and every kind of answer still arrives whole.

zoom_mock.serving.HeadWithBody holds a response's head until its body
follows. The tests over a real socket check the answers that could get stuck
or reordered by that: one without a body (HEAD, 204), an interim 100
Continue, pipelined requests, and a connection the client asks to close.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import BinaryIO

import orjson
import pytest

from tests.live_server import (
    AUTH,
    LiveMock,
    copy_seed_data,
    get,
    live_mock,
    raw_request,
    read_response,
    with_body,
)
from zoom_mock.serving import HeadWithBody

JSON = b"Content-Type: application/json"


@pytest.fixture(scope="module")
def mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveMock]:
    data = copy_seed_data(tmp_path_factory.mktemp("writes") / "data")
    with live_mock(data) as served:
        yield served


class RecordingTransport:
    def __init__(self) -> None:
        self.writes: list[bytes] = []
        self.closed = False

    def write(self, data: bytes) -> None:
        self.writes.append(data)

    def close(self) -> None:
        self.closed = True

    def is_closing(self) -> bool:
        return self.closed


def test_head_and_body_go_out_in_one_write() -> None:
    transport = RecordingTransport()
    finished: list[bool] = []
    writer = HeadWithBody(transport, lambda: finished.append(True))  # type: ignore[arg-type]

    writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n")
    assert transport.writes == []
    writer.write(b"{}")
    writer.finish()

    assert transport.writes == [b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}"]
    assert finished == [True]


def test_a_head_without_body_is_sent_when_the_response_ends() -> None:
    transport = RecordingTransport()
    writer = HeadWithBody(transport, lambda: None)  # type: ignore[arg-type]

    writer.write(b"HTTP/1.1 204 No Content\r\n\r\n")
    writer.finish()

    assert transport.writes == [b"HTTP/1.1 204 No Content\r\n\r\n"]


def test_a_held_head_is_sent_before_the_connection_closes() -> None:
    transport = RecordingTransport()
    writer = HeadWithBody(transport, lambda: None)  # type: ignore[arg-type]

    writer.write(b"HTTP/1.1 200 OK\r\n\r\n")
    writer.close()

    assert transport.writes == [b"HTTP/1.1 200 OK\r\n\r\n"]
    assert transport.closed


def test_100_continue_is_never_held() -> None:
    transport = RecordingTransport()
    writer = HeadWithBody(transport, lambda: None)  # type: ignore[arg-type]

    writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
    assert transport.writes == [b"HTTP/1.1 100 Continue\r\n\r\n"]
    writer.write(b"HTTP/1.1 201 Created\r\ncontent-length: 2\r\n\r\n")
    writer.write(b"{}")

    assert transport.writes[1] == b"HTTP/1.1 201 Created\r\ncontent-length: 2\r\n\r\n{}"


def test_a_head_request_gets_its_head_without_waiting(mock: LiveMock) -> None:
    request = b"HEAD /v2/users/abc123 HTTP/1.1\r\nHost: 127.0.0.1\r\n" + AUTH + b"\r\n"
    with socket.create_connection(("127.0.0.1", mock.port), timeout=5) as sock:
        sock.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            assert chunk, data
            data += chunk
        # The same connection answers the next request.
        sock.sendall(get(b"/v2/users/abc123"))
        following = read_response(sock)

    assert data.startswith(b"HTTP/1.1 200 ")
    assert data.endswith(b"\r\n\r\n")
    assert following.status == 200
    assert following.json()["id"] == "abc123"


def test_a_204_arrives_and_the_connection_stays_usable(mock: LiveMock) -> None:
    created = raw_request(
        mock.port,
        with_body(b"POST", b"/v2/users/abc123/meetings", b'{"topic": "short"}', JSON),
    )
    assert created.status == 201
    meeting_id = str(created.json()["id"]).encode()

    with socket.create_connection(("127.0.0.1", mock.port), timeout=5) as sock:
        sock.sendall(
            b"DELETE /v2/meetings/" + meeting_id + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + AUTH + b"\r\n"
        )  # fmt: skip
        deleted = read_response(sock)
        sock.sendall(get(b"/v2/meetings/" + meeting_id))
        gone = read_response(sock)

    assert deleted.status == 204
    assert deleted.body == b""
    assert gone.status == 404


def test_100_continue_comes_before_the_client_sends_its_body(mock: LiveMock) -> None:
    body = b'{"topic": "after continue"}'
    head = (
        b"POST /v2/users/abc123/meetings HTTP/1.1\r\nHost: 127.0.0.1\r\n" + AUTH
        + JSON + b"\r\nExpect: 100-continue\r\n"
        + b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n"
    )  # fmt: skip
    with socket.create_connection(("127.0.0.1", mock.port), timeout=5) as sock:
        sock.sendall(head)
        interim = sock.recv(65536)
        assert interim == b"HTTP/1.1 100 Continue\r\n\r\n"
        sock.sendall(body)
        answer = read_response(sock)

    assert answer.status == 201
    assert answer.json()["topic"] == "after continue"


def test_pipelined_requests_are_answered_whole_and_in_order(mock: LiveMock) -> None:
    paths = [
        b"/v2/users/abc123",
        b"/v2/users/nobody-here",
        b"/v2/users/abc123/meetings",
    ]
    with socket.create_connection(("127.0.0.1", mock.port), timeout=5) as sock:
        sock.sendall(b"".join(get(path) for path in paths))
        stream = sock.makefile("rb")
        answers = [_next_answer(stream) for _ in paths]

    assert [status for status, _ in answers] == [200, 404, 200]
    assert orjson.loads(answers[0][1])["id"] == "abc123"
    assert "meetings" in orjson.loads(answers[2][1])


@pytest.mark.parametrize(
    "fault",
    [
        b"NOT HTTP AT ALL\r\n\r\n",
        b"GET /v2/users/me HTTP/1.1\r\nBad\x00Name: x\r\n\r\n",
    ],
    ids=["garbage", "NUL in a header"],
)
def test_a_faulty_request_after_good_ones_is_refused_after_their_answers(
    mock: LiveMock, fault: bytes
) -> None:
    body = b'{"topic": "Before the fault", "type": 2}'
    good = [
        get(b"/v2/users/abc123"),
        with_body(b"POST", b"/v2/users/me/meetings", body, JSON),
    ]
    with socket.create_connection(("127.0.0.1", mock.port), timeout=5) as sock:
        sock.sendall(b"".join(good) + fault)
        stream = sock.makefile("rb")
        answers = [_next_answer(stream) for _ in range(3)]
        rest = stream.read()

    assert [status for status, _ in answers] == [200, 201, 400]
    assert orjson.loads(answers[0][1])["id"] == "abc123"
    assert orjson.loads(answers[1][1])["topic"] == "Before the fault"
    assert orjson.loads(answers[2][1])["code"] == 400
    assert rest == b""


def _next_answer(stream: BinaryIO) -> tuple[int, bytes]:
    """Status and body of the next answer on a buffered stream of several."""
    status = int(stream.readline().split(b" ", 2)[1])
    length = 0
    while (line := stream.readline()) not in (b"\r\n", b""):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    return status, stream.read(length)


def test_a_closing_request_gets_its_whole_answer_then_the_close(
    mock: LiveMock,
) -> None:
    answer = raw_request(
        mock.port, get(b"/v2/users/abc123", b"Connection: close"), check_closed=True
    )

    assert answer.status == 200
    assert answer.json()["id"] == "abc123"
    assert answer.closed
