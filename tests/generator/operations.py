"""Finding every 2xx JSON response schema of an OpenAPI document."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from zoom_mock.generator.refs import References

METHODS = ("get", "put", "post", "delete", "patch", "options", "head", "trace")


@dataclass(frozen=True)
class Operation:
    """One 2xx JSON response: where it is and a schema that points at it."""

    file: str
    method: str
    path: str
    status: str
    schema: dict[str, Any]

    @property
    def where(self) -> str:
        return f"{self.file} {self.method} {self.path} {self.status}"


def success_responses(
    file: str, document: dict[str, Any], documents: dict[str, Any] | None = None
) -> Iterator[Operation]:
    """Every 2xx JSON response schema, as a `$ref` the generator can follow."""
    refs = References(document, documents)
    for path, item in (document.get("paths") or {}).items():
        for method in METHODS:
            operation = (item or {}).get(method)
            if not isinstance(operation, dict):
                continue
            for status, response in (operation.get("responses") or {}).items():
                if not str(status).startswith("2"):
                    continue
                pointer = "#/paths/" + _escape(path) + f"/{method}/responses/{status}"
                schema = _json_schema_ref(refs, response, pointer)
                if schema is not None:
                    yield Operation(file, method.upper(), path, str(status), schema)


def _json_schema_ref(
    refs: References, response: Any, pointer: str
) -> dict[str, Any] | None:
    file = ""
    if isinstance(response, dict) and "$ref" in response:
        file, _, fragment = response["$ref"].partition("#")
        _, _, response = refs.resolve(response["$ref"], "", pointer)
        pointer = f"{file}#{fragment}"

    content = (response or {}).get("content") or {}
    for media_type, entry in content.items():
        if (
            media_type.endswith("json")
            and isinstance(entry, dict)
            and "schema" in entry
        ):
            return {"$ref": f"{pointer}/content/{_escape(media_type)}/schema"}
    return None


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")
