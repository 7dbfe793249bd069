"""Compiling a generation schema into a tree of small makers.

All decisions are taken here, once per schema: which type a field gets, which
realistic kind or example fills it, which enum members are valid, how long
arrays are. What is left for request time is a tree of closures that call
`Random.random()` and index into tables, so a body costs microseconds and the
same seed gives the same body in every process.

When the compiler cannot be sure its own makers meet a schema (two `allOf`
patterns, say, or a `not`), it checks samples at compile time and, failing
that, draws proven values from hypothesis-jsonschema. A schema that neither
can satisfy raises SchemaProblem naming the keyword.
"""

from __future__ import annotations

import contextlib
import math
import re
from random import Random
from typing import Any

import orjson
from zoom_mock.generator.drawing import DrawFailed, draw
from zoom_mock.generator.errors import SchemaProblem
from zoom_mock.generator.makers import (
    POOL_SEEDS,
    SCALARS,
    chooser,
    clean,
    constant,
    distinct,
    finite,
    float_maker,
    integer_bounds,
    integer_maker,
    near,
    overlap,
    pool_values,
    unique_list,
    with_person,
)
from zoom_mock.generator.merge import Schema, types_of
from zoom_mock.generator.narrowing import ASCII, member
from zoom_mock.generator.patterns import UnsupportedPattern, length_range, samples
from zoom_mock.generator.seeds import stable_seed
from zoom_mock.generator.validation import FORMAT_CHECKER, first_error, is_valid
from zoom_mock.generator.values import (
    PEOPLE_COUNT,
    PERSON_FIELDS,
    Maker,
    Values,
    snake,
)

LIST_LENGTH = 3
PATTERN_CANDIDATES = 256
DRAWN_VALUES = 12
_OBJECT_KEYS = (
    "properties",
    "required",
    "additionalProperties",
    "patternProperties",
    "minProperties",
    "maxProperties",
)
_ARRAY_KEYS = ("items", "minItems", "maxItems", "uniqueItems")
_NUMBER_KEYS = (
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
)
_STRING_KEYS = ("minLength", "maxLength", "pattern", "format")


class RealisticCompiler:
    """Builds realistic makers; one compiler serves one plan."""

    def __init__(self, values: Values, notes: list[str]) -> None:
        self.values = values
        self.notes = notes
        # Values proven valid where the makers could not aim, by JSON pointer;
        # fuzz mode draws from these instead of asking hypothesis to filter.
        self.proven: dict[str, list[Any]] = {}

    def compile(self, schema: Schema, name: str, pointer: str) -> Maker:
        if schema is False:
            raise SchemaProblem("false", pointer, "the schema allows no value here")
        if schema is True:
            schema = {}

        if "allOf" in schema or "not" in schema:
            return self._checked(schema, name, pointer)
        if "const" in schema:
            if not is_valid(schema["const"], schema):
                raise SchemaProblem(
                    "const",
                    pointer,
                    f"the value {schema['const']!r:.60} breaks the other keywords",
                )
            return constant(schema["const"])
        if "enum" in schema:
            return self._enum(schema, pointer)
        if "anyOf" in schema:
            return self._any_of(schema, name, pointer)

        kind = _pick_type(schema)
        builder = {
            "object": self._object,
            "array": self._array,
            "string": self._string,
            "integer": self._integer,
            "number": self._number,
            "boolean": self._boolean,
        }.get(kind)
        return builder(schema, name, pointer) if builder else constant(None)

    def _checked(self, schema: dict[str, Any], name: str, pointer: str) -> Maker:
        """Keywords we cannot aim at (`not`, a second pattern) are met by proof.

        Values of the other keywords are made for many seeds and only those
        that pass the whole schema are kept, so every pick is valid.
        """
        core = {
            key: value for key, value in schema.items() if key not in ("allOf", "not")
        }
        keyword = "allOf" if "allOf" in schema else "not"
        try:
            maker = self.compile(core, name, pointer)
        except SchemaProblem:
            return self._drawn(schema, keyword, pointer)

        pool = distinct(
            value for value in self._candidates(core, maker) if is_valid(value, schema)
        )
        if not pool:
            return self._drawn(schema, keyword, pointer)
        self.proven[pointer] = pool
        return chooser(pool)

    def _candidates(self, core: dict[str, Any], maker: Maker) -> list[Any]:
        made = [
            maker(Random(stable_seed("check", index)), index % PEOPLE_COUNT)
            for index in range(POOL_SEEDS)
        ]
        if isinstance(core.get("pattern"), str):
            low, high = core.get("minLength", 0), core.get("maxLength")
            with contextlib.suppress(UnsupportedPattern, re.error):
                made += samples(core["pattern"], low, high, count=PATTERN_CANDIDATES)
        return made

    def _drawn(self, schema: Schema, keyword: str, pointer: str) -> Maker:
        """A pool of values hypothesis-jsonschema drew and jsonschema accepted."""
        try:
            drawn = draw(
                schema,
                DRAWN_VALUES,
                stable_seed(
                    "realistic",
                    orjson.dumps(schema, option=orjson.OPT_SORT_KEYS).decode(),
                ),
            )
        except DrawFailed as failure:
            raise SchemaProblem(
                keyword, pointer, f"no value could be generated ({failure})"
            ) from None

        pool = distinct(value for value in drawn if is_valid(value, schema))
        if not pool:
            raise SchemaProblem(
                keyword, pointer, "no value that hypothesis drew meets every keyword"
            )
        self.proven[pointer] = pool
        return chooser(pool)

    def _enum(self, schema: dict[str, Any], pointer: str) -> Maker:
        members = schema["enum"]
        if not members:
            raise SchemaProblem(
                "enum", pointer, "the enum is empty, so no value is allowed"
            )

        valid = [member for member in members if is_valid(member, schema)]
        if not valid:
            raise SchemaProblem(
                "enum",
                pointer,
                f"none of the members {members!r:.120} meets the other keywords",
            )
        values = [member for member in valid if member is not None] or valid
        return chooser(distinct(values))

    def _any_of(self, schema: dict[str, Any], name: str, pointer: str) -> Maker:
        makers: list[Maker] = []
        nullable: list[Maker] = []
        problems: list[SchemaProblem] = []
        for index, branch in enumerate(schema["anyOf"]):
            try:
                maker = self.compile(branch, name, f"{pointer}/anyOf/{index}")
            except SchemaProblem as problem:
                problems.append(problem)
                continue
            (nullable if types_of(branch) == {"null"} else makers).append(maker)

        chosen = tuple(makers or nullable)
        if not chosen:
            raise problems[0]
        if len(chosen) == 1:
            return chosen[0]
        count = len(chosen)
        return lambda rng, person: chosen[int(rng.random() * count)](rng, person)

    def _example(self, schema: dict[str, Any], pointer: str) -> Any:
        """The first example that is valid for the schema, or None."""
        for example in schema.get("examples", []):
            if not isinstance(example, SCALARS) or example is None:
                continue
            error = first_error(example, schema)
            if error is None:
                return example
            self.notes.append(
                f"{pointer or '/'}: example {example!r:.60} "
                f"does not match its schema: {error}"
            )
        return None

    def _string(self, schema: dict[str, Any], name: str, pointer: str) -> Maker:
        low, high = schema.get("minLength", 0), schema.get("maxLength")
        if high is not None and low > high:
            raise SchemaProblem(
                "minLength",
                pointer,
                f"minLength {low} is greater than maxLength {high}",
            )

        example = self._example(schema, pointer)
        if "pattern" in schema:
            return self._pattern(schema, example, low, high, pointer)

        kind = self.values.string_kind(name, schema.get("format"), example)
        if (
            kind is not None
            and (kind.strong or example is None)
            and _fits(kind.shortest, kind.longest, low, high)
        ):
            return kind.make
        if example is not None:
            return constant(example)
        if schema.get("format") in FORMAT_CHECKER.checkers:
            return self._drawn(schema, "format", pointer)
        return chooser(self.values.phrases(low, high))

    def _pattern(
        self,
        schema: dict[str, Any],
        example: Any,
        low: int,
        high: int | None,
        pointer: str,
    ) -> Maker:
        if example is not None:
            return constant(example)
        try:
            self._check_widths(schema["pattern"], low, high, pointer)
            found = [
                text
                for text in samples(schema["pattern"], low, high)
                if is_valid(text, schema)
            ]
        except re.error as exc:
            raise SchemaProblem(
                "pattern",
                pointer,
                f"{schema['pattern'].removeprefix(ASCII)!r} is not a valid regular "
                f"expression: {exc}",
            ) from None
        except (UnsupportedPattern, OverflowError, RecursionError):
            found = []
        if found:
            return chooser(found)

        try:
            return self._drawn(schema, "pattern", pointer)
        except SchemaProblem:
            limit = "any length" if high is None else f"at most {high} characters"
            raise SchemaProblem(
                "pattern",
                pointer,
                f"no string matching {schema['pattern'].removeprefix(ASCII)!r} "
                f"with at least {low} and "
                f"{limit} was found",
            ) from None

    def _check_widths(
        self, pattern: str, low: int, high: int | None, pointer: str
    ) -> None:
        shortest, longest = length_range(pattern)
        if (high is not None and shortest > high) or (
            longest is not None and longest < low
        ):
            widest = "any length" if longest is None else f"at most {longest}"
            raise SchemaProblem(
                "pattern",
                pointer,
                f"strings matching {pattern.removeprefix(ASCII)!r} have at least "
                f"{shortest} and {widest} characters, but the lengths allowed are "
                f"{low} to {'any' if high is None else high}",
            )

    def _integer(self, schema: dict[str, Any], name: str, pointer: str) -> Maker:
        low, high = integer_bounds(schema)
        if low is not None and high is not None and low > high:
            raise SchemaProblem(
                "maximum",
                pointer,
                f"no integer lies between the minimum {low} and the maximum {high}",
            )

        example = self._example(schema, pointer)
        hint = self.values.number_hint(name, integer=True)
        window = overlap(hint.low, hint.high, low, high) if hint else None
        if example is not None and not (hint and hint.strong and window):
            return constant(example)
        if window is None:
            window = overlap(0, 100, low, high) or near(low, high)

        step = schema.get("multipleOf")
        if step is None and hint is not None and hint.step > 1:
            step = hint.step
        if step is not None:
            return self._stepped(schema, window, step, pointer)
        return integer_maker(*window)

    def _stepped(
        self, schema: dict[str, Any], window: tuple[int, int], step: Any, pointer: str
    ) -> Maker:
        low, high = integer_bounds(schema)
        candidates: list[Any] = []
        for start, stop in (
            window,
            (
                low if low is not None else -(2**63),
                high if high is not None else 2**63 - 1,
            ),
        ):
            first = math.ceil(start / step)
            candidates.extend(
                value
                for value in (
                    clean(first * step + offset * step) for offset in range(64)
                )
                if value <= stop and is_valid(value, schema)
            )
            if candidates:
                return chooser(distinct(candidates))
        raise SchemaProblem(
            "multipleOf", pointer, f"no multiple of {step} lies within the bounds"
        )

    def _number(self, schema: dict[str, Any], name: str, pointer: str) -> Maker:
        low, high = schema.get("minimum", -math.inf), schema.get("maximum", math.inf)
        low = max(low, schema.get("exclusiveMinimum", -math.inf))
        high = min(high, schema.get("exclusiveMaximum", math.inf))
        if low > high or (
            low == high
            and ("exclusiveMinimum" in schema or "exclusiveMaximum" in schema)
        ):
            raise SchemaProblem(
                "maximum",
                pointer,
                f"no number lies between the minimum {low} and the maximum {high}",
            )

        example = self._example(schema, pointer)
        hint = self.values.number_hint(name, integer=False)
        if example is not None and not (hint and hint.strong):
            return constant(example)
        if "multipleOf" in schema:
            window = overlap(0, 1000, finite(low), finite(high)) or near(
                finite(low), finite(high)
            )
            return self._stepped(schema, window, schema["multipleOf"], pointer)

        start, stop = (hint.low, hint.high) if hint else (0, 1000)
        start, stop = max(start, low), min(stop, high)
        if start > stop:
            start, stop = (
                (low, low + 1000) if math.isfinite(low) else (high - 1000, high)
            )
        return float_maker(schema, start, stop)

    def _boolean(self, schema: dict[str, Any], name: str, pointer: str) -> Maker:
        example = self._example(schema, pointer)
        if isinstance(example, bool):
            return constant(example)
        return lambda rng, person: rng.random() < 0.5

    def _array(self, schema: dict[str, Any], name: str, pointer: str) -> Maker:
        low, high = schema.get("minItems", 0), schema.get("maxItems")
        if high is not None and low > high:
            raise SchemaProblem(
                "minItems", pointer, f"minItems {low} is greater than maxItems {high}"
            )
        if high == 0:
            return lambda rng, person: []

        items = schema.get("items", True)
        if isinstance(items, list):
            raise SchemaProblem(
                "items",
                pointer,
                "the list form of items is not OpenAPI 3.0 and is not supported",
            )
        try:
            item = self.compile(items, name, f"{pointer}/items")
        except SchemaProblem:
            if low > 0:
                raise
            return lambda rng, person: []

        shortest = max(low, 1)
        longest = max(
            shortest,
            min(high if high is not None else LIST_LENGTH, max(low, LIST_LENGTH)),
        )
        if schema.get("uniqueItems"):
            return self._unique_array(items, item, shortest, longest, low, pointer)
        span = longest - shortest + 1
        return lambda rng, person: [
            item(rng, person) for _ in range(shortest + int(rng.random() * span))
        ]

    def _unique_array(
        self,
        items: Schema,
        item: Maker,
        shortest: int,
        longest: int,
        low: int,
        pointer: str,
    ) -> Maker:
        pool = distinct(
            item(Random(stable_seed("unique", index)), index % PEOPLE_COUNT)
            for index in range(POOL_SEEDS)
        )
        if len(pool) < longest and isinstance(items, dict) and "examples" in items:
            plain = {key: value for key, value in items.items() if key != "examples"}
            pool = distinct(pool + pool_values(self.compile(plain, "", pointer)))
        if len(pool) < longest and items is not True:
            with contextlib.suppress(SchemaProblem):
                pool = distinct(
                    pool + pool_values(self._drawn(items, "uniqueItems", pointer))
                )
        if len(pool) < low:
            raise SchemaProblem(
                "uniqueItems",
                pointer,
                f"{low} distinct items are required, "
                f"but the items allow only {len(pool)} values",
            )

        return unique_list(
            item, pool, min(shortest, longest, len(pool)), min(longest, len(pool))
        )

    def _object(self, schema: dict[str, Any], name: str, pointer: str) -> Maker:
        properties: dict[str, Schema] = dict(schema.get("properties", {}))
        required = list(schema.get("required", []))
        for field in required:
            if properties.get(field, True) is False:
                raise SchemaProblem(
                    "required",
                    pointer,
                    f"property {field!r} is required but the schema forbids it",
                )
            if field not in properties:
                properties[field] = _undeclared(schema, field, pointer)

        entries: list[tuple[str, Maker]] = []
        for field, sub in properties.items():
            if sub is False:
                continue
            try:
                entries.append(
                    (field, self.compile(sub, field, f"{pointer}/properties/{field}"))
                )
            except SchemaProblem:
                if field in required:
                    raise
                self.notes.append(
                    f"{pointer or '/'}: optional property {field!r} "
                    "cannot be generated and is left out"
                )

        entries = self._sized(schema, entries, required, pointer)
        pairs = tuple(entries)
        if any(snake(field) in PERSON_FIELDS for field, _ in pairs):
            return lambda rng, person: with_person(pairs, rng)
        return lambda rng, person: {field: maker(rng, person) for field, maker in pairs}

    def _sized(
        self,
        schema: dict[str, Any],
        entries: list[tuple[str, Maker]],
        required: list[str],
        pointer: str,
    ) -> list[tuple[str, Maker]]:
        """Honour minProperties and maxProperties."""
        most = schema.get("maxProperties")
        if most is not None and len(required) > most:
            raise SchemaProblem(
                "maxProperties",
                pointer,
                f"{len(required)} properties are required "
                f"but at most {most} are allowed",
            )
        if most is not None and len(entries) > most:
            kept = [entry for entry in entries if entry[0] in required]
            kept += [entry for entry in entries if entry[0] not in required][
                : most - len(kept)
            ]
            entries = kept

        least = schema.get("minProperties", 0)
        if not entries and isinstance(schema.get("additionalProperties"), dict):
            least = max(least, 1 if most is None else min(most, 1))
        taken = {field for field, _ in entries}
        for field in _extra_names(schema):
            if len(entries) >= least:
                break
            sub = member(schema, field)
            if field in taken or sub is False:
                continue
            if not is_valid(field, schema.get("propertyNames", True)):
                continue
            try:
                entries.append((field, self.compile(sub, field, f"{pointer}/{field}")))
            except SchemaProblem:
                continue
            taken.add(field)

        if len(entries) < least:
            raise SchemaProblem(
                "minProperties",
                pointer,
                f"{least} properties are required "
                f"but only {len(entries)} can be generated",
            )
        return entries


def _extra_names(schema: dict[str, Any]) -> list[str]:
    """Names for properties beyond the declared ones: pattern samples, then extra_N."""
    names: list[str] = []
    for pattern in schema.get("patternProperties", {}):
        with contextlib.suppress(UnsupportedPattern, re.error):
            names.extend(samples(pattern, 1, 40, count=8))
    return names + [f"extra_{index}" for index in range(1, 41)]


def _undeclared(schema: dict[str, Any], field: str, pointer: str) -> Schema:
    found = member(schema, field)
    if found is False:
        raise SchemaProblem(
            "required",
            pointer,
            f"property {field!r} is required but additionalProperties forbids it",
        )
    return found


def _pick_type(schema: dict[str, Any]) -> str:
    declared = types_of(schema)
    if declared is not None:
        order = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        real = [name for name in order if name != "null"]
        return real[0] if real else "null"

    for keys, kind in (
        (_OBJECT_KEYS, "object"),
        (_ARRAY_KEYS, "array"),
        (_STRING_KEYS, "string"),
        (_NUMBER_KEYS, "number"),
    ):
        if any(key in schema for key in keys):
            return kind
    return "string"


def _fits(shortest: int, longest: int, low: int, high: int | None) -> bool:
    return shortest >= low and (high is None or longest <= high)
