"""Mail over HTTP: seeded reads on the shared mock, sending on a private one.

Every response passes through ContractClient, so each call is also checked
against specs/mail.yaml and, for successes, against Zoom's Mail schema.
"""

from __future__ import annotations

import base64
import shutil
import time
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import SEED_DATA, running_mock
from tests.contract import ContractClient

OWNER = "nadia.rahman@lumenforge.io"
COLLEAGUE = "aoife.byrne@lumenforge.io"
OUTSIDER = "someone@example.org"
ME = "/emails/mailboxes/me"


def raw_message(to: str, subject: str, text: str, **headers: str) -> str:
    message = EmailMessage()
    message["To"] = to
    message["Subject"] = subject
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(text)
    return base64.urlsafe_b64encode(message.as_bytes()).decode().rstrip("=")


def unbase64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def assert_not_found(response: httpx.Response) -> None:
    assert response.status_code == 404
    assert response.json()["code"] == 404


def assert_bad_field(response: httpx.Response, field: str) -> None:
    assert response.status_code == 400
    assert response.json()["code"] == 300
    assert field in [error["field"] for error in response.json()["errors"]]


def threads(client: httpx.Client, mailbox: str = ME, **params: Any) -> list[Any]:
    return list(client.get(f"{mailbox}/threads", params=params).json()["threads"])


def walk(
    client: httpx.Client, path: str, field: str, max_results: int, **extra: Any
) -> list[Any]:
    """Every item of a paged list, `max_results` at a time."""
    items: list[Any] = []
    token: str | None = None
    for _ in range(100):
        params: dict[str, Any] = {**extra, "maxResults": max_results}
        if token:
            params["pageToken"] = token
        body = client.get(path, params=params).json()
        items += body[field]
        token = body.get("nextPageToken")
        if not token:
            return items
    raise AssertionError(f"{path} never reached its last page.")


@pytest.fixture(scope="module")
def own_mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A private mock for the tests that send mail."""
    data = tmp_path_factory.mktemp("mail") / "data"
    shutil.copytree(SEED_DATA, data)
    with running_mock(data_dir=Path(data)) as url:
        yield url


# Reading seeded mail.


def test_threads_are_listed_newest_first_without_spam(client: ContractClient) -> None:
    listed = threads(client)
    names = [thread["threadName"] for thread in listed]

    assert "Q2 roadmap review" in names and "Lunch on Friday?" in names
    assert names.index("Lunch on Friday?") < names.index("Q2 roadmap review")
    assert "Congratulations, you won a cruise" not in names
    with_spam = threads(client, includeSpamTrash="true")
    assert len(with_spam) == len(listed) + 1


def test_a_thread_holds_its_messages_oldest_first(client: ContractClient) -> None:
    summary = next(t for t in threads(client) if t["threadName"] == "Q2 roadmap review")
    body = client.get(f"{ME}/threads/{summary['id']}").json()
    messages = body["messages"]

    assert len(messages) == 3
    dates = [int(message["internalDate"]) for message in messages]
    assert dates == sorted(dates)
    assert body["historyId"] == summary["historyId"] == messages[-1]["historyId"]
    assert summary["snippet"] == messages[-1]["snippet"]
    text = unbase64url(messages[0]["payload"]["body"]["data"]).decode()
    assert text.startswith(messages[0]["snippet"][:40])
    subjects = {
        header["value"]
        for message in messages
        for header in message["payload"]["headers"]
        if header["name"] == "Subject"
    }
    assert subjects == {"Q2 roadmap review", "Re: Q2 roadmap review"}


def test_message_formats(client: ContractClient) -> None:
    found = client.get(f"{ME}/messages", params={"q": "from:billing@alderfinch.com"})
    message_id = found.json()["messages"][0]["id"]
    path = f"{ME}/messages/{message_id}"

    minimal = client.get(path, params={"format": "minimal"}).json()
    assert "payload" not in minimal and "raw" not in minimal
    assert {"INBOX", "Label_2"} <= set(minimal["labelIds"])

    metadata = client.get(
        path, params={"format": "metadata", "metadataHeaders": "Subject,From"}
    ).json()
    names = sorted(header["name"] for header in metadata["payload"]["headers"])
    assert names == ["From", "Subject"]

    raw = client.get(path, params={"format": "raw"}).json()["raw"]
    parsed = message_from_bytes(unbase64url(raw), policy=policy.default)
    assert parsed["Subject"] == "Invoice INV-4471 from Alder & Finch"

    full = client.get(path).json()["payload"]
    assert full["mimeType"] == "multipart/alternative"
    assert [part["mimeType"] for part in full["parts"]] == ["text/plain", "text/html"]
    assert [part["partId"] for part in full["parts"]] == ["0", "1"]


def test_labels_count_the_stored_messages(client: ContractClient) -> None:
    labels = {
        label["id"]: label for label in client.get(f"{ME}/labels").json()["labels"]
    }

    assert {"INBOX", "SENT", "DRAFT", "SCHEDULED", "SPAM", "TRASH"} <= set(labels)
    assert (
        labels["Label_2"]["type"] == "user" and labels["Label_2"]["name"] == "Finance"
    )
    inbox = client.get(f"{ME}/messages", params={"labelIds": "INBOX"}).json()
    assert labels["INBOX"]["messagesTotal"] == inbox["resultSizeEstimate"]
    unread = client.get(f"{ME}/messages", params={"labelIds": "INBOX,UNREAD"}).json()
    assert labels["INBOX"]["messagesUnread"] == unread["resultSizeEstimate"] >= 1

    minimal = client.get(f"{ME}/labels", params={"format": "minimal"}).json()["labels"]
    assert all(set(label) == {"id", "name", "type"} for label in minimal)


def test_drafts_list_and_get(client: ContractClient) -> None:
    listed = client.get(f"{ME}/drafts").json()
    draft = listed["drafts"][0]

    assert listed["resultSizeEstimate"] == len(listed["drafts"]) >= 1
    fetched = client.get(f"{ME}/drafts/{draft['id']}").json()
    assert fetched["message"]["id"] == draft["message"]["id"]
    assert "DRAFT" in fetched["message"]["labelIds"]
    assert_not_found(client.get(f"{ME}/drafts/r-1"))


def test_profile_totals_match_the_lists(client: ContractClient) -> None:
    profile = client.get(f"/v2/emails/mailboxes/{OWNER}/profile").json()
    everything = client.get(f"{ME}/messages", params={"includeSpamTrash": "true"})

    assert profile["emailAddress"] == OWNER
    assert profile["messagesTotal"] == everything.json()["resultSizeEstimate"]
    assert profile["threadsTotal"] == len(threads(client, includeSpamTrash="true"))


def test_unknown_mailbox_thread_message_are_404(client: ContractClient) -> None:
    assert_not_found(client.get(f"/emails/mailboxes/{OUTSIDER}/threads"))
    assert_not_found(client.get(f"/emails/mailboxes/{OUTSIDER}/labels"))
    assert_not_found(client.get(f"{ME}/threads/0000000000000000_0000000000000000_000"))
    assert_not_found(client.get(f"{ME}/messages/0000000000000000_0000000000000000_000"))
    other = threads(client, f"/emails/mailboxes/{COLLEAGUE}")[0]["id"]
    assert_not_found(client.get(f"{ME}/threads/{other}"))


def test_thread_pages_walk_without_duplicates_or_gaps(client: ContractClient) -> None:
    everything = threads(client, includeSpamTrash="true")
    walked = walk(client, f"{ME}/threads", "threads", 2, includeSpamTrash="true")

    assert [thread["id"] for thread in walked] == [
        thread["id"] for thread in everything
    ]
    first = client.get(f"{ME}/threads", params={"maxResults": 2}).json()
    assert first["nextPageToken"] and first["resultSizeEstimate"] > 2


def test_foreign_page_token_is_a_400(client: ContractClient) -> None:
    for path in ("threads", "messages", "drafts"):
        response = client.get(f"{ME}/{path}", params={"pageToken": "e8580fc3bd75077c"})
        assert_bad_field(response, "pageToken")


def test_search_terms_and_label_filters(client: ContractClient) -> None:
    unread = client.get(f"{ME}/messages", params={"q": "is:unread"}).json()
    for ref in unread["messages"]:
        labels = client.get(f"{ME}/messages/{ref['id']}", params={"format": "minimal"})
        assert "UNREAD" in labels.json()["labelIds"]
    ramen = client.get(f"{ME}/threads", params={"q": "ramen"}).json()["threads"]
    assert [thread["threadName"] for thread in ramen] == ["Lunch on Friday?"]
    finance = client.get(f"{ME}/messages", params={"q": "label:finance"}).json()
    assert finance["resultSizeEstimate"] == 1

    assert_bad_field(client.get(f"{ME}/messages", params={"q": "has:attachment"}), "q")
    assert_bad_field(
        client.get(f"{ME}/threads", params={"labelIds": "NOPE"}), "labelIds"
    )


# Sending.


def test_sent_mail_appears_in_threads_and_the_recipients_inbox(own_mock: str) -> None:
    with ContractClient(own_mock) as client:
        history_before = client.get(f"{ME}/profile").json()["historyId"]
        raw = raw_message(COLLEAGUE, "Budget numbers", "The Q3 budget sheet is final.")

        sent = client.post(f"{ME}/messages/send", json={"raw": raw}).json()
        assert sent["labelIds"] == ["SENT"]
        newest = threads(client)[0]
        assert newest["id"] == sent["threadId"]
        assert newest["threadName"] == "Budget numbers"
        assert newest["snippet"] == "The Q3 budget sheet is final."
        assert int(newest["historyId"]) > int(history_before)

        stored = client.get(f"{ME}/messages/{sent['id']}").json()
        headers = {h["name"]: h["value"] for h in stored["payload"]["headers"]}
        assert headers["From"] == OWNER
        assert "Date" in headers and headers["Message-ID"].startswith("<")
        inbox = threads(client, f"/emails/mailboxes/{COLLEAGUE}", labelIds="INBOX")
        assert inbox[0]["threadName"] == "Budget numbers"


def test_lists_carry_a_kind_and_an_etag_that_follows_the_content(
    own_mock: str,
) -> None:
    with ContractClient(own_mock) as client:
        before = client.get(f"{ME}/threads").json()
        again = client.get(f"{ME}/threads").json()
        raw = raw_message(COLLEAGUE, "Etag check", "One more thread.")
        client.post(f"{ME}/messages/send", json={"raw": raw})
        after = client.get(f"{ME}/threads").json()
        kinds = {
            client.get(f"{ME}/{name}").json()["kind"]
            for name in ("threads", "drafts", "labels", "messages")
        }

    assert before["kind"] == "mail#threadList"
    assert before["etag"] == again["etag"]
    assert after["etag"] != before["etag"]
    assert kinds == {
        "mail#threadList",
        "mail#draftList",
        "mail#labelList",
        "mail#messageList",
    }


def test_blind_copies_arrive_without_the_bcc_header(own_mock: str) -> None:
    hidden = "haruto.sato@lumenforge.io"
    with ContractClient(own_mock) as client:
        raw = raw_message(COLLEAGUE, "Board deck", "Deck attached.", Bcc=hidden)
        sent = client.post(f"{ME}/messages/send", json={"raw": raw}).json()

        mine = client.get(f"{ME}/messages/{sent['id']}", params={"format": "raw"})
        assert b"Bcc: " + hidden.encode() in unbase64url(mine.json()["raw"])
        for mailbox in (COLLEAGUE, hidden):
            box = f"/emails/mailboxes/{mailbox}"
            found = client.get(f"{box}/messages", params={"q": "subject:board"}).json()
            copy = client.get(
                f"{box}/messages/{found['messages'][0]['id']}", params={"format": "raw"}
            ).json()
            assert copy["labelIds"] == ["INBOX", "UNREAD"]
            assert b"Bcc:" not in unbase64url(copy["raw"])


def test_a_reply_joins_the_thread_it_answers(own_mock: str) -> None:
    with ContractClient(own_mock) as client:
        roadmap = next(
            t for t in threads(client) if t["threadName"] == "Q2 roadmap review"
        )
        thread_path = f"{ME}/threads/{roadmap['id']}"
        last = client.get(thread_path, params={"format": "metadata"}).json()[
            "messages"
        ][-1]
        message_id = next(
            h["value"] for h in last["payload"]["headers"] if h["name"] == "Message-ID"
        )

        raw = raw_message(
            COLLEAGUE, "Re: Q2 roadmap review", "Agreed.", In_Reply_To=message_id
        )
        sent = client.post(f"{ME}/messages/send", json={"raw": raw}).json()

        assert sent["threadId"] == roadmap["id"]
        assert len(client.get(thread_path).json()["messages"]) == 4
        theirs = threads(client, f"/emails/mailboxes/{COLLEAGUE}")
        joined = [t for t in theirs if t["threadName"] == "Q2 roadmap review"]
        assert len(joined) == 1 and joined[0]["snippet"] == "Agreed."


def test_scheduled_mail_waits_outside_sent(own_mock: str) -> None:
    with ContractClient(own_mock) as client:
        later = str(int(time.time()) + 3600)
        raw = raw_message(COLLEAGUE, "Reminder: offsite forms", "Forms are due today.")

        sent = client.post(f"{ME}/messages/send", json={"raw": raw, "sendTime": later})
        assert sent.json()["labelIds"] == ["SCHEDULED"]
        thread_id = sent.json()["threadId"]
        assert thread_id not in [t["id"] for t in threads(client, labelIds="SENT")]
        assert thread_id in [t["id"] for t in threads(client, labelIds="SCHEDULED")]

        stored = client.get(
            f"{ME}/messages/{sent.json()['id']}", params={"format": "minimal"}
        )
        assert stored.json()["sendTime"] == later and stored.json()["userScheduled"]
        theirs = threads(client, f"/emails/mailboxes/{COLLEAGUE}")
        assert "Reminder: offsite forms" not in [t["threadName"] for t in theirs]


def test_scheduled_mail_goes_out_once_its_time_has_passed(own_mock: str) -> None:
    with ContractClient(own_mock) as client:
        send_at = int(time.time()) + 2
        raw = raw_message(COLLEAGUE, "Soon", "This goes out in two seconds.")
        sent = client.post(
            f"{ME}/messages/send", json={"raw": raw, "sendTime": str(send_at)}
        ).json()
        assert sent["labelIds"] == ["SCHEDULED"]

        time.sleep(max(send_at - time.time(), 0) + 0.2)
        assert sent["threadId"] in [t["id"] for t in threads(client, labelIds="SENT")]
        stored = client.get(f"{ME}/messages/{sent['id']}", params={"format": "minimal"})
        assert "userScheduled" not in stored.json()
        theirs = threads(client, f"/emails/mailboxes/{COLLEAGUE}", labelIds="UNREAD")
        assert "Soon" in [t["threadName"] for t in theirs]


def test_a_send_time_in_the_past_sends_at_once(own_mock: str) -> None:
    with ContractClient(own_mock) as client:
        raw = raw_message(OUTSIDER, "Yesterday", "Better late than never.")
        sent = client.post(
            f"{ME}/messages/send",
            json={"raw": raw, "sendTime": "1767225600", "labelIds": ["IMPORTANT"]},
        ).json()

        assert sent["labelIds"] == ["SENT", "IMPORTANT"]


def test_bad_raw_is_a_400_naming_raw(client: ContractClient) -> None:
    no_recipient = EmailMessage()
    no_recipient["Subject"] = "Nobody"
    no_recipient.set_content("Where does this go?")
    for raw in (
        "+/8=",
        "not base64url!",
        base64.urlsafe_b64encode(b"hello world").decode(),
        base64.urlsafe_b64encode(no_recipient.as_bytes()).decode(),
        "",
    ):
        response = client.post(f"{ME}/messages/send", json={"raw": raw})
        assert_bad_field(response, "raw")

    assert_bad_field(client.post(f"{ME}/messages/send", json={}), "raw")
    good = raw_message(COLLEAGUE, "Hi", "Hello")
    bad_time = client.post(
        f"{ME}/messages/send", json={"raw": good, "sendTime": "soon"}
    )
    assert_bad_field(bad_time, "sendTime")
    bad_label = client.post(
        f"{ME}/messages/send", json={"raw": good, "labelIds": ["NO"]}
    )
    assert_bad_field(bad_label, "labelIds[0]")
    assert_not_found(
        client.post(f"/emails/mailboxes/{OUTSIDER}/messages/send", json={"raw": good})
    )
