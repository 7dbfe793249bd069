"""Stable, realistic call-quality figures for any meeting, webinar or session id.

QoS summaries and quality scores are read-only views of calls the mock never
saw, so their numbers are drawn from a random generator seeded by a SHA-256
hash of the id (never Python's `hash()`, which changes between runs). Each call
gets a network quality between poor and excellent, and each participant's
figures scatter around it, so some calls look bad and most look fine. The
quality score is computed from these same figures, which keeps the score and
the QoS summary of a meeting telling the same story.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

JsonObject = dict[str, Any]
FIRST_NAMES = (
    "Ana", "Bilal", "Chen", "Dara", "Elif", "Farid", "Grace", "Hugo",
    "Ines", "Jonas", "Keiko", "Luca", "Maya", "Nikhil", "Olga", "Pablo",
)  # fmt: skip
LAST_NAMES = (
    "Almeida", "Brooks", "Castro", "Dubois", "Eriksen", "Fischer", "Garcia",
    "Hansen", "Ito", "Jensen", "Kowalski", "Larsen", "Mendes", "Novak",
)  # fmt: skip
ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
STREAMS = ("audio_input", "audio_output", "video_input", "video_output", "as_input",
           "as_output")  # fmt: skip
PRESSURE = ("normal", "fair", "serious", "critical")
YEAR_START = datetime(2026, 1, 1, tzinfo=UTC)


def stable_random(*parts: object) -> random.Random:
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


@dataclass(frozen=True)
class Attendee:
    id: str
    participant_id: str
    name: str
    email: str


@dataclass(frozen=True)
class Stream:
    """One direction of one medium: bit rate in kbps, times in ms, loss in %."""

    bitrate: tuple[float, float, float]
    latency: tuple[int, int, int]
    jitter: tuple[int, int, int]
    loss: tuple[float, float, float]
    resolution: str | None = None
    frame_rate: tuple[int, int, int] | None = None


@dataclass(frozen=True)
class Cpu:
    zoom: tuple[int, int, int]
    system_max: int
    pressure: tuple[str, str, str]


@dataclass(frozen=True)
class Figures:
    streams: dict[str, Stream]
    cpu: Cpu


# Who took part.


def attendees_of(meeting: JsonObject | None, call_id: str) -> list[Attendee]:
    """A known meeting's participants (or its host), else made-up people."""
    if meeting is not None:
        people = meeting.get("participants") or []
        if people:
            return [
                Attendee(
                    str(person.get("id") or person.get("user_id")),
                    str(person.get("user_id") or ""),
                    str(person.get("name") or ""),
                    str(person.get("user_email") or ""),
                )
                for person in people
            ]
        host = meeting.get("host_email") or ""
        return [Attendee(str(meeting.get("host_id", "")), "", host.split("@")[0], host)]
    return _made_up_attendees(call_id)


def _made_up_attendees(call_id: str) -> list[Attendee]:
    rng = stable_random("attendees", call_id)
    found = []
    for _ in range(rng.randint(2, 6)):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        found.append(
            Attendee(
                "".join(rng.choice(ID_ALPHABET) for _ in range(22)),
                str(rng.randrange(10_000_000, 99_999_999)),
                f"{first} {last}",
                f"{first.lower()}.{last.lower()}@example.com",
            )
        )
    return found


# What their calls were like.


def call_quality(kind: str, call_id: str) -> float:
    """0 (terrible network) to 1 (perfect), fixed per call; most calls are fine."""
    return 1 - stable_random("quality", kind, call_id).betavariate(1.4, 4.0)


def figures_for(kind: str, call_id: str, attendee: Attendee) -> Figures:
    quality = call_quality(kind, call_id)
    rng = stable_random("figures", kind, call_id, attendee.id)
    personal = min(max(quality + rng.uniform(-0.15, 0.1), 0.0), 1.0)

    streams = {
        "audio_input": _stream(rng, personal, (24, 64)),
        "audio_output": _stream(rng, personal, (24, 64)),
        "video_input": _stream(rng, personal, (400, 2200), video=(15, 30)),
        "video_output": _stream(rng, personal, (400, 2200), video=(15, 30)),
        "as_input": _stream(rng, personal, (80, 900), video=(3, 15), share=True),
        "as_output": _stream(rng, personal, (80, 900), video=(3, 15), share=True),
    }
    zoom_avg = rng.randint(4, 18) + round((1 - personal) * 20)
    cpu = Cpu(
        (max(zoom_avg - rng.randint(3, 8), 0), zoom_avg, zoom_avg + rng.randint(5, 25)),
        min(zoom_avg + rng.randint(20, 50), 100),
        (
            "normal",
            PRESSURE[min(int((1 - personal) * 2), 3)],
            PRESSURE[min(int((1 - personal) * 3.5), 3)],
        ),
    )
    return Figures(streams, cpu)


def _spread(rng: random.Random, average: float) -> tuple[float, float, float]:
    return (average * rng.uniform(0.35, 0.9), average, average * rng.uniform(1.1, 1.8))


def _rounded(values: tuple[float, float, float]) -> tuple[int, int, int]:
    low, middle, high = values
    return round(low), round(middle), round(high)


def _stream(
    rng: random.Random,
    quality: float,
    bitrate_range: tuple[int, int],
    video: tuple[int, int] | None = None,
    share: bool = False,
) -> Stream:
    poor = 1 - quality
    bitrate = _spread(rng, rng.uniform(*bitrate_range) * (0.55 + 0.45 * quality))
    latency = _spread(rng, 25 + poor * rng.uniform(60, 260))
    jitter = _spread(rng, poor * rng.uniform(2, 30))
    loss = _spread(rng, poor**2 * rng.uniform(0.2, 6))
    frame_rate = None
    resolution = None
    if video is not None:
        low, high = video
        average = max(low, round(high - poor * (high - low) * rng.uniform(0.5, 1.2)))
        frame_rate = (
            max(average - rng.randint(2, 6), 1),
            average,
            min(average + rng.randint(1, 4), high),
        )
        options = (
            ("1920*1080", "2560*1440", "1440*900")
            if share
            else ("1280*720", "640*360", "1920*1080")
        )
        resolution = options[0] if quality > 0.7 else rng.choice(options)
    return Stream(
        bitrate,
        _rounded(latency),
        _rounded(jitter),
        loss,
        resolution,
        frame_rate,
    )


# How Zoom writes the figures.


def qos_entries(figures: Figures, *, sdk: bool = False) -> list[JsonObject]:
    """One participant's `qos` list, in the dashboard's or the Video SDK's units."""
    entries = []
    for name in STREAMS:
        stream = figures.streams[name]
        details: JsonObject = {}
        for label, index in (("min", 0), ("avg", 1), ("max", 2)):
            details[f"{label}_bitrate"] = _kbps(stream.bitrate[index], sdk)
            details[f"{label}_latency"] = f"{stream.latency[index]} ms"
            details[f"{label}_jitter"] = (
                f"{stream.jitter[index]} ms" if sdk else f"{stream.jitter[index]}ms"
            )
            details[f"{label}_loss"] = f"{stream.loss[index]:.2f}%"
        if stream.frame_rate is not None:
            details["resolution"] = stream.resolution
            for label, index in (("min", 0), ("avg", 1), ("max", 2)):
                details[f"{label}_frame_rate"] = f"{stream.frame_rate[index]} fps"
        entries.append({"type": name, "details": details})

    cpu = figures.cpu
    entries.append(
        {
            "type": "cpu_usage",
            "details": {
                "zoom_min_cpu_usage": f"{cpu.zoom[0]}%",
                "zoom_avg_cpu_usage": f"{cpu.zoom[1]}%",
                "zoom_max_cpu_usage": f"{cpu.zoom[2]}%",
                "system_max_cpu_usage": f"{cpu.system_max}%",
                "system_min_cpu_pressure_level": cpu.pressure[0],
                "system_avg_cpu_pressure_level": cpu.pressure[1],
                "system_max_cpu_pressure_level": cpu.pressure[2],
            },
        }
    )
    return entries


def _kbps(value: float, sdk: bool) -> str:
    return f"{value:.2f} Kbps" if sdk else f"{value:.2f}kbps"


# The score.


@dataclass(frozen=True)
class Score:
    audio: int
    video: int
    screen_share: int

    @property
    def overall(self) -> int:
        return round(0.4 * self.audio + 0.4 * self.video + 0.2 * self.screen_share)

    @property
    def rating(self) -> str:
        overall = self.overall
        if overall >= 90:
            return "excellent"
        if overall >= 75:
            return "good"
        return "fair" if overall >= 55 else "poor"


def score_of(all_figures: list[Figures]) -> Score:
    """The mean of each participant's audio, video and screen-share scores."""
    audio, video, share = [], [], []
    for figures in all_figures:
        streams = figures.streams
        audio.append(
            _mean(
                _audio_score(streams[name]) for name in ("audio_input", "audio_output")
            )
        )
        video.append(
            _mean(
                _video_score(streams[name]) for name in ("video_input", "video_output")
            )
        )
        share.append(
            _mean(_share_score(streams[name]) for name in ("as_input", "as_output"))
        )
    return Score(_clamp(_mean(audio)), _clamp(_mean(video)), _clamp(_mean(share)))


def _audio_score(stream: Stream) -> float:
    lag = max(stream.latency[1] - 40, 0)
    return 100 - lag * 0.25 - stream.jitter[1] * 2 - stream.loss[1] * 20


def _video_score(stream: Stream) -> float:
    lag = max(stream.latency[1] - 40, 0)
    frames = stream.frame_rate[1] if stream.frame_rate else 30
    return 100 - lag * 0.2 - stream.loss[1] * 18 - max(27 - frames, 0) * 2


def _share_score(stream: Stream) -> float:
    lag = max(stream.latency[1] - 40, 0)
    frames = stream.frame_rate[1] if stream.frame_rate else 15
    return 100 - lag * 0.15 - stream.loss[1] * 15 - max(10 - frames, 0) * 4


def _mean(values: Any) -> float:
    listed = list(values)
    return sum(listed) / len(listed) if listed else 100.0


def _clamp(value: float) -> int:
    return int(min(max(round(value), 0), 100))


def calculated_at(meeting: JsonObject | None, call_id: str) -> datetime:
    """When the call ended: a known meeting's end, else a fixed moment in 2026."""
    if meeting is not None and meeting.get("start_time"):
        start = datetime.fromisoformat(meeting["start_time"])
        return start + timedelta(minutes=int(meeting.get("duration") or 60))
    rng = stable_random("ended", call_id)
    return YEAR_START + timedelta(seconds=rng.randrange(0, 365 * 86400))
