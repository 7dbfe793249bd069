"""Turning an OpenAPI 3.0 Schema Object into JSON Schema.

OpenAPI 3.0 schemas look like JSON Schema but differ where it matters to a
validator and to a generator: `nullable`, boolean `exclusiveMinimum`,
`readOnly`/`writeOnly` depending on the direction of the message, integer
formats that imply bounds, and a `discriminator` that picks a branch. The
converter rewrites all of that into plain Draft 7 keywords, inlines `$ref`,
merges `allOf`, and drops what only OpenAPI knows (`example` becomes the JSON
Schema annotation `examples`).

It runs in two modes. The faithful mode keeps recursion as `$ref` into
`definitions`, so `Plan.json_schema` describes the same documents as the spec.
The bounded mode inlines every reference and cuts a recursion once a
reference repeats `depth` times: an optional property there is forbidden, an
array may only be empty, and a required one makes its parent impossible in
turn. Generators work from the bounded tree, and every value it allows is
also allowed by the faithful one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from zoom_mock.generator.errors import SchemaProblem
from zoom_mock.generator.merge import Schema, merge
from zoom_mock.generator.refs import References, schema_name

DIRECTIONS = ("response", "request")

INT_BOUNDS = {
    "int32": (-(2**31), 2**31 - 1),
    "int64": (-(2**63), 2**63 - 1),
}

KNOWN_FORMATS = {
    "date",
    "date-time",
    "time",
    "email",
    "idn-email",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "uri-template",
    "uuid",
    "regex",
    "json-pointer",
    "relative-json-pointer",
    "int32",
    "int64",
    "float",
    "double",
    "byte",
    "binary",
    "password",
}

_COPIED = (
    "format",
    "const",
    "multipleOf",
    "maximum",
    "minimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "title",
    "default",
)
_NUMERIC_KEYWORDS = ("minimum", "maximum", "multipleOf")
_STRING_KEYWORDS = ("minLength", "maxLength", "pattern")


JSON_TYPES = frozenset(
    {"null", "boolean", "object", "array", "number", "integer", "string"}
)


def plain(value: Any) -> Any:
    """YAML turns unquoted dates into date objects; JSON only knows the string."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    return value


class _Cut:
    """Marks a place where bounded recursion stopped."""

    def __repr__(self) -> str:
        return "CUT"


CUT = _Cut()
Converted = Schema | _Cut


@dataclass
class Converter:
    """Converts schemas found in one document, in one direction and mode."""

    refs: References
    direction: str
    bounded: bool
    depth: int = 2
    notes: list[str] = field(default_factory=list)
    definitions: dict[str, Schema] = field(default_factory=dict)
    _stack: list[str] = field(default_factory=list)
    _targets: list[int] = field(default_factory=list)
    _names: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.direction not in DIRECTIONS:
            raise ValueError(
                f"direction must be one of {DIRECTIONS}, "
                f"and received {self.direction!r}."
            )

    def root(self, node: Any) -> Schema:
        """Convert a whole schema; a cut at the top means no finite value exists."""
        converted = self.convert(node, "", "")
        if converted is CUT:
            raise SchemaProblem(
                "$ref",
                "",
                "the schema requires itself without end, so no finite value exists",
            )
        if self.definitions and isinstance(converted, dict):
            converted = {**converted, "definitions": dict(self.definitions)}
        return converted

    def convert(self, node: Any, file: str, pointer: str) -> Converted:
        if isinstance(node, bool):
            return node
        if not isinstance(node, Mapping):
            raise SchemaProblem(
                "schema",
                pointer,
                "expected a Schema Object, "
                f"received {type(node).__name__} {node!r:.60}",
            )

        if "$ref" in node:
            return self._reference(node["$ref"], file, pointer)
        return self._schema(node, file, pointer)

    def _reference(self, ref: str, file: str, pointer: str) -> Converted:
        key, target_file, target = self.refs.resolve(ref, file, pointer)
        seen = self._stack.count(key)
        if seen and not self.bounded:
            return {"$ref": f"#/definitions/{self._define(key, target, target_file)}"}
        if seen >= self.depth:
            return CUT

        self._stack.append(key)
        self._targets.append(id(target))
        try:
            return self.convert(target, target_file, pointer)
        finally:
            self._stack.pop()
            self._targets.pop()

    def _define(self, key: str, target: Any, file: str) -> str:
        if key in self._names:
            return self._names[key]

        base = schema_name(key) or "root"
        name, count = base, 1
        while name in self.definitions:
            count += 1
            name = f"{base}{count}"
        self._names[key] = name
        self.definitions[name] = True

        outer, self._stack = self._stack, [key]
        outer_targets, self._targets = self._targets, [id(target)]
        try:
            converted = self.convert(target, file, f"/definitions/{name}")
        finally:
            self._stack, self._targets = outer, outer_targets
        self.definitions[name] = True if converted is CUT else converted
        return name

    def _schema(self, node: Mapping[str, Any], file: str, pointer: str) -> Converted:
        out: dict[str, Any] = {}
        nullable = node.get("nullable") is True

        self._copy_simple(node, out, nullable, pointer)
        if self._objects(node, out, file, pointer) is CUT:
            return CUT
        if self._arrays(node, out, file, pointer) is CUT:
            return CUT

        if "not" in node:
            negated = self.convert(node["not"], file, f"{pointer}/not")
            if negated is not CUT:
                out["not"] = negated

        for key in ("oneOf", "anyOf"):
            if key in node:
                branches = self._branches(node, key, file, pointer)
                if branches is CUT:
                    return CUT
                out[key] = branches

        result: Converted = out
        if "allOf" in node:
            result = self._all_of(node, out, file, pointer)
            if result is CUT:
                return CUT

        if (
            nullable
            and "type" not in node
            and any(key in node for key in ("allOf", "oneOf", "anyOf"))
        ):
            result = {"anyOf": [result, {"type": "null"}]}
        return result

    def _copy_simple(
        self, node: Mapping[str, Any], out: dict[str, Any], nullable: bool, pointer: str
    ) -> None:
        declared = node.get("type")
        if declared is not None:
            types = [declared] if isinstance(declared, str) else list(declared)
            unknown = [name for name in types if name not in JSON_TYPES]
            if unknown:
                raise SchemaProblem(
                    "type",
                    pointer,
                    f"{unknown[0]!r} is not a type; "
                    f"expected one of {sorted(JSON_TYPES)}",
                )
            if nullable and "null" not in types:
                types.append("null")
            out["type"] = types[0] if len(types) == 1 else types

        for key in _COPIED:
            if key in node:
                out[key] = plain(node[key])
        self._exclusive_bounds(node, out)

        if "enum" in node:
            values = plain(list(node["enum"]))
            if nullable and None not in values:
                values.append(None)
            out["enum"] = values
        if "example" in node:
            out["examples"] = [plain(node["example"])]

        self._integer_bounds(node, out)
        self._note_misplaced(node, pointer)

    def _exclusive_bounds(self, node: Mapping[str, Any], out: dict[str, Any]) -> None:
        for flag, bound in (
            ("exclusiveMinimum", "minimum"),
            ("exclusiveMaximum", "maximum"),
        ):
            value = node.get(flag)
            if value is True and bound in node:
                out[flag] = out.pop(bound)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                out[flag] = value

    def _integer_bounds(self, node: Mapping[str, Any], out: dict[str, Any]) -> None:
        bounds = INT_BOUNDS.get(node.get("format", ""))
        types = out.get("type")
        names = {types} if isinstance(types, str) else set(types or [])
        if bounds is None or not names & {"integer", "number"}:
            return

        low, high = bounds
        out["minimum"] = max(out.get("minimum", low), low)
        out["maximum"] = min(out.get("maximum", high), high)

    def _note_misplaced(self, node: Mapping[str, Any], pointer: str) -> None:
        declared = node.get("type")
        where = pointer or "/"
        if declared == "string":
            misplaced = [key for key in _NUMERIC_KEYWORDS if key in node]
            if misplaced:
                self.notes.append(
                    f"{where}: {', '.join(misplaced)} has no effect on a string"
                )
        if declared in ("integer", "number"):
            misplaced = [key for key in _STRING_KEYWORDS if key in node]
            if misplaced:
                self.notes.append(
                    f"{where}: {', '.join(misplaced)} has no effect on a {declared}"
                )

        fmt = node.get("format")
        if isinstance(fmt, str) and fmt not in KNOWN_FORMATS:
            self.notes.append(
                f"{where}: format {fmt!r} is not a standard format, "
                "so its values are not checked"
            )

    def _objects(
        self, node: Mapping[str, Any], out: dict[str, Any], file: str, pointer: str
    ) -> Converted:
        required = list(dict.fromkeys(node.get("required", [])))
        if "properties" in node:
            properties: dict[str, Schema] = {}
            for name, sub in node["properties"].items():
                if self._dropped(sub, file, f"{pointer}/properties/{name}"):
                    properties[name] = False
                    continue
                converted = self.convert(sub, file, f"{pointer}/properties/{name}")
                if converted is CUT and name in required:
                    return CUT
                properties[name] = False if converted is CUT else converted
            out["properties"] = properties
            required = [name for name in required if properties.get(name) is not False]
        if required:
            out["required"] = required

        patterns = node.get("patternProperties")
        if isinstance(patterns, Mapping):
            out["patternProperties"] = {}
            for key, sub in patterns.items():
                converted = self.convert(sub, file, f"{pointer}/patternProperties")
                out["patternProperties"][key] = False if converted is CUT else converted
        if "propertyNames" in node:
            names = self.convert(
                node["propertyNames"], file, f"{pointer}/propertyNames"
            )
            out["propertyNames"] = True if names is CUT else names

        extra = node.get("additionalProperties")
        if isinstance(extra, bool):
            out["additionalProperties"] = extra
        elif extra is not None:
            converted = self.convert(extra, file, f"{pointer}/additionalProperties")
            out["additionalProperties"] = False if converted is CUT else converted
        return out

    def _arrays(
        self, node: Mapping[str, Any], out: dict[str, Any], file: str, pointer: str
    ) -> Converted:
        if "items" not in node:
            return out

        items = self.convert(node["items"], file, f"{pointer}/items")
        if items is not CUT:
            out["items"] = items
        elif node.get("minItems", 0) > 0:
            return CUT
        else:
            out["maxItems"] = 0
        return out

    def _dropped(self, node: Any, file: str, pointer: str) -> bool:
        """Whether a property is absent in this direction (readOnly/writeOnly)."""
        flag = "writeOnly" if self.direction == "response" else "readOnly"
        for _ in range(8):
            if not isinstance(node, Mapping):
                return False
            if node.get(flag) is True:
                return True
            if "$ref" not in node:
                return False
            _, file, node = self.refs.resolve(node["$ref"], file, pointer)
        return False

    def _branches(
        self, node: Mapping[str, Any], key: str, file: str, pointer: str
    ) -> list[Schema] | _Cut:
        raw = node[key]
        if not isinstance(raw, list) or not raw:
            raise SchemaProblem(
                key,
                pointer,
                f"expected a non-empty list of schemas, received {raw!r:.60}",
            )

        branches: list[Schema] = []
        discriminator = node.get("discriminator")
        for index, sub in enumerate(raw):
            place = f"{pointer}/{key}/{index}"
            converted = self.convert(sub, file, place)
            if converted is CUT:
                continue
            if (
                isinstance(discriminator, Mapping)
                and isinstance(sub, Mapping)
                and "$ref" in sub
            ):
                ref_key, _, _ = self.refs.resolve(sub["$ref"], file, place)
                converted = self._tag(converted, discriminator, ref_key, file, place)
            branches.append(converted)
        return branches or CUT

    def _tag(
        self,
        schema: Schema,
        discriminator: Mapping[str, Any],
        ref_key: str,
        file: str,
        pointer: str,
    ) -> Schema:
        """Constrain the discriminating property to the value that selects `ref_key`."""
        name = discriminator.get("propertyName")
        if not isinstance(name, str):
            raise SchemaProblem(
                "discriminator",
                pointer,
                f"propertyName must be a string, received {name!r}",
            )

        value = schema_name(ref_key)
        for mapped, target in (discriminator.get("mapping") or {}).items():
            if self._same_schema(target, ref_key, file, pointer):
                value = mapped
                break

        tag = {
            "type": "object",
            "properties": {name: {"enum": [value]}},
            "required": [name],
        }
        try:
            return merge(schema, tag, pointer)
        except SchemaProblem as problem:
            raise SchemaProblem(
                "discriminator",
                pointer,
                f"the branch cannot carry {name}={value!r}: {problem.detail}",
            ) from None

    def _same_schema(self, target: str, ref_key: str, file: str, pointer: str) -> bool:
        if "#" not in target and "/" not in target:
            return target == schema_name(ref_key)
        key, _, _ = self.refs.resolve(target, file, pointer)
        return key == ref_key

    def _all_of(
        self, node: Mapping[str, Any], out: dict[str, Any], file: str, pointer: str
    ) -> Converted:
        raw = node["allOf"]
        if not isinstance(raw, list):
            raise SchemaProblem(
                "allOf", pointer, f"expected a list of schemas, received {raw!r:.60}"
            )

        merged: Schema = out
        for index, sub in enumerate(raw):
            place = f"{pointer}/allOf/{index}"
            converted = self.convert(sub, file, place)
            if converted is CUT:
                return CUT
            merged = merge(merged, converted, place)
            if self._targets and self._targets[-1] == id(node):
                for tag in self._inherited_tag(sub, file, place):
                    merged = merge(merged, tag, place)
        return merged

    def _inherited_tag(self, sub: Any, file: str, pointer: str) -> list[Schema]:
        """A subtype named in a base schema's discriminator carries its own value."""
        if not (isinstance(sub, Mapping) and "$ref" in sub and self._stack):
            return []

        _, _, base = self.refs.resolve(sub["$ref"], file, pointer)
        discriminator = base.get("discriminator") if isinstance(base, Mapping) else None
        if not isinstance(discriminator, Mapping) or "oneOf" in base or "anyOf" in base:
            return []
        return [self._tag(True, discriminator, self._stack[-1], file, pointer)]
