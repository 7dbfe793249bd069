"""Google-style paging for the Calendar and Mail areas: maxResults and pageToken.

Zoom built its Calendar and Mail APIs in Google's shape, so their lists page with
`maxResults`, `pageToken` and `nextPageToken` instead of Zoom's `page_size` and
`next_page_token`, and the last page simply leaves `nextPageToken` out. Like
`zoom_mock.paging`, a token names the last record of its page rather than an
offset alone, so records created while a client walks the pages cause neither
duplicates nor gaps. A token the mock did not issue is a 400 with Zoom code 300
that names `pageToken`.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from zoom_mock.errors import FieldError, validation_failed

T = TypeVar("T")
TOKEN_PREFIX = "zg1:"


@dataclass(frozen=True)
class GooglePage:
    items: list[Any]
    next_page_token: str | None
    total: int

    def fields(self) -> dict[str, Any]:
        """`nextPageToken` when another page follows, else nothing."""
        return {"nextPageToken": self.next_page_token} if self.next_page_token else {}


def encode_page_token(offset: int, key: str) -> str:
    raw = f"{TOKEN_PREFIX}{offset}:{key}".encode()
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_page_token(token: str, field: str = "pageToken") -> tuple[int, str]:
    """The offset and last key a token names, or a 400 that names `field`."""
    bad = validation_failed(
        [
            FieldError(
                field,
                f"`{field}` was {token[:40]!r}, which is not a token this mock "
                "issued; pass the `nextPageToken` of the previous page unchanged.",
            )
        ]
    )
    try:
        padded = token + "=" * (-len(token) % 4)
        text = base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        raise bad from None
    if not text.startswith(TOKEN_PREFIX):
        raise bad
    offset_text, _, key = text[len(TOKEN_PREFIX) :].partition(":")
    if not (offset_text.isascii() and offset_text.isdigit()):
        raise bad
    return int(offset_text), key


def google_paginate(
    items: Sequence[T],
    *,
    key: Callable[[T], object],
    max_results: int | None,
    default_size: int,
    max_size: int,
    page_token: str | None = None,
    token_field: str = "pageToken",
) -> GooglePage:
    """One page of `items`; `key` gives each record's stable id."""
    size = min(max(max_results or default_size, 1), max_size)
    start = 0
    if page_token:
        offset, last_key = decode_page_token(page_token, token_field)
        start = _position_after(items, key, last_key, offset)

    chunk = list(items[start : start + size])
    end = start + len(chunk)
    more = bool(chunk) and end < len(items)
    token = encode_page_token(end, str(key(chunk[-1]))) if more else None
    return GooglePage(chunk, token, len(items))


def _position_after(
    items: Sequence[T], key: Callable[[T], object], last_key: str, offset: int
) -> int:
    """Where the page after `last_key` starts; the old offset if it is gone."""
    guess = offset - 1
    if 0 <= guess < len(items) and str(key(items[guess])) == last_key:
        return offset
    for index, item in enumerate(items):
        if str(key(item)) == last_key:
            return index + 1
    return min(offset, len(items))
