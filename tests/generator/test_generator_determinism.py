"""The same schema and seed give the same bytes in every process, in both modes."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import textwrap

from zoom_mock.generator import Generator, GeneratorSettings, stable_seed

from tests.generator.support import REPO, component, fixture

CASES = [
    ("realistic_fields", "Meeting"),
    ("one_of_overlap", "OpenBranches"),
    ("arrays", "Lists"),
    ("integer_formats", "Counters"),
    ("pattern", "Codes"),
]
SEEDS = range(25)

SCRIPT = textwrap.dedent(
    """
    import hashlib, json, sys
    from tests.generator.support import component
    from zoom_mock.generator import Generator, GeneratorSettings, stable_seed

    generator = Generator(GeneratorSettings(fuzz_pool_size=6, fuzz_mutations=3))
    out = {"seed": stable_seed("getUser", "userId=abc", 7)}
    for name, schema in json.loads(sys.argv[1]):
        plan = component(generator, name, schema)
        for mode in ("realistic", "fuzz"):
            made = [getattr(plan, mode)(seed) for seed in range(25)]
            text = json.dumps(made, sort_keys=True)
            out[f"{name}:{schema}:{mode}"] = hashlib.sha256(text.encode()).hexdigest()
    print(json.dumps(out))
    """
)


def fingerprints_here() -> dict[str, object]:
    generator = Generator(GeneratorSettings(fuzz_pool_size=6, fuzz_mutations=3))
    out: dict[str, object] = {"seed": stable_seed("getUser", "userId=abc", 7)}
    for name, schema in CASES:
        plan = component(generator, name, schema)
        for mode in ("realistic", "fuzz"):
            made = [getattr(plan, mode)(seed) for seed in SEEDS]
            text = json.dumps(made, sort_keys=True)
            out[f"{name}:{schema}:{mode}"] = hashlib.sha256(text.encode()).hexdigest()
    return out


def fingerprints_elsewhere(hash_seed: str) -> dict[str, object]:
    environment = {**os.environ, "PYTHONHASHSEED": hash_seed}
    finished = subprocess.run(
        [sys.executable, "-c", SCRIPT, json.dumps(CASES)],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    return json.loads(finished.stdout)


def test_two_processes_and_this_one_make_the_same_bytes() -> None:
    first = fingerprints_elsewhere("1")
    second = fingerprints_elsewhere("2")

    assert first == second
    assert first == fingerprints_here()
    assert len(first) == 1 + 2 * len(CASES)


def test_different_seeds_make_different_fuzz_bodies() -> None:
    plan = component(Generator(), "realistic_fields", "Meeting")

    assert len({json.dumps(plan.fuzz(seed), sort_keys=True) for seed in SEEDS}) > 10


def test_stable_seed_depends_on_every_part_and_its_type() -> None:
    assert stable_seed("a", "b") == stable_seed("a", "b")
    assert stable_seed("a", "b") != stable_seed("b", "a")
    assert stable_seed("1") != stable_seed(1)
    assert stable_seed("ab", "c") != stable_seed("a", "bc")
    assert 0 <= stable_seed("x") < 2**63


def test_fixture_cases_exist() -> None:
    for name, schema in CASES:
        assert schema in fixture(name)["components"]["schemas"]


def test_serialised_bodies_are_the_bodies_and_are_kept_within_bounds() -> None:
    import orjson
    from zoom_mock.generator.plan import ENCODED_KEPT

    generator = Generator(GeneratorSettings(fuzz_pool_size=6, fuzz_mutations=3))
    plan = component(generator, "realistic_fields", "Meeting")
    for seed in SEEDS:
        assert orjson.loads(plan.realistic_json(seed)) == plan.realistic(seed)
        assert plan.realistic_json(seed) == plan.realistic_json(seed)
        assert orjson.loads(plan.fuzz_json(seed)) == plan.fuzz(seed)
    for seed in range(ENCODED_KEPT * 2):
        plan.realistic_json(seed)
    assert len(plan._encoded) == ENCODED_KEPT
    assert orjson.loads(plan.realistic_json(0)) == plan.realistic(0)
