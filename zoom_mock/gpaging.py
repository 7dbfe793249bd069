"""Google-style paging for the Calendar and Mail areas: maxResults and pageToken.

Zoom built its Calendar and Mail APIs in Google's shape, so their lists page with
`maxResults`, `pageToken` and `nextPageToken` instead of Zoom's `page_size` and
`next_page_token`, and the last page simply leaves `nextPageToken` out. Like
`zoom_mock.paging`, whose token scheme it shares, a token names the last record
of its page and the list it belongs to, so records created while a client walks
the pages cause neither duplicates nor gaps, and a token from elsewhere is a
400 with Zoom code 300 that names `pageToken`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from zoom_mock.paging import decode_token, encode_token, position_after

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
        offset, last_key = decode_token(
            page_token, field=token_field, prefix=TOKEN_PREFIX
        )
        start = position_after(items, key, last_key, offset)

    chunk = list(items[start : start + size])
    end = start + len(chunk)
    more = bool(chunk) and end < len(items)
    token = (
        encode_token(end, str(key(chunk[-1])), prefix=TOKEN_PREFIX) if more else None
    )
    return GooglePage(chunk, token, len(items))
