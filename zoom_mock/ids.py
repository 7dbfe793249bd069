"""Zoom-shaped identifiers for records the mock creates.

Ids come from a random generator seeded by `--seed`, so a test that creates
the same records in the same order gets the same ids on every run.
"""

from __future__ import annotations

import base64
import random
import string


class IdFactory:
    def __init__(self, seed: int = 0) -> None:
        self._random = random.Random(f"zoom-mock-ids-{seed}")

    def user_id(self) -> str:
        """22 characters, like `KDcuGIm1QgePTO8WbOqwIQ`."""
        return self.token(22)

    def meeting_id(self) -> int:
        """A 10 or 11 digit meeting number."""
        digits = self._random.choice((10, 11))
        return self._random.randrange(10 ** (digits - 1), 10**digits)

    def uuid(self) -> str:
        """Base64 of 16 bytes, like the uuid `aDYlohsHRtCd4ii1uC2+hA==`."""
        return base64.b64encode(self._random.randbytes(16)).decode("ascii")

    def token(self, length: int = 40) -> str:
        """`length` characters of A-Z, a-z, 0-9, `-` and `_`, each as likely.

        That is URL-safe base64's alphabet, so each character is six random
        bits: one call for the bytes instead of one per character.
        """
        raw = self._random.randbytes((length * 6 + 7) // 8)
        return base64.urlsafe_b64encode(raw)[:length].decode("ascii")

    def digits(self, length: int) -> str:
        return "".join(self._random.choice(string.digits) for _ in range(length))

    def hex_id(self, length: int = 32) -> str:
        return self._random.randbytes((length + 1) // 2).hex()[:length]
