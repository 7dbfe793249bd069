"""Logging of the mock, set up in this one place.

Three loggers carry the mock's own lines, named by their job: `zoom_mock.access`
(one line per request, written by the journal), `zoom_mock.startup` (how specs
were wired to handlers, at DEBUG) and `zoom_mock.error` (server errors, once).
uvicorn's loggers are routed through the same handler, and its access log is
switched off by the caller so that each request is logged exactly once.

The setup is a `logging.config.dictConfig` dictionary rather than calls on
loggers, because uvicorn applies the same dictionary again in the process it
starts for `--reload`, so both processes log alike. With `--log-json` every
line is one JSON object, for log shippers.
"""

from __future__ import annotations

import logging
import logging.config
from datetime import UTC, datetime
from typing import Any

import orjson

LEVELS = ("debug", "info", "warning", "error")

TEXT_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"

_STANDARD_ATTRIBUTES = frozenset(
    logging.LogRecord("", 0, "", 0, "", (), None).__dict__
) | {"message", "asctime", "color_message", "taskName"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and any extras."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD_ATTRIBUTES and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(line, default=str).decode("utf-8")


def logging_config(level: str = "info", *, json_lines: bool = False) -> dict[str, Any]:
    """The dictConfig for the mock's loggers and uvicorn's, at `level`."""
    if level.lower() not in LEVELS:
        raise ValueError(
            f"The log level was {level!r}, but it must be one of {', '.join(LEVELS)}."
        )
    formatter: dict[str, Any] = (
        {"()": f"{__name__}.JsonFormatter"} if json_lines else {"format": TEXT_FORMAT}
    )
    named = {"level": level.upper(), "handlers": ["mock"], "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"mock": formatter},
        "handlers": {
            "mock": {
                "class": "logging.StreamHandler",
                "formatter": "mock",
                "stream": "ext://sys.stderr",
            }
        },
        "loggers": {
            "zoom_mock": dict(named),
            "uvicorn": dict(named),
            "uvicorn.error": {"level": level.upper(), "propagate": True},
            "uvicorn.access": {"level": "WARNING", "handlers": [], "propagate": False},
            "connexion": {"level": "WARNING", "handlers": ["mock"], "propagate": False},
        },
    }


def configure_logging(level: str = "info", *, json_lines: bool = False) -> None:
    """Route every logger of the mock (and uvicorn's) to stderr at `level`."""
    logging.config.dictConfig(logging_config(level, json_lines=json_lines))
