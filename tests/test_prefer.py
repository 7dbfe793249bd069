"""`Prefer` (RFC 7240): every form the mock honours, and every way it refuses.

The operations used: `user` (GET /users/{userId}), a hand-written operation
with two named examples in specs/users.yaml, and the widgets of the lint
fixture `clean.yaml`, served as an extra spec so that they are always
answered by the generator.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml

from tests.conftest import SEED_DATA, running_mock
from tests.contract import ContractClient
from zoom_mock.errors import error_body
from zoom_mock.ratelimit import rate_limited_error

WIDGETS = Path(__file__).resolve().parent / "fixtures" / "lint" / "clean.yaml"
USERS_SPEC = Path(__file__).resolve().parents[1] / "specs" / "users.yaml"


@pytest.fixture(scope="module")
def mock_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("prefer-data")
    shutil.copytree(SEED_DATA, data, dirs_exist_ok=True)
    with running_mock(data_dir=data, extra_specs=(WIDGETS,)) as url:
        yield url


@pytest.fixture
def http(mock_url: str) -> Iterator[ContractClient]:
    with ContractClient(mock_url) as client:
        yield client


def prefer(http: httpx.Client, method: str, path: str, value: str) -> httpx.Response:
    return http.request(method, path, headers={"Prefer": value})


def refusal(answer: httpx.Response) -> str:
    assert answer.status_code == 400, answer.text
    body = answer.json()
    assert body["code"] == 300
    [error] = body["errors"]
    assert error["field"] == "Prefer"
    return error["message"]


def user_examples() -> dict[str, object]:
    spec = yaml.safe_load(USERS_SPEC.read_text())
    media = spec["paths"]["/users/{userId}"]["get"]["responses"]["200"]["content"]
    return {
        name: entry["value"]
        for name, entry in media["application/json"]["examples"].items()
    }


# code=N


def test_code_404_answers_the_declared_error_in_our_error_shape(http):
    answer = prefer(http, "GET", "/v2/users/me", "code=404")

    assert answer.status_code == 404
    assert answer.headers["Preference-Applied"] == "code=404"
    body = answer.json()
    assert body["code"] == 404
    assert body["error"]["code"] == "404"
    assert "Prefer: code=404" in body["error"]["details"]


def test_code_is_answered_before_the_handler_so_state_is_unchanged(http):
    me = http.get("/v2/users/me").json()

    answer = prefer(http, "DELETE", f"/v2/users/{me['id']}", "code=404")

    assert answer.status_code == 404
    assert http.get(f"/v2/users/{me['id']}").status_code == 200


def test_code_of_the_success_status_runs_the_handler_and_says_so(http):
    answer = prefer(http, "GET", "/v2/users/me", "code=200")

    assert answer.status_code == 200
    assert answer.headers["Preference-Applied"] == "code=200"
    assert answer.json() == http.get("/v2/users/me").json()


def test_code_works_for_generated_operations_too(http):
    missing = prefer(http, "GET", "/widgets/w-1", "code=404")
    accepted = prefer(http, "POST", "/widgets", "code=202")
    conflict = prefer(http, "POST", "/widgets", "code=409")

    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "404"
    assert accepted.status_code == 202
    assert len(accepted.json()["job_id"]) == 8
    assert accepted.headers["Preference-Applied"] == "code=202"
    assert conflict.status_code == 409
    assert conflict.json()["reason"] == "duplicate"


def test_code_429_sends_what_the_rate_limiter_sends(http):
    answer = prefer(http, "GET", "/v2/users/me", "code=429")
    expected = error_body(rate_limited_error("light", "QPS"))

    assert answer.status_code == 429
    body = answer.json()
    assert set(body) == set(expected)
    assert (body["code"], body["message"]) == (expected["code"], expected["message"])
    assert body["message"] == (
        "You have reached the maximum per-second rate limit for this API. "
        "Try again later."
    )
    for name, value in rate_limited_error("light", "QPS").headers.items():
        assert answer.headers[name] == value


def test_code_429_with_rate_limits_off_says_it_was_asked_for(http):
    light = prefer(http, "GET", "/v2/users/me", "code=429").json()
    medium = prefer(http, "GET", "/v2/users", "code=429").json()

    for body in (light, medium):
        details = body["error"]["details"]
        assert "Prefer: code=429" in details
        assert "Rate limits are off" in details
        assert "plan allows" not in details
    assert "labelled `light`" in light["error"]["details"]
    assert "labelled `medium`" in medium["error"]["details"]


def test_code_429_matches_a_real_refusal_of_the_configured_plan(tmp_path: Path):
    shutil.copytree(SEED_DATA, tmp_path / "data")
    with (
        running_mock(data_dir=tmp_path / "data", rate_limits="free") as url,
        ContractClient(url) as http,
    ):
        asked = prefer(http, "GET", "/v2/users/me", "code=429")
        answers = [http.get("/v2/users/me") for _ in range(6)]
    refused = next(answer for answer in answers if answer.status_code == 429)

    assert asked.json() == refused.json()
    for name in ("X-RateLimit-Category", "X-RateLimit-Type", "X-RateLimit-Limit"):
        assert asked.headers[name] == refused.headers[name]


def test_a_code_the_operation_does_not_declare_is_refused_with_the_declared_list(
    http,
):
    message = refusal(prefer(http, "GET", "/v2/users/me", "code=418"))

    assert "code=418" in message
    assert "200, 400, 401, 404, 429" in message
    assert "GET /users/{userId}" in message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("code=abc", "code was 'abc', but it must be a number"),
        ("code=99", "code was 99, but it must be between 100 and 599"),
        ("seed=-1", "seed was -1, but it must be between 0"),
        ("dynamic=maybe", "dynamic was 'maybe'"),
    ],
)
def test_malformed_preferences_are_refused(http, value: str, expected: str):
    assert expected in refusal(prefer(http, "GET", "/v2/users/me", value))


# example=NAME


def test_example_answers_the_named_example(http):
    examples = user_examples()

    for name, value in examples.items():
        answer = prefer(http, "GET", "/v2/users/me", f"example={name}")

        assert answer.status_code == 200
        assert answer.json() == value
        assert answer.headers["Preference-Applied"] == f"example={name}"


def test_example_is_found_in_generated_operations(http):
    answer = prefer(http, "GET", "/widgets/anything", 'example="unsized"')

    assert answer.json() == {"id": "w-2", "serial": "XYZ-0001", "size": None}


def test_an_unknown_example_is_refused_with_the_declared_names(http):
    message = refusal(prefer(http, "GET", "/v2/users/me", "example=giant"))

    assert "example=giant" in message
    assert "200: basic, licensed" in message


def test_an_example_of_another_status_is_refused(http):
    message = refusal(prefer(http, "GET", "/v2/users/me", "code=404, example=basic"))

    assert "for status 404" in message


def test_an_operation_without_examples_says_so(http):
    message = refusal(prefer(http, "GET", "/v2/users", "example=basic"))

    assert "declares no named examples" in message


def test_example_and_dynamic_together_are_refused(http):
    message = refusal(
        prefer(http, "GET", "/v2/users/me", "example=basic, dynamic=true")
    )

    assert "one or the other" in message


# dynamic=true and seed=N


def test_dynamic_fuzzes_a_generated_body_and_seed_replays_it(http):
    first = prefer(http, "GET", "/widgets/w-1", "dynamic=true")
    seed = first.headers["X-Mock-Seed"]
    replay = prefer(http, "GET", "/widgets/w-1", f"dynamic=true, seed={seed}")

    assert first.status_code == 200
    assert first.headers["Preference-Applied"] == "dynamic=true"
    assert replay.headers["Preference-Applied"] == f"dynamic=true, seed={seed}"
    assert replay.content == first.content


def test_a_generated_body_names_the_id_its_path_ends_with(http) -> None:
    """As Zoom's GET of one thing answers that thing, whatever else is made up."""
    first = http.get("/widgets/w-42")
    other = http.get("/widgets/w-43")
    fuzzed = prefer(http, "GET", "/widgets/w-42", "dynamic=true")

    assert first.status_code == 200
    assert first.json()["id"] == "w-42"
    assert other.json()["id"] == "w-43"
    assert fuzzed.status_code == 200  # fuzzed bodies stay free to vary


def test_the_seed_option_makes_fuzzed_bodies_repeat_from_one_run_to_the_next(
    tmp_path: Path,
) -> None:
    """Two mocks started with the same seed fuzz the same sequence of bodies."""
    runs = []
    for run, seed in enumerate((7, 7, 8)):
        data = tmp_path / f"data-{run}"
        shutil.copytree(SEED_DATA, data)
        with (
            running_mock(data_dir=data, extra_specs=(WIDGETS,), seed=seed) as url,
            ContractClient(url) as client,
        ):
            answers = [
                prefer(client, "GET", "/widgets/w-1", "dynamic=true") for _ in range(3)
            ]
        runs.append([(a.headers["X-Mock-Seed"], a.content) for a in answers])

    assert runs[0] == runs[1]
    assert len({seed for seed, _ in runs[0]}) == 3
    assert [seed for seed, _ in runs[2]] != [seed for seed, _ in runs[0]]


def test_dynamic_fuzzes_hand_written_operations_from_their_schema(mock_url: str):
    # Fuzz bodies are adversarial on purpose: they fit our spec, while Zoom's
    # published schema may be stricter about formats, so only ours is checked.
    with ContractClient(mock_url, official=False) as http:
        answer = prefer(http, "GET", "/v2/users/me", "dynamic=true, seed=11")
        again = prefer(http, "GET", "/v2/users/me", "dynamic=true, seed=11")

    assert answer.status_code == 200
    assert answer.headers["Preference-Applied"] == "dynamic=true, seed=11"
    assert answer.headers["X-Mock-Seed"] == "11"
    assert answer.content == again.content


def test_seed_pins_realistic_generated_bodies(http):
    one = prefer(http, "GET", "/widgets/w-1", "seed=1")
    same = prefer(http, "GET", "/widgets/w-1", "seed=1")
    other = [prefer(http, "GET", "/widgets/w-1", f"seed={n}").content for n in (2, 3)]

    assert one.headers["Preference-Applied"] == "seed=1"
    assert "X-Mock-Seed" not in one.headers
    assert one.content == same.content
    assert any(body != one.content for body in other)


def test_seed_leaves_hand_written_answers_alone(http):
    answer = prefer(http, "GET", "/v2/users/me", "seed=4")

    assert answer.json() == http.get("/v2/users/me").json()
    assert "Preference-Applied" not in answer.headers


# What Prefer leaves alone.


def test_unknown_preferences_are_ignored(http):
    answer = prefer(http, "GET", "/v2/users/me", "respond-async, wait=10")

    assert answer.status_code == 200
    assert "Preference-Applied" not in answer.headers


def test_the_admin_api_ignores_prefer(http):
    answer = prefer(http, "GET", "/_mock/health", "code=404")

    assert answer.status_code == 200


def test_invalid_requests_are_refused_before_preferences_apply(http):
    answer = prefer(http, "GET", "/v2/users", "code=401")
    broken = http.get(
        "/v2/users", params={"page_size": 0}, headers={"Prefer": "code=401"}
    )

    assert answer.status_code == 401
    assert answer.json()["code"] == 124
    assert broken.status_code == 400
    assert broken.json()["errors"][0]["field"] == "page_size"


def test_the_journal_tells_asked_for_errors_from_violations(http):
    start = http.get("/_mock/journal", params={"limit": 1}).json()["last_seq"]
    prefer(http, "GET", "/v2/users/me", "code=400")
    prefer(http, "GET", "/v2/users/me", "code=418")

    refused, asked = http.get("/_mock/journal", params={"since": start}).json()[
        "entries"
    ]

    assert asked["status"] == 400
    assert asked["violations"] == []
    assert asked["preference_applied"] == "code=400"
    assert [v["field"] for v in refused["violations"]] == ["Prefer"]


def test_dynamic_is_ignored_where_there_is_no_body_to_fuzz(mock_url: str) -> None:
    fuzz = {"Prefer": "dynamic=true"}
    with httpx.Client(base_url=mock_url, headers={"Authorization": "Bearer t"}) as http:
        created = http.post(
            "/users/abc123/meetings", json={"topic": "Doomed", "type": 2}
        ).json()
        deleted = http.delete(f"/meetings/{created['id']}", headers=fuzz)
        after = http.get(f"/meetings/{created['id']}")
        transcript = http.get("/rec/download/96512184195/transcript.vtt", headers=fuzz)

    assert deleted.status_code == 204
    assert "Preference-Applied" not in deleted.headers
    assert after.status_code == 404, "the delete really happened"
    assert transcript.headers["content-type"].startswith("text/vtt")
    assert transcript.text.startswith("WEBVTT")


def test_seed_may_follow_dynamic_after_a_semicolon(http) -> None:
    first = http.get("/users/abc123", headers={"Prefer": "dynamic=true; seed=11"})
    again = http.get("/users/abc123", headers={"Prefer": "dynamic=true, seed=11"})

    assert first.headers["X-Mock-Seed"] == "11"
    assert first.content == again.content
