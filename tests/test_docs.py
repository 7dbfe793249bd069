"""Swagger UI over every loaded spec file, and each file's raw text."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft4Validator

from tests.conftest import SEED_DATA, running_mock
from tests.contract import ContractClient, find_route, our_routes
from zoom_mock.config import Settings

WIDGETS = Path(__file__).resolve().parent / "fixtures" / "lint" / "clean.yaml"


@pytest.fixture(scope="module")
def extras(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The widgets spec, and a copy of it that is named like one of ours."""
    folder = tmp_path_factory.mktemp("extras")
    twin = folder / "users.yaml"
    twin.write_text(
        WIDGETS.read_text().replace("/widgets", "/twins").replace("widget", "twin")
    )
    return WIDGETS, twin


@pytest.fixture(scope="module")
def http(
    tmp_path_factory: pytest.TempPathFactory, extras: tuple[Path, Path]
) -> Iterator[ContractClient]:
    data = tmp_path_factory.mktemp("docs-data")
    shutil.copytree(SEED_DATA, data, dirs_exist_ok=True)
    with (
        running_mock(data_dir=data, extra_specs=extras) as url,
        ContractClient(url) as client,
    ):
        yield client


def our_area_files() -> list[str]:
    specs = Settings().specs_dir
    return sorted(p.name for p in specs.glob("*.yaml") if p.name != "common.yaml")


def test_the_spec_list_has_every_area_file_and_every_extra(http):
    specs = http.get("/_mock/specs").json()["specs"]

    names = [spec["name"] for spec in specs]
    assert names[: len(our_area_files())] == our_area_files()
    assert names[len(our_area_files()) :] == ["clean.yaml", "extra-1-users.yaml"]
    assert all(spec["url"] == f"/_mock/specs/{spec['name']}" for spec in specs)
    assert [spec["ours"] for spec in specs].count(False) == 2
    assert "common.yaml" not in names


def test_each_spec_downloads_as_the_raw_file(http, extras):
    specs_dir = Settings().specs_dir
    expected = {name: specs_dir / name for name in [*our_area_files(), "common.yaml"]}
    expected["clean.yaml"] = extras[0]
    expected["extra-1-users.yaml"] = extras[1]

    for name, path in expected.items():
        answer = http.get(f"/_mock/specs/{name}")

        assert answer.status_code == 200, name
        assert answer.headers["content-type"].startswith("application/yaml")
        assert answer.content == path.read_bytes()


def test_a_parsed_yaml_spec_fits_the_declared_yaml_schema(http):
    route = find_route(our_routes(), "GET", "/_mock/specs/users.yaml")
    assert route is not None
    media = route.operation["responses"]["200"]["content"]["application/yaml"]

    answer = http.get("/_mock/specs/users.yaml")

    parsed = yaml.safe_load(answer.text)
    assert isinstance(parsed, dict) and parsed["openapi"].startswith("3.")
    assert Draft4Validator(media["schema"]).is_valid(parsed)


def test_an_unknown_spec_file_is_a_404_in_our_error_shape(http):
    answer = http.get("/_mock/specs/secrets.yaml")

    assert answer.status_code == 404
    assert "secrets.yaml" in answer.json()["message"]


def test_the_docs_page_offers_one_dropdown_entry_per_spec(http):
    answer = http.get("/_mock/docs")

    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    config = re.search(r"urls: (\[.*?\]),\n", answer.text)
    assert config is not None
    urls = [entry["url"] for entry in json.loads(config.group(1))]
    listed = [spec["url"] for spec in http.get("/_mock/specs").json()["specs"]]
    assert urls == listed
    assert '"name": "zoom-mock Users (users.yaml)"' in answer.text


def test_the_docs_page_loads_swagger_ui_from_the_mock_itself(http):
    page = http.get("/_mock/docs").text
    assets = re.findall(r'(?:src|href)="(/_mock/docs/[^"]+)"', page)

    assert len(assets) == 4
    for asset in assets:
        answer = http.get(asset)
        assert answer.status_code == 200, asset
        assert len(answer.content) > 100


def test_only_swagger_ui_files_are_served_as_assets(http):
    answer = http.get("/_mock/docs/..%2F..%2Fconfig.py")
    other = http.get("/_mock/docs/index.j2")

    assert answer.status_code == 404
    assert other.status_code == 404
    assert "swagger-ui-bundle.js" in other.json()["message"]


def test_connexion_still_serves_the_merged_document(http):
    merged = http.get("/openapi.json").json()

    assert "/_mock/journal" in merged["paths"]
    assert "/widgets" in merged["paths"]
