"""Settings of the mock, read once from the environment (and an optional .env).

The names match the original mock's settings so that existing `.env` files keep
working. Every value is checked when it is read: a bad setting stops start-up
with a message that names the variable, rather than failing on some later request.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import dotenv_values

PACKAGE_DIR = Path(__file__).resolve().parent


class SettingsError(ValueError):
    """A setting has a value the mock cannot run with."""


def _default_data_dir() -> Path:
    from zoom_mock import data

    return Path(next(iter(data.__path__)))


def _default_specs_dir() -> Path:
    from zoom_mock import specs

    return Path(next(iter(specs.__path__)))


@dataclass(frozen=True)
class Settings:
    base_url: str | None = None
    date_from: date = date(2026, 1, 1)
    date_to: date = date(2026, 12, 31)
    default_page_size: int = 30
    max_page_size: int = 300
    data_dir: Path = field(default_factory=_default_data_dir)
    specs_dir: Path = field(default_factory=_default_specs_dir)
    extra_specs: tuple[Path, ...] = ()
    persist: bool = False
    strict: bool = False
    validate_responses: bool = False
    journal_size: int = 1000
    max_body_bytes: int = 4 * 1024 * 1024
    seed: int = 0
    rate_limits: str = "off"
    latency_ms: tuple[int, int] | None = None
    fault_rate: float = 0.0
    fast_path: bool = True
    """Answer ordinary requests on the short road (zoom_mock/fastpath.py)."""

    def with_options(self, **changes: object) -> Settings:
        """A copy with the given fields changed (None values are ignored)."""
        kept = {key: value for key, value in changes.items() if value is not None}
        return replace(self, **kept)  # type: ignore[arg-type]


def _parse_date(name: str, raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise SettingsError(
            f"{name} is {raw!r}, but it must be a date written as YYYY-MM-DD."
        ) from None


def _parse_int(name: str, raw: str, *, minimum: int) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(
            f"{name} is {raw!r}, but it must be a whole number."
        ) from None
    if value < minimum:
        raise SettingsError(f"{name} is {value}, but it must be at least {minimum}.")
    return value


def _parse_base_url(raw: str) -> str | None:
    if not raw:
        return None
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SettingsError(
            f"BASE_URL is {raw!r}, but it must be an absolute http(s) URL "
            "such as https://api.zoom.us."
        )
    return raw.rstrip("/")


def _parse_bool(name: str, raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off", ""):
        return False
    raise SettingsError(f"{name} is {raw!r}, but it must be true or false.")


RATE_LIMIT_PLANS = ("off", "free", "pro", "business")


def _parse_rate_limits(raw: str) -> str:
    plan = raw.strip().lower()
    if plan not in RATE_LIMIT_PLANS:
        raise SettingsError(
            f"ZOOM_MOCK_RATE_LIMITS / --rate-limits is {raw!r}, but it must be one "
            f"of {', '.join(RATE_LIMIT_PLANS)}."
        )
    return plan


def _parse_latency(raw: str) -> tuple[int, int]:
    """`MIN-MAX` or a single number, in milliseconds."""
    low, dash, high = raw.strip().partition("-")
    try:
        bounds = (int(low), int(high if dash else low))
    except ValueError:
        raise SettingsError(
            f"ZOOM_MOCK_LATENCY / --latency is {raw!r}, but it must be MIN-MAX in "
            "milliseconds, such as 50-200, or one number."
        ) from None
    if not 0 <= bounds[0] <= bounds[1] <= 600_000:
        raise SettingsError(
            f"ZOOM_MOCK_LATENCY / --latency is {raw!r}: MIN must not exceed MAX, "
            "and both must lie between 0 and 600000 milliseconds."
        )
    return bounds


def _parse_fault_rate(raw: str) -> float:
    try:
        rate = float(raw)
    except ValueError:
        rate = -1.0
    if not 0.0 <= rate <= 1.0:
        raise SettingsError(
            f"ZOOM_MOCK_FAULT_RATE / --fault-rate is {raw!r}, but it must be a "
            "fraction between 0 and 1, such as 0.05."
        )
    return rate


def load_settings(
    environ: Mapping[str, str] | None = None, env_file: Path | None = None
) -> Settings:
    """Read settings from `environ` (default os.environ) over an optional .env file."""
    values: dict[str, str] = {}
    dotenv_path = env_file if env_file is not None else Path.cwd() / ".env"
    if dotenv_path.is_file():
        values.update(
            {k: v for k, v in dotenv_values(dotenv_path).items() if v is not None}
        )
    values.update(os.environ if environ is None else environ)

    settings = Settings()
    changes: dict[str, object] = {}
    if "BASE_URL" in values:
        changes["base_url"] = _parse_base_url(values["BASE_URL"])
    if "DEFAULT_DATE_FROM" in values:
        changes["date_from"] = _parse_date(
            "DEFAULT_DATE_FROM", values["DEFAULT_DATE_FROM"]
        )
    if "DEFAULT_DATE_TO" in values:
        changes["date_to"] = _parse_date("DEFAULT_DATE_TO", values["DEFAULT_DATE_TO"])
    if "DEFAULT_PAGE_SIZE" in values:
        changes["default_page_size"] = _parse_int(
            "DEFAULT_PAGE_SIZE", values["DEFAULT_PAGE_SIZE"], minimum=1
        )
    if "MAX_PAGE_SIZE" in values:
        changes["max_page_size"] = _parse_int(
            "MAX_PAGE_SIZE", values["MAX_PAGE_SIZE"], minimum=1
        )
    if "ZOOM_MOCK_DATA_DIR" in values:
        changes["data_dir"] = Path(values["ZOOM_MOCK_DATA_DIR"])
    if "ZOOM_MOCK_PERSIST" in values:
        changes["persist"] = _parse_bool(
            "ZOOM_MOCK_PERSIST", values["ZOOM_MOCK_PERSIST"]
        )
    if "ZOOM_MOCK_STRICT" in values:
        changes["strict"] = _parse_bool("ZOOM_MOCK_STRICT", values["ZOOM_MOCK_STRICT"])
    if "ZOOM_MOCK_VALIDATE_RESPONSES" in values:
        changes["validate_responses"] = _parse_bool(
            "ZOOM_MOCK_VALIDATE_RESPONSES", values["ZOOM_MOCK_VALIDATE_RESPONSES"]
        )
    if values.get("ZOOM_MOCK_SPECS"):
        changes["extra_specs"] = tuple(
            Path(item) for item in values["ZOOM_MOCK_SPECS"].split(os.pathsep) if item
        )
    if "ZOOM_MOCK_SEED" in values:
        changes["seed"] = _parse_int(
            "ZOOM_MOCK_SEED (--seed)", values["ZOOM_MOCK_SEED"], minimum=0
        )
    if "ZOOM_MOCK_MAX_BODY_BYTES" in values:
        changes["max_body_bytes"] = _parse_int(
            "ZOOM_MOCK_MAX_BODY_BYTES (--max-body-bytes)",
            values["ZOOM_MOCK_MAX_BODY_BYTES"],
            minimum=1024,
        )
    if "ZOOM_MOCK_JOURNAL_SIZE" in values:
        changes["journal_size"] = _parse_int(
            "ZOOM_MOCK_JOURNAL_SIZE (--journal-size)",
            values["ZOOM_MOCK_JOURNAL_SIZE"],
            minimum=1,
        )

    if "ZOOM_MOCK_RATE_LIMITS" in values:
        changes["rate_limits"] = _parse_rate_limits(values["ZOOM_MOCK_RATE_LIMITS"])
    if values.get("ZOOM_MOCK_LATENCY"):
        changes["latency_ms"] = _parse_latency(values["ZOOM_MOCK_LATENCY"])
    if "ZOOM_MOCK_FAULT_RATE" in values:
        changes["fault_rate"] = _parse_fault_rate(values["ZOOM_MOCK_FAULT_RATE"])
    if "ZOOM_MOCK_FAST_PATH" in values:
        changes["fast_path"] = _parse_bool(
            "ZOOM_MOCK_FAST_PATH", values["ZOOM_MOCK_FAST_PATH"]
        )

    return check_settings(replace(settings, **changes))  # type: ignore[arg-type]


def check_settings(settings: Settings) -> Settings:
    """Reject combinations of settings that cannot work together."""
    if settings.date_from > settings.date_to:
        raise SettingsError(
            f"DEFAULT_DATE_FROM ({settings.date_from}) is after "
            f"DEFAULT_DATE_TO ({settings.date_to})."
        )
    if settings.default_page_size > settings.max_page_size:
        raise SettingsError(
            f"DEFAULT_PAGE_SIZE ({settings.default_page_size}) is larger than "
            f"MAX_PAGE_SIZE ({settings.max_page_size})."
        )
    if not settings.data_dir.is_dir():
        raise SettingsError(
            f"ZOOM_MOCK_DATA_DIR / --data-dir is {str(settings.data_dir)!r}, "
            "which is not a directory."
        )
    return settings
