"""The contract toolkit's part of the `zoom-mock` command line.

`report` and `lint` are commands of their own; `--log-json` and
`--journal-size` are options of `serve`. They live here so that `cli.py` only
registers them. Each command sets `run` on its parsed arguments, and `main`
calls it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path


def add_toolkit_serve_options(serve: argparse.ArgumentParser) -> None:
    serve.add_argument(
        "--log-json",
        action="store_true",
        help="Write every log line as one JSON object.",
    )
    serve.add_argument(
        "--journal-size",
        type=int,
        help="How many requests the journal keeps, newest first (default 1000).",
    )


def export_toolkit_options(args: argparse.Namespace) -> None:
    """Pass `--journal-size` to the app as ZOOM_MOCK_JOURNAL_SIZE."""
    if args.journal_size is not None:
        os.environ["ZOOM_MOCK_JOURNAL_SIZE"] = str(args.journal_size)


def add_toolkit_commands(commands: argparse._SubParsersAction) -> None:
    report = commands.add_parser(
        "report",
        help="Print the coverage and contract violations of a running mock.",
        description="Exits 1 when any request broke the contract, 2 when the "
        "mock cannot be reached, else 0.",
    )
    report.add_argument(
        "--url", required=True, help="Base URL of the mock, e.g. http://127.0.0.1:8000"
    )
    report.add_argument("--json", action="store_true", help="Print JSON instead.")
    report.set_defaults(run=run_report_command)

    lint = commands.add_parser(
        "lint",
        help="Check spec files with openapi-spec-validator and the mock's rules.",
        description="Exits 1 when there are findings, else 0.",
    )
    lint.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="Spec files or folders (default: the mock's specs and ZOOM_MOCK_SPECS).",
    )
    lint.add_argument(
        "--specs-dir",
        type=Path,
        help="A folder of specs laid out like the mock's specs/ (with common.yaml).",
    )
    lint.add_argument(
        "--spec",
        action="append",
        type=Path,
        default=[],
        help="An extra OpenAPI file or folder, as for serve (repeatable).",
    )
    lint.add_argument("--json", action="store_true", help="Print JSON instead.")
    lint.set_defaults(run=run_lint_command)


def run_report_command(args: argparse.Namespace) -> int:
    from zoom_mock.report import run_report

    return run_report(args.url, as_json=args.json, out=sys.stdout, err=sys.stderr)


def run_lint_command(args: argparse.Namespace) -> int:
    from zoom_mock.config import load_settings
    from zoom_mock.lint import RULES, lint

    paths = [*args.paths, *args.spec]
    if args.specs_dir is not None:
        paths.insert(0, args.specs_dir)
    if not paths:
        settings = load_settings()
        paths = [settings.specs_dir, *settings.extra_specs]

    findings = lint(paths)
    if args.json:
        print(json.dumps([finding.as_dict() for finding in findings], indent=2))
    else:
        for finding in findings:
            print(finding)
        files = len({finding.file for finding in findings})
        print(
            f"\n{_counted(len(findings), 'finding')} in {_counted(files, 'file')}."
            if findings
            else f"No findings ({len(RULES)} rules checked)."
        )
    return 1 if findings else 0


def _counted(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
