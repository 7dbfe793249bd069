"""The `zoom-mock` command: serve the mock, list its routes, check its specs.

Options of `serve` are passed to the app as ZOOM_MOCK_* environment variables,
so that the same settings reach the app whether uvicorn runs it directly, with
`--reload`, or in a worker process.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from zoom_mock.commands import (
    add_toolkit_commands,
    add_toolkit_serve_options,
    export_toolkit_options,
)
from zoom_mock.config import SettingsError, load_settings
from zoom_mock.documents import SpecError
from zoom_mock.logs import configure_logging, logging_config
from zoom_mock.serving import (
    add_serve_options,
    check_workers,
    export_serve_options,
    server_options,
    tune_garbage_collector,
)
from zoom_mock.store import DataError

logger = logging.getLogger("zoom_mock.startup")


def _serve_parser(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser("serve", help="Run the mock with uvicorn.")
    serve.add_argument(
        "--host", default="127.0.0.1", help="Address to bind (default 127.0.0.1)."
    )
    serve.add_argument(
        "--port", type=int, default=8000, help="Port to bind (default 8000)."
    )
    serve.add_argument(
        "--data-dir",
        type=Path,
        help="Folder holding accounts.json, users/ and meetings/.",
    )
    serve.add_argument(
        "--reload", action="store_true", help="Restart when the code changes."
    )
    serve.add_argument(
        "--spec",
        action="append",
        type=Path,
        default=[],
        help="Extra OpenAPI 3.0 file or folder, served by the generator (repeatable).",
    )
    serve.add_argument(
        "--persist", action="store_true", help="Write changes back to the data folder."
    )
    serve.add_argument(
        "--strict",
        action="store_true",
        help="Reject unknown query parameters and body fields.",
    )
    serve.add_argument(
        "--seed", type=int, help="Seed for generated bodies and created ids."
    )
    serve.add_argument(
        "--validate-responses",
        action="store_true",
        help="Check every response against the spec.",
    )
    serve.add_argument(
        "--log-level", default="info", choices=["debug", "info", "warning", "error"]
    )
    add_serve_options(serve)
    add_toolkit_serve_options(serve)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zoom-mock", description="A mock of Zoom's REST API."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    _serve_parser(commands)

    routes = commands.add_parser(
        "routes", help="List every operation and whether it is handled."
    )
    routes.add_argument(
        "--spec",
        action="append",
        type=Path,
        default=[],
        help="Extra OpenAPI file or folder.",
    )
    add_toolkit_commands(commands)
    return parser


def _export_serve_options(args: argparse.Namespace) -> None:
    if args.data_dir is not None:
        os.environ["ZOOM_MOCK_DATA_DIR"] = str(args.data_dir.resolve())
    if args.spec:
        os.environ["ZOOM_MOCK_SPECS"] = os.pathsep.join(
            str(p.resolve()) for p in args.spec
        )
    if args.persist:
        os.environ["ZOOM_MOCK_PERSIST"] = "true"
    if args.strict:
        os.environ["ZOOM_MOCK_STRICT"] = "true"
    if args.validate_responses:
        os.environ["ZOOM_MOCK_VALIDATE_RESPONSES"] = "true"
    if args.seed is not None:
        os.environ["ZOOM_MOCK_SEED"] = str(args.seed)
    export_serve_options(args)
    export_toolkit_options(args)


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from zoom_mock.app import create_app

    check_workers(args.workers)
    _export_serve_options(args)
    configure_logging(args.log_level, json_lines=args.log_json)
    # Built here so that bad settings or specs fail fast, in this process. With
    # --reload uvicorn must import the app itself, so it builds it once more.
    app = create_app(load_settings())
    tune_garbage_collector()
    uvicorn.run(
        "zoom_mock.app:create_app" if args.reload else app,
        factory=args.reload,
        host=args.host,
        port=args.port,
        reload=args.reload,
        log_level=args.log_level,
        log_config=logging_config(args.log_level, json_lines=args.log_json),
        access_log=False,
        **server_options(),
    )
    return 0


def routes(args: argparse.Namespace) -> int:
    from zoom_mock.app import create_app

    settings = load_settings().with_options(extra_specs=tuple(args.spec) or None)
    app = create_app(settings)
    runtime = app.runtime
    rows = sorted(
        runtime.operations.values(), key=lambda info: (info.path, info.method)
    )
    width = max((len(info.path) for info in rows), default=10)
    for info in rows:
        kind = "handled" if info.operation_id in runtime.handled else "generated"
        origin = ORIGINS.get(info.operation.get(ORIGIN_KEY, ""), "")
        line = f"{info.method:<7} {info.path:<{width}}  {info.operation_id:<40} {kind}"
        print(f"{line:<{width + 60}}  {origin}".rstrip() if origin else line)
    handled = sum(1 for info in rows if info.operation_id in runtime.handled)
    print(
        f"\n{len(rows)} operations: {handled} handled, {len(rows) - handled} generated."
    )
    return 0


ORIGIN_KEY = "x-zoom-mock-origin"
ORIGINS = {
    "original-mock": "not in Zoom's API: kept from the original mock",
    "zoom-outside-the-api": "Zoom serves it outside its REST API reference",
}
"""What `routes` says of an operation whose spec marks where it comes from."""


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "serve":
            return serve(args)
        if args.command == "routes":
            return routes(args)
        if hasattr(args, "run"):
            return args.run(args)
    except (SettingsError, SpecError, DataError) as exc:
        print(f"zoom-mock: {exc}", file=sys.stderr)
        return 2
    return 1


if __name__ == "__main__":
    sys.exit(main())
