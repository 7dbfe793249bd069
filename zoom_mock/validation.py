"""Request validation that reports every violation, not only the first.

connexion calls these classes through its `validator_map`. They differ from
connexion's own in three ways that matter to a contract-testing mock: every
parameter and body error is collected into one `Validation Failed.` answer,
each error names the field as a client writes it (`user_info.email`,
`page_size`), and compiled JSON Schema validators are cached per schema
instead of being rebuilt on every request. Unknown query parameters and body
fields are collected too: as warnings in lenient mode, as errors in strict mode.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, NamedTuple, TypeVar

import orjson
from connexion.exceptions import TypeValidationError
from connexion.json_schema import Draft4RequestValidator
from connexion.lifecycle import ConnexionRequest
from connexion.uri_parsing import OpenAPIURIParser
from connexion.utils import boolean, coerce_type
from connexion.validators import (
    JSONRequestBodyValidator,
    MultiPartFormDataValidator,
    ParameterValidator,
)
from jsonschema import Draft4Validator, FormatChecker, ValidationError
from jsonschema.validators import extend
from starlette.datastructures import FormData, QueryParams
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import ClientDisconnect
from starlette.types import Receive, Scope

from zoom_mock.checks import (
    Check,
    Explain,
    Leaf,
    compile_check,
    compile_explainer,
    explainable,
)
from zoom_mock.errors import FieldError, MockError, validation_failed

MAX_JSON_DEPTH = 64
ACCESS_TOKEN_QUERY = "access_token"
"""The query parameter that may carry the bearer token (see zoom_mock.auth);
never an unknown parameter, even under --strict."""

OPENAPI_FORMATS = FormatChecker(
    ["date", "date-time", "email", "idn-email", "ipv4", "ipv6", "regex"]
)
"""The formats OpenAPI 3.0 names that a request is checked against.

JSON Schema draft 4, which connexion validates with, does not know `date`,
`int32` or `int64`, so a query such as `to=` or an integer past 2**63 would
otherwise pass unchecked."""


def _fits(instance: object, bound: int) -> bool:
    if isinstance(instance, bool) or not isinstance(instance, int | float):
        return True
    return -bound <= instance < bound


@OPENAPI_FORMATS.checks("int32")
def _fits_int32(instance: object) -> bool:
    return _fits(instance, 2**31)


@OPENAPI_FORMATS.checks("int64")
def _fits_int64(instance: object) -> bool:
    return _fits(instance, 2**63)


def _is_integer(_checker: object, instance: object) -> bool:
    if isinstance(instance, bool):
        return False
    return isinstance(instance, int) or (
        isinstance(instance, float) and instance.is_integer()
    )


RequestValidator = extend(
    Draft4RequestValidator,
    type_checker=Draft4RequestValidator.TYPE_CHECKER.redefine("integer", _is_integer),
)
"""connexion's request validator, except that `2.0` is an integer, as JSON
Schema has said since draft 6 and as JSON parsers and schemathesis agree: a
number's spelling is not its type."""

Built = TypeVar("Built")
Schema = dict[str, Any]


def _per_schema(
    cache: dict[int, tuple[Schema, Built]],
    schema: Schema,
    build: Callable[[Schema], Built],
) -> Built:
    """`build(schema)`, made once per schema object and kept in `cache`."""
    cached = cache.get(id(schema))
    if cached is None or cached[0] is not schema:
        cached = cache[id(schema)] = (schema, build(schema))
    return cached[1]


_validators: dict[int, tuple[Schema, Draft4Validator]] = {}
_checks: dict[int, tuple[Schema, Check | None]] = {}
_shallow: dict[int, tuple[Schema, Schema]] = {}
_declared: dict[int, tuple[Schema, Schema | None]] = {}


def compiled_validator(schema: Schema) -> Draft4Validator:
    """A validator for `schema`, built once per schema object."""
    return _per_schema(
        _validators,
        schema,
        lambda item: RequestValidator(item, format_checker=OPENAPI_FORMATS),
    )


def _compiled_check(schema: Schema) -> Check | None:
    return _per_schema(
        _checks, schema, lambda item: compile_check(item, OPENAPI_FORMATS)
    )


def fits(schema: dict[str, Any], value: Any) -> bool:
    """True when `value` certainly satisfies `schema` (see zoom_mock.checks).

    False means "ask jsonschema": either the value breaks the schema, or the
    schema could not be compiled into an exact check.
    """
    check = _compiled_check(schema)
    return check is not None and check(value)


def mock_state(scope: Scope) -> dict[str, Any]:
    """Per-request notes shared by the mock's middleware, kept in the ASGI scope."""
    return scope.setdefault("zoom_mock", {})


def add_warnings(scope: Scope, warnings: list[FieldError]) -> None:
    if warnings:
        mock_state(scope).setdefault("warnings", []).extend(warnings)


# How each JSON Schema keyword is explained to a client.


_PLAIN_TEXT = re.compile(r'[^"\\\x00-\x1f]*')
"""Text that JSON writes as it is, between quotes."""


def _shown(value: Any) -> str:
    """`value` as JSON, cut to 80 characters: how a message quotes a value."""
    if value is None:
        text = "null"
    elif value is True or value is False:
        text = "true" if value else "false"
    elif type(value) is int:
        text = str(value)
    elif type(value) is str and _PLAIN_TEXT.fullmatch(value):
        text = f'"{value}"'
    else:
        text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 80 else text[:77] + "..."


def _describe(error: ValidationError, field: str, where: str) -> str:
    keyword = error.validator
    expected = error.validator_value
    received = _shown(error.instance)
    subject = f"`{field}` in the {where}" if field else f"The {where}"

    if keyword == "required":
        return f"`{field}` is required in the {where} but was not sent."
    if keyword == "type":
        return f"{subject} was {received}, but the spec expects type {expected}."
    if keyword == "enum":
        allowed = ", ".join(_shown(item) for item in expected)
        return f"{subject} was {received}, but the spec allows only: {allowed}."
    if keyword in ("maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum"):
        bound = "at most" if keyword.endswith("aximum") else "at least"
        return f"{subject} was {received}, and the spec allows {bound} {expected}."
    if keyword in ("maxLength", "minLength"):
        bound = "at most" if keyword == "maxLength" else "at least"
        length = len(error.instance) if isinstance(error.instance, str) else "?"
        return (
            f"{subject} is {length} characters long, and the spec allows "
            f"{bound} {expected}."
        )
    if keyword in ("maxItems", "minItems"):
        bound = "at most" if keyword == "maxItems" else "at least"
        return (
            f"{subject} has {len(error.instance)} items, and the spec allows "
            f"{bound} {expected}."
        )
    if keyword == "pattern":
        return f"{subject} was {received}, which does not match the pattern {expected}."
    if keyword == "format":
        return f"{subject} was {received}, which is not a valid {expected}."
    if keyword == "uniqueItems":
        return f"{subject} holds duplicate items, and the spec requires unique items."
    if keyword == "additionalProperties":
        return f"{subject} is not a field the spec defines."
    if keyword in ("minProperties", "maxProperties"):
        bound = "at least" if keyword == "minProperties" else "at most"
        noun = "field" if expected == 1 else "fields"
        return f"{subject} must have {bound} {expected} {noun}."
    if keyword == "not":
        return f"{subject} was {received}, which the spec forbids here."
    if keyword == "oneOf" and not error.context:
        return (
            f"{subject} fits more than one of the forms the spec allows, "
            "and it must fit exactly one."
        )
    return f"{subject} is invalid: {error.message}"


def _field_name(path: Iterable[Any], prefix: str = "") -> str:
    name = prefix
    for part in path:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            name = f"{name}.{part}" if name else str(part)
    return name


def _leaf_errors(error: ValidationError) -> Iterator[ValidationError]:
    """Replace a oneOf/anyOf failure by the errors of the branch that came closest.

    Closest is the branch that names the most of the fields sent, so a body
    written in one form is told what is wrong with it in that form; among
    those, the one with the fewest errors, then the deepest.
    """
    if error.validator in ("oneOf", "anyOf") and error.context:
        branches: dict[int, list[ValidationError]] = {}
        for sub in error.context:
            branches.setdefault(sub.schema_path[0], []).append(sub)
        forms = error.validator_value

        def distance(item: tuple[int, list[ValidationError]]) -> tuple[int, ...]:
            index, errors = item
            named = _named_fields(forms[index], error.instance)
            return -named, len(errors), -_depth_of(errors)

        _, closest = min(branches.items(), key=distance)
        for sub in closest:
            yield from _leaf_errors(sub)
        return
    yield error


def _named_fields(form: Any, instance: Any) -> int:
    """How many fields of `instance` the branch `form` declares itself."""
    if not isinstance(form, dict) or not isinstance(instance, dict):
        return 0
    declared = form.get("properties", {})
    return sum(1 for key in instance if key in declared)


def _depth_of(errors: list[ValidationError]) -> int:
    return max(len(error.absolute_path) for error in errors)


def schema_errors(
    validator: Draft4Validator, value: Any, where: str, prefix: str = ""
) -> list[FieldError]:
    """Every violation of `value`, named by field, in a stable order."""
    return _field_errors(
        ((error, ()) for error in validator.iter_errors(value)), where, prefix
    )


def violations(
    schema: dict[str, Any], value: Any, where: str, prefix: str = ""
) -> list[FieldError]:
    """What `schema_errors` says about `value`, with jsonschema run only where needed.

    The exact checks of zoom_mock.checks find the parts of `value` that are
    valid, and jsonschema looks only at the rest: a body with one bad field
    costs one small walk, not a walk of the whole body.
    """
    if fits(schema, value):
        return []
    return _field_errors(_local_errors(schema, value, ()), where, prefix)


DESCENDED = ("properties", "items", "allOf")
"""Keywords `_local_errors` applies itself, sub-schema by sub-schema."""


def _shallow_schema(schema: Schema) -> Schema:
    """`schema` without the keywords that descend.

    Where `additionalProperties` limits the fields, the property names stay
    (with empty schemas), since extra fields are judged against them.
    """
    return _per_schema(_shallow, schema, _without_descent)


def _without_descent(schema: Schema) -> Schema:
    shallow = {key: item for key, item in schema.items() if key not in DESCENDED}
    if "properties" in schema and schema.get("additionalProperties") not in (
        None,
        True,
    ):
        shallow["properties"] = {name: {} for name in schema["properties"]}
    return shallow


class _Level:
    """What `_local_errors` needs of one schema, worked out once."""

    def __init__(self, schema: Schema) -> None:
        self.check = _compiled_check(schema)
        self.explain: Explain | None = None
        if self.check is not None and explainable(schema):
            self.explain = compile_explainer(schema, OPENAPI_FORMATS)
        extra = schema.get("additionalProperties")
        self.extra: Schema | None = extra if isinstance(extra, dict) else None
        self.properties: dict[str, Schema] = schema.get("properties", {})
        items = schema.get("items")
        self.items: Schema | None = items if isinstance(items, dict) else None
        self.all_of: list[Schema] = schema.get("allOf", [])


_levels: dict[int, tuple[Schema, _Level]] = {}


def _local_errors(
    schema: Schema, value: Any, base: tuple[Any, ...]
) -> Iterator[tuple[ValidationError | Leaf, tuple[Any, ...]]]:
    """jsonschema's errors for `value` (or the same, as `Leaf`s), each with the
    path where its walk began.

    jsonschema applies `properties`, `items` and `allOf` by descending into the
    sub-schema with the same instance or a member of it, so descending here
    instead, and skipping sub-schemas whose exact check passes, yields the
    same errors. Schemas the checks cannot compile get jsonschema's full walk.
    """
    level = _per_schema(_levels, schema, _Level)
    check = level.check
    if check is None:
        for error in compiled_validator(schema).iter_errors(value):
            yield error, base
        return
    if check(value):
        return
    if level.explain is not None:
        for leaf in level.explain(value):
            yield leaf, base
        if level.extra is not None and isinstance(value, dict):
            declared = level.properties
            for name, item in value.items():
                if name not in declared:
                    yield from _local_errors(level.extra, item, (*base, name))
    else:
        shallow = _shallow_schema(schema)
        if not fits(shallow, value):
            for error in compiled_validator(shallow).iter_errors(value):
                yield error, base
    if isinstance(value, dict):
        properties = level.properties
        for name, item in value.items():
            sub = properties.get(name)
            if sub is not None:
                yield from _local_errors(sub, item, (*base, name))
    if level.items is not None and isinstance(value, list):
        for index, item in enumerate(value):
            yield from _local_errors(level.items, item, (*base, index))
    for sub in level.all_of:
        yield from _local_errors(sub, value, base)


def _field_errors(
    errors: Iterable[tuple[ValidationError | Leaf, tuple[Any, ...]]],
    where: str,
    prefix: str,
) -> list[FieldError]:
    found: list[FieldError] = []
    for error, base in errors:
        for leaf in _leaf_errors(error):
            path = [*base, *leaf.absolute_path]
            if leaf.validator == "required":
                missing = [
                    name
                    for name in leaf.validator_value
                    if isinstance(leaf.instance, dict) and name not in leaf.instance
                ]
                for name in missing:
                    if repr(name) in leaf.message:
                        path.append(name)
                        break
            field = _field_name(path, prefix)
            found.append(FieldError(field or where, _describe(leaf, field, where)))
    return sorted(set(found), key=lambda item: (item.field, item.message))


def unknown_fields(schema: dict[str, Any], value: Any, prefix: str = "") -> list[str]:
    """Fields of `value` that `schema` does not declare anywhere."""
    if not isinstance(schema, dict):
        return []
    if isinstance(value, list):
        items = schema.get("items")
        found: list[str] = []
        if isinstance(items, dict):
            for index, item in enumerate(value):
                found += unknown_fields(items, item, f"{prefix}[{index}]")
        return found
    if not isinstance(value, dict):
        return []

    declared = _per_schema(_declared, schema, _declared_properties)
    if declared is None:
        return []
    found = []
    for key, item in value.items():
        name = f"{prefix}.{key}" if prefix else str(key)
        if key not in declared:
            found.append(name)
        else:
            found += unknown_fields(declared[key], item, name)
    return found


def _declared_properties(schema: dict[str, Any]) -> dict[str, Any] | None:
    """All properties a schema names, or None when it accepts any field."""
    if schema.get("additionalProperties") not in (None, False):
        return None
    declared: dict[str, Any] = dict(schema.get("properties", {}))
    open_ended = "properties" not in schema and schema.get("type") in (None, "object")
    for keyword in ("allOf", "oneOf", "anyOf"):
        for branch in schema.get(keyword, []):
            branch_props = _declared_properties(branch)
            if branch_props is None:
                return None
            declared.update(branch_props)
            open_ended = False
    return None if open_ended and not declared else declared


def _parameter_field(param: dict[str, Any]) -> str:
    return str(param["name"])


def repeated_query_parameters(
    names: Iterable[str], params: list[dict[str, Any]]
) -> list[FieldError]:
    """Single-valued query parameters that the client sent more than once.

    Which copy would win is an accident of the parser, so the mock refuses to
    guess: `?page_size=10&page_size=abc` is an error, not page 10 or a 400
    about `abc` depending on the order.
    """
    counts = Counter(names)
    found = []
    for param in params:
        name = param["name"]
        if counts[name] > 1 and param.get("schema", {}).get("type") != "array":
            found.append(
                FieldError(
                    name,
                    f"`{name}` was sent {counts[name]} times in the query, but it "
                    "takes a single value.",
                )
            )
    return found


INTEGER_TEXT = re.compile(r"[+-]?[0-9]+")
"""How an integer is written in a query or a path: ASCII digits, maybe a sign."""
NUMBER_TEXT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
"""How a number is written: as in JSON, with a sign or a bare point allowed."""


def read_integer(text: str) -> int:
    """`text` as an integer, if it is written as one (INTEGER_TEXT).

    int() also reads blanks around the digits, underscores between them and
    the digits of other scripts (` 5`, `5_0`, an Arabic-Indic five). No
    client library writes an integer that way, so the mock leaves such text
    as it came, for validation to name as not an integer.
    """
    if INTEGER_TEXT.fullmatch(text) is None:
        raise ValueError(f"{text!r} is not written as an integer.")
    return int(text)


def read_number(text: str) -> float:
    """`text` as a finite number, if it is written as one (NUMBER_TEXT).

    float() also reads `nan`, `inf` and underscores; and digits too many for
    a float make infinity, which no JSON answer can carry.
    """
    if NUMBER_TEXT.fullmatch(text) is None:
        raise ValueError(f"{text!r} is not written as a number.")
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text!r} is too large a number.")
    return value


STRICT_READINGS: dict[str, Callable[[str], Any]] = {
    "integer": read_integer,
    "number": read_number,
}
"""The readings that decide whether a text is written as its declared type."""


def _written_as(kind: Any, text: Any) -> bool:
    read = STRICT_READINGS.get(kind)
    if read is None or not isinstance(text, str):
        return True
    try:
        read(text)
    except ValueError:
        return False
    return True


class MockURIParser(OpenAPIURIParser):
    """connexion's parser of query and path values, reading numbers strictly.

    connexion converts a value declared as an integer or a number with int()
    or float(); this puts back the text of any such value that
    `read_integer` or `read_number` would refuse. Items of arrays keep
    connexion's reading: no spec of ours has an array of numbers in a query.
    """

    @functools.cached_property
    def param_schemas(self) -> dict[str, Any]:  # type: ignore[override]
        """connexion's, worked out once; a schema without a `type` (a oneOf,
        say) gets `type: None`, which connexion's parser reads without failing."""
        schemas = {}
        for name, definition in self.param_defns.items():
            schema = definition.get("schema", {})
            if schema and "type" not in schema:
                schema = {**schema, "type": None}
            schemas[name] = schema
        return schemas

    def resolve_params(self, params: dict[str, Any], _in: str) -> dict[str, Any]:
        resolved: dict[str, Any] = super().resolve_params(params, _in)
        for name, sent in params.items():
            kind = (self.param_schemas.get(name) or {}).get("type")
            if kind not in STRICT_READINGS or type(resolved.get(name)) not in (
                int,
                float,
            ):
                continue
            text = sent if _in == "path" else sent[-1]
            if not _written_as(kind, text):
                resolved[name] = text
        return resolved


class MockParameterValidator(ParameterValidator):
    """Checks every query, path and header parameter and reports them all."""

    def __init__(self, parameters: list[dict[str, Any]], *args: Any, **kwargs: Any):
        # connexion 3.3 appends the path-level parameters to the operation's own
        # list each time it builds the operation, so the same one can arrive
        # several times; the first (the operation's own) wins, as in OpenAPI.
        unique: dict[tuple[str, str], dict[str, Any]] = {}
        for param in parameters:
            unique.setdefault((param["in"], param["name"]), param)
        super().__init__(list(unique.values()), *args, **kwargs)
        self.checked = [
            CheckedParameter(param, where)
            for where in ("query", "path", "header")
            for param in self.parameters.get(where, ())
        ]
        """Query, path and header parameters in that order, each prepared once."""
        self.known_query_names = frozenset(
            {
                *(param["name"] for param in self.parameters.get("query", ())),
                *self.security_query_params,
                ACCESS_TOKEN_QUERY,
            }
        )

    def validate(self, scope: Scope) -> None:
        request = ConnexionRequest(scope, uri_parser=self.uri_parser)
        self.check(
            scope,
            query=request.query_params,
            path=request.path_params,
            headers=request.headers,
            query_names=[
                name
                for name, _ in QueryParams(scope.get("query_string", b"")).multi_items()
            ],
        )

    def check(
        self,
        scope: Scope,
        *,
        query: Mapping[str, Any],
        path: Mapping[str, Any],
        headers: Mapping[str, str],
        query_names: list[str],
    ) -> None:
        """Raise one 400 for every invalid parameter; note unknown ones as warnings.

        `query` and `path` hold the values as connexion's URI parser resolved
        them (split into arrays, coerced to the declared type where possible);
        `query_names` is every name in the query string, repeats included.
        """
        errors, extras = self.collect(query, path, headers, query_names)
        extra_errors = [
            FieldError(name, f"`{name}` is not a query parameter of this operation.")
            for name in extras
        ]
        if self.strict_validation:
            errors += extra_errors
        else:
            add_warnings(scope, extra_errors)
        if errors:
            raise validation_failed(errors)

    def collect(
        self,
        query: Mapping[str, Any],
        path: Mapping[str, Any],
        headers: Mapping[str, str],
        query_names: list[str],
    ) -> tuple[list[FieldError], list[str]]:
        errors: list[FieldError] = []
        for checked in self.checked:
            if checked.where == "query":
                value = query.get(checked.name)
                sent = value is not None or checked.name in query
            elif checked.where == "path":
                value = path.get(checked.key)
                sent = value is not None or checked.key in path
            else:
                value = headers.get(checked.name)
                sent = value is not None
                if sent:
                    value = checked.from_header(value)
            if value is None:
                # Sent and read as None: a nullable parameter sent as null.
                if checked.required and not sent:
                    errors.append(checked.missing())
            elif not checked.passes(value) and not checked.passes_read(value):
                errors += checked.violations(value)
        if len(query_names) > len(query):
            errors += repeated_query_parameters(
                query_names, self.parameters.get("query", [])
            )

        known = self.known_query_names
        if query.keys() <= known:
            return errors, []
        return errors, sorted(set(query) - known)


REMEMBERED_KINDS = frozenset({str, int, float, bool})
PASSING_VALUES_KEPT = 64
"""Passing values a parameter remembers before it starts again from none."""
REMEMBERED_TEXT = 64
"""Longer text is checked every time: it would make the memory of a mock
with hundreds of parameters depend on what clients send."""


class CheckedParameter:
    """One declared parameter with what checking it needs, worked out once."""

    def __init__(self, param: dict[str, Any], where: str) -> None:
        self.name: str = param["name"]
        self.key = self.name.replace("-", "_")
        """The name under which connexion hands over a path value."""
        self.field = _parameter_field(param)
        self.where = where
        self.required = bool(param.get("required"))
        self.schema: dict[str, Any] = param.get("schema", param)
        self.nullable = bool(self.schema.get("nullable"))
        self.check = _compiled_check(self.schema)
        self.untyped = "type" not in self.schema
        self.definition = param
        self._passing: set[tuple[type, Any]] = set()
        """Plain values that passed: clients send the same few again and again."""

    def from_header(self, text: str) -> Any:
        """A header's text read as its declared type, where it can be.

        Headers reach validation as text; a value that is not written as the
        declared type (or an item not written as the items' type) stays
        text, for validation to name.
        """
        kind = self.schema.get("type")
        if kind in (None, "string"):
            return text
        try:
            value = coerce_type(self.definition, text, "header", self.name)
        except TypeValidationError:
            return text
        if kind == "array" and isinstance(value, list):
            item_kind = self.schema.get("items", {}).get("type")
            return [
                item if _written_as(item_kind, raw) else raw
                for item, raw in zip(value, text.split(","), strict=False)
            ]
        return value if _written_as(kind, text) else text

    def passes_read(self, value: Any) -> bool:
        """For a schema with no `type` (a oneOf of a number and a word, say),
        whether text passes once read as a number or a boolean."""
        if not self.untyped or not isinstance(value, str):
            return False
        for read in (read_integer, read_number, boolean):
            try:
                candidate = read(value)
            except ValueError:
                continue
            if self.passes(candidate):
                return True
        return False

    def missing(self) -> FieldError:
        return FieldError(
            self.field,
            f"`{self.field}` is required in the {self.where} but was not sent.",
        )

    def passes(self, value: Any) -> bool:
        """True when `value` has nothing to report (see `fits`)."""
        kind = type(value)
        key = None
        if kind in REMEMBERED_KINDS and (
            kind is not str or len(value) <= REMEMBERED_TEXT
        ):
            key = (kind, value)
        if key is not None and key in self._passing:
            return True
        check = self.check
        if (check is not None and check(value)) or (
            self.nullable and value in ("null", "None")
        ):
            if key is not None:
                if len(self._passing) >= PASSING_VALUES_KEPT:
                    self._passing.clear()
                self._passing.add(key)
            return True
        return False

    def violations(self, value: Any) -> list[FieldError]:
        return violations(self.schema, value, self.where, prefix=self.field)


REMEMBERED_BODY_BYTES = 2048
VERDICTS_KEPT = 8
"""Body verdicts a validator remembers before it starts again from none."""
REMEMBERED_FINDINGS = 16
"""A verdict with more violations and unknown fields than this is not kept:
with every operation's validator full, memory stays within a few MB."""


class Verdict(NamedTuple):
    """What checking one body found: violations, and fields the schema lacks."""

    errors: tuple[FieldError, ...]
    extras: tuple[FieldError, ...]


class MockJSONBodyValidator(JSONRequestBodyValidator):
    """Parses a JSON body strictly and reports every violation in it.

    A validator the short road keeps for an operation remembers its verdict
    on a few recent small bodies, by their bytes: load tests and retrying
    clients send the same body over and over, and the same bytes against the
    same schema always get the same verdict. A remembered body is still
    parsed afresh, so each request's handler gets its own copy.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._verdicts: dict[bytes, Verdict] = {}

    async def wrap_receive(
        self, receive: Receive, *, scope: Scope
    ) -> tuple[Receive, Scope]:
        messages: list[dict[str, Any]] = []
        chunks: list[bytes] = []
        more_body = True
        while more_body:
            message = await receive()
            if message["type"] == "http.disconnect":
                # A cut-off body is not a request to judge.
                raise ClientDisconnect()
            messages.append(message)
            chunks.append(message.get("body", b""))
            more_body = message.get("more_body", False)
        raw = b"".join(chunks)
        self.check_raw(raw, scope)
        return self._insert_messages(receive, messages=messages), scope

    def check_raw(self, raw: bytes, scope: Scope) -> Any:
        """Parse and check a whole body; return it as parsed, or None when empty.

        An empty body is refused when the operation requires one, however it
        was sent.
        """
        if not raw.strip():
            if self._required:
                raise validation_failed(
                    [
                        FieldError(
                            "body", "The request needs a JSON body, but none was sent."
                        )
                    ]
                )
            return None

        verdict = self._verdicts.get(raw)
        if verdict is None:
            body = parse_json_body(raw)
            if body is None and self._nullable:
                return None
            verdict = self._judge(body)
            if (
                len(raw) <= REMEMBERED_BODY_BYTES
                and len(verdict.errors) + len(verdict.extras) <= REMEMBERED_FINDINGS
            ):
                if len(self._verdicts) >= VERDICTS_KEPT:
                    self._verdicts.clear()
                self._verdicts[raw] = verdict
        elif not verdict.errors:
            # Bytes that parsed and passed before parse the same way again.
            body = orjson.loads(raw)
        # Warnings first: a refused body's unknown fields are journaled too.
        add_warnings(scope, list(verdict.extras))
        if verdict.errors:
            raise validation_failed(list(verdict.errors))
        return body

    def _judge(self, body: Any) -> Verdict:
        errors = violations(self._schema, body, "body")
        extras = [
            FieldError(name, f"`{name}` is not a field of this request body.")
            for name in unknown_fields(self._schema, body)
        ]
        if self._strict_validation:
            return Verdict((*errors, *extras), ())
        return Verdict(tuple(errors), tuple(extras))


class _ClosingMultiPartParser(MultiPartParser):
    async def parse(self) -> FormData:
        try:
            form = await super().parse()
        except MultiPartException as exc:
            raise validation_failed(
                [
                    FieldError(
                        "body",
                        f"The multipart/form-data body cannot be read: {exc.message} "
                        "Send parts separated by the boundary named in Content-Type.",
                    )
                ]
            ) from None
        await form.close()
        return form


class MockMultiPartFormDataValidator(MultiPartFormDataValidator):
    """connexion's multipart validator, closing the uploads it parses.

    It parses the form only to check the field names and values, and never
    closes the files; an upload over 1 MB is spooled to a temporary file that
    then stays open until the garbage collector finds it. The handler reads
    its own, separate copy of the form.
    """

    @property
    def _form_parser_cls(self) -> type[MultiPartParser]:
        return _ClosingMultiPartParser

    def _validate(self, body: Any) -> None:
        """Report every violation by field, like a JSON body, not jsonschema's text."""
        if not isinstance(body, dict):
            super()._validate(body)
            return
        if self._strict_validation:
            self._validate_params_strictly(body)

        errors = schema_errors(compiled_validator(self._schema), body, "body")
        if errors:
            raise validation_failed(errors)


def parse_json_body(raw: bytes) -> Any:
    """Decode a request body, with errors that say what was wrong and where."""
    try:
        # orjson refuses any byte that is not UTF-8; the text decoder is asked
        # only then, to say which byte it was.
        body = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as bad:
            raise validation_failed(
                [
                    FieldError(
                        "body", f"The body is not UTF-8: byte {bad.start} is invalid."
                    )
                ]
            ) from None
        if "depth limit" in str(exc):
            raise _too_deep() from None
        raise validation_failed(
            [FieldError("body", f"The body is not valid JSON: {exc}.")]
        ) from None
    # Each level opens a bracket, so a body with few brackets needs no walk.
    brackets = raw.count(b"{") + raw.count(b"[")
    if brackets > MAX_JSON_DEPTH and _nesting_depth(body) > MAX_JSON_DEPTH:
        raise _too_deep()
    return body


def _too_deep() -> MockError:
    return validation_failed(
        [
            FieldError(
                "body",
                f"The body nests deeper than {MAX_JSON_DEPTH} levels, "
                "the most the mock accepts.",
            )
        ]
    )


def _nesting_depth(value: Any) -> int:
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in item)
    return deepest
