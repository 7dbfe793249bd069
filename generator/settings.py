"""What the generator needs to know about the mock it serves.

Dates are bounded so that the mock's data looks like one year of activity,
and URLs point at the mock's own base URL so that links in bodies can be
followed by a client under test.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path


@dataclass(frozen=True)
class GeneratorSettings:
    """Settings shared by every plan a Generator compiles.

    `recursion_depth` is how often one `$ref` may repeat on the way down
    before optional recursion is cut. `fuzz_pool_size` is how many bodies
    hypothesis-jsonschema draws for a plan the first time fuzz mode is used.
    `spec_dir` is where `other.yaml#/...` references are read from when the
    caller does not hand the documents over.
    """

    date_from: date = date(2026, 1, 1)
    date_to: date = date(2026, 12, 31)
    base_url: str = "https://api.zoom.us"
    recursion_depth: int = 2
    fuzz_pool_size: int = 24
    fuzz_mutations: int = 6
    spec_dir: Path | None = None

    def __post_init__(self) -> None:
        if self.date_from > self.date_to:
            raise ValueError(
                f"GeneratorSettings received date_from {self.date_from} after "
                f"date_to {self.date_to}; date_from must not be later."
            )
        if not self.base_url.startswith(("http://", "https://")):
            raise ValueError(
                f"GeneratorSettings received base_url {self.base_url!r}; "
                "expected an absolute http:// or https:// URL."
            )
        if self.recursion_depth < 1 or self.fuzz_pool_size < 1:
            raise ValueError(
                "GeneratorSettings needs recursion_depth >= 1 and fuzz_pool_size "
                f">= 1, and received {self.recursion_depth} and "
                f"{self.fuzz_pool_size}."
            )

    @property
    def root_url(self) -> str:
        return self.base_url.rstrip("/")
