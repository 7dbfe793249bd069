"""The small part of Gmail's search language that the `q` parameter understands.

A query is a list of terms that must all match: `from:`, `to:`, `subject:`,
`label:` and `in:` (a label id or a user label's name), `is:unread`,
`is:read`, `is:starred`, `is:important`, `rfc822msgid:`, and plain words,
which are looked for in the subject, snippet and addresses. An operator the
mock does not know is a 400 naming `q`, rather than a silent empty result.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from zoom_mock.errors import FieldError, validation_failed

JsonObject = dict[str, Any]
TERM = re.compile(r'(?:(?P<op>[A-Za-z0-9]+):)?(?P<value>"[^"]*"|\S+)')
FLAGS = {"unread": "UNREAD", "starred": "STARRED", "important": "IMPORTANT"}
KNOWN = ("from", "to", "subject", "label", "in", "is", "rfc822msgid")


@dataclass(frozen=True)
class Term:
    operator: str
    value: str


def parse_query(query: str | None) -> list[Term]:
    terms: list[Term] = []
    for match in TERM.finditer(query or ""):
        operator = (match["op"] or "").lower()
        value = match["value"].strip('"').lower()
        if operator and operator not in KNOWN:
            raise validation_failed(
                [
                    FieldError(
                        "q",
                        f"`q` uses the operator '{operator}:', which the mock does not "
                        f"understand; it knows {', '.join(k + ':' for k in KNOWN)} "
                        "and plain words.",
                    )
                ]
            )
        if operator == "is" and value not in (*FLAGS, "read"):
            raise validation_failed(
                [
                    FieldError(
                        "q",
                        f"`q` has 'is:{value}', but the mock understands only "
                        "is:unread, is:read, is:starred and is:important.",
                    )
                ]
            )
        terms.append(Term(operator, value))
    return terms


def matches(
    message: JsonObject,
    terms: list[Term],
    fields: Callable[[JsonObject], JsonObject],
    label_names: dict[str, str],
) -> bool:
    """Whether `message` satisfies every term; `fields` gives its headers."""
    if not terms:
        return True
    labels = {label.upper() for label in message["labelIds"]}
    found = fields(message)
    text = " ".join(
        (found["subject"], message.get("snippet", ""), found["from"], found["to"])
    ).lower()
    return all(_matches(term, labels, found, text, label_names) for term in terms)


def _matches(
    term: Term,
    labels: set[str],
    found: JsonObject,
    text: str,
    label_names: dict[str, str],
) -> bool:
    value = term.value
    if term.operator == "from":
        return value in found["from"]
    if term.operator == "to":
        return value in found["to"]
    if term.operator == "subject":
        return value in found["subject"].lower()
    if term.operator in ("label", "in"):
        wanted = label_names.get(value, value).upper()
        return wanted in labels
    if term.operator == "is":
        return "UNREAD" not in labels if value == "read" else FLAGS[value] in labels
    if term.operator == "rfc822msgid":
        return value.strip("<>") == str(found["rfcId"]).strip("<>").lower()
    return value in text
