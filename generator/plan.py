"""Compiling a schema once into a plan that makes bodies on demand.

A Generator holds the settings and the realistic value tables; `compile`
converts an OpenAPI schema (faithful JSON Schema for validation, bounded and
narrowed schema for generation), builds the realistic maker tree and proves
it on a few seeds. Fuzz pools are built lazily, on the first fuzz request of
a plan, because drawing from hypothesis costs far more than compiling.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from random import Random
from typing import Any

import orjson
from zoom_mock.generator.convert import Converter
from zoom_mock.generator.errors import SchemaProblem, UnsatisfiableSchema
from zoom_mock.generator.fuzz import FuzzPool, with_proven
from zoom_mock.generator.merge import Schema
from zoom_mock.generator.narrowing import narrow
from zoom_mock.generator.realistic import RealisticCompiler
from zoom_mock.generator.refs import References
from zoom_mock.generator.seeds import stable_seed
from zoom_mock.generator.settings import GeneratorSettings
from zoom_mock.generator.validation import first_error
from zoom_mock.generator.values import Maker, Values

PROOF_SEEDS = (0, 1, 2)
ENCODED_KEPT = 512
"""Serialised realistic bodies a plan remembers, newest seeds first."""


class Plan:
    """Everything needed to make bodies for one schema."""

    def __init__(
        self,
        where: str,
        json_schema: Schema,
        generation_schema: Schema,
        maker: Maker,
        notes: list[str],
        settings: GeneratorSettings,
        proven: dict[str, list[Any]] | None = None,
    ) -> None:
        self.where = where
        self.json_schema = json_schema
        self.generation_schema = generation_schema
        self.notes = notes
        self._maker = maker
        self._encoded: dict[int, bytes] = {}
        fuzz_schema = with_proven(generation_schema, proven or {})
        pool_seed = stable_seed(
            "fuzz", orjson.dumps(fuzz_schema, option=orjson.OPT_SORT_KEYS).decode()
        )
        self._fuzz = FuzzPool(
            fuzz_schema,
            json_schema,
            self.realistic,
            settings.fuzz_pool_size,
            settings.fuzz_mutations,
            pool_seed,
        )

    def realistic(self, seed: int) -> Any:
        """A realistic body; the same seed always gives the same body."""
        return self._maker(Random(seed), 0)

    def realistic_json(self, seed: int, pins: dict[str, Any] | None = None) -> bytes:
        """`realistic(seed)` as JSON bytes, with the top-level fields of `pins`.

        A pinned value replaces the made one only where the body stays valid
        with it (a text id that is all digits may go in as a number). The
        caller derives the seed from whatever it pins, so a body depends on
        nothing but the plan and the seed, and the bytes of the most recent
        `ENCODED_KEPT` seeds are kept rather than made again.
        """
        encoded = self._encoded.get(seed)
        if encoded is None:
            body = self.realistic(seed)
            if pins and isinstance(body, dict):
                body = self._pinned(body, pins)
            encoded = orjson.dumps(body)
            if len(self._encoded) >= ENCODED_KEPT:
                self._encoded.pop(next(iter(self._encoded)), None)
            self._encoded[seed] = encoded
        return encoded

    def _pinned(self, body: dict[str, Any], pins: dict[str, Any]) -> dict[str, Any]:
        for name, value in pins.items():
            if name not in body:
                continue
            forms = [value]
            if isinstance(value, str) and value.isascii() and value.isdigit():
                forms.insert(0, int(value))
            for form in forms:
                candidate = {**body, name: form}
                if first_error(candidate, self.json_schema) is None:
                    body = candidate
                    break
        return body

    def fuzz(self, seed: int) -> Any:
        """An adversarial but valid body; the same seed always gives the same body."""
        return self._fuzz.body(seed)

    def fuzz_json(self, seed: int) -> bytes:
        """`fuzz(seed)` as JSON bytes, as the pool keeps it."""
        return self._fuzz.encoded(seed)

    def warm(self) -> None:
        """Build the fuzz pool now instead of on the first fuzz request."""
        self._fuzz.build()

    @property
    def fuzz_ready(self) -> bool:
        """Whether the fuzz pool is built, so a fuzz body costs no drawing."""
        return self._fuzz.ready

    @property
    def fuzz_source(self) -> str:
        """Where the fuzz pool came from: hypothesis-jsonschema or realistic bodies."""
        return self._fuzz.source

    def prove(self) -> None:
        """Check realistic bodies of a few seeds against the JSON Schema."""
        for seed in PROOF_SEEDS:
            body = self.realistic(seed)
            error = first_error(body, self.json_schema)
            if error is not None:
                raise UnsatisfiableSchema(
                    self.where,
                    "(generator)",
                    f"the realistic body for seed {seed} does not validate: {error}",
                )


class Generator:
    """Compiles OpenAPI schemas into plans; one per app is enough."""

    def __init__(self, settings: GeneratorSettings | None = None) -> None:
        self.settings = settings or GeneratorSettings()
        self._values = Values(self.settings)

    def compile(
        self,
        schema: Any,
        document: Mapping[str, Any] | None = None,
        direction: str = "response",
        where: str = "schema",
        *,
        documents: Mapping[str, Any] | None = None,
    ) -> Plan:
        """Convert and compile `schema`; raise UnsatisfiableSchema if it cannot be met.

        `documents` maps file names such as `common.yaml` to loaded documents,
        for references that leave `document`.
        """
        refs = References(document, documents, self.settings.spec_dir)
        notes: list[str] = []
        try:
            json_schema = Converter(refs, direction, bounded=False).root(schema)
            bounded = Converter(
                refs,
                direction,
                bounded=True,
                depth=self.settings.recursion_depth,
                notes=notes,
            )
            generation_schema = narrow(bounded.root(schema), notes)
            compiler = RealisticCompiler(self._values, notes)
            maker = compiler.compile(generation_schema, "", "")
        except SchemaProblem as problem:
            raise problem.attach(where) from None
        except re.error as exc:
            raise UnsatisfiableSchema(
                where, "pattern", f"a pattern is not a valid regular expression: {exc}"
            ) from None
        except RecursionError:
            raise UnsatisfiableSchema(
                where, "$ref", "the schema nests too deeply to be compiled"
            ) from None

        plan = Plan(
            where,
            json_schema,
            generation_schema,
            maker,
            list(dict.fromkeys(notes)),
            self.settings,
            compiler.proven,
        )
        plan.prove()
        return plan

    def lint(
        self,
        schema: Any,
        document: Mapping[str, Any] | None = None,
        where: str = "schema",
        *,
        direction: str = "response",
        documents: Mapping[str, Any] | None = None,
    ) -> list[str]:
        """Problems found in `schema`, each naming `where`; [] if there are none."""
        try:
            plan = self.compile(schema, document, direction, where, documents=documents)
        except UnsatisfiableSchema as problem:
            return [str(problem)]
        return [f"{where}: {note}" for note in plan.notes]
