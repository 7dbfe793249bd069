"""RFC 822 messages in and out of the Mail area, built on the stdlib `email` package.

Clients send whole messages as base64url text (`raw`) and read them back as
Gmail-style JSON: a `payload` tree of MIME parts with headers and base64url
bodies, a `snippet`, and the original `raw`. The mock keeps only the raw text
of each message and derives everything else from it when asked, so what a
client reads back is always what it sent.
"""

from __future__ import annotations

import base64
import binascii
import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses
from html.parser import HTMLParser
from typing import Any

from zoom_mock.errors import FieldError, validation_failed

JsonObject = dict[str, Any]
BASE64URL = re.compile(r"^[A-Za-z0-9_-]*={0,2}$")
SNIPPET_LENGTH = 200
MAX_PART_DEPTH = 3


def encode_raw(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def decode_raw(raw: str, field: str = "raw") -> bytes:
    """The bytes of a base64url string, or a 400 that names `field`."""
    compact = "".join(raw.split())
    if not BASE64URL.match(compact):
        hint = (
            " It holds '+' or '/', so it looks like standard base64; base64url "
            "uses '-' and '_' instead."
            if re.search(r"[+/]", compact)
            else ""
        )
        raise validation_failed(
            [
                FieldError(
                    field,
                    f"`{field}` is not base64url text: it may hold only letters, "
                    f"digits, '-', '_' and trailing '=' padding.{hint}",
                )
            ]
        )
    try:
        return base64.urlsafe_b64decode(compact + "=" * (-len(compact) % 4))
    except (binascii.Error, ValueError):
        raise validation_failed(
            [
                FieldError(
                    field,
                    f"`{field}` has {len(compact)} base64url characters, which "
                    "cannot be a whole number of bytes.",
                )
            ]
        ) from None


def parse_message(data: bytes) -> EmailMessage:
    message = BytesParser(policy=policy.default).parsebytes(data)
    assert isinstance(message, EmailMessage)
    return message


def parse_outgoing(raw: str) -> EmailMessage:
    """A message a client wants to send: it needs headers and a recipient."""
    message = parse_message(decode_raw(raw))
    if not message.keys():
        raise validation_failed(
            [
                FieldError(
                    "raw",
                    "`raw` decodes to text with no header lines, so it is not an "
                    "RFC 822 message; start it with headers such as To: and Subject:.",
                )
            ]
        )
    if not recipients(message):
        raise validation_failed(
            [
                FieldError(
                    "raw",
                    "`raw` decodes to a message with no recipient address in its "
                    "To, Cc or Bcc header, so it cannot be sent.",
                )
            ]
        )
    return message


def recipients(message: EmailMessage) -> list[str]:
    fields = [
        str(value)
        for name in ("To", "Cc", "Bcc")
        for value in message.get_all(name, [])
    ]
    return [address.lower() for _, address in getaddresses(fields) if "@" in address]


def first_address(message: EmailMessage, name: str) -> str:
    found = [
        address for _, address in getaddresses([str(message.get(name, ""))]) if address
    ]
    return found[0].lower() if found else ""


def referenced_ids(message: EmailMessage) -> list[str]:
    """Message-IDs named by In-Reply-To and References, nearest first."""
    text = f"{message.get('In-Reply-To', '')} {message.get('References', '')}"
    return re.findall(r"<[^<>\s]+>", text)


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)


def body_text(message: EmailMessage) -> str:
    """The readable text: the plain part, else the HTML part without tags."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, ValueError):
        return ""
    if not isinstance(content, str):
        return ""
    if part.get_content_subtype() == "html":
        reader = _TextOnly()
        reader.feed(content)
        content = " ".join(reader.chunks)
    return content


def snippet(message: EmailMessage) -> str:
    text = " ".join(body_text(message).split())
    return text if len(text) <= SNIPPET_LENGTH else text[: SNIPPET_LENGTH - 1] + "…"


def headers_of(message: EmailMessage, only: set[str] | None = None) -> list[JsonObject]:
    return [
        {"name": name, "value": str(value)}
        for name, value in message.items()
        if only is None or name.lower() in only
    ]


def payload(message: EmailMessage, part_id: str = "", depth: int = 0) -> JsonObject:
    """The Gmail-style MIME tree of `message`, down to MAX_PART_DEPTH levels."""
    shown: JsonObject = {
        "partId": part_id,
        "mimeType": message.get_content_type(),
        "filename": message.get_filename() or "",
        "headers": headers_of(message),
    }
    if message.is_multipart():
        shown["body"] = {"size": 0}
        if depth < MAX_PART_DEPTH:
            shown["parts"] = [
                payload(
                    child, f"{part_id}.{index}" if part_id else str(index), depth + 1
                )
                for index, child in enumerate(message.iter_parts())
                if isinstance(child, EmailMessage)
            ]
        return shown

    data = message.get_payload(decode=True)
    content = data if isinstance(data, bytes) else b""
    shown["body"] = (
        {"size": len(content), "data": encode_raw(content)} if content else {"size": 0}
    )
    return shown
