"""Known gaps of zoom-mock, kept as data: each entry names what is missing and why."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Gap:
    area: str
    item: str
    reason: str


KNOWN_GAPS: list[Gap] = [
    Gap(
        "generator",
        "oneOf branches that are open objects with no property in common",
        "No value can fail such a branch except through a property it declares, so "
        "the other branches' bodies carry one of its properties with a value of the "
        "wrong type (often null). The bodies are valid, but less realistic there.",
    ),
    Gap(
        "generator",
        "fuzz pool built on the first fuzz request of an operation",
        "hypothesis-jsonschema needs 0.1 to 1.5 s to draw a pool for a large schema; "
        "that first request waits for it unless Plan.warm() was called at startup.",
    ),
    Gap(
        "generator",
        "values under `not`, or two patterns or formats in one allOf",
        "The makers cannot aim at these, so such a field takes its values from a "
        "pool proven valid at compile time (made by the makers, else drawn by "
        "hypothesis-jsonschema); fuzz mode uses that pool too, so such fields are "
        "less varied and not pushed to their edges.",
    ),
    Gap(
        "generator",
        "`nullable` written beside a `$ref`",
        "OpenAPI 3.0 ignores every keyword beside `$ref`, so such a field is not "
        "nullable in the converted schema; write `nullable: true` with "
        "`allOf: [$ref]` instead, which the converter turns into anyOf [schema, null].",
    ),
]
