"""Small maker combinators that the realistic compiler builds trees from.

Each function returns a closure of `(rng, person)`; none of them looks at a
schema at request time. Pools of container values are kept encoded, so each
body gets its own copy without `deepcopy`.
"""

from __future__ import annotations

import math
from random import Random
from typing import Any

import orjson
from zoom_mock.generator.merge import json_key
from zoom_mock.generator.seeds import stable_seed
from zoom_mock.generator.values import Maker, person_index

SCALARS = (str, int, float, bool, type(None))
POOL_SEEDS = 96


def integer_bounds(schema: dict[str, Any]) -> tuple[int | None, int | None]:
    low = high = None
    if "minimum" in schema:
        low = math.ceil(schema["minimum"])
    if "exclusiveMinimum" in schema:
        low = max(
            low if low is not None else -math.inf,
            math.floor(schema["exclusiveMinimum"]) + 1,
        )
    if "maximum" in schema:
        high = math.floor(schema["maximum"])
    if "exclusiveMaximum" in schema:
        high = min(
            high if high is not None else math.inf,
            math.ceil(schema["exclusiveMaximum"]) - 1,
        )
    return low, high


def overlap(
    start: int, stop: int, low: int | None, high: int | None
) -> tuple[int, int] | None:
    begin = start if low is None else max(start, low)
    end = stop if high is None else min(stop, high)
    return (begin, end) if begin <= end else None


def near(low: int | None, high: int | None) -> tuple[int, int]:
    if low is not None:
        return low, low + 100 if high is None else min(high, low + 100)
    assert high is not None
    return high - 100, high


def finite(value: float) -> int | None:
    return int(value) if math.isfinite(value) else None


def clean(value: Any) -> Any:
    return round(value, 10) if isinstance(value, float) else value


def integer_maker(low: int, high: int) -> Maker:
    span = high - low + 1
    if span == 1:
        return lambda rng, person: low
    if span > 2**50:
        return lambda rng, person: low + rng.randrange(span)
    return lambda rng, person: low + int(rng.random() * span)


def float_maker(schema: dict[str, Any], start: float, stop: float) -> Maker:
    width = stop - start
    middle = start + width / 2

    def make(rng: Random, person: int) -> float:
        value = round(start + rng.random() * width, 2)
        if (
            value < start
            or value > stop
            or value in (schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum"))
        ):
            return middle
        return value

    return make


def constant(value: Any) -> Maker:
    if isinstance(value, SCALARS):
        return lambda rng, person: value
    encoded = orjson.dumps(value)
    return lambda rng, person: orjson.loads(encoded)


def chooser(pool: list[Any]) -> Maker:
    size = len(pool)
    if all(isinstance(value, SCALARS) for value in pool):
        frozen = tuple(pool)
        if size == 1:
            return lambda rng, person: frozen[0]
        return lambda rng, person: frozen[int(rng.random() * size)]
    encoded = tuple(orjson.dumps(value) for value in pool)
    return lambda rng, person: orjson.loads(encoded[int(rng.random() * size)])


def distinct(values: Any) -> list[Any]:
    seen: dict[str, Any] = {}
    for value in values:
        seen.setdefault(json_key(value), value)
    return list(seen.values())


def pool_values(maker: Maker) -> list[Any]:
    return distinct(
        maker(Random(stable_seed("pool", index)), 0) for index in range(POOL_SEEDS)
    )


def unique_list(item: Maker, pool: list[Any], shortest: int, longest: int) -> Maker:
    """Lists of distinct items: fresh ones first, topped up from a proven pool."""
    span = longest - shortest + 1
    encoded = [orjson.dumps(value, option=orjson.OPT_SORT_KEYS) for value in pool]

    def make(rng: Random, person: int) -> list[Any]:
        wanted = shortest + int(rng.random() * span)
        seen: set[bytes] = set()
        out: list[Any] = []
        for _ in range(wanted * 3):
            value = item(rng, person)
            key = orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
            if key not in seen:
                seen.add(key)
                out.append(value)
                if len(out) == wanted:
                    return out

        for key in encoded:
            if key not in seen:
                seen.add(key)
                out.append(orjson.loads(key))
                if len(out) == wanted:
                    break
        return out

    return make


def with_person(pairs: tuple[tuple[str, Maker], ...], rng: Random) -> dict[str, Any]:
    """An object whose name and e-mail fields all describe one person."""
    person = person_index(rng)
    return {field: maker(rng, person) for field, maker in pairs}
