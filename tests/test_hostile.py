"""Hostile and broken requests, sent byte for byte over a real socket.

Every case gets a clear answer in the mock's one error shape: never a 500,
never a hang. httpx and Starlette's test client would clean up or refuse most
of these requests (and the test client decodes paths its own way), so they are
written out by hand.
"""

from __future__ import annotations

import base64
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from tests.live_server import (
    AUTH,
    LiveMock,
    RawResponse,
    copy_seed_data,
    get,
    live_mock,
    raw_request,
    read_response,
    with_body,
)
from zoom_mock import gpaging, limits, paging
from zoom_mock.config import load_settings
from zoom_mock.serving import GuardedHttpToolsProtocol

MB = 1024 * 1024
JSON = b"Content-Type: application/json"


@pytest.fixture(scope="module")
def mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveMock]:
    data = copy_seed_data(tmp_path_factory.mktemp("hostile") / "data")
    with live_mock(data) as served:
        yield served


def assert_error_shape(response: RawResponse, status: int, code: int) -> dict[str, Any]:
    """The mock's error body: Zoom's code and message plus the envelope."""
    assert response.status == status, response.body[:500]
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code
    assert body["message"]
    assert body["error"]["code"] == str(status)
    assert body["error"]["details"]
    return body


# Bodies over the size limit: 413 before anything is parsed.


def test_a_body_declared_over_the_default_limit_is_refused(mock: LiveMock) -> None:
    body = b"x" * (4 * MB + 1)

    response = raw_request(mock.port, with_body(b"POST", b"/v2/users", body, JSON))

    error = assert_error_shape(response, 413, 413)
    assert "4194305 bytes" in error["error"]["details"]
    assert "at most 4194304" in error["error"]["details"]
    assert response.headers["connection"] == "close"


def test_a_chunked_body_is_cut_off_once_it_passes_the_limit(mock: LiveMock) -> None:
    chunk = b"%x\r\n" % MB + b"x" * MB + b"\r\n"
    request = (
        b"POST /users HTTP/1.1\r\nHost: 127.0.0.1\r\n" + AUTH + JSON + b"\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n" + chunk * 5 + b"0\r\n\r\n"
    )

    response = raw_request(mock.port, request)

    error = assert_error_shape(response, 413, 413)
    assert "5242880 bytes" in error["error"]["details"]


def test_a_client_waiting_for_100_continue_is_refused_before_sending(
    mock: LiveMock,
) -> None:
    request = (
        b"POST /users HTTP/1.1\r\nHost: 127.0.0.1\r\n" + AUTH + JSON + b"\r\n"
        b"Content-Length: 999999999\r\nExpect: 100-continue\r\n\r\n"
    )

    started = time.monotonic()
    response = raw_request(mock.port, request, timeout=5)

    assert_error_shape(response, 413, 413)
    assert time.monotonic() - started < 2


def test_the_body_limit_follows_the_setting(tmp_path: Path) -> None:
    assert load_settings({}).max_body_bytes == 4 * MB
    assert load_settings({"ZOOM_MOCK_MAX_BODY_BYTES": "2048"}).max_body_bytes == 2048

    with live_mock(copy_seed_data(tmp_path / "data"), max_body_bytes=2048) as small:
        fits = raw_request(small.port, with_body(b"POST", b"/users", b"{}", JSON))
        over = raw_request(small.port, with_body(b"POST", b"/users", b" " * 2049, JSON))

    assert fits.status == 400
    assert_error_shape(over, 413, 413)


def test_virtual_backgrounds_take_zoom_15_mb_limit(mock: LiveMock) -> None:
    def upload(size: int) -> httpx.Response:
        files = {"file": ("beach.png", b"\x89PNG" + b"\0" * size, "image/png")}
        return httpx.post(
            f"{mock.url}/v2/users/me/settings/virtual_backgrounds",
            files=files,
            headers={"Authorization": "Bearer t"},
            timeout=30,
        )

    accepted = upload(6 * MB)
    refused = upload(16 * MB)

    assert accepted.status_code == 201, accepted.text
    assert accepted.json()["size"] == 6 * MB + 4
    assert refused.status_code == 413
    assert "15 MB" in refused.json()["error"]["details"]


# Bodies that are not the JSON they claim to be.


@pytest.mark.parametrize("depth", [65, 2000])
def test_json_nested_too_deep_is_a_validation_error(mock: LiveMock, depth: int) -> None:
    body = b"[" * depth + b"]" * depth

    response = raw_request(mock.port, with_body(b"POST", b"/users", body, JSON))

    error = assert_error_shape(response, 400, 300)
    assert error["errors"][0]["field"] == "body"
    assert "deeper than 64 levels" in error["errors"][0]["message"]


def test_json_nested_64_deep_is_read_and_judged_by_its_schema(mock: LiveMock) -> None:
    objects = b'{"a":' * 63 + b"1" + b"}" * 63
    body = b'{"email": "x@example.com", "nested": ' + objects + b"}"

    response = raw_request(mock.port, with_body(b"POST", b"/users", body, JSON))

    messages = [item["message"] for item in response.json().get("errors", [])]
    assert not any("deeper than" in message for message in messages), messages


def test_json_objects_nested_too_deep_are_refused(mock: LiveMock) -> None:
    body = b'{"a":' * 65 + b"1" + b"}" * 65

    response = raw_request(mock.port, with_body(b"POST", b"/users", body, JSON))

    error = assert_error_shape(response, 400, 300)
    assert "deeper than 64 levels" in error["errors"][0]["message"]


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b'{"email": "a@b.co",', "not valid JSON"),
        (b'{"email": "\xff\xfe@b.co"}', "not UTF-8"),
        (b"", "needs a JSON body"),
        (b"   ", "needs a JSON body"),
    ],
)
def test_broken_json_bodies_are_validation_errors(
    mock: LiveMock, body: bytes, says: str
) -> None:
    response = raw_request(mock.port, with_body(b"POST", b"/users", body, JSON))

    error = assert_error_shape(response, 400, 300)
    assert says in error["errors"][0]["message"]


def test_a_wrong_content_type_is_415_in_our_shape(mock: LiveMock) -> None:
    request = with_body(
        b"POST", b"/users", b"email=a@b.co", b"Content-Type: text/plain"
    )

    response = raw_request(mock.port, request)

    error = assert_error_shape(response, 415, 415)
    assert "text/plain" in error["error"]["details"]


def test_an_empty_chunked_body_is_refused_where_a_body_is_required(
    mock: LiveMock,
) -> None:
    request = (
        b"POST /users HTTP/1.1\r\nHost: 127.0.0.1\r\n" + AUTH + JSON + b"\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
    )

    response = raw_request(mock.port, request)

    error = assert_error_shape(response, 400, 300)
    assert "needs a JSON body" in error["errors"][0]["message"]


@pytest.mark.parametrize(
    "media_type", [b"garbage", b"text/plain", b"multipart/form-data"]
)
def test_a_request_without_a_body_is_not_judged_by_its_content_type(
    mock: LiveMock, media_type: bytes
) -> None:
    request = (
        b"GET /v2/users/me HTTP/1.1\r\nHost: 127.0.0.1\r\n" + AUTH
        + b"Content-Type: " + media_type + b"\r\n\r\n"
    )  # fmt: skip

    response = raw_request(mock.port, request)

    assert response.status == 200, response.body


def test_a_media_type_in_capitals_is_still_json(mock: LiveMock) -> None:
    body = b'{"action": 5}'
    lower = raw_request(mock.port, with_body(b"POST", b"/users", body, JSON))
    upper = raw_request(
        mock.port,
        with_body(b"POST", b"/users", body, b"Content-Type: Application/JSON"),
    )

    assert_error_shape(upper, 400, 300)
    assert upper.body == lower.body


# Paging parameters out of range or forged.


@pytest.mark.parametrize(
    ("query", "field"),
    [
        (b"page_size=99999999999999999999999999", "page_size"),
        (b"page_size=-5", "page_size"),
        (b"page_size=abc", "page_size"),
        (b"next_page_token=%00%ff%fe", "next_page_token"),
        (b"next_page_token=emkxOjk5OTk5OTk5OTk5OTk5OTk5OTp4", "next_page_token"),
        (b"page_size=10&page_size=abc", "page_size"),
        (b"page_size=abc&page_size=10", "page_size"),
    ],
)
def test_paging_garbage_is_a_validation_error(
    mock: LiveMock, query: bytes, field: str
) -> None:
    response = raw_request(mock.port, get(b"/v2/users?" + query))

    error = assert_error_shape(response, 400, 300)
    assert field in {item["field"] for item in error["errors"]}


# What int() reads but no client writes: a blank, an underscore, an
# Arabic-Indic five, a full-width five, a trailing newline.
NOT_WRITTEN_AS_INTEGERS = [b"%205", b"5%20", b"5_0", b"%D9%A5", b"%EF%BC%95", b"5%0A"]


@pytest.mark.parametrize("fast_path", [True, False], ids=["short road", "connexion"])
def test_integers_are_read_only_as_digits_with_an_optional_sign(
    tmp_path: Path, fast_path: bool
) -> None:
    with live_mock(copy_seed_data(tmp_path / "data"), fast_path=fast_path) as served:
        meeting = raw_request(served.port, get(b"/v2/users/me/meetings")).json()[
            "meetings"
        ][0]["id"]
        refused = {
            text: raw_request(served.port, get(b"/v2/users?page_size=" + text))
            for text in NOT_WRITTEN_AS_INTEGERS
        }
        padded = raw_request(
            served.port, get(b"/v2/meetings/%20" + str(meeting).encode())
        )
        accepted = {
            text: raw_request(served.port, get(b"/v2/users?page_size=" + text)).status
            for text in (b"5", b"%2B5", b"007")
        }

    for text, response in refused.items():
        error = assert_error_shape(response, 400, 300)
        assert [item["field"] for item in error["errors"]] == ["page_size"], text
        assert "expects type integer" in error["errors"][0]["message"], text
    error = assert_error_shape(padded, 400, 300)
    assert [item["field"] for item in error["errors"]] == ["meetingId"]
    assert accepted == {b"5": 200, b"%2B5": 200, b"007": 200}


def test_a_repeated_single_value_parameter_names_the_repetition(mock: LiveMock) -> None:
    response = raw_request(mock.port, get(b"/users?page_size=10&page_size=20"))

    error = assert_error_shape(response, 400, 300)
    assert error["errors"] == [
        {
            "field": "page_size",
            "message": "`page_size` was sent 2 times in the query, but it takes a "
            "single value.",
        }
    ]


# Ids that try to escape, overflow or confuse.

HOSTILE_PATHS = [
    b"/users/..",
    b"/users/%2e%2e",
    b"/users/..%2f..%2fetc%2fpasswd",
    b"/users/%2e%2e%2f%2e%2e%2fdata%2faccounts.json",
    b"/users/a%2fb",
    b"/users/ab%00cd",
    b"/users/" + b"a" * 129,
    b"/users/" + b"a" * 8000,
    b"/users/%C3%A9l%C3%A8ve%E2%82%AC",
    b"/users/%ff%fe",
    b"/meetings/..%2f..",
    b"/meetings/%00",
    b"/meetings/99999999999999999999999999999999",
    b"/meetings/-1",
    b"/meetings/" + b"9" * 5000,
    b"/meetings/" + b"9" * 4080,
    b"/users/me/meetings/..%2fmeetings",
    b"/chat/channels/..%2f..%2fusers",
    b"/chat/channels/%00",
    b"/chat/users/me/messages/%2e%2e",
    b"/rec/download/..%2f..%2fetc/passwd",
    b"/rec/download/%2e%2e/%2e%2e",
    b"/_mock/specs/..%2f..%2fpyproject.toml",
    b"/_mock/specs/%2e%2e",
    b"/_mock/docs/..%2f..%2fREADME.md",
]


@pytest.mark.parametrize("method", [b"GET", b"PATCH", b"DELETE"])
@pytest.mark.parametrize("path", HOSTILE_PATHS, ids=lambda p: p.decode()[:40])
def test_hostile_ids_get_a_clean_4xx(
    mock: LiveMock, path: bytes, method: bytes
) -> None:
    request = with_body(method, b"/v2" + path, b"{}", JSON)

    response = raw_request(mock.port, request)

    assert 400 <= response.status < 500, (response.status, response.body[:300])
    assert response.status not in (401, 408)
    body = response.json()
    assert isinstance(body["code"], int) and body["message"]


def test_a_non_ascii_id_round_trips_into_the_answer(mock: LiveMock) -> None:
    response = raw_request(mock.port, get(b"/users/%C3%A9l%C3%A8ve%E2%82%AC"))

    error = assert_error_shape(response, 404, 1001)
    assert "élève€" in error["message"]


# Requests that are not valid HTTP: uvicorn's parser refuses them, in our shape.

BROKEN_REQUESTS = {
    "CR in a header value": b"X-Note: a\rb",
    "LF in a header value": b"X-Note: a\nb",
    "NUL in a header value": b"X-Note: a\x00b",
    "a header without a colon": b"X-Note",
    "a space before the colon": b"X-Note : a",
}


@pytest.mark.parametrize("header", BROKEN_REQUESTS.values(), ids=BROKEN_REQUESTS.keys())
def test_a_broken_header_is_a_clean_400_that_closes(
    mock: LiveMock, header: bytes
) -> None:
    response = raw_request(mock.port, get(b"/users/me", header), check_closed=True)

    error = assert_error_shape(response, 400, 400)
    assert "not valid HTTP/1.1" in error["error"]["details"]
    assert response.closed


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GARBAGE\r\n\r\n",
        b"GET /users/\xc3\xa9 HTTP/1.1\r\nHost: x\r\n" + AUTH + b"\r\n",
        b"GET /users/a\x00b HTTP/1.1\r\nHost: x\r\n" + AUTH + b"\r\n",
        b"POST /users HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n{}",
        b"POST /users HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
        b"Content-Length: 3\r\n\r\n{}",
        b"GET /users HTTP/9.9\r\nHost: x\r\n\r\n",
    ],
    ids=[
        "garbage",
        "raw-utf8-path",
        "nul-in-path",
        "length-and-chunked",
        "two-lengths",
        "bad-version",
    ],
)
def test_a_malformed_request_is_a_clean_400(
    mock: LiveMock, request_bytes: bytes
) -> None:
    response = raw_request(mock.port, request_bytes, check_closed=True)

    assert_error_shape(response, 400, 400)
    assert response.closed


@pytest.mark.parametrize("piece", [None, 8 * 1024], ids=["at-once", "in-pieces"])
def test_a_head_over_64_kb_is_431(mock: LiveMock, piece: int | None) -> None:
    request = get(b"/users/me", b"X-Padding: " + b"a" * (100 * 1024))

    with socket.create_connection(("127.0.0.1", mock.port), timeout=10) as sock:
        step = piece or len(request)
        try:
            for start in range(0, len(request), step):
                sock.sendall(request[start : start + step])
                time.sleep(0.01 if piece else 0)
        except (BrokenPipeError, ConnectionResetError):
            pass
        response = read_response(sock, check_closed=True)

    error = assert_error_shape(response, 431, 431)
    assert "65536 bytes" in error["error"]["details"]
    assert response.closed


def test_the_mock_answers_after_all_that(mock: LiveMock) -> None:
    response = raw_request(mock.port, get(b"/users/me"))

    assert response.status == 200
    assert response.json()["id"]


# Slow clients: cut off in time, and never in anyone else's way.


class QuickGuard(GuardedHttpToolsProtocol):
    HEAD_TIMEOUT = 1.0


@pytest.fixture(scope="module")
def quick_mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveMock]:
    data = copy_seed_data(tmp_path_factory.mktemp("slow") / "data")
    with live_mock(data, uvicorn_options={"http": QuickGuard}) as served:
        yield served


def trickle(port: int, request: bytes, pause: float, out: list[RawResponse]) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        try:
            for byte in request:
                sock.sendall(bytes([byte]))
                time.sleep(pause)
        except (BrokenPipeError, ConnectionResetError):
            pass
        out.append(read_response(sock, check_closed=True))


def test_a_trickled_head_does_not_block_others_and_is_cut_off(
    quick_mock: LiveMock,
) -> None:
    answers: list[RawResponse] = []
    slow = threading.Thread(
        target=trickle, args=(quick_mock.port, get(b"/users/me"), 0.1, answers)
    )
    slow.start()
    time.sleep(0.2)

    started = time.monotonic()
    for _ in range(20):
        assert raw_request(quick_mock.port, get(b"/users/me"), timeout=2).status == 200
    others_took = time.monotonic() - started
    slow.join(timeout=10)

    assert others_took < 1.0
    assert_error_shape(answers[0], 408, 408)
    assert answers[0].closed


def test_a_connection_that_never_speaks_is_closed(quick_mock: LiveMock) -> None:
    with socket.create_connection(("127.0.0.1", quick_mock.port), timeout=5) as sock:
        started = time.monotonic()
        assert sock.recv(100) == b""

    assert 0.8 < time.monotonic() - started < 3


def test_a_stalled_body_is_408(
    quick_mock: LiveMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "BODY_IDLE_SECONDS", 0.5)
    head = with_body(b"POST", b"/users", b"", JSON).replace(
        b"Content-Length: 0", b"Content-Length: 100"
    )

    with socket.create_connection(("127.0.0.1", quick_mock.port), timeout=5) as sock:
        sock.sendall(head + b'{"email": ')
        response = read_response(sock, check_closed=True)

    error = assert_error_shape(response, 408, 408)
    assert "stopped arriving" in error["error"]["details"]
    assert response.closed


def test_a_body_sent_in_pauses_shorter_than_the_idle_time_is_read_whole(
    quick_mock: LiveMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The part sent with the head is read at once, the rest under a timer."""
    monkeypatch.setattr(limits, "BODY_IDLE_SECONDS", 0.5)
    body = b'{"topic": "Sent in three parts", "type": 2, "duration": 25}'
    request = with_body(b"POST", b"/users/me/meetings", body, JSON)
    first_cut = len(request) - len(body) + 12

    with socket.create_connection(("127.0.0.1", quick_mock.port), timeout=5) as sock:
        sock.sendall(request[:first_cut])
        time.sleep(0.25)
        sock.sendall(request[first_cut : first_cut + 20])
        time.sleep(0.25)
        sock.sendall(request[first_cut + 20 :])
        response = read_response(sock)

    assert response.status == 201, response.body
    assert response.json()["topic"] == "Sent in three parts"
    assert response.json()["duration"] == 25


@pytest.mark.parametrize("fast_path", [True, False], ids=["short road", "connexion"])
def test_a_client_that_leaves_mid_body_is_journaled_as_gone(
    tmp_path: Path, fast_path: bool
) -> None:
    """Not a 500 (nothing failed) and not a 400 for the cut-off body."""
    head = with_body(b"POST", b"/v2/users/me/meetings", b"", JSON).replace(
        b"Content-Length: 0", b"Content-Length: 64"
    )
    with live_mock(copy_seed_data(tmp_path / "data"), fast_path=fast_path) as served:
        with socket.create_connection(("127.0.0.1", served.port), timeout=5) as sock:
            sock.sendall(head + b'{"topic": ')
        posts: list[dict[str, Any]] = []
        deadline = time.monotonic() + 5
        while not posts and time.monotonic() < deadline:
            time.sleep(0.05)
            journal = httpx.get(f"{served.url}/_mock/journal").json()
            posts = [entry for entry in journal["entries"] if entry["method"] == "POST"]
        after = httpx.get(
            f"{served.url}/v2/users/me", headers={"Authorization": "Bearer t"}
        )

    assert [entry["status"] for entry in posts] == [499], posts
    assert posts[0]["violations"] == []
    assert after.status_code == 200


# Nothing a client sends reaches the file system as a path.


def test_hostile_ids_touch_nothing_outside_the_data_folder(tmp_path: Path) -> None:
    data = copy_seed_data(tmp_path / "data")
    outside = tmp_path / "outside.json"
    outside.write_text('{"untouched": true}\n', encoding="utf-8")
    before = {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}

    with live_mock(data, persist=True) as served:
        for path in HOSTILE_PATHS + [
            b"/users/..%2foutside",
            b"/users/%2e%2e%2foutside",
        ]:
            for method in (b"GET", b"PATCH", b"DELETE", b"PUT", b"POST"):
                body = b'{"first_name": "x", "action": "activate"}'
                request = with_body(method, path, body, JSON)
                assert raw_request(served.port, request).status < 500
        created = httpx.post(
            f"{served.url}/users",
            json={"email": "ok@example.com", "first_name": "../../outside"},
            headers={"Authorization": "Bearer t"},
        )
        assert created.status_code == 201

    after = {path for path in tmp_path.rglob("*") if path.is_file()}
    changed = {path for path in after if before.get(path) != path.read_bytes()}
    assert outside.read_bytes() == before[outside]
    assert changed and all(path.is_relative_to(data) for path in changed)
    new_user = data / "users" / f"{created.json()['id']}.json"
    assert new_user in changed


def test_a_body_cannot_rename_a_stored_file(tmp_path: Path) -> None:
    data = copy_seed_data(tmp_path / "data")
    headers = {"Authorization": "Bearer t"}

    with live_mock(data, persist=True) as served:
        response = httpx.patch(
            f"{served.url}/users/abc123",
            json={"id": "../../outside", "first_name": "Renamed"},
            headers=headers,
        )
        still_there = httpx.get(f"{served.url}/users/abc123", headers=headers)

    assert response.status_code < 500, response.text
    assert still_there.status_code == 200
    assert still_there.json()["id"] == "abc123"
    assert not (tmp_path / "outside.json").exists()


def test_a_bad_path_parameter_is_reported_once(mock: LiveMock) -> None:
    response = raw_request(mock.port, get(b"/users/" + b"a" * 129))

    error = assert_error_shape(response, 400, 300)
    assert error["errors"] == [
        {
            "field": "userId",
            "message": "`userId` in the path is 129 characters long, and the spec "
            "allows at most 128.",
        }
    ]


@pytest.mark.parametrize(
    "zone", ["../../etc/passwd", "/UTC", "UTC/../UTC", "zone.tab", "Europe", "a\x00b"]
)
def test_time_zones_that_look_like_paths_are_refused(mock: LiveMock, zone: str) -> None:
    body = orjson.dumps({"topic": "x", "type": 2, "timezone": zone})

    response = raw_request(
        mock.port, with_body(b"POST", b"/users/me/meetings", body, JSON)
    )

    error = assert_error_shape(response, 400, 300)
    assert error["errors"][0]["field"] == "timezone"


def test_basic_credentials_that_are_not_ascii_are_401(mock: LiveMock) -> None:
    request = (
        b"POST /oauth/token?grant_type=account_credentials&account_id=a HTTP/1.1\r\n"
        b"Host: x\r\nAuthorization: Basic \xc3\xa9\xc3\xa9\r\nContent-Length: 0\r\n\r\n"
    )

    response = raw_request(mock.port, request)

    assert response.status == 401, response.body
    assert response.json()["error"] == "invalid_client"


def test_a_client_that_leaves_mid_body_is_no_server_error(
    mock: LiveMock, caplog: pytest.LogCaptureFixture
) -> None:
    head = with_body(b"POST", b"/users", b"", JSON).replace(
        b"Content-Length: 0", b"Content-Length: 100"
    )
    with socket.create_connection(("127.0.0.1", mock.port), timeout=5) as sock:
        sock.sendall(head + b'{"email": "gone@example.com"}')
        time.sleep(0.2)
    time.sleep(0.3)

    assert raw_request(mock.port, get(b"/users/me")).status == 200
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


def crafted_token(prefix: str, offset: str) -> bytes:
    """A token in the mock's own format whose offset is not an ASCII number."""
    raw = f"{prefix}{offset}:tag:key".encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=")


@pytest.mark.parametrize("offset", ["²", "٣", "1e3", "-1"])
def test_a_forged_page_token_is_400(mock: LiveMock, offset: str) -> None:
    token = crafted_token(paging.TOKEN_PREFIX, offset)

    response = raw_request(mock.port, get(b"/users?next_page_token=" + token))

    error = assert_error_shape(response, 400, 300)
    assert error["errors"][0]["field"] == "next_page_token"


@pytest.mark.parametrize("offset", ["²", "٣"])
def test_a_forged_calendar_page_token_is_400(mock: LiveMock, offset: str) -> None:
    token = crafted_token(gpaging.TOKEN_PREFIX, offset)
    calendars = httpx.get(
        f"{mock.url}/calendars/users/me/calendarList",
        headers={"Authorization": "Bearer t"},
    )
    calendar_id = calendars.json()["items"][0]["id"].replace("@", "%40").encode()

    response = raw_request(
        mock.port, get(b"/calendars/" + calendar_id + b"/events?pageToken=" + token)
    )

    error = assert_error_shape(response, 400, 300)
    assert error["errors"][0]["field"] == "pageToken"


def test_a_meeting_id_of_non_ascii_digits_is_a_named_violation(mock: LiveMock) -> None:
    body = '{"rating": 4, "meeting_id": "²"}'.encode()

    feedback = raw_request(mock.port, with_body(b"POST", b"/qss/feedback", body, JSON))
    meeting = raw_request(mock.port, get(b"/meetings/%C2%B2"))

    assert feedback.status < 500, feedback.body
    error = assert_error_shape(meeting, 400, 300)
    assert error["errors"][0]["field"] == "meetingId"
