"""Strings that match a regular expression, made without hypothesis.

JSON Schema patterns in API specs are short: character classes, repeats and
alternatives. Walking Python's own parse of the pattern covers them and costs
microseconds. Samples are drawn at compile time with seeded randomness and
checked with `re.search` and the length limits, so a generator only picks
among proven samples while a request is served. Lookarounds are skipped while
a sample is made and enforced by that check, which throws away the samples
that break them.
"""

from __future__ import annotations

import re
import string
from random import Random
from typing import Any

try:
    from re import _constants as sre_constants
    from re import _parser as sre_parse
except ImportError:  # Python before 3.11 kept them as top-level modules.
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

from zoom_mock.generator.seeds import stable_seed

MAX_REPEAT = 6
_PRINTABLE = string.ascii_letters + string.digits + " -_.:/@"
_CATEGORIES = {
    sre_constants.CATEGORY_DIGIT: string.digits,
    sre_constants.CATEGORY_NOT_DIGIT: string.ascii_letters + "-_",
    sre_constants.CATEGORY_WORD: string.ascii_letters + string.digits + "_",
    sre_constants.CATEGORY_NOT_WORD: " -.:/",
    sre_constants.CATEGORY_SPACE: " ",
    sre_constants.CATEGORY_NOT_SPACE: string.ascii_letters + string.digits,
}


class UnsupportedPattern(Exception):
    """The pattern uses a construct this sampler does not produce."""


def samples(
    pattern: str, min_length: int, max_length: int | None, count: int = 12
) -> list[str]:
    """Up to `count` distinct strings that match `pattern` within the lengths."""
    compiled = re.compile(pattern)
    parsed = sre_parse.parse(pattern)
    found: dict[str, None] = {}

    for longest in (MAX_REPEAT, 40, 400):
        for attempt in range(count * 12):
            sampler = _Sampler(
                Random(stable_seed("pattern", pattern, longest, attempt)), longest
            )
            text = _fit(
                sampler.emit(parsed), compiled, min_length, max_length, sampler.rng
            )
            if text is not None:
                found[text] = None
            if len(found) >= count:
                return list(found)
        if found:
            break
    return list(found)


def length_range(pattern: str) -> tuple[int, int | None]:
    """The shortest and longest string that can match `pattern` (search semantics).

    A pattern anchored at both ends matches strings of its own widths only; an
    unanchored one can be surrounded by anything, so it has no longest.
    """
    parsed = sre_parse.parse(pattern)
    shortest, longest = parsed.getwidth()
    items = list(parsed)
    anchored = (
        bool(items)
        and items[0] == (sre_constants.AT, sre_constants.AT_BEGINNING)
        and items[-1][0] is sre_constants.AT
        and items[-1][1] in (sre_constants.AT_END, sre_constants.AT_END_STRING)
    )
    if not anchored or longest >= sre_constants.MAXREPEAT:
        return shortest, None
    # `$` also matches before one final newline.
    return shortest, longest + (items[-1][1] is sre_constants.AT_END)


def _fit(
    text: str, compiled: re.Pattern[str], low: int, high: int | None, rng: Random
) -> str | None:
    """Pad a sample that is too short when the pattern is not anchored at the end."""
    if len(text) < low and not compiled.pattern.endswith("$"):
        text += "".join(
            rng.choice(string.ascii_lowercase) for _ in range(low - len(text))
        )
    if len(text) < low or (high is not None and len(text) > high):
        return None
    return text if compiled.search(text) else None


class _Sampler:
    """One walk over a parsed pattern with its own randomness."""

    def __init__(self, rng: Random, longest: int) -> None:
        self.rng = rng
        self.longest = longest
        self.groups: dict[int, str] = {}

    def emit(self, parsed: Any) -> str:
        return "".join(self._one(op, argument) for op, argument in parsed)

    def _one(self, op: Any, argument: Any) -> str:
        rng = self.rng
        if op is sre_constants.LITERAL:
            return chr(argument)
        if op is sre_constants.NOT_LITERAL:
            return rng.choice([char for char in _PRINTABLE if ord(char) != argument])
        if op is sre_constants.ANY:
            return rng.choice(_PRINTABLE)
        if op is sre_constants.IN:
            return _class(argument, rng)
        if op in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            return ""
        if op is sre_constants.BRANCH:
            return self.emit(rng.choice(argument[1]))
        if op is sre_constants.SUBPATTERN:
            return self._group(argument)
        if op in _REPEATS:
            return self._repeat(argument)
        if op is sre_constants.GROUPREF:
            return self.groups.get(argument, "")
        if op is sre_constants.CATEGORY:
            return rng.choice(_CATEGORIES.get(argument, "a"))
        raise UnsupportedPattern(f"the regex construct {op} is not supported")

    def _group(self, argument: Any) -> str:
        group, _, _, inner = argument
        text = self.emit(inner)
        if group is not None:
            self.groups[group] = text
        return text

    def _repeat(self, argument: Any) -> str:
        low, high, inner = argument
        top = (
            low + self.longest
            if high is sre_constants.MAXREPEAT
            else min(high, low + self.longest)
        )
        return "".join(
            self.emit(inner) for _ in range(self.rng.randint(low, max(low, top)))
        )


_REPEATS = tuple(
    op
    for op in (
        sre_constants.MAX_REPEAT,
        sre_constants.MIN_REPEAT,
        getattr(sre_constants, "POSSESSIVE_REPEAT", None),
    )
    if op is not None
)


def _class(items: list[tuple[Any, Any]], rng: Random) -> str:
    negated = bool(items) and items[0][0] is sre_constants.NEGATE
    allowed: list[str] = []
    for op, argument in items[1:] if negated else items:
        if op is sre_constants.LITERAL:
            allowed.append(chr(argument))
        elif op is sre_constants.RANGE:
            low, high = argument
            allowed.extend(chr(code) for code in range(low, min(high, low + 400) + 1))
        elif op is sre_constants.CATEGORY:
            allowed.extend(_CATEGORIES.get(argument, ""))
        else:
            raise UnsupportedPattern(f"the character-class item {op} is not supported")

    if negated:
        excluded = set(allowed)
        allowed = [char for char in _PRINTABLE if char not in excluded]
    if not allowed:
        raise UnsupportedPattern("the character class allows no printable character")
    return rng.choice(allowed)
