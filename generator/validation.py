"""Checking values against converted schemas, at compile time only.

jsonschema is far too slow to run per generated body, so it is used while a
plan is compiled: to keep only examples and enum members that are valid, to
prove that oneOf branches were made exclusive, and to check sample bodies and
the fuzz pool once.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import orjson
from jsonschema import Draft7Validator, Draft202012Validator
from jsonschema.protocols import Validator
from zoom_mock.generator.merge import Schema

FORMAT_CHECKER = Draft202012Validator.FORMAT_CHECKER
"""Draft 7's formats and later ones that OpenAPI files use too, such as `uuid`."""


def validator_for(schema: Schema) -> Validator:
    """A Draft 7 validator with format checks; cached for small schemas."""
    if isinstance(schema, bool):
        return Draft7Validator(schema, format_checker=FORMAT_CHECKER)
    return _cached(orjson.dumps(schema, option=orjson.OPT_SORT_KEYS))


@lru_cache(maxsize=4096)
def _cached(encoded: bytes) -> Validator:
    return Draft7Validator(orjson.loads(encoded), format_checker=FORMAT_CHECKER)


def is_valid(value: Any, schema: Schema) -> bool:
    if schema is True or schema == {}:
        return True
    if schema is False:
        return False
    return bool(validator_for(schema).is_valid(value))


def first_error(value: Any, schema: Schema) -> str | None:
    """The most relevant validation error as one line, or None if valid."""
    error = next(iter(validator_for(schema).iter_errors(value)), None)
    if error is None:
        return None

    place = "/" + "/".join(str(part) for part in error.absolute_path)
    keyword = "/".join(str(part) for part in error.absolute_schema_path)
    return f"{error.message:.200} (at {place}, schema {keyword})"
