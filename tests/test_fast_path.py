"""The short road (zoom_mock/fastpath.py) answers exactly as connexion's stack does.

The same requests, in the same order, go to two mocks on identical copies of
the seed data: one with the short road, one with ZOOM_MOCK_FAST_PATH off, so
that every request takes connexion's full stack. Status, headers that carry
meaning, body and journal entry must agree for every request. The requests
cover every area, state changes, each kind of refusal (token, parameters,
body, media type, path, method) and the preferences a generated operation
meets itself. A second test checks that ordinary requests really do take the
short road, so the comparison is not between two copies of the long one.
"""

from __future__ import annotations

import asyncio
import re
import shutil
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from starlette.datastructures import QueryParams

from tests.conftest import SEED_DATA, running_mock
from tests.seed import seed_meeting, twice_encoded
from zoom_mock.app import create_app
from zoom_mock.config import Settings
from zoom_mock.fastpath import FastPath

WIDGETS = Path(__file__).resolve().parent / "fixtures" / "lint" / "clean.yaml"
TOKEN = {"Authorization": "Bearer parity"}
JSON = {"Content-Type": "application/json"}
COMPARED_HEADERS = (
    "content-type",
    "allow",
    "preference-applied",
    "x-mock-seed",
    "location",
    "content-disposition",
)
TIMESTAMP = re.compile(rb"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z")
ADDRESS = re.compile(rb"127\.0\.0\.1:\d+")
"""Each mock serves on its own port, which download links name."""

SUMMARY = seed_meeting(lambda m: bool(m.get("summary")))
SLASHED = seed_meeting(lambda m: "/" in m["uuid"])
HOST = SUMMARY["host_id"]

VALID_MEETING = {
    "topic": "Parity check",
    "type": 2,
    "start_time": "2026-06-01T15:00:00Z",
    "duration": 45,
    "timezone": "Europe/Berlin",
    "settings": {"waiting_room": True},
}
INVALID_MEETING = {
    "topic": 7,
    "type": 12,
    "start_time": "soon",
    "duration": "long",
    "settings": {"host_video": "yes", "unknown_switch": True},
    "surprise": 1,
}

Headers = dict[str, str] | list[tuple[str, str]]
"""A list where a header is sent more than once."""
Request = tuple[str, str, Headers, bytes | None]


def _json(value: object) -> bytes:
    return orjson.dumps(value)


def corpus() -> list[Request]:
    meeting = SUMMARY["id"]
    requests: list[Request] = [
        ("GET", "/v2/users/me", TOKEN, None),
        ("GET", f"/v2/users/{HOST}", TOKEN, None),
        ("GET", "/users/abc123?login_type=100", TOKEN, None),
        ("GET", "/v2/users/abc123?login_type=banana", TOKEN, None),
        ("GET", "/v2/users?page_size=5&status=active", TOKEN, None),
        ("GET", "/v2/users?page_size=5000&page_size=2", TOKEN, None),
        ("GET", "/v2/users?surprise=1", TOKEN, None),
        ("GET", "/v2/users/nobody-here", TOKEN, None),
        ("GET", "/v2/users/abc123", {}, None),
        ("GET", "/v2/users/abc123", {"Authorization": "Basic abc"}, None),
        ("GET", "/v2/users/abc123?access_token=query-token", {}, None),
        (
            "GET",
            f"/v2/users/{HOST}/meetings?from=2026-01-01&to=2026-12-31",
            TOKEN,
            None,
        ),
        ("GET", f"/v2/users/{HOST}/meetings?from=yesterday&page_size=0", TOKEN, None),
        ("GET", f"/v2/users/{HOST}/meetings?type=upcoming&page_size=2", TOKEN, None),
        ("GET", f"/v2/meetings/{meeting}", TOKEN, None),
        ("GET", f"/v2/meetings/{meeting}/meeting_summary", TOKEN, None),
        ("GET", "/v2/meetings/abc/meeting_summary", TOKEN, None),
        ("GET", f"/v2/meetings/{twice_encoded(SLASHED['uuid'])}", TOKEN, None),
        ("GET", f"/v2/past_meetings/{meeting}/participants", TOKEN, None),
        ("GET", f"/v2/meetings/{meeting}/recordings", TOKEN, None),
        (
            "GET",
            f"/v2/users/{HOST}/recordings?from=2026-01-01&to=2026-03-31",
            TOKEN,
            None,
        ),
        ("POST", f"/v2/users/{HOST}/meetings", {**TOKEN, **JSON}, _json(VALID_MEETING)),
        (
            "POST",
            f"/v2/users/{HOST}/meetings",
            {**TOKEN, **JSON},
            _json(INVALID_MEETING),
        ),
        ("POST", f"/v2/users/{HOST}/meetings", {**TOKEN, **JSON}, b"{not json"),
        ("POST", f"/v2/users/{HOST}/meetings", {**TOKEN, **JSON}, b"\xff\xfe"),
        ("POST", f"/v2/users/{HOST}/meetings", {**TOKEN, **JSON}, b""),
        ("POST", f"/v2/users/{HOST}/meetings", {**TOKEN, **JSON}, b"[1, 2]"),
        ("POST", f"/v2/users/{HOST}/meetings", {**TOKEN, **JSON}, b"null"),
        (
            "POST",
            f"/v2/users/{HOST}/meetings",
            {**TOKEN, "Content-Type": "text/plain"},
            _json(VALID_MEETING),
        ),
        ("POST", f"/v2/users/{HOST}/meetings", TOKEN, _json(VALID_MEETING)),
        (
            "POST",
            f"/v2/users/{HOST}/meetings",
            {**TOKEN, "Content-Type": "application/json; charset=utf-8"},
            _json({**VALID_MEETING, "topic": "Charset"}),
        ),
        (
            "PATCH",
            f"/v2/meetings/{meeting}",
            {**TOKEN, **JSON},
            _json({"topic": "Renamed"}),
        ),
        (
            "PATCH",
            f"/v2/meetings/{meeting}",
            {**TOKEN, **JSON},
            _json({"duration": -3}),
        ),
        ("GET", f"/v2/meetings/{meeting}", TOKEN, None),
        ("DELETE", f"/v2/meetings/{meeting}", TOKEN, None),
        ("GET", f"/v2/meetings/{meeting}", TOKEN, None),
        ("PUT", "/v2/users/abc123", TOKEN, None),
        ("GET", "/v2/no/such/path", TOKEN, None),
        ("GET", "/v2/users/abc123/", TOKEN, None),
        ("GET", "/v2//users/abc123", TOKEN, None),
        ("GET", "/v2/users//meetings", TOKEN, None),
        ("GET", f"/v2/users/{HOST}/meetings/{meeting}/extra", TOKEN, None),
        ("GET", "/v2/users/abc123%2Fmeetings", TOKEN, None),
        ("HEAD", "/v2/users/abc123", TOKEN, None),
        ("GET", "/v2/chat/users/me/channels?page_size=3", TOKEN, None),
        (
            "POST",
            "/v2/chat/users/me/channels",
            {**TOKEN, **JSON},
            _json({"name": "parity", "type": 1}),
        ),
        ("GET", "/v2/chat/users/me/messages?page_size=2", TOKEN, None),
        ("GET", "/v2/phone/rooms?page_size=2", TOKEN, None),
        ("GET", "/v2/phone/account_settings", TOKEN, None),
        ("GET", "/v2/calendars/users/me/calendarList?maxResults=2", TOKEN, None),
        ("GET", "/v2/calendars/colors", TOKEN, None),
        ("GET", "/v2/emails/mailboxes/me/messages?maxResults=2", TOKEN, None),
        (
            "GET",
            f"/v2/metrics/meetings/{meeting}/participants/qos_summary",
            TOKEN,
            None,
        ),
        ("GET", "/v2/qss/score/12", TOKEN, None),
        ("GET", "/v2/accounts/me/settings", TOKEN, None),
        ("GET", "/v2/widgets/w-1", TOKEN, None),
        ("GET", "/v2/widgets/w-1", {**TOKEN, "Prefer": "seed=11"}, None),
        ("GET", "/v2/widgets/w-1", {**TOKEN, "Prefer": "dynamic=true; seed=5"}, None),
        ("GET", "/v2/widgets/w-1", {**TOKEN, "Prefer": "dynamic=maybe"}, None),
        ("GET", "/v2/widgets/w-1", {**TOKEN, "Prefer": "code=404"}, None),
        ("GET", "/v2/widgets/w-1", {**TOKEN, "Prefer": "respond-async"}, None),
        ("GET", "/v2/users/abc123", {**TOKEN, "Prefer": "dynamic=true; seed=3"}, None),
        ("POST", "/v2/widgets", {**TOKEN, **JSON}, _json({"name": 5})),
        ("GET", "/_mock/coverage", {}, None),
        *tricky_requests(meeting),
        *media_type_requests(),
    ]
    return requests


def tricky_requests(meeting: int) -> list[Request]:
    """Odd but well-formed requests on which both roads have been seen to agree."""
    channels = "/v2/chat/users/me/channels"
    return [
        ("GET", "/v2/users?page_size=", TOKEN, None),
        ("GET", "/v2/users?page_size=1&page_size=1", TOKEN, None),
        ("GET", "/v2/users?page%5Fsize=2&x=%zz", TOKEN, None),
        ("GET", "/v2/users?page_size=+5&page_size=%207%20", TOKEN, None),
        ("GET", "/v2/users?status[x]=active&=3&&page_size", TOKEN, None),
        ("GET", "/v2/calendars/users/me/calendarList?showDeleted=TRUE", TOKEN, None),
        ("GET", "/v2/calendars/users/me/calendarList?showHidden=yes", TOKEN, None),
        ("GET", "/v2/users/abc123", {"Authorization": "bearer lower"}, None),
        ("GET", "/v2/users/abc123", {"Authorization": "Bearer  two-spaces"}, None),
        ("GET", "/v2/users/abc123", {"Authorization": "Bearer"}, None),
        ("GET", "/v2/users/a%2Fb", TOKEN, None),
        ("GET", "/v2/meetings/1e3", TOKEN, None),
        ("GET", "/v2/meetings/9223372036854775808", TOKEN, None),
        ("DELETE", "/v2/phone/rooms/x/calling_plans/1.5", TOKEN, None),
        ("OPTIONS", "/v2/users/abc123", TOKEN, None),
        (
            "POST",
            channels,
            {**TOKEN, "Content-Type": "application/json; charset=latin-1"},
            _json({"name": 5, "type": 9}),
        ),
        ("POST", channels, {**TOKEN, **JSON}, b"\xef\xbb\xbf{}"),
        ("POST", channels, {**TOKEN, **JSON}, b"[" * 70 + b"]" * 70),
        ("PATCH", f"/v2/meetings/{meeting}", {**TOKEN, **JSON}, b"{}"),
        ("POST", "/v2/widgets", {**TOKEN, **JSON}, b"null"),
        ("POST", "/v2/widgets", TOKEN, b""),
        ("GET", "/v2/widgets/w-1", {**TOKEN, "Prefer": "seed=5, seed=6"}, None),
        ("GET", "/v2/widgets/w-1", {**TOKEN, "Prefer": "Dynamic=true;seed=2"}, None),
        ("GET", "/v2/widgets/w-1", {**TOKEN, "Prefer": "dynamic=false"}, None),
        ("GET", "/v2/widgets/w-1", {**TOKEN, "Prefer": "seed"}, None),
        ("GET", "/v2/widgets/w-1", {"Prefer": "seed=4"}, None),
        ("GET", "/_mock/journal?limit=2&limit=3", {"Prefer": "code=500"}, None),
    ]


def media_type_requests() -> list[Request]:
    """Requests whose headers the short road read differently from connexion.

    Media types are case-insensitive, so `application/JSON` is JSON and its
    body must be checked like any other; a repeated header must be read the
    same way on both roads; a GET's Content-Type names no body to parse.
    """
    channels = "/v2/chat/users/me/channels"
    invalid_channel = _json({"name": 5, "type": 9})
    return [
        (
            "POST",
            channels,
            {**TOKEN, "Content-Type": "application/JSON"},
            invalid_channel,
        ),
        (
            "POST",
            f"/v2/users/{HOST}/meetings",
            {**TOKEN, "Content-Type": "Application/Json"},
            b"[1, 2]",
        ),
        (
            "POST",
            channels,
            [*TOKEN.items(), ("Content-Type", "text/plain"), *JSON.items()],
            invalid_channel,
        ),
        (
            "GET",
            "/v2/users/abc123",
            [("Authorization", "Basic abc"), *TOKEN.items()],
            None,
        ),
        ("GET", "/v2/users/abc123", {**TOKEN, "Content-Type": "garbage"}, None),
        (
            "GET",
            "/v2/users/abc123",
            {**TOKEN, "Content-Type": "multipart/form-data"},
            None,
        ),
    ]


def _send(client: httpx.Client, request: Request) -> httpx.Response:
    method, path, headers, body = request
    return client.request(method, path, headers=headers, content=body)


def _comparable(response: httpx.Response) -> dict[str, Any]:
    return {
        "status": response.status_code,
        "headers": {
            name: response.headers.get(name)
            for name in COMPARED_HEADERS
            if name in response.headers
        },
        "body": ADDRESS.sub(b"<mock>", TIMESTAMP.sub(b"<time>", response.content)),
    }


def _journal(client: httpx.Client) -> list[dict[str, Any]]:
    entries = client.get("/_mock/journal", params={"limit": 1000}).json()["entries"]
    kept = ("method", "path", "query", "operationId", "status")
    kept += ("violations", "warnings", "injected", "preference_applied", "admin")
    return [{key: entry.get(key) for key in kept} for entry in entries]


def _answers(
    tmp: Path, fast_path: bool, strict: bool
) -> tuple[list[dict[str, Any]], list[Any]]:
    data = tmp / f"{fast_path}-{strict}"
    shutil.copytree(SEED_DATA, data)
    options = {"fast_path": fast_path, "strict": strict}
    with (
        running_mock(data_dir=data, extra_specs=(WIDGETS,), **options) as url,
        httpx.Client(base_url=url, timeout=30) as client,
    ):
        answers = [_comparable(_send(client, request)) for request in corpus()]
        return answers, _journal(client)


@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
def test_the_short_road_answers_like_connexions_stack(
    tmp_path: Path, strict: bool
) -> None:
    fast, fast_journal = _answers(tmp_path, fast_path=True, strict=strict)
    slow, slow_journal = _answers(tmp_path, fast_path=False, strict=strict)

    differing = [
        f"{request[0]} {request[1]} {request[2]}: short road {one}, long road {other}"
        for request, one, other in zip(corpus(), fast, slow, strict=True)
        if one != other
    ]
    assert not differing, "\n".join(differing)
    crashed = [
        f"{request[0]} {request[1]} {request[2]}"
        for request, answer in zip(corpus(), fast, strict=True)
        if answer["status"] >= 500
    ]
    assert not crashed, "\n".join(crashed)
    assert fast_journal == slow_journal
    # The corpus is not trivially uniform: it holds successes and each refusal.
    statuses = {answer["status"] for answer in fast}
    assert {200, 201, 204, 400, 401, 404, 405, 415} <= statuses


class _Counting:
    """An ASGI app that counts the requests passed to it."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.paths: list[str] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.paths.append(f"{scope['method']} {scope['path']}")
        await self.app(scope, receive, send)


@pytest.fixture
def counted(tmp_path: Path) -> tuple[Any, _Counting]:
    data = tmp_path / "data"
    shutil.copytree(SEED_DATA, data)
    app = create_app(Settings().with_options(data_dir=data, extra_specs=(WIDGETS,)))
    assert isinstance(app.requests, FastPath)
    counter = _Counting(app.requests.slow)
    app.requests.slow = counter
    return app, counter


def _call(app: Any, request: Request) -> int:
    async def run() -> int:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://mock") as c:
            method, path, headers, body = request
            answer = await c.request(method, path, headers=headers, content=body)
            return answer.status_code

    return asyncio.run(run())


def test_ordinary_requests_take_the_short_road(counted: tuple[Any, _Counting]) -> None:
    app, counter = counted
    ordinary = [
        ("GET", f"/v2/users/{HOST}", TOKEN, None),
        ("GET", "/v2/users/abc123?login_type=banana", TOKEN, None),
        ("GET", "/v2/users/abc123", {}, None),
        (
            "GET",
            f"/v2/users/{HOST}/meetings?from=2026-01-01&to=2026-12-31",
            TOKEN,
            None,
        ),
        ("POST", f"/v2/users/{HOST}/meetings", {**TOKEN, **JSON}, _json(VALID_MEETING)),
        (
            "POST",
            f"/v2/users/{HOST}/meetings",
            {**TOKEN, **JSON},
            _json(INVALID_MEETING),
        ),
        ("GET", "/v2/widgets/w-1", {**TOKEN, "Prefer": "dynamic=true"}, None),
        ("GET", "/_mock/health", {}, None),
    ]
    for request in ordinary:
        _call(app, request)
    assert counter.paths == []

    unusual = [
        ("GET", "/v2/no/such/path", TOKEN, None),
        ("PUT", "/v2/users/abc123", TOKEN, None),
        ("GET", "/v2/widgets/w-1", {**TOKEN, "Prefer": "code=404"}, None),
        ("GET", "/v2/users/abc123", {**TOKEN, "Prefer": "dynamic=true"}, None),
        (
            "POST",
            f"/v2/users/{HOST}/meetings",
            {**TOKEN, "Content-Type": "text/plain"},
            b"x",
        ),
    ]
    for request in unusual:
        _call(app, request)
    assert len(counter.paths) == len(unusual)


def test_the_short_road_is_off_where_connexion_must_see_every_request(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    shutil.copytree(SEED_DATA, data)
    for options in (
        {"validate_responses": True},
        {"rate_limits": "pro"},
        {"fault_rate": 0.5},
        {"latency_ms": (1, 2)},
        {"fast_path": False},
    ):
        app = create_app(Settings().with_options(data_dir=data, **options))
        assert not isinstance(app.requests, FastPath), options


def _parameter_samples(param: dict[str, Any]) -> list[Any]:
    """Two values as connexion's URI parser hands over ones that passed validation."""
    kind = param.get("schema", {}).get("type")
    samples: dict[Any, list[Any]] = {
        "integer": [7, 0],
        "number": [1.5, 2],
        "boolean": [True, False],
        "array": [["a", "b"], []],
    }
    return samples.get(kind, ["text", "42"])


def test_arguments_are_connexions(counted: tuple[Any, _Counting]) -> None:
    from connexion.decorators.parameter import get_arguments

    from zoom_mock.fastpath import sanitize

    app, _ = counted
    compared = 0
    for route in app.requests.routes:
        plan = route.plan
        operation = plan.operation
        handler_arguments, has_kwargs = _handler_signature(plan.handler)
        path_names = [p for p in operation.parameters if p["in"] == "path"]
        query_names = [p for p in operation.parameters if p["in"] == "query"]
        for round_ in range(3):
            path = {p["name"]: _parameter_samples(p)[round_ % 2] for p in path_names}
            query = {
                p["name"]: _parameter_samples(p)[-1 - round_ % 2]
                for p in query_names[round_:]
            }
            query["not_declared"] = "x"
            bodies = (
                [None, {"topic": "x"}] if operation.is_request_body_defined else [None]
            )
            for body in bodies:
                expected = get_arguments(
                    operation,
                    path_params=dict(path),
                    query_params=dict(query),
                    body=body,
                    files={},
                    arguments=handler_arguments,
                    has_kwargs=has_kwargs,
                    sanitize=sanitize,
                    content_type="application/json",
                )
                expected = {sanitize(k): v for k, v in expected.items()}
                built = plan.arguments.build(
                    operation, dict(path), dict(query), body, "application/json"
                )
                assert built == expected, plan.operation_id
                compared += 1
    assert compared > 300


def _handler_signature(handler: Any) -> tuple[list[str], bool]:
    import inspect

    from connexion.decorators.parameter import inspect_function_arguments

    return inspect_function_arguments(inspect.unwrap(handler))


# Values a query may carry; the last is an Arabic-Indic five.
QUERY_VALUES = [
    "5",
    "+5",
    " 7 ",
    "abc",
    "",
    "true",
    "FALSE",
    "1.5",
    "1e2",
    "nan",
    "\u0665",
]


def _query_strings(names: list[str]) -> list[bytes]:
    """Query strings that stress how a parser splits, decodes and repeats."""
    from urllib.parse import quote

    found = [b"", b"&", b"=", b"=5", b"&&a", b"just-a-name", b"x=%zz", b"x=%C3%A9+y"]
    for index, name in enumerate(names):
        value = QUERY_VALUES[index % len(QUERY_VALUES)]
        other = QUERY_VALUES[(index + 3) % len(QUERY_VALUES)]
        encoded = quote(name).encode()
        first, second = quote(value).encode(), quote(other).encode()
        found += [
            encoded + b"=" + first,
            encoded + b"=" + first + b"&" + encoded + b"=" + second,
            encoded + b"&surprise=1&surprise=2",
            encoded + b"%5Bdeep%5D=1&" + encoded + b"[x]=2",
            encoded + b";" + encoded + b"=3",
            quote(name, safe="").replace("_", "%5F").encode() + b"=+" + first,
        ]
    return found


def test_the_query_reader_reads_as_connexions_parser(
    counted: tuple[Any, _Counting],
) -> None:
    app, _ = counted
    compared = 0
    plans = {route.plan.operation_id: route.plan for route in app.requests.routes}
    for plan in plans.values():
        reader = plan.query_reader
        if reader is None:
            continue
        parser = plan.parameters.uri_parser
        names = [p["name"] for p in plan.operation.parameters]
        for query_string in _query_strings(names):
            items = QueryParams(query_string).multi_items()
            grouped: dict[str, list[str]] = {}
            for name, value in items:
                grouped.setdefault(name, []).append(value)
            expected = ([name for name, _ in items], parser.resolve_query(grouped))

            found = reader.read(query_string)

            assert found == expected, (plan.operation_id, query_string)
            assert [type(v) for v in found[1].values()] == [
                type(v) for v in expected[1].values()
            ], (plan.operation_id, query_string)
            compared += 1
    assert len([p for p in plans.values() if p.query_reader is not None]) > 50
    assert compared > 1000


def test_operations_with_other_parameters_keep_connexions_parser(
    counted: tuple[Any, _Counting],
) -> None:
    app, _ = counted
    for route in app.requests.routes:
        kinds = {
            p.get("schema", {}).get("type") for p in route.plan.operation.parameters
        }
        if "array" in kinds or None in kinds:
            assert route.plan.query_reader is None, route.plan.operation_id


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "integer"},
        {"type": "integer", "nullable": True},
        {"type": "string", "nullable": True},
        {"type": "boolean"},
        {"type": "number", "x-nullable": True},
        {"type": "array", "items": {"type": "integer"}},
        {"type": "string", "format": "binary"},
    ],
)
def test_parameter_conversions_are_connexions(schema: dict[str, Any]) -> None:
    from connexion.decorators.parameter import _get_val_from_param

    from zoom_mock.fastpath import _conversion

    definition = {"name": "p", "in": "query", "schema": schema}
    convert = _conversion(definition)
    samples: list[Any] = ["7", "null", " None ", "true", "1.5", None, 3, ["1", "2"]]
    for value in samples:
        try:
            expected: Any = ("value", _get_val_from_param(value, definition))
        except Exception as exc:  # noqa: BLE001 - the same failure is expected
            expected = ("error", type(exc))
        try:
            found: Any = ("value", convert(value))
        except Exception as exc:  # noqa: BLE001
            found = ("error", type(exc))
        assert found == expected, (schema, value)
