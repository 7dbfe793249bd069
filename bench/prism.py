"""Prism, the best-known OpenAPI mock, as a peer to measure against.

Prism serves one document per process, so it gets our specs merged into one
JSON file by the mock's own `merge_specs` (the same document connexion
routes). It is installed from npm into a temporary folder on each run, never
into the repository. Prism routes on the paths alone, so requests to it drop
the `/v2` prefix our servers list.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from servers import Server, pinned

PACKAGE = "@stoplight/prism-cli"


class PrismUnavailable(RuntimeError):
    """Prism could not be installed or started here."""


def install(folder: Path) -> Path:
    """Install Prism into `folder` with npm; return the path of its command."""
    if shutil.which("npm") is None:
        raise PrismUnavailable("npm is not installed, so Prism cannot be fetched.")
    done = subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(folder), PACKAGE],
        capture_output=True,
        text=True,
        timeout=600,
    )
    command = folder / "node_modules" / ".bin" / "prism"
    if done.returncode != 0 or not command.exists():
        tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise PrismUnavailable(
            f"npm install {PACKAGE} failed (exit {done.returncode}): "
            + " | ".join(tail)
        )
    return command


def version(command: Path) -> str:
    done = subprocess.run(
        [str(command), "--version"], capture_output=True, text=True, timeout=60
    )
    return done.stdout.strip() or "unknown"


def write_merged_spec(folder: Path, extras: Sequence[Path] = ()) -> Path:
    """Our specs (and `extras`), merged as the mock merges them, in one JSON file."""
    from zoom_mock.config import load_settings
    from zoom_mock.documents import merge_specs

    settings = load_settings()
    merged = merge_specs(settings.specs_dir, extras)
    target = folder / "zoom-mock-merged.json"
    target.write_text(json.dumps(merged.document))
    return target


def prism_server(
    command: Path,
    spec: Path,
    port: int,
    cpu: int | None,
    dynamic: bool,
    ready_path: str,
    log_path: Path | None = None,
) -> Server:
    arguments = [str(command), "mock", "-h", "127.0.0.1", "-p", str(port)]
    arguments += ["--verboseLevel", "warn"]
    if dynamic:
        arguments.append("-d")
    arguments.append(str(spec))
    return Server(
        name="prism -d" if dynamic else "prism",
        command=pinned(arguments, cpu),
        port=port,
        ready_path=ready_path,
        log_path=log_path,
    )
