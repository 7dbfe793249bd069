"""Loading the OpenAPI documents the mock serves, and joining them into one.

Our own specs are one YAML file per area plus `common.yaml`, which holds the
shared components that the area files `$ref`. connexion routes best with a
single document per base path, so the area files are merged: their paths are
joined, the common components are pulled in, and external `common.yaml#` refs
become local ones. Extra documents given with `--spec` are merged the same
way; their component names are prefixed so they cannot collide with ours, and
any path our specs already serve is reported and left to our specs.
"""

from __future__ import annotations

import copy
import json
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

logger = logging.getLogger("zoom_mock.startup")

COMMON_FILE = "common.yaml"
# libyaml's loader parses our specs about six times faster than the pure one.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


class SpecError(ValueError):
    """A spec file could not be loaded or does not validate."""


@dataclass
class SpecFile:
    """One loaded document and where it came from."""

    path: Path
    document: dict[str, Any]
    ours: bool

    @property
    def name(self) -> str:
        return self.path.stem


@dataclass(frozen=True)
class OperationInfo:
    method: str
    path: str
    operation_id: str
    source: str
    summary: str
    operation: dict[str, Any] = field(compare=False, repr=False)


@dataclass
class MergedSpec:
    """The single document handed to connexion, and what went into it."""

    document: dict[str, Any]
    files: list[SpecFile]
    clashes: list[str]
    refused: list[str] = field(default_factory=list)


def load_document(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    try:
        loaded = (
            json.loads(text)
            if path.suffix == ".json"
            else yaml.load(text, Loader=SAFE_LOADER)
        )
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise SpecError(f"{path} is not valid YAML or JSON: {exc}") from None
    if not isinstance(loaded, dict) or "paths" not in loaded:
        raise SpecError(f"{path} is not an OpenAPI document: it has no `paths`.")
    return loaded


def our_spec_paths(specs_dir: Path) -> list[Path]:
    """Our area files, in a stable order, without the shared components file."""
    return sorted(p for p in specs_dir.glob("*.yaml") if p.name != COMMON_FILE)


def expand_spec_args(paths: Iterable[Path]) -> list[Path]:
    """Files named by `--spec`, with folders replaced by the documents inside."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.iterdir()
                    if p.suffix in (".yaml", ".yml", ".json") and _looks_like_openapi(p)
                )
            )
        elif path.is_file():
            found.append(path)
        else:
            raise SpecError(f"--spec {path}: no such file or folder.")
    return found


def _looks_like_openapi(path: Path) -> bool:
    with path.open("rb") as stream:
        head = stream.read(4096)
    return b"openapi" in head or b"swagger" in head


def validate_document(document: dict[str, Any], path: Path) -> None:
    """Raise SpecError with openapi-spec-validator's message if `document` is bad."""
    from openapi_spec_validator import validate
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError
    from referencing.exceptions import Unresolvable

    if str(document.get("openapi", "")).startswith("3.") is False:
        raise SpecError(
            f"{path} is not an OpenAPI 3.0 document "
            f"(openapi: {document.get('openapi', document.get('swagger'))!r})."
        )
    # Checked first, so that no ref to another file or host is ever followed.
    problem = ref_problem(document)
    if problem is not None:
        raise SpecError(f"{path} cannot be served: {problem}")
    try:
        validate(document, base_uri=path.resolve().as_uri())
    except OpenAPIValidationError as exc:
        where = "/".join(str(part) for part in exc.path) if exc.path else "(root)"
        message = exc.message if len(exc.message) <= 300 else exc.message[:297] + "..."
        raise SpecError(f"{path} does not validate at {where}: {message}") from None
    except Unresolvable as exc:
        raise SpecError(f"{path} does not validate: {unresolvable(exc)}") from None
    except RecursionError:
        raise SpecError(f"{path} does not validate: {ENDLESS_REF}") from None


ENDLESS_REF = "a $ref leads back to itself without end."


def ref_problem(document: dict[str, Any]) -> str | None:
    """Why a served document's `$ref`s cannot work, if they cannot.

    A served document is merged with ours into one, so its refs must stay
    inside it: a ref to the whole document, or into another file, has
    nothing to point at once merged.
    """
    refs = sorted(set(refs_in(document)))
    whole = [ref for ref in refs if ref in ("", "#")]
    if whole:
        return "a $ref names the whole document, which is not a schema."
    outside = [ref for ref in refs if not ref.startswith("#")]
    if outside:
        shown = ", ".join(repr(ref) for ref in outside[:3])
        return (
            f"$refs point into other files ({shown}); bundle the document into "
            "one file first, with those parts under its own components."
        )
    return None


def refs_in(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from refs_in(value)
    elif isinstance(node, list):
        for item in node:
            yield from refs_in(item)


def unresolvable(exc: Exception) -> str:
    """What to say of a `$ref` the validator could not follow."""
    ref = getattr(exc, "ref", "")
    return (
        f"the $ref {ref!r} points at nothing that could be read (a file named "
        "in it is looked for beside the document)."
    )


def _rewrite_refs(node: Any, rewrite: dict[str, str] | None, prefix: str) -> Any:
    """Turn `common.yaml#/x` into `#/x`, and prefix local component names."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                out[key] = _rewrite_ref(value, prefix)
            else:
                out[key] = _rewrite_refs(value, rewrite, prefix)
        return out
    if isinstance(node, list):
        return [_rewrite_refs(item, rewrite, prefix) for item in node]
    return node


def _rewrite_ref(ref: str, prefix: str) -> str:
    if ref.startswith(COMMON_FILE + "#"):
        return ref[len(COMMON_FILE) :]
    if prefix and ref.startswith("#/components/"):
        _, _, kind, name = ref.split("/", 3)
        return f"#/components/{kind}/{prefix}{name}"
    return ref


def merge_specs(
    specs_dir: Path, extra_paths: Iterable[Path] = (), *, validate_extras: bool = True
) -> MergedSpec:
    """Load our area specs and any extras, and merge them into one document."""
    common = (
        load_document(specs_dir / COMMON_FILE)
        if (specs_dir / COMMON_FILE).is_file()
        else {"paths": {}}
    )
    merged: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "zoom-mock", "version": "2.0.0"},
        "paths": {},
        "components": copy.deepcopy(common.get("components", {})),
        "tags": [],
    }
    files: list[SpecFile] = []
    clashes: list[str] = []

    for path in our_spec_paths(specs_dir):
        document = load_document(path)
        files.append(SpecFile(path, document, ours=True))
        _merge_into(merged, _rewrite_refs(document, None, ""), path, clashes, ours=True)

    refused: list[str] = []
    for index, (path, in_folder) in enumerate(_extra_files(extra_paths)):
        try:
            document = load_document(path)
            if validate_extras:
                validate_document(document, path)
        except SpecError as exc:
            # A file named on its own must be good; one found in a folder is
            # refused and reported, and the rest of the folder is served.
            if not in_folder:
                raise
            refused.append(str(exc))
            continue
        files.append(SpecFile(path, document, ours=False))
        prefix = f"x{index}_"
        _merge_into(
            merged,
            _rewrite_refs(document, None, prefix),
            path,
            clashes,
            ours=False,
            prefix=prefix,
        )

    merged["paths"] = dict(sorted(merged["paths"].items(), key=_route_order))
    return MergedSpec(merged, files, clashes, refused)


def _route_order(entry: tuple[str, Any]) -> list[tuple[int, str]]:
    """Literal segments before parameters, so `/meetings/meeting_summaries`
    is tried before `/meetings/{meetingId}` whichever file declared it first."""
    return [(1 if "{" in part else 0, part) for part in entry[0].split("/")]


def _extra_files(paths: Iterable[Path]) -> list[tuple[Path, bool]]:
    """Each `--spec` document, and whether it was found inside a folder."""
    found: list[tuple[Path, bool]] = []
    for path in paths:
        found += [(item, path.is_dir()) for item in expand_spec_args([path])]
    return found


def _merge_into(
    merged: dict[str, Any],
    document: dict[str, Any],
    path: Path,
    clashes: list[str],
    *,
    ours: bool,
    prefix: str = "",
) -> None:
    for kind, entries in document.get("components", {}).items():
        target = merged["components"].setdefault(kind, {})
        for name, value in entries.items():
            key = f"{prefix}{name}"
            if ours and key in target and target[key] != value:
                raise SpecError(f"{path}: component {kind}/{name} is defined twice.")
            target[key] = value

    known_tags = {tag["name"] for tag in merged["tags"]}
    for tag in document.get("tags", []):
        if tag["name"] not in known_tags:
            merged["tags"].append(tag)
            known_tags.add(tag["name"])

    security = document.get("security")
    by_shape = {_shape(known): known for known in merged["paths"]}
    for route, item in document.get("paths", {}).items():
        known = by_shape.get(_shape(route))
        if known is None:
            merged["paths"][route] = _tag_source(item, path, ours, security)
            by_shape[_shape(route)] = route
            continue
        if known != route:
            # Same URL shape, other parameter names: the two cannot share one
            # path item, and the first one routes every such URL.
            clashes.append(
                f"{path.name}: {route} has the same shape as {known}, which is "
                "already served; the first one is kept."
            )
            if ours:
                raise SpecError(f"{path}: {route} clashes with {known}.")
            continue
        existing = merged["paths"][route]
        for method in HTTP_METHODS:
            if method not in item:
                continue
            if method in existing:
                if not ours:
                    clashes.append(
                        f"{path.name}: {method.upper()} {route} is already served "
                        "by our own specs; ours is kept."
                    )
                    continue
                raise SpecError(f"{path}: {method.upper()} {route} is defined twice.")
            tagged = _tag_source({method: item[method]}, path, ours, security)
            existing[method] = tagged[method]
    _check_operation_ids(merged, path, ours)


def _shape(route: str) -> str:
    """A path template with its parameter names removed: `/users/{}/meetings`."""
    return re.sub(r"\{[^}]+\}", "{}", route)


def _tag_source(
    item: dict[str, Any], path: Path, ours: bool, security: list[Any] | None
) -> dict[str, Any]:
    """Mark where each operation came from, and give it its file's security."""
    item = dict(item)
    for method in HTTP_METHODS:
        if method in item:
            operation = dict(item[method])
            if security is not None:
                operation.setdefault("security", security)
            operation["x-mock-source"] = path.name
            operation["x-mock-ours"] = ours
            item[method] = operation
    return item


def _check_operation_ids(merged: dict[str, Any], path: Path, ours: bool) -> None:
    seen: dict[str, str] = {}
    for info in iter_operations(merged):
        other = seen.get(info.operation_id)
        if other is not None and other != f"{info.method} {info.path}" and ours:
            raise SpecError(
                f"{path}: operationId {info.operation_id!r} is used by both "
                f"{other} and {info.method} {info.path}."
            )
        seen[info.operation_id] = f"{info.method} {info.path}"


def iter_operations(document: dict[str, Any]) -> Iterator[OperationInfo]:
    for route, item in document.get("paths", {}).items():
        for method in HTTP_METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            yield OperationInfo(
                method=method.upper(),
                path=route,
                operation_id=operation.get("operationId")
                or _fallback_id(method, route),
                source=operation.get("x-mock-source", ""),
                summary=operation.get("summary", ""),
                operation=operation,
            )


def _fallback_id(method: str, route: str) -> str:
    cleaned = "".join(ch if ch.isalnum() else "_" for ch in route).strip("_")
    return f"{method}_{cleaned}"
