"""Browsable documentation: every loaded spec file in Swagger UI, and its raw text.

connexion's own `/ui` shows the one merged document the mock routes with. For
reviewing specs, one entry per area file reads better, and a reviewer wants the
file exactly as written, so `/_mock/docs` lists each loaded file (our areas and
every `--spec` extra) in Swagger UI's dropdown, and `/_mock/specs/<file>` serves
each file's raw text. `common.yaml` is served too, because the area files refer
to it by relative address and Swagger UI follows those references.

The page uses the Swagger UI files that the swagger-ui-bundle package ships, so
the documentation works without network access.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path

from zoom_mock.documents import COMMON_FILE
from zoom_mock.runtime import Runtime

SPECS_URL = "/_mock/specs"
DOCS_URL = "/_mock/docs"

ASSET_TYPES = {
    ".js": "application/javascript",
    ".css": "text/css",
    ".png": "image/png",
    ".html": "text/html",
}
ASSETS = (
    "swagger-ui-bundle.js",
    "swagger-ui-standalone-preset.js",
    "swagger-ui.css",
    "favicon-32x32.png",
    "favicon-16x16.png",
)


@dataclass(frozen=True)
class CatalogueEntry:
    name: str
    title: str
    path: Path
    ours: bool
    listed: bool

    @property
    def url(self) -> str:
        return f"{SPECS_URL}/{self.name}"

    @property
    def media_type(self) -> str:
        return "application/json" if self.path.suffix == ".json" else "application/yaml"


def catalogue(runtime: Runtime) -> dict[str, CatalogueEntry]:
    """Every loaded spec file by the name it is served under (built once)."""
    cached = runtime.extras.get("spec_catalogue")
    if cached is not None:
        return cached

    entries: dict[str, CatalogueEntry] = {}
    extras = 0
    for spec_file in runtime.spec.files:
        name = spec_file.path.name
        if not spec_file.ours:
            if name in entries or name == COMMON_FILE:
                name = f"extra-{extras}-{name}"
            extras += 1
        title = str(spec_file.document.get("info", {}).get("title") or name)
        entries[name] = CatalogueEntry(
            name, title, spec_file.path, spec_file.ours, listed=True
        )
    common = runtime.settings.specs_dir / COMMON_FILE
    if common.is_file():
        entries[COMMON_FILE] = CatalogueEntry(
            COMMON_FILE, "Shared components", common, ours=True, listed=False
        )
    runtime.extras["spec_catalogue"] = entries
    return entries


def listed_specs(runtime: Runtime) -> list[dict[str, object]]:
    return [
        {"name": entry.name, "title": entry.title, "url": entry.url, "ours": entry.ours}
        for entry in catalogue(runtime).values()
        if entry.listed
    ]


def spec_text(runtime: Runtime, name: str) -> tuple[bytes, str] | None:
    """The raw bytes and media type of a catalogued file, or None if unknown."""
    entry = catalogue(runtime).get(name)
    if entry is None:
        return None
    return entry.path.read_bytes(), entry.media_type


def swagger_ui_dir() -> Path:
    from swagger_ui_bundle import swagger_ui_path

    return Path(swagger_ui_path)


def asset(name: str) -> tuple[bytes, str] | None:
    """One of the Swagger UI files the page needs, or None for any other name."""
    if name not in ASSETS:
        return None
    path = swagger_ui_dir() / name
    return path.read_bytes(), ASSET_TYPES[path.suffix]


def index_page(runtime: Runtime) -> str:
    """The Swagger UI page, with one dropdown entry per listed spec file."""
    urls = [
        {"url": entry["url"], "name": f"{entry['title']} ({entry['name']})"}
        for entry in listed_specs(runtime)
    ]
    config = json.dumps(urls).replace("</", "<\\/")
    title = html.escape("zoom-mock specs")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{title}</title>
  <link rel="stylesheet" href="{DOCS_URL}/swagger-ui.css">
  <link rel="icon" type="image/png" href="{DOCS_URL}/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="{DOCS_URL}/swagger-ui-bundle.js"></script>
  <script src="{DOCS_URL}/swagger-ui-standalone-preset.js"></script>
  <script>
    window.ui = SwaggerUIBundle({{
      urls: {config},
      dom_id: "#swagger-ui",
      deepLinking: true,
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
      layout: "StandaloneLayout"
    }});
  </script>
</body>
</html>
"""
