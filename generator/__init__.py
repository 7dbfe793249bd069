"""Schema-driven response bodies for zoom-mock.

`Generator.compile` turns an OpenAPI 3.0 schema into a `Plan` once; the plan
then makes realistic bodies (fast, deterministic per seed) or fuzz bodies
(adversarial, drawn once from hypothesis-jsonschema) on demand. Every body is
valid against `Plan.json_schema`.
"""

from __future__ import annotations

from zoom_mock.generator.convert import Converter
from zoom_mock.generator.errors import GeneratorError, UnsatisfiableSchema
from zoom_mock.generator.fuzz import FuzzPool
from zoom_mock.generator.plan import Generator, Plan
from zoom_mock.generator.realistic import RealisticCompiler
from zoom_mock.generator.seeds import stable_seed
from zoom_mock.generator.settings import GeneratorSettings
from zoom_mock.generator.values import Values

__all__ = [
    "Converter",
    "FuzzPool",
    "Generator",
    "GeneratorError",
    "GeneratorSettings",
    "Plan",
    "RealisticCompiler",
    "UnsatisfiableSchema",
    "Values",
    "stable_seed",
]
