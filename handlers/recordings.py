"""Cloud recordings: listed per host or per meeting, trashed or deleted, downloaded.

Recording files live inside their meeting. A trashed file stays there with a
`deleted_time`, which hides it from the normal lists and shows it in the
trash lists; deleting for good removes it. Every file's `download_url` and
`play_url` lead back to this mock (or to BASE_URL), where the downloads below
answer with stand-ins: text files are real (the meeting's transcript, a chat
log and a timeline built from who took part), media files are a few fixed
bytes of the right type, enough for a client to check status, headers and
content type without the mock storing any video.
"""

from __future__ import annotations

import re
from typing import Any

import orjson
from starlette.responses import Response
from zoom_mock.handlers._meetings import (
    Meeting,
    date_range,
    hosted_meetings,
    meeting_start,
    now_utc,
    parse_utc,
    require_meeting,
    stable_token,
    utc_text,
)
from zoom_mock.handlers._users import require_user

from zoom_mock.errors import JSON_CONTENT_TYPE, no_recording, not_found
from zoom_mock.links import download_base_url, meeting_link_base
from zoom_mock.paging import paginate
from zoom_mock.responses import json_response, no_content
from zoom_mock.runtime import current

RecordingFile = dict[str, Any]

TRANSCRIPT_FILE = "transcript.vtt"

# An MP4 and an M4A file header (an `ftyp` box and an empty `free` box): enough
# for a client to recognise the file type, with no media in it.
MP4_BYTES = (
    b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41\x00\x00\x00\x08free"
)
M4A_BYTES = b"\x00\x00\x00\x1cftypM4A \x00\x00\x02\x00M4A isommp42\x00\x00\x00\x08free"

CHAT_LINES = (
    "Good morning, everyone!",
    "Sharing the doc link in a second.",
    "Thanks, that helps.",
    "I have a hard stop at the hour.",
    "+1",
    "Can you share the slides afterwards?",
)


# Views.


def _files(meeting: Meeting, *, trash: bool = False) -> list[RecordingFile]:
    """The meeting's live files, or with `trash` the files in the trash."""
    return [
        item
        for item in meeting.get("recording_files") or ()
        if bool(item.get("deleted_time")) == trash
    ]


def _file_view(meeting: Meeting, item: RecordingFile) -> RecordingFile:
    base = download_base_url()
    return {
        **item,
        "download_url": f"{base}/rec/download/{meeting['id']}/{item['id']}",
        "play_url": f"{base}/rec/play/{meeting['id']}/{item['id']}",
    }


def _recording_view(meeting: Meeting, files: list[RecordingFile]) -> dict[str, Any]:
    host = current().store.users.get(meeting.get("host_id", "")) or {}
    share = stable_token("share", meeting["uuid"], length=43)
    view: dict[str, Any] = {
        "uuid": meeting["uuid"],
        "id": meeting["id"],
        "account_id": host.get("account_id", ""),
        "host_id": meeting.get("host_id", ""),
        "topic": meeting.get("topic", ""),
        "type": str(meeting.get("type", 2)),
        "start_time": utc_text(meeting_start(meeting)),
        "timezone": meeting.get("timezone", "UTC"),
        "duration": meeting.get("duration", 0),
        "total_size": sum(int(item.get("file_size") or 0) for item in files),
        "recording_count": len(files),
        "share_url": f"{meeting_link_base()}/rec/share/{share}",
        "recording_files": [_file_view(meeting, item) for item in files],
    }
    if meeting.get("recording_play_passcode"):
        view["recording_play_passcode"] = meeting["recording_play_passcode"]
    return view


# Listing and reading.


async def recordingsList(
    user_id: str,
    page_size: int | None = None,
    next_page_token: str | None = None,
    trash: bool = False,
    from_: str | None = None,
    to: str | None = None,
    meeting_id: int | None = None,
    **_ignored: Any,
) -> Response:
    runtime = current()
    user = require_user(user_id)
    window = date_range(from_, to)

    chosen = []
    for meeting in hosted_meetings(user):
        files = _files(meeting, trash=bool(trash))
        if not files or not window.holds(meeting_start(meeting)):
            continue
        if meeting_id is None or meeting["id"] == meeting_id:
            chosen.append((meeting, files))
    chosen.sort(key=lambda pair: (meeting_start(pair[0]), pair[0]["id"]), reverse=True)

    page = paginate(
        chosen,
        key=lambda pair: pair[0]["id"],
        page_size=page_size,
        default_size=runtime.settings.default_page_size,
        max_size=runtime.settings.max_page_size,
        next_page_token=next_page_token,
    )
    fields = page.fields()
    fields.pop("page_number")
    listed = [_recording_view(meeting, files) for meeting, files in page.items]
    return json_response(
        {
            "from": window.first.isoformat(),
            "to": window.last.isoformat(),
            **fields,
            "meetings": listed,
        }
    )


async def recordingGet(
    meeting_id: str, include_fields: str | None = None, **_ignored: Any
) -> Response:
    found = require_meeting(meeting_id)
    files = _files(found)
    if not files:
        raise no_recording(found["id"])

    body = _recording_view(found, files)
    body["password"] = found.get("password", "")
    wanted = {part.strip() for part in (include_fields or "").split(",")}
    if "download_access_token" in wanted:
        body["download_access_token"] = stable_token(
            "download", found["uuid"], length=64
        )
    return json_response(body)


# Deleting.


def _sync_host(meeting: Meeting) -> None:
    """Keep the host's `recording_meeting_ids` in step (callers hold the lock)."""
    store = current().store
    host = store.users.get(meeting.get("host_id", ""))
    if host is None:
        return
    ids = host.setdefault("recording_meeting_ids", [])
    has_files = bool(_files(meeting))
    if has_files and meeting["id"] not in ids:
        ids.append(meeting["id"])
    elif not has_files and meeting["id"] in ids:
        ids.remove(meeting["id"])
    store.save_user(host)


def _forget_transcript(meeting: Meeting, purged: list[RecordingFile]) -> None:
    """Deleting the TRANSCRIPT file for good takes the transcript download with it."""
    if any(item.get("file_type") == "TRANSCRIPT" for item in purged):
        meeting.pop("vtt_data", None)


async def recordingDelete(
    meeting_id: str, action: str = "trash", **_ignored: Any
) -> Response:
    store = current().store
    found = require_meeting(meeting_id)
    with store.lock:
        purge = action == "delete"
        files = _files(found) + (_files(found, trash=True) if purge else [])
        if not files:
            raise no_recording(found["id"])
        if purge:
            found["recording_files"] = []
            _forget_transcript(found, files)
        else:
            stamp = utc_text(now_utc())
            for item in files:
                item["deleted_time"] = stamp
        _sync_host(found)
        store.save_meeting(found)
    return no_content()


async def recordingDeleteOne(
    meeting_id: str, recording_id: str, action: str = "trash", **_ignored: Any
) -> Response:
    store = current().store
    found = require_meeting(meeting_id)
    with store.lock:
        candidates = found.get("recording_files") or []
        if action != "delete":
            candidates = _files(found)
        item = next((f for f in candidates if f.get("id") == recording_id), None)
        if item is None:
            raise not_found(
                3301,
                "There is no recording for this meeting: meeting "
                f"{found['id']} has no recording file {recording_id!r}.",
            )
        if action == "delete":
            found["recording_files"] = [f for f in candidates if f is not item]
            _forget_transcript(found, [item])
        else:
            item["deleted_time"] = utc_text(now_utc())
        _sync_host(found)
        store.save_meeting(found)
    return no_content()


# Downloads.


def _file_stem(meeting: Meeting) -> str:
    topic = re.sub(r"[^A-Za-z0-9]+", "_", meeting.get("topic", "")).strip("_")
    return topic[:60] or "recording"


def _clock(seconds: float) -> str:
    whole = max(int(seconds), 0)
    return f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}"


def _offsets(
    meeting: Meeting, item: RecordingFile
) -> list[tuple[float, dict[str, Any]]]:
    """Each participant with the seconds after the recording start they joined."""
    start_text = item.get("recording_start") or meeting.get("start_time")
    start = parse_utc(start_text) if start_text else now_utc()
    found = []
    for person in meeting.get("participants") or ():
        joined = parse_utc(person["join_time"]) if person.get("join_time") else start
        found.append(((joined - start).total_seconds(), person))
    return found


def _chat_text(meeting: Meeting, item: RecordingFile) -> str:
    lines = []
    for position, (offset, person) in enumerate(_offsets(meeting, item)):
        message = CHAT_LINES[position % len(CHAT_LINES)]
        when = _clock(offset + 30 + 45 * position)
        lines.append(f"{when} From {person.get('name', 'Guest')} to Everyone:")
        lines.append(f"\t{message}")
    return "\n".join(lines) + "\n"


def _timeline(meeting: Meeting, item: RecordingFile) -> bytes:
    events = [
        {
            "ts": f"{_clock(offset)}.000",
            "users": [
                {
                    "username": person.get("name", ""),
                    "email_address": person.get("user_email", ""),
                    "user_id": person.get("user_id", ""),
                    "zoom_userid": person.get("id", ""),
                }
            ],
        }
        for offset, person in _offsets(meeting, item)
    ]
    return orjson.dumps({"timeline": events})


def _content(meeting: Meeting, item: RecordingFile) -> tuple[bytes | str, str]:
    """The stand-in body of a recording file and its media type."""
    kind = item.get("file_type", "")
    if kind in ("TRANSCRIPT", "CC"):
        return meeting.get("vtt_data") or "WEBVTT\n", "text/vtt"
    if kind == "MP4":
        return MP4_BYTES, "video/mp4"
    if kind == "M4A":
        return M4A_BYTES, "audio/mp4"
    if kind == "CHAT":
        return _chat_text(meeting, item), "text/plain"
    if kind in ("TIMELINE", "TB"):
        return _timeline(meeting, item), JSON_CONTENT_TYPE
    return f"{kind} file {item.get('id')} of meeting {meeting['id']}\n", "text/plain"


def _transcript_text(meeting: Meeting) -> str | None:
    """The meeting's transcript, unless its TRANSCRIPT file is in the trash."""
    files = [
        item
        for item in meeting.get("recording_files") or ()
        if item.get("file_type") == "TRANSCRIPT"
    ]
    if files and all(item.get("deleted_time") for item in files):
        return None
    return meeting.get("vtt_data") or None


def _transcript(meeting_id: str, disposition: str) -> Response:
    found = require_meeting(meeting_id)
    text = _transcript_text(found)
    if not text:
        raise no_recording(found["id"])
    filename = f"{_file_stem(found)}_transcript.vtt"
    return Response(
        text,
        media_type="text/vtt",
        headers={"Content-Disposition": f'{disposition}; filename="{filename}"'},
    )


def _serve(meeting_id: str, file_id: str, disposition: str) -> Response:
    if file_id == TRANSCRIPT_FILE:
        return _transcript(meeting_id, disposition)

    found = require_meeting(meeting_id)
    item = next((f for f in _files(found) if f.get("id") == file_id), None)
    if item is None:
        raise not_found(
            3301,
            "There is no recording for this meeting: meeting "
            f"{found['id']} has no recording file {file_id!r}.",
        )
    content, media_type = _content(found, item)
    extension = str(item.get("file_extension", "bin")).lower()
    filename = f"{_file_stem(found)}_{item.get('recording_type', 'file')}.{extension}"
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f'{disposition}; filename="{filename}"'},
    )


async def downloadTranscript(meeting_id: str, **_ignored: Any) -> Response:
    return _transcript(meeting_id, "attachment")


async def downloadRecordingFile(
    meeting_id: str, file_id: str, **_ignored: Any
) -> Response:
    return _serve(meeting_id, file_id, "attachment")


async def playRecordingFile(meeting_id: str, file_id: str, **_ignored: Any) -> Response:
    return _serve(meeting_id, file_id, "inline")
