"""Seeds that are the same in every process.

Python's `hash()` of a string changes from one process to the next, so seeds
are derived from SHA-256 of a tagged encoding of the parts instead. The tag
keeps `stable_seed("1")` and `stable_seed(1)` apart.
"""

from __future__ import annotations

import hashlib

_SEPARATOR = b"\x1f"


def stable_seed(*parts: str | int) -> int:
    """A non-negative 63-bit integer that depends only on `parts`."""
    digest = hashlib.sha256()
    for part in parts:
        if isinstance(part, bool) or not isinstance(part, (str, int)):
            raise TypeError(
                f"stable_seed takes str or int parts, and received {part!r} "
                f"of type {type(part).__name__}."
            )
        tag = b"s" if isinstance(part, str) else b"i"
        digest.update(tag + str(part).encode("utf-8") + _SEPARATOR)

    return int.from_bytes(digest.digest()[:8], "big") >> 1
