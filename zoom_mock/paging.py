"""Zoom's paging: page_size, page_number and an opaque next_page_token.

A token names the last record of the page it ends, not just an offset, so that
a client walking pages while others create records sees neither duplicates nor
gaps: the next page starts right after that record, wherever it now stands.
A token carries a digest of the list's path, so a token from another list, or
one the mock did not issue, is a 400 with Zoom code 300.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from zoom_mock.errors import FieldError, validation_failed
from zoom_mock.runtime import current_scope

T = TypeVar("T")
TOKEN_PREFIX = "zm1:"
MAX_PAGE_NUMBER = 2**31 - 1
"""The largest page number a list answers; beyond it the number itself could
not be written back in the answer as JSON (an int64 at most)."""


@dataclass(frozen=True)
class Page:
    items: list[Any]
    page_size: int
    page_number: int
    page_count: int
    total_records: int
    next_page_token: str

    def fields(self) -> dict[str, Any]:
        """Zoom's paging fields, to merge into a list response."""
        return {
            "page_count": self.page_count,
            "page_number": self.page_number,
            "page_size": self.page_size,
            "total_records": self.total_records,
            "next_page_token": self.next_page_token,
        }


def _list_tag() -> str:
    """A short digest of the request path, so a token only works on its own list."""
    try:
        path = current_scope().get("path", "")
    except (LookupError, RuntimeError):  # outside a request
        path = ""
    return hashlib.sha256(path.encode("utf-8", "replace")).hexdigest()[:8]


def encode_token(offset: int, key: str, *, prefix: str = TOKEN_PREFIX) -> str:
    raw = f"{prefix}{offset}:{_list_tag()}:{key}".encode()
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_token(
    token: str, *, field: str = "next_page_token", prefix: str = TOKEN_PREFIX
) -> tuple[int, str]:
    """The offset and last key a token names, or a 400 that names `field`."""
    bad = validation_failed(
        [
            FieldError(
                field,
                f"`{field}` was {token[:40]!r}, which is not a token this list "
                "issued; pass the value from the previous page of the same list "
                "unchanged.",
            )
        ]
    )
    try:
        padded = token + "=" * (-len(token) % 4)
        text = base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        raise bad from None
    if not text.startswith(prefix):
        raise bad
    offset_text, _, rest = text[len(prefix) :].partition(":")
    tag, _, key = rest.partition(":")
    if not (offset_text.isascii() and offset_text.isdigit()) or tag != _list_tag():
        raise bad
    return int(offset_text), key


def paginate(
    items: Sequence[T],
    *,
    key: Callable[[T], object],
    page_size: int | None,
    default_size: int,
    max_size: int,
    page_number: int | None = None,
    next_page_token: str | None = None,
) -> Page:
    """Cut `items` into Zoom pages; `key` gives each record's stable id."""
    size = min(max(page_size or default_size, 1), max_size)
    total = len(items)
    page_count = max((total + size - 1) // size, 1) if total else 0

    if next_page_token:
        offset, last_key = decode_token(next_page_token)
        start = position_after(items, key, last_key, offset)
        number = start // size + 1
    else:
        number = max(page_number or 1, 1)
        if number > MAX_PAGE_NUMBER:
            raise validation_failed(
                [
                    FieldError(
                        "page_number",
                        f"`page_number` in the query was {number}, and the mock "
                        f"serves pages up to {MAX_PAGE_NUMBER}.",
                    )
                ]
            )
        start = (number - 1) * size

    chunk = list(items[start : start + size])
    end = start + len(chunk)
    token = encode_token(end, str(key(chunk[-1]))) if chunk and end < total else ""
    return Page(chunk, size, number, page_count, total, token)


def position_after(
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
