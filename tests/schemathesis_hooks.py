"""Hooks for the schemathesis run: what a real client knows and a schema cannot say.

Paging tokens are opaque. The spec can only say that `next_page_token` or
`pageToken` is a string, so schemathesis invents strings, and the mock rightly
refuses tokens it never issued (400, as Zoom does). A real client only ever
sends back the token of the previous page, so positive test cases here send
none; negative ones keep theirs, so a token that breaks the schema is still
sent and must still be refused.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis import Case
from schemathesis.core.parameters import ParameterLocation

PAGE_TOKENS = ("next_page_token", "pageToken")


@schemathesis.hook
def map_case(context: Any, case: Case) -> Case:
    meta = case.meta
    for location, container in (
        (ParameterLocation.QUERY, case.query),
        (ParameterLocation.BODY, case.body),
    ):
        if not isinstance(container, dict):
            continue
        if meta is not None and meta.is_negative_at(location):
            continue
        if any(name in container for name in PAGE_TOKENS):
            kept = {k: v for k, v in container.items() if k not in PAGE_TOKENS}
            if location is ParameterLocation.QUERY:
                case.query = kept
            else:
                case.body = kept
    return case


VALIDATION_FAILED = "Validation Failed."


@schemathesis.check
def valid_data_is_not_refused_as_invalid(ctx: Any, response: Any, case: Case) -> None:
    """A request that fits the schema must never be answered `Validation Failed.`.

    Zoom answers a well-formed request that breaks a business rule (an account
    that does not exist, a name already taken) with 400 and a code of its own,
    so the built-in positive_data_acceptance check is told to allow 400 (see
    schemathesis.toml). This check keeps what that allowance would lose: the
    mock's schema-violation answer, 400 with code 300 and `Validation Failed.`,
    must only ever come back for data the schema itself refuses.
    """
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return
    if response.status_code != 400:
        return
    try:
        body = response.json()
    except ValueError:
        return
    if not isinstance(body, dict) or body.get("message") != VALIDATION_FAILED:
        return
    fields = ", ".join(str(item.get("field")) for item in body.get("errors") or [])
    raise AssertionError(
        f"A request that fits the schema was refused as `{VALIDATION_FAILED}` "
        f"(fields: {fields or 'none named'}); the spec and the mock disagree about "
        "what is valid here."
    )
