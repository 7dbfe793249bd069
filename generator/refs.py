"""Following `$ref` inside one OpenAPI document and into sibling files.

Our own specs keep shared components in `common.yaml` and point at them with
`common.yaml#/components/...`; the merged document the app serves uses local
`#/components/...` references. Both kinds resolve here. A reference is named
by a canonical key, `file#pointer`, so that recursion can be noticed however
the reference was spelled.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml
from zoom_mock.generator.errors import SchemaProblem

MAIN = ""


class References:
    """Resolves references against the main document and its siblings."""

    def __init__(
        self,
        document: Mapping[str, Any] | None,
        documents: Mapping[str, Any] | None = None,
        spec_dir: Path | None = None,
    ) -> None:
        self._documents: dict[str, Any] = {MAIN: document or {}}
        for name, loaded in (documents or {}).items():
            self._documents[_normalise(name)] = loaded
        self._spec_dir = spec_dir

    def resolve(self, ref: str, base: str, pointer: str) -> tuple[str, str, Any]:
        """Return (key, file, target) for `ref` written inside file `base`."""
        if not isinstance(ref, str):
            raise SchemaProblem("$ref", pointer, f"expected a string, received {ref!r}")

        file_part, _, fragment = ref.partition("#")
        file = base if file_part == "" else _normalise(file_part)
        target = self._load(file, ref, pointer)

        for token in _tokens(fragment):
            target = _step(target, token)
            if target is _MISSING:
                raise SchemaProblem(
                    "$ref",
                    pointer,
                    f"{ref!r} does not resolve: {token!r} is not found "
                    f"in {file or 'the document'}",
                )

        return f"{file}#{fragment}", file, target

    def _load(self, file: str, ref: str, pointer: str) -> Any:
        if file in self._documents:
            return self._documents[file]

        if self._spec_dir is None:
            raise SchemaProblem(
                "$ref",
                pointer,
                f"{ref!r} points into {file!r}, which was not handed over "
                "and no spec_dir is set",
            )
        path = self._spec_dir / file
        if not path.is_file():
            raise SchemaProblem(
                "$ref", pointer, f"{ref!r} points into {path}, which does not exist"
            )

        text = path.read_text(encoding="utf-8")
        loaded = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
        self._documents[file] = loaded
        return loaded


_MISSING = object()


def _step(target: Any, token: str) -> Any:
    """One JSON-pointer step; YAML may have loaded `200:` as an integer key."""
    if isinstance(target, Mapping):
        if token in target:
            return target[token]
        if token.isdigit() and int(token) in target:
            return target[int(token)]
    if isinstance(target, list) and token.isdigit() and int(token) < len(target):
        return target[int(token)]
    return _MISSING


def _normalise(name: str) -> str:
    return posixpath.normpath(name.replace("\\", "/")) if name else MAIN


def _tokens(fragment: str) -> list[str]:
    if fragment in ("", "/"):
        return []
    if not fragment.startswith("/"):
        raise SchemaProblem(
            "$ref", fragment, "only JSON-pointer fragments (#/...) are supported"
        )
    return [
        unquote(part).replace("~1", "/").replace("~0", "~")
        for part in fragment[1:].split("/")
    ]


def schema_name(key: str) -> str:
    """The last pointer token of a reference key: the component's name."""
    return key.rsplit("/", 1)[-1]
