"""The `Prefer` request header (RFC 7240), as the mock reads it.

Clients steer the mock per request: `dynamic=true` asks for a fuzzed body,
`seed=N` pins the generator, `code=404` asks for a declared error response and
`example=NAME` for a named example. Unknown preferences are ignored, as the RFC
says; a known one with a value the mock cannot honour is an error.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.datastructures import Headers

from zoom_mock.errors import FieldError, validation_failed


@dataclass(frozen=True)
class Preferences:
    dynamic: bool = False
    seed: int | None = None
    code: int | None = None
    example: str | None = None

    def applied(self) -> str:
        """The `Preference-Applied` value for the preferences that were set."""
        parts = []
        if self.code is not None:
            parts.append(f"code={self.code}")
        if self.example is not None:
            parts.append(f"example={self.example}")
        if self.dynamic:
            parts.append("dynamic=true")
        if self.seed is not None:
            parts.append(f"seed={self.seed}")
        return ", ".join(parts)


def _tokens(headers: Headers) -> dict[str, str]:
    found: dict[str, str] = {}
    for header in headers.getlist("prefer"):
        for preference in header.split(","):
            head = preference.split(";", 1)[0].strip()
            if not head:
                continue
            name, _, value = head.partition("=")
            found[name.strip().lower()] = value.strip().strip('"')
    return found


def parse_preferences(headers: Headers) -> Preferences:
    tokens = _tokens(headers)
    errors: list[FieldError] = []

    dynamic = False
    if "dynamic" in tokens:
        value = tokens["dynamic"].lower()
        if value not in ("true", "false", ""):
            errors.append(
                FieldError(
                    "Prefer", f"dynamic was {value!r}; use dynamic=true or false."
                )
            )
        dynamic = value in ("true", "")

    seed = _integer(tokens, "seed", errors, minimum=0, maximum=2**63 - 1)
    code = _integer(tokens, "code", errors, minimum=100, maximum=599)
    example = tokens.get("example") or None

    if errors:
        raise validation_failed(errors)
    return Preferences(dynamic=dynamic, seed=seed, code=code, example=example)


def _integer(
    tokens: dict[str, str],
    name: str,
    errors: list[FieldError],
    *,
    minimum: int,
    maximum: int,
) -> int | None:
    if name not in tokens:
        return None
    raw = tokens[name]
    try:
        value = int(raw)
    except ValueError:
        errors.append(
            FieldError("Prefer", f"{name} was {raw!r}, but it must be a number.")
        )
        return None
    if not minimum <= value <= maximum:
        errors.append(
            FieldError(
                "Prefer",
                f"{name} was {value}, but it must be between {minimum} and {maximum}.",
            )
        )
        return None
    return value
