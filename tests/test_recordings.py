"""Cloud recordings over HTTP: lists, one meeting's files, deleting, downloading.

Expected values come from the seed files in data/, so the tests follow the data
when it is regenerated. Every download is fetched through the link the mock
itself handed out, the way a client would.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx

from tests.contract import ContractClient, contract_problems
from tests.seed import seed_meeting, seed_meetings, twice_encoded


def recorded(meeting: dict[str, Any]) -> bool:
    return bool(meeting.get("recording_files"))


def busiest_recording_host() -> str:
    counts: dict[str, int] = {}
    for meeting in seed_meetings():
        if recorded(meeting):
            counts[meeting["host_id"]] = counts.get(meeting["host_id"], 0) + 1
    return max(counts, key=lambda host: counts[host])


def local_path(url: str) -> str:
    """The path and query of an absolute link, to fetch it from a test mock."""
    parts = httpx.URL(url)
    return parts.raw_path.decode("ascii")


# Listing.


def test_host_list_matches_the_seed(client: ContractClient, base_url: str) -> None:
    host = busiest_recording_host()
    expected = {m["id"]: m for m in seed_meetings() if m["host_id"] == host}
    expected = {key: m for key, m in expected.items() if recorded(m)}

    body = client.get(f"/users/{host}/recordings", params={"page_size": 300}).json()

    assert body["from"] == "2026-01-01" and body["to"] == "2026-12-31"
    assert body["total_records"] == len(expected) == len(body["meetings"])
    for meeting in body["meetings"]:
        files = expected[meeting["id"]]["recording_files"]
        assert meeting["uuid"] == expected[meeting["id"]]["uuid"]
        assert meeting["recording_count"] == len(files)
        assert meeting["total_size"] == sum(item["file_size"] for item in files)
        assert meeting["type"] == str(expected[meeting["id"]]["type"])
        for item in meeting["recording_files"]:
            assert item["download_url"].startswith(f"{base_url}/rec/download/")
            assert item["play_url"].startswith(f"{base_url}/rec/play/")
            assert "access_token" not in item["download_url"]
    starts = [meeting["start_time"] for meeting in body["meetings"]]
    assert starts == sorted(starts, reverse=True)


def test_host_list_filters_by_range_and_meeting(client: ContractClient) -> None:
    host = busiest_recording_host()
    mine = [m for m in seed_meetings() if m["host_id"] == host and recorded(m)]
    month = mine[0]["start_time"][:7]
    in_month = {m["id"] for m in mine if m["start_time"].startswith(month)}

    ranged = client.get(
        f"/v2/users/{host}/recordings",
        params={"from": f"{month}-01", "to": f"{month}-28"},
    ).json()
    one = client.get(
        f"/users/{host}/recordings", params={"meeting_id": mine[0]["id"]}
    ).json()
    backwards = client.get(
        f"/users/{host}/recordings", params={"from": "2026-02-01", "to": "2026-01-01"}
    )

    assert ranged["from"] == f"{month}-01"
    assert {m["id"] for m in ranged["meetings"]} <= in_month
    assert mine[0]["id"] in {m["id"] for m in ranged["meetings"]}
    assert [m["id"] for m in one["meetings"]] == [mine[0]["id"]]
    assert backwards.status_code == 400 and backwards.json()["code"] == 300


def test_host_list_pages_by_token(client: ContractClient) -> None:
    host = busiest_recording_host()
    path = f"/users/{host}/recordings"
    full = client.get(path, params={"page_size": 300}).json()["meetings"]

    seen, token, tokens = [], "", []
    while True:
        page = client.get(
            path, params={"page_size": 1, "next_page_token": token}
        ).json()
        seen += [m["id"] for m in page["meetings"]]
        token = page["next_page_token"]
        tokens.append(token)
        if not token:
            break
    foreign = client.get(path, params={"next_page_token": "bm90LW91cnM"})

    assert len(full) >= 2
    assert seen == [m["id"] for m in full]
    assert tokens[-1] == "" and all(tokens[:-1])
    assert foreign.status_code == 400 and foreign.json()["code"] == 300


def test_unknown_host_and_missing_token(base_url: str) -> None:
    with ContractClient(base_url) as http:
        unknown = http.get("/users/nobody-at-all/recordings")
        del http.headers["Authorization"]
        no_token = http.get("/users/abc123/recordings")

    assert unknown.status_code == 404 and unknown.json()["code"] == 1001
    assert no_token.status_code == 401 and no_token.json()["code"] == 124


# One meeting's recordings.


def test_meeting_recordings_by_id_uuid_and_legacy_id(client: ContractClient) -> None:
    slash = seed_meeting(lambda m: recorded(m) and m["uuid"].startswith("/"))
    double = seed_meeting(lambda m: recorded(m) and "//" in m["uuid"])
    legacy = seed_meeting(lambda m: "meeting123" in m.get("legacy_ids", ()))

    by_id = client.get(f"/meetings/{slash['id']}/recordings").json()
    by_uuid = client.get(f"/meetings/{twice_encoded(slash['uuid'])}/recordings")
    by_double = client.get(f"/meetings/{twice_encoded(double['uuid'])}/recordings")
    by_legacy = client.get("/meetings/meeting123/recordings")
    once = client.get(f"/meetings/{quote(slash['uuid'], safe='')}/recordings")

    assert by_uuid.status_code == 200 and by_uuid.json() == by_id
    assert by_id["uuid"] == slash["uuid"]
    assert [f["id"] for f in by_id["recording_files"]] == [
        f["id"] for f in slash["recording_files"]
    ]
    assert by_double.json()["uuid"] == double["uuid"]
    assert by_legacy.json()["id"] == legacy["id"]
    assert once.status_code == 404 and once.json()["code"] == 404


def test_meeting_without_recordings_is_3301(client: ContractClient) -> None:
    bare = seed_meeting(lambda m: not recorded(m))

    empty = client.get(f"/meetings/{bare['id']}/recordings")
    unknown = client.get("/meetings/98765432100/recordings")

    assert empty.status_code == 404 and empty.json()["code"] == 3301
    assert unknown.status_code == 404 and unknown.json()["code"] == 3001


def test_download_access_token_on_request(client: ContractClient) -> None:
    meeting = seed_meeting(recorded)
    path = f"/meetings/{meeting['id']}/recordings"

    plain = client.get(path).json()
    with_token = client.get(path, params={"include_fields": "download_access_token"})

    assert "download_access_token" not in plain
    assert with_token.json()["download_access_token"]


# Downloads.


def test_every_download_url_can_be_fetched(client: ContractClient) -> None:
    meeting = seed_meeting(
        lambda m: (
            {f["file_type"] for f in m.get("recording_files", ())}
            >= {"MP4", "M4A", "TRANSCRIPT", "CHAT"}
        )
    )
    files = client.get(f"/meetings/{meeting['id']}/recordings").json()[
        "recording_files"
    ]
    expected = {
        "MP4": "video/mp4",
        "M4A": "audio/mp4",
        "TRANSCRIPT": "text/vtt",
        "CC": "text/vtt",
        "CHAT": "text/plain",
    }

    for item in files:
        response = client.get(local_path(item["download_url"]))
        media_type = response.headers["content-type"].split(";")[0]

        assert response.status_code == 200, item["file_type"]
        assert media_type == expected[item["file_type"]]
        assert response.headers["content-disposition"].startswith("attachment")
        if item["file_type"] in ("TRANSCRIPT", "CC"):
            assert response.text == meeting["vtt_data"]
        if item["file_type"] in ("MP4", "M4A"):
            assert response.content[4:8] == b"ftyp"
        if item["file_type"] == "CHAT":
            first_person = meeting["participants"][0]["name"]
            assert f"From {first_person} to Everyone:" in response.text

    play = client.get(local_path(files[0]["play_url"]))
    assert play.status_code == 200
    assert play.headers["content-disposition"].startswith("inline")


def test_downloads_take_a_query_token_instead_of_a_header(base_url: str) -> None:
    meeting = seed_meeting(recorded)
    path = f"/rec/download/{meeting['id']}/transcript.vtt"

    with httpx.Client(base_url=base_url) as http:
        without = http.get(path)
        with_query = http.get(path, params={"access_token": "any-token"})
    for response in (without, with_query):
        assert not list(contract_problems(response))

    assert without.status_code == 401 and without.json()["code"] == 124
    assert with_query.status_code == 200
    assert with_query.headers["content-type"].startswith("text/vtt")


def test_transcript_download_of_the_original_mock(client: ContractClient) -> None:
    legacy = seed_meeting(lambda m: "meeting123" in m.get("legacy_ids", ()))
    slash = seed_meeting(lambda m: m["uuid"].startswith("/") and m.get("vtt_data"))
    silent = seed_meeting(lambda m: not m.get("vtt_data"))

    by_legacy = client.get("/rec/download/meeting123/transcript.vtt")
    by_uuid = client.get(f"/rec/download/{twice_encoded(slash['uuid'])}/transcript.vtt")
    missing = client.get(f"/rec/download/{silent['id']}/transcript.vtt")
    unknown_file = client.get(f"/rec/download/{legacy['id']}/no-such-file")

    assert by_legacy.status_code == 200
    assert by_legacy.text == legacy["vtt_data"]
    assert by_legacy.text.startswith("WEBVTT")
    assert by_uuid.text == slash["vtt_data"]
    assert missing.status_code == 404 and missing.json()["code"] == 3301
    assert unknown_file.status_code == 404 and unknown_file.json()["code"] == 3301


def test_base_url_leads_recording_links(fresh_mock) -> None:
    meeting = seed_meeting(recorded)
    with (
        fresh_mock(base_url="https://mock.example.test") as url,
        ContractClient(url) as http,
    ):
        body = http.get(f"/meetings/{meeting['id']}/recordings").json()
        fetched = http.get(local_path(body["recording_files"][0]["download_url"]))

    assert body["share_url"].startswith("https://mock.example.test/rec/share/")
    for item in body["recording_files"]:
        assert item["download_url"].startswith("https://mock.example.test/rec/")
        assert item["play_url"].startswith("https://mock.example.test/rec/play/")
    assert fetched.status_code == 200


# Deleting.


def test_trash_one_file_then_all_then_for_good(fresh_mock) -> None:
    meeting = seed_meeting(lambda m: len(m.get("recording_files") or ()) >= 3)
    host, files = meeting["host_id"], meeting["recording_files"]
    path = f"/meetings/{twice_encoded(meeting['uuid'])}/recordings"
    with fresh_mock() as url, ContractClient(url) as http:
        unknown = http.delete(f"{path}/not-a-file-id")
        one = http.delete(f"{path}/{files[0]['id']}")
        after_one = http.get(path).json()
        trashed_download = http.get(f"/rec/download/{meeting['id']}/{files[0]['id']}")
        trash = http.get(
            f"/users/{host}/recordings",
            params={"trash": "true", "meeting_id": meeting["id"]},
        ).json()

        everything = http.delete(path)
        after_all = http.get(path)
        live_list = http.get(f"/users/{host}/recordings").json()
        again = http.delete(path)

        purged = http.delete(path, params={"action": "delete"})
        trash_after = http.get(
            f"/users/{host}/recordings",
            params={"trash": "true", "meeting_id": meeting["id"]},
        ).json()

    assert unknown.status_code == 404 and unknown.json()["code"] == 3301
    assert one.status_code == 204
    assert [f["id"] for f in after_one["recording_files"]] == [
        f["id"] for f in files[1:]
    ]
    assert trashed_download.status_code == 404
    assert [f["id"] for f in trash["meetings"][0]["recording_files"]] == [
        files[0]["id"]
    ]
    assert trash["meetings"][0]["recording_files"][0]["deleted_time"]

    assert everything.status_code == 204
    assert after_all.status_code == 404 and after_all.json()["code"] == 3301
    assert meeting["id"] not in {m["id"] for m in live_list["meetings"]}
    assert again.status_code == 404 and again.json()["code"] == 3301
    assert purged.status_code == 204
    assert trash_after["meetings"] == []


def test_delete_for_good_empties_the_trash_too(fresh_mock) -> None:
    meeting = seed_meeting(lambda m: len(m.get("recording_files") or ()) >= 2)
    first = meeting["recording_files"][0]["id"]
    path = f"/meetings/{meeting['id']}/recordings"
    trash = {"trash": "true", "meeting_id": meeting["id"]}
    with fresh_mock() as url, ContractClient(url) as http:
        trashed = http.delete(f"{path}/{first}")
        purged_one = http.delete(f"{path}/{first}", params={"action": "delete"})
        purged_all = http.delete(path, params={"action": "delete"})
        trash_list = http.get(f"/users/{meeting['host_id']}/recordings", params=trash)
        gone = http.get(path)

    assert trashed.status_code == purged_one.status_code == 204
    assert purged_all.status_code == 204
    assert trash_list.json()["meetings"] == []
    assert gone.status_code == 404 and gone.json()["code"] == 3301


def test_delete_rejects_an_unknown_action(client: ContractClient) -> None:
    meeting = seed_meeting(recorded)

    response = client.delete(
        f"/meetings/{meeting['id']}/recordings", params={"action": "shred"}
    )

    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["action"]


def test_trashed_or_deleted_recording_takes_the_transcript_download_along(
    fresh_mock,
) -> None:
    meeting = seed_meeting(
        lambda m: "TRANSCRIPT" in {f["file_type"] for f in m.get("recording_files", ())}
    )
    path = f"/meetings/{meeting['id']}/recordings"
    transcript = f"/rec/download/{meeting['id']}/transcript.vtt"
    with fresh_mock() as url, ContractClient(url) as http:
        before = http.get(transcript)
        trashed = http.delete(path, params={"action": "trash"})
        after_trash = http.get(transcript)
        purged = http.delete(path, params={"action": "delete"})
        after_purge = http.get(transcript)

    assert before.status_code == 200 and before.text == meeting["vtt_data"]
    assert trashed.status_code == 204 and purged.status_code == 204
    for gone in (after_trash, after_purge):
        assert gone.status_code == 404 and gone.json()["code"] == 3301
