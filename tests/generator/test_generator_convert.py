"""OpenAPI 3.0 schemas are converted into JSON Schema that validators accept."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator, Draft202012Validator
from zoom_mock.generator import Generator, GeneratorSettings, UnsatisfiableSchema

from tests.generator.support import (
    component,
    depth,
    errors,
    errors_2020,
    fixture,
    matches,
    walk,
)

SEEDS = range(40)


def test_nullable_allows_null_in_type_enum_and_wrapped_refs(
    generator: Generator,
) -> None:
    plan = component(generator, "nullable", "Contact")

    assert matches(
        {"nickname": None, "manager": None, "status": None}, plan.json_schema
    )
    assert not matches(
        {"nickname": "x", "manager": None, "status": None, "plain": None},
        plan.json_schema,
    )
    assert not matches(
        {"nickname": None, "manager": None, "status": "gone"}, plan.json_schema
    )


def test_nullable_fields_are_null_in_some_fuzz_bodies(generator: Generator) -> None:
    plan = component(generator, "nullable", "Contact")
    bodies = [plan.fuzz(seed) for seed in SEEDS]

    for field in ("nickname", "manager", "status"):
        assert any(body.get(field, "") is None for body in bodies), field
    assert all(errors(body, plan) == [] for body in bodies)


def test_realistic_bodies_prefer_a_value_over_null(generator: Generator) -> None:
    plan = component(generator, "nullable", "Contact")

    for seed in SEEDS:
        body = plan.realistic(seed)
        assert body["nickname"] is not None and len(body["nickname"]) <= 12
        assert body["manager"]["first_name"]


def test_responses_leave_out_write_only_properties(generator: Generator) -> None:
    plan = component(generator, "read_write_only", "Account")

    for seed in SEEDS:
        body = plan.realistic(seed)
        assert "password" not in body and "secret" not in body
        assert "id" in body
    for seed in range(20):
        assert "password" not in plan.fuzz(seed)
    assert not matches(
        {"id": "a", "email": "a@example.com", "password": "x" * 9}, plan.json_schema
    )


def test_requests_leave_out_read_only_properties(generator: Generator) -> None:
    plan = component(generator, "read_write_only", "Account", direction="request")

    for seed in SEEDS:
        body = plan.realistic(seed)
        assert "id" not in body
        assert len(body["password"]) >= 8
    assert matches({"email": "a@example.com", "password": "x" * 8}, plan.json_schema)


def test_direction_must_be_request_or_response(generator: Generator) -> None:
    with pytest.raises(ValueError, match="direction"):
        component(generator, "read_write_only", "Account", direction="sideways")


def test_integer_formats_set_their_bounds(generator: Generator) -> None:
    plan = component(generator, "integer_formats", "Counters")
    properties = plan.json_schema["properties"]

    assert (properties["small"]["minimum"], properties["small"]["maximum"]) == (
        -(2**31),
        2**31 - 1,
    )
    assert (properties["large"]["minimum"], properties["large"]["maximum"]) == (
        -(2**63),
        2**63 - 1,
    )
    assert (properties["bounded"]["minimum"], properties["bounded"]["maximum"]) == (
        -5,
        5,
    )
    assert properties["exclusive"]["exclusiveMinimum"] == 0
    assert "minimum" not in properties["exclusive"]
    assert not matches(
        {"small": 2**31, "large": 0, "plain": 0, "bounded": 0, "exclusive": 0.5},
        plan.json_schema,
    )


def test_fuzz_reaches_the_integer_extremes(generator: Generator) -> None:
    plan = component(generator, "integer_formats", "Counters")
    values = {
        field: {plan.fuzz(seed)[field] for seed in range(80)}
        for field in ("small", "large", "plain")
    }

    assert values["small"] & {-(2**31), 2**31 - 1}
    assert values["large"] & {-(2**63), 2**63 - 1}
    assert values["plain"] & {-(2**63), 2**63 - 1}
    assert all(errors(plan.fuzz(seed), plan) == [] for seed in range(80))


def test_all_of_parts_are_merged_into_one_schema(generator: Generator) -> None:
    plan = component(generator, "all_of", "Meeting")
    schema = plan.json_schema

    assert "allOf" not in schema
    assert set(schema["required"]) == {"id", "topic", "duration"}
    assert schema["properties"]["topic"]["minLength"] == 3
    assert schema["properties"]["topic"]["maxLength"] == 50
    for seed in SEEDS:
        body = plan.realistic(seed)
        assert 15 <= body["duration"] <= 60 and 3 <= len(body["topic"]) <= 50


def test_all_of_keeps_additional_properties_false_of_one_part(
    generator: Generator,
) -> None:
    plan = component(generator, "all_of", "Closed")

    assert not matches({"a": "x", "b": "y"}, plan.json_schema)
    assert matches({"a": "x"}, plan.json_schema)
    for seed in SEEDS:
        assert "b" not in plan.realistic(seed)
        assert "b" not in plan.fuzz(seed)


def test_discriminator_sets_the_mapped_value(generator: Generator) -> None:
    plan = component(generator, "discriminator", "Device")
    kinds = set()

    for seed in SEEDS:
        for body in (plan.realistic(seed), plan.fuzz(seed)):
            assert errors(body, plan) == []
            assert ("number" in body) == (body["kind"] == "desk_phone")
            kinds.add(body["kind"])
    assert kinds == {"desk_phone", "Room"}
    assert not matches({"kind": "Phone", "number": "1"}, plan.json_schema)


def test_discriminator_on_a_base_schema_tags_the_subtype(generator: Generator) -> None:
    plan = component(generator, "discriminator", "Cat")

    assert {plan.realistic(seed)["pet_type"] for seed in SEEDS} == {"Cat"}
    assert not matches({"pet_type": "Dog"}, plan.json_schema)


def test_openapi_only_keywords_are_dropped_and_format_kept(
    generator: Generator,
) -> None:
    schema = {
        "type": "object",
        "xml": {"name": "meeting"},
        "externalDocs": {"url": "https://example.com"},
        "x-zoom-note": "internal",
        "properties": {
            "start_time": {
                "type": "string",
                "format": "date-time",
                "deprecated": True,
                "example": "2026-02-01T10:00:00Z",
                "x-extra": 1,
            },
        },
    }
    converted = generator.compile(schema).json_schema
    keys = {key for node in walk(converted) if isinstance(node, dict) for key in node}

    assert not keys & {
        "xml",
        "externalDocs",
        "deprecated",
        "example",
        "nullable",
        "discriminator",
    }
    assert not any(key.startswith("x-") for key in keys)
    assert converted["properties"]["start_time"]["format"] == "date-time"
    assert converted["properties"]["start_time"]["examples"] == ["2026-02-01T10:00:00Z"]


@pytest.mark.parametrize(
    ("name", "schema"),
    [
        ("nullable", "Contact"),
        ("all_of", "Meeting"),
        ("discriminator", "Device"),
        ("recursive", "Folder"),
        ("realistic_fields", "Meeting"),
    ],
)
def test_json_schema_suits_draft7_and_2020_12_validators(
    generator: Generator, name: str, schema: str
) -> None:
    plan = component(generator, name, schema)

    Draft7Validator.check_schema(plan.json_schema)
    Draft202012Validator.check_schema(plan.json_schema)
    for seed in range(10):
        assert errors(plan.realistic(seed), plan) == []
        assert errors_2020(plan.realistic(seed), plan) == []


def test_recursion_stays_faithful_in_the_json_schema(generator: Generator) -> None:
    plan = component(generator, "recursive", "Folder")
    deep: dict = {"name": "leaf", "children": []}
    for level in range(6):
        deep = {
            "name": f"level {level}",
            "children": [deep],
            "parent": {"name": "p", "children": []},
        }

    assert "definitions" in plan.json_schema
    assert matches(deep, plan.json_schema)
    assert not matches({"name": "x", "children": [{"name": "y"}]}, plan.json_schema)


def test_recursion_is_cut_in_generated_bodies(generator: Generator) -> None:
    plan = component(generator, "recursive", "Folder")

    for seed in SEEDS:
        for body in (plan.realistic(seed), plan.fuzz(seed)):
            assert errors(body, plan) == []
            assert depth(body) <= 8


def test_references_into_a_sibling_file_resolve(tmp_path: Path) -> None:
    common = {
        "components": {
            "schemas": {"Id": {"type": "string", "minLength": 22, "maxLength": 22}}
        }
    }
    area = {
        "components": {
            "schemas": {
                "User": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {
                        "id": {"$ref": "common.yaml#/components/schemas/Id"}
                    },
                }
            }
        }
    }
    schema = {"$ref": "#/components/schemas/User"}

    handed = Generator().compile(schema, area, documents={"common.yaml": common})
    assert len(handed.realistic(1)["id"]) == 22

    (tmp_path / "common.yaml").write_text(yaml.safe_dump(common), encoding="utf-8")
    from_disk = Generator(GeneratorSettings(spec_dir=tmp_path)).compile(schema, area)
    assert from_disk.realistic(1) == handed.realistic(1)

    with pytest.raises(UnsatisfiableSchema, match="common.yaml"):
        Generator().compile(schema, area, where="GET /users")


def test_fixture_specs_are_valid_openapi() -> None:
    from openapi_spec_validator import validate

    for name in (
        "nullable",
        "read_write_only",
        "integer_formats",
        "all_of",
        "one_of_overlap",
        "discriminator",
        "recursive",
        "examples",
        "realistic_fields",
    ):
        validate(fixture(name))


def test_yaml_dates_in_examples_and_enums_become_strings(generator: Generator) -> None:
    document = yaml.safe_load(
        """
        components:
          schemas:
            Holiday:
              type: object
              required: [day]
              properties:
                day: {type: string, format: date, enum: [2026-12-25, 2026-01-01]}
                note: {type: string, example: 2026-07-04}
        """
    )
    plan = generator.compile({"$ref": "#/components/schemas/Holiday"}, document)

    assert plan.json_schema["properties"]["day"]["enum"] == ["2026-12-25", "2026-01-01"]
    assert {plan.realistic(seed)["day"] for seed in range(20)} == {
        "2026-12-25",
        "2026-01-01",
    }
    assert plan.json_schema["properties"]["note"]["examples"] == ["2026-07-04"]
    assert all(isinstance(plan.realistic(seed)["note"], str) for seed in range(20)), (
        "a date-shaped example gives fresh dates, as strings"
    )


def test_an_unknown_type_name_is_reported(generator: Generator) -> None:
    with pytest.raises(UnsatisfiableSchema, match="'file' is not a type"):
        generator.compile({"type": "file"}, where="GET /download 200")


def test_pattern_properties_and_min_properties(generator: Generator) -> None:
    schema = {
        "type": "object",
        "additionalProperties": False,
        "minProperties": 2,
        "patternProperties": {"^x-[a-z]+$": {"type": "string"}},
    }
    plan = generator.compile(schema)

    for seed in range(10):
        body = plan.realistic(seed)
        assert len(body) >= 2 and all(key.startswith("x-") for key in body)
        assert errors(body, plan) == [] and errors(plan.fuzz(seed), plan) == []


def test_not_and_two_patterns_are_met_by_proof(generator: Generator) -> None:
    schema = {
        "type": "object",
        "required": ["level", "code"],
        "properties": {
            "level": {
                "type": "integer",
                "minimum": 0,
                "maximum": 9,
                "not": {"enum": [3, 4]},
            },
            "code": {
                "allOf": [
                    {"type": "string", "pattern": "^[A-Z]{3}$"},
                    {"pattern": "^A"},
                ]
            },
        },
    }
    plan = generator.compile(schema)

    for seed in range(60):
        body = plan.realistic(seed)
        assert body["level"] not in (3, 4)
        assert body["code"].startswith("A") and len(body["code"]) == 3
        assert errors(body, plan) == []
