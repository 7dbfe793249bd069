"""`zoom-mock lint`: review spec files before any client or handler exists.

openapi-spec-validator says whether a file is OpenAPI at all. The mock needs
more than that from its specs, so a few rules of our own follow, each named so
that a finding can be looked up and fixed:

- `openapi-valid`: the file passes openapi-spec-validator;
- `unique-operation-id`: no operationId is used twice across the files linted
  together, since handlers are found by operationId;
- `summary-and-tags`: every operation has a summary and at least one tag, which
  the docs and the coverage table show;
- `declares-404`: an operation whose path holds an id declares a 404, because a
  client must be ready for the id not to exist;
- `example-valid`: every example validates against its schema, since examples
  are served as bodies (`Prefer: example=NAME`) and read as documentation;
- `generator-satisfiable`: the generator can build a body for every response
  schema, so no operation fails only when it is first called.

Files are linted where they lie, with `$ref`s into sibling files (our area
files point into `common.yaml`) followed in place, so each finding names the
file it is in. Nothing is merged, and a broken file never stops the others
from being checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator
from jsonschema.exceptions import best_match
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT4

from zoom_mock.documents import (
    ENDLESS_REF,
    HTTP_METHODS,
    SpecError,
    load_document,
    refs_in,
    unresolvable,
)

RULES = (
    "openapi-valid",
    "unique-operation-id",
    "summary-and-tags",
    "declares-404",
    "example-valid",
    "generator-satisfiable",
)
SPEC_SUFFIXES = (".yaml", ".yml", ".json")
PATH_ID = re.compile(r"\{[^}]+\}")
SCHEMA_LISTS = ("allOf", "oneOf", "anyOf")


@dataclass(frozen=True, order=True)
class Finding:
    """One problem: the file, where in it, which rule, and what is wrong."""

    file: str
    where: str
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.where}: [{self.rule}] {self.message}"

    def as_dict(self) -> dict[str, str]:
        return {
            "file": self.file,
            "where": self.where,
            "rule": self.rule,
            "message": self.message,
        }


@dataclass
class SpecSource:
    path: Path
    document: dict[str, Any]

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def uri(self) -> str:
        return self.path.resolve().as_uri()


def spec_files(paths: Sequence[Path]) -> list[Path]:
    """The spec files named by `paths`, with folders replaced by their files."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                item
                for item in path.iterdir()
                if item.suffix in SPEC_SUFFIXES and _mentions_openapi(item)
            )
        elif path.is_file():
            found.append(path)
        else:
            raise SpecError(f"{path}: no such file or folder to lint.")
    return list(dict.fromkeys(found))


def _mentions_openapi(path: Path) -> bool:
    with path.open("rb") as stream:
        return b"openapi" in stream.read(4096)


def lint(paths: Sequence[Path]) -> list[Finding]:
    """Every finding in the spec files named by `paths`, sorted by file and place."""
    findings: list[Finding] = []
    sources: list[SpecSource] = []
    for path in spec_files(paths):
        try:
            sources.append(SpecSource(path, load_document(path)))
        except SpecError as exc:
            findings.append(Finding(path.name, "(file)", "openapi-valid", str(exc)))

    siblings = _siblings(sources)
    for source in sources:
        findings += check_openapi(source)
        findings += check_operations(source)
        findings += check_examples(source, siblings)
        findings += check_generator(source, siblings)
    findings += check_unique_ids(sources)
    return sorted(set(findings))


def _siblings(sources: list[SpecSource]) -> dict[Path, dict[str, SpecSource]]:
    """For each folder, the documents in it by file name, for cross-file refs."""
    by_folder: dict[Path, dict[str, SpecSource]] = {}
    for source in sources:
        by_folder.setdefault(source.path.parent, {})[source.name] = source
    for folder, known in by_folder.items():
        for candidate in folder.glob("*.yaml"):
            if candidate.name not in known:
                try:
                    known[candidate.name] = SpecSource(
                        candidate, load_document(candidate)
                    )
                except SpecError:
                    continue
    return by_folder


def operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for route, item in (document.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                yield method.upper(), route, operation


# Rule: the file is valid OpenAPI.


def check_openapi(source: SpecSource) -> list[Finding]:
    from openapi_spec_validator import OpenAPIV30SpecValidator

    version = str(source.document.get("openapi", ""))
    if not version.startswith("3.0"):
        return [
            Finding(
                source.name,
                "openapi",
                "openapi-valid",
                f"the file declares openapi {version or '(nothing)'!r}, "
                "but the mock reads OpenAPI 3.0 documents.",
            )
        ]
    validator = OpenAPIV30SpecValidator(source.document, base_uri=source.uri)
    found = []
    try:
        for error in validator.iter_errors():
            where = _shown([str(part) for part in error.path]) or "(root)"
            if error.context:
                error = best_match(error.context) or error
            found.append(Finding(source.name, where, "openapi-valid", _explain(error)))
    except Unresolvable as exc:
        found.append(Finding(source.name, "(root)", "openapi-valid", unresolvable(exc)))
    except RecursionError:
        found.append(Finding(source.name, "(root)", "openapi-valid", ENDLESS_REF))
    if any(ref in ("", "#") for ref in refs_in(source.document)):
        found.append(
            Finding(
                source.name,
                "(root)",
                "openapi-valid",
                "a $ref names the whole document, which is not a schema.",
            )
        )
    return found


def _explain(error: Any) -> str:
    """The validator's message, without the dump of the offending node."""
    message = str(error.message).strip().splitlines()[0]
    head, verb, tail = message.partition(" is not ")
    if verb and len(head) > 60:
        message = f"this node is not {tail}"
    instance = error.instance
    if (
        len(error.path) >= 2
        and error.path[-2] == "responses"
        and isinstance(instance, dict)
        and "description" not in instance
        and "$ref" not in instance
    ):
        message += " (a response needs a `description`)"
    return message


# Rules on each operation: summary and tags, and a 404 for paths with ids.


def check_operations(source: SpecSource) -> list[Finding]:
    found = []
    for method, route, operation in operations(source.document):
        where = f"{method} {route}"
        if not str(operation.get("summary", "")).strip():
            found.append(
                Finding(
                    source.name,
                    where,
                    "summary-and-tags",
                    "the operation has no summary.",
                )
            )
        if not operation.get("tags"):
            found.append(
                Finding(
                    source.name, where, "summary-and-tags", "the operation has no tags."
                )
            )
        ids = PATH_ID.findall(route)
        responses = {str(code) for code in operation.get("responses") or {}}
        if ids and "404" not in responses:
            found.append(
                Finding(
                    source.name,
                    where,
                    "declares-404",
                    f"the path holds {', '.join(ids)}, but the responses "
                    f"({', '.join(sorted(responses)) or 'none'}) do not include 404.",
                )
            )
    return found


# Rule: operationIds are unique across the files linted together.


def check_unique_ids(sources: list[SpecSource]) -> list[Finding]:
    first_use: dict[str, str] = {}
    found = []
    for source in sources:
        for method, route, operation in operations(source.document):
            operation_id = operation.get("operationId")
            if not operation_id:
                continue
            here = f"{method} {route} in {source.name}"
            if operation_id in first_use:
                found.append(
                    Finding(
                        source.name,
                        f"{method} {route}",
                        "unique-operation-id",
                        f"operationId {operation_id!r} is also used by "
                        f"{first_use[operation_id]}.",
                    )
                )
            else:
                first_use[operation_id] = here
    return found


# Rule: every example validates against its schema.


def _example_validator_class() -> Any:
    """Draft 4 with OpenAPI's `nullable`, as connexion validates requests."""
    from connexion.json_schema import Draft4RequestValidator

    return Draft4RequestValidator


def _pointer(parts: Sequence[str]) -> str:
    return "".join(
        "/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts
    )


class ExampleChecker:
    """Validates examples in one file, following refs into its siblings."""

    def __init__(self, source: SpecSource, siblings: dict[str, SpecSource]) -> None:
        self.source = source
        self.siblings = siblings
        resources = [
            (sibling.uri, Resource.from_contents(sibling.document, DRAFT4))
            for sibling in siblings.values()
        ]
        resources.append((source.uri, Resource.from_contents(source.document, DRAFT4)))
        self.registry: Registry[Any] = Registry().with_resources(resources)
        self.validator_class = _example_validator_class()
        self.findings: list[Finding] = []

    def run(self) -> list[Finding]:
        document = self.source.document
        components = document.get("components") or {}
        for name, schema in (components.get("schemas") or {}).items():
            self.schema(schema, ["components", "schemas", name])
        for name, parameter in (components.get("parameters") or {}).items():
            self.parameter(parameter, ["components", "parameters", name])
        for name, response in (components.get("responses") or {}).items():
            self.content(response, ["components", "responses", name])
        for name, body in (components.get("requestBodies") or {}).items():
            self.content(body, ["components", "requestBodies", name])

        for route, item in (document.get("paths") or {}).items():
            if not isinstance(item, dict):
                continue
            base = ["paths", route]
            for index, parameter in enumerate(item.get("parameters") or []):
                self.parameter(parameter, [*base, "parameters", str(index)])
            for method in HTTP_METHODS:
                operation = item.get(method)
                if not isinstance(operation, dict):
                    continue
                at = [*base, method]
                for index, parameter in enumerate(operation.get("parameters") or []):
                    self.parameter(parameter, [*at, "parameters", str(index)])
                if isinstance(operation.get("requestBody"), dict):
                    self.content(operation["requestBody"], [*at, "requestBody"])
                for code, response in (operation.get("responses") or {}).items():
                    if isinstance(response, dict):
                        self.content(response, [*at, "responses", str(code)])
        return self.findings

    def schema(self, node: Any, at: list[str]) -> None:
        if not isinstance(node, dict) or "$ref" in node:
            return
        if "example" in node:
            self.check(node["example"], at, [*at, "example"])
        for name, child in (node.get("properties") or {}).items():
            self.schema(child, [*at, "properties", name])
        for keyword in ("items", "additionalProperties", "not"):
            if isinstance(node.get(keyword), dict):
                self.schema(node[keyword], [*at, keyword])
        for keyword in SCHEMA_LISTS:
            for index, child in enumerate(node.get(keyword) or []):
                self.schema(child, [*at, keyword, str(index)])

    def parameter(self, node: Any, at: list[str]) -> None:
        if not isinstance(node, dict) or "$ref" in node or "schema" not in node:
            return
        schema_at = [*at, "schema"]
        self.schema(node["schema"], schema_at)
        self.examples_of(node, schema_at, at)

    def content(self, node: Any, at: list[str]) -> None:
        if not isinstance(node, dict) or "$ref" in node:
            return
        for media_type, media in (node.get("content") or {}).items():
            if not isinstance(media, dict) or "schema" not in media:
                continue
            media_at = [*at, "content", media_type]
            self.schema(media["schema"], [*media_at, "schema"])
            self.examples_of(media, [*media_at, "schema"], media_at)

    def examples_of(
        self, node: dict[str, Any], schema_at: list[str], at: list[str]
    ) -> None:
        if "example" in node:
            self.check(node["example"], schema_at, [*at, "example"])
        for name, example in (node.get("examples") or {}).items():
            example = self.follow(example)
            if isinstance(example, dict) and "value" in example:
                self.check(example["value"], schema_at, [*at, "examples", name])

    def follow(self, node: Any) -> Any:
        """The target of a `$ref` to a named example, in this file or a sibling."""
        if not isinstance(node, dict) or "$ref" not in node:
            return node
        try:
            return self.registry.resolver(self.source.uri).lookup(node["$ref"]).contents
        except Exception:  # an unresolvable ref is openapi-valid's to report
            return None

    def check(self, value: Any, schema_at: list[str], at: list[str]) -> None:
        schema = {"$ref": f"{self.source.uri}#{_pointer(schema_at)}"}
        validator = self.validator_class(
            schema,
            registry=self.registry,
            format_checker=Draft4Validator.FORMAT_CHECKER,
        )
        try:
            errors = sorted(validator.iter_errors(value), key=lambda e: e.path)
        except Exception as exc:  # a broken schema is openapi-valid's to report
            errors = []
            message = f"the example could not be checked: {exc}"
            self.findings.append(
                Finding(self.source.name, _shown(at), "example-valid", message)
            )
        for error in errors:
            inside = ".".join(str(part) for part in error.absolute_path)
            self.findings.append(
                Finding(
                    self.source.name,
                    _shown(at),
                    "example-valid",
                    f"{inside or 'the example'}: {error.message}",
                )
            )


def _shown(parts: Sequence[str]) -> str:
    """A place in a spec file, written as a reader would look for it."""
    if len(parts) >= 3 and parts[0] == "paths":
        method = parts[2].upper() if parts[2] in HTTP_METHODS else ""
        rest = parts[3:] if method else parts[2:]
        head = f"{method} {parts[1]}".strip()
        return f"{head} {'/'.join(rest)}".strip()
    return "/".join(parts)


def check_examples(
    source: SpecSource, siblings: dict[Path, dict[str, SpecSource]]
) -> list[Finding]:
    return ExampleChecker(source, siblings.get(source.path.parent, {})).run()


# Rule: the generator can build every response body.


def check_generator(
    source: SpecSource, siblings: dict[Path, dict[str, SpecSource]]
) -> list[Finding]:
    from zoom_mock.generator import Generator, UnsatisfiableSchema

    generator = Generator()
    known = siblings.get(source.path.parent, {})
    documents = {name: sibling.document for name, sibling in known.items()}
    found = []
    for method, route, operation in operations(source.document):
        for code, response in (operation.get("responses") or {}).items():
            home, resolved = _follow_response(source.name, response, known)
            schema = _json_schema(resolved)
            if schema is None:
                continue
            where = f"{method} {route} {code}"
            try:
                generator.compile(
                    schema,
                    document=documents.get(home, source.document),
                    direction="response",
                    where=where,
                    documents=documents,
                )
            except UnsatisfiableSchema as exc:
                found.append(
                    Finding(
                        source.name,
                        where,
                        "generator-satisfiable",
                        f"`{exc.keyword}` cannot be satisfied: {exc.detail}",
                    )
                )
    return found


def _follow_response(
    home: str, response: Any, known: dict[str, SpecSource]
) -> tuple[str, Any]:
    """A response with its `$ref` followed, and the file it was found in."""
    for _ in range(8):
        if not isinstance(response, dict) or "$ref" not in response:
            return home, response
        file_part, _, fragment = str(response["$ref"]).partition("#")
        home = file_part or home
        target: Any = known[home].document if home in known else None
        for token in fragment.strip("/").split("/"):
            token = token.replace("~1", "/").replace("~0", "~")
            target = target.get(token) if isinstance(target, dict) else None
        response = target
    return home, response


def _json_schema(response: Any) -> Any:
    if not isinstance(response, dict):
        return None
    for media_type, media in (response.get("content") or {}).items():
        if "json" in media_type and isinstance(media, dict) and "schema" in media:
            return media["schema"]
    return None
