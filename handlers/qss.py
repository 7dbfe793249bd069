"""Quality: QoS summaries (Zoom's QSS API), quality scores and quality feedback.

QoS summaries and scores are read-only and answer for any id with figures from
`_qss_quality`, so the same id always gives the same body and a meeting's score
agrees with its QoS summary. The exception is a meeting of `data/` that has
not taken place (nobody has joined it): Zoom has no quality data for a meeting
that has not ended, and answers 404 with code 3001. Feedback is the one stored
collection here, seeded with a few items about meetings in `data/`.
"""

from __future__ import annotations

import base64
import hashlib
import heapq
from datetime import UTC, datetime, timedelta
from typing import Any

from starlette.responses import Response
from zoom_mock.handlers._qss_quality import (
    attendees_of,
    calculated_at,
    figures_for,
    qos_entries,
    score_of,
)

from zoom_mock.errors import not_found
from zoom_mock.paging import paginate
from zoom_mock.responses import json_response, no_content
from zoom_mock.runtime import current
from zoom_mock.store import Collection

JsonObject = dict[str, Any]
AREA = "qss"
QOS_PAGE = (1, 10)
SEED_COMMENTS = (
    (5, "overall", "Crystal clear audio and video the whole time."),
    (3, "video", "Video froze twice while the slides were shared."),
    (2, "audio", "Heavy echo from the conference room microphone."),
)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _call(kind: str, call_id: str) -> tuple[str, JsonObject | None]:
    """The canonical id of a call and, for a meeting in data/, its record."""
    if kind != "meeting":
        return call_id, None
    meeting = current().store.find_meeting(call_id)
    return (str(meeting["id"]), meeting) if meeting is not None else (call_id, None)


def _held_call(kind: str, call_id: str) -> tuple[str, JsonObject | None]:
    """Like `_call`, but a stored meeting nobody has joined yet is Zoom's 404.

    Stored meetings never start by themselves, so, as for past participants,
    a meeting without participants is one that has not taken place.
    """
    canonical, meeting = _call(kind, call_id)
    if meeting is not None and not meeting.get("participants"):
        raise not_found(
            3001,
            f"This meeting's detail info is not available: meeting {canonical} "
            f"(scheduled for {meeting.get('start_time') or 'no set time'}) has not "
            "taken place, so it has no quality data. Ask again for a meeting that "
            "has ended.",
        )
    return canonical, meeting


# QoS summaries.


def _qos_page(
    kind: str,
    call_id: str,
    page_size: int | None,
    next_page_token: str | None,
    shape: Any,
) -> JsonObject:
    canonical, meeting = _held_call(kind, call_id)
    page = paginate(
        attendees_of(meeting, canonical),
        key=lambda attendee: attendee.id,
        page_size=page_size,
        default_size=QOS_PAGE[0],
        max_size=QOS_PAGE[1],
        next_page_token=next_page_token,
    )
    listed = [
        shape(attendee, figures_for(kind, canonical, attendee))
        for attendee in page.items
    ]
    return {
        "page_size": page.page_size,
        "next_page_token": page.next_page_token,
        "items": listed,
    }


def _participant(attendee: Any, figures: Any) -> JsonObject:
    shown: JsonObject = {
        "id": attendee.id,
        "participant_id": attendee.participant_id,
        "user_name": attendee.name,
        "qos": qos_entries(figures),
    }
    if attendee.email:
        shown["email"] = attendee.email
    return shown


def _session_user(attendee: Any, figures: Any) -> JsonObject:
    return {
        "id": attendee.id,
        "name": attendee.name,
        "user_key": attendee.participant_id,
        "qos": qos_entries(figures, sdk=True),
    }


async def dashboardMeetingParticipantsQOSSummary(
    meeting_id: str, page_size: int | None = None, next_page_token: str | None = None
) -> Response:
    page = _qos_page("meeting", meeting_id, page_size, next_page_token, _participant)
    page["participants"] = page.pop("items")
    return json_response(page)


async def dashboardWebinarParticipantsQOSSummary(
    webinar_id: str, page_size: int | None = None, next_page_token: str | None = None
) -> Response:
    page = _qos_page("webinar", webinar_id, page_size, next_page_token, _participant)
    page["participants"] = page.pop("items")
    return json_response(page)


async def sessionUsersQOSSummary(
    session_id: str, page_size: int | None = None, next_page_token: str | None = None
) -> Response:
    page = _qos_page("session", session_id, page_size, next_page_token, _session_user)
    page["users"] = page.pop("items")
    return json_response(page)


# Quality score.


async def qssScore(meeting_id: str) -> Response:
    canonical, meeting = _held_call("meeting", meeting_id)
    attendees = attendees_of(meeting, canonical)
    score = score_of(
        [figures_for("meeting", canonical, person) for person in attendees]
    )

    body: JsonObject = {"meeting_id": canonical}
    if meeting is not None:
        body["meeting_uuid"] = meeting["uuid"]
        body["topic"] = meeting.get("topic", "")
    body.update(
        {
            "score": score.overall,
            "rating": score.rating,
            "audio": score.audio,
            "video": score.video,
            "screen_share": score.screen_share,
            "participants_sampled": len(attendees),
            "calculated_at": _stamp(calculated_at(meeting, canonical)),
        }
    )
    return json_response(body)


# Feedback.


def _feedback_state() -> Collection:
    store = current().store
    existing = store.areas.get(AREA)
    if existing is None:
        existing = store.area(AREA, seeds={"feedback": _feedback_seeds()})
    return existing["feedback"]


def _feedback_seeds() -> list[JsonObject]:
    # The lowest ids among meetings with participants, read one at a time:
    # most of a large store may be archived (see MeetingTable).
    with_people = (
        (key, meeting)
        for key, meeting in current().store.meetings.items()
        if meeting.get("participants")
    )
    lowest = heapq.nsmallest(len(SEED_COMMENTS), with_people, key=lambda pair: pair[0])
    meetings = [meeting for _, meeting in lowest]
    seeds = []
    for meeting, (rating, category, comment) in zip(
        meetings, SEED_COMMENTS, strict=False
    ):
        person = meeting["participants"][0]
        digest = hashlib.sha256(f"feedback:{meeting['id']}".encode()).digest()
        ended = calculated_at(meeting, str(meeting["id"])) + timedelta(minutes=7)
        seeds.append(
            {
                "id": base64.urlsafe_b64encode(digest[:16]).decode().rstrip("="),
                "meeting_id": str(meeting["id"]),
                "meeting_uuid": meeting["uuid"],
                "rating": rating,
                "category": category,
                "comment": comment,
                "participant_email": person.get("user_email", ""),
                "created_at": _stamp(ended),
            }
        )
    return seeds


def _unused_feedback_id() -> str:
    """A new id no stored feedback has; seeded ids repeat after a restart."""
    taken = _feedback_state()
    while True:
        candidate = current().ids.user_id()
        if candidate not in taken:
            return candidate


def _require_feedback(feedback_id: str) -> JsonObject:
    found = _feedback_state().get(feedback_id)
    if found is None:
        raise not_found(
            404,
            f"Feedback not found: `feedbackId` was {feedback_id!r}, which names no "
            "stored feedback.",
        )
    return found


async def qssFeedbacks(
    meeting_id: str | None = None,
    page_size: int | None = None,
    next_page_token: str | None = None,
) -> Response:
    runtime = current()
    wanted = _call("meeting", meeting_id)[0] if meeting_id else None
    chosen = [
        item
        for item in reversed(_feedback_state().as_list())
        if wanted is None or item["meeting_id"] == wanted
    ]
    page = paginate(
        chosen,
        key=lambda item: item["id"],
        page_size=page_size,
        default_size=runtime.settings.default_page_size,
        max_size=runtime.settings.max_page_size,
        next_page_token=next_page_token,
    )
    return json_response(
        {
            "page_size": page.page_size,
            "next_page_token": page.next_page_token,
            "total_records": page.total_records,
            "feedback": page.items,
        }
    )


async def qssFeedbackCreate(body: JsonObject) -> Response:
    runtime = current()
    canonical, meeting = _call("meeting", str(body["meeting_id"]))
    item: JsonObject = {
        "id": _unused_feedback_id(),
        "meeting_id": canonical,
        "rating": body["rating"],
        "category": body.get("category", "overall"),
        "created_at": _stamp(datetime.now(UTC)),
    }
    if meeting is not None:
        item["meeting_uuid"] = meeting["uuid"]
    for field in ("comment", "participant_email"):
        if body.get(field):
            item[field] = body[field]

    with runtime.store.lock:
        _feedback_state().put(item)
        runtime.store.save_area(AREA)
    return json_response(item, 201)


async def qssFeedback(feedback_id: str) -> Response:
    return json_response(_require_feedback(feedback_id))


async def qssFeedbackDelete(feedback_id: str) -> Response:
    runtime = current()
    found = _require_feedback(feedback_id)
    with runtime.store.lock:
        _feedback_state().delete(found["id"])
        runtime.store.save_area(AREA)
    return no_content()
