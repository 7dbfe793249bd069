"""`zoom-mock report`: the coverage and the violations of a running mock, for CI.

A test suite runs its client against the mock; afterwards this command asks
the mock's admin API what was called and what broke the contract, prints it,
and exits non-zero if any request broke it, so the CI job fails on the spot.
It speaks plain HTTP through the standard library, so it needs nothing that a
production install of the mock lacks.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any, TextIO

EXIT_CLEAN = 0
EXIT_VIOLATIONS = 1
EXIT_UNREACHABLE = 2

VIOLATION_LIMIT = 1000


class ReportError(Exception):
    """The mock could not be asked, or answered something unexpected."""


@dataclass(frozen=True)
class Report:
    coverage: dict[str, Any]
    violations: list[dict[str, Any]]

    @property
    def broken(self) -> bool:
        return self.coverage.get("requests_with_violations", 0) > 0

    def as_dict(self) -> dict[str, Any]:
        return {"coverage": self.coverage, "violations": self.violations}


def _get_json(url: str, timeout: float) -> Any:
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as exc:
        raise ReportError(
            f"GET {url} answered {exc.code}; is this a zoom-mock with its admin API?"
        ) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ReportError(f"Could not reach {url}: {reason}.") from None
    except json.JSONDecodeError:
        raise ReportError(f"GET {url} did not answer with JSON.") from None


def _is_http_address(url: str) -> bool:
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and port != 0


def fetch_report(base_url: str, *, timeout: float = 10.0) -> Report:
    """Ask the mock at `base_url` for its coverage and its violating requests."""
    if not _is_http_address(base_url):
        raise ReportError(
            f"--url is {base_url!r}, but it must be an http:// or https:// address "
            "with a host, such as http://127.0.0.1:8000."
        )
    root = base_url.rstrip("/")
    if root.endswith("/v2"):
        root = root[:-3]
    coverage = _get_json(f"{root}/_mock/coverage", timeout)
    journal = _get_json(
        f"{root}/_mock/journal?has_violations=true&limit={VIOLATION_LIMIT}", timeout
    )
    return Report(coverage=coverage, violations=list(reversed(journal["entries"])))


def render_text(report: Report, out: TextIO) -> None:
    """The coverage table, then every violation, in words a reviewer can act on."""
    coverage = report.coverage
    rows = coverage["operations"]
    id_width = max((len(row["operationId"]) for row in rows), default=11)
    path_width = max((len(row["path"]) for row in rows), default=4)
    out.write(
        f"{'METHOD':<7} {'PATH':<{path_width}}  {'OPERATION':<{id_width}}  "
        f"{'CALLS':>5}  {'BROKEN':>6}  SOURCE\n"
    )
    for row in rows:
        out.write(
            f"{row['method']:<7} {row['path']:<{path_width}}  "
            f"{row['operationId']:<{id_width}}  {row['calls']:>5}  "
            f"{row['calls_with_violations']:>6}  {row['source']}\n"
        )
    out.write(
        f"\n{coverage['called_operations']} of {coverage['total_operations']} "
        f"operations called; {coverage['requests']} requests, "
        f"{coverage['requests_with_violations']} broke the contract, "
        f"{coverage['unmatched_requests']} matched no operation.\n"
    )

    if not report.violations:
        out.write("\nNo request broke the contract.\n")
        return
    out.write("\nRequests that broke the contract (oldest first):\n")
    for entry in report.violations:
        target = entry["path"] + (f"?{entry['query']}" if entry["query"] else "")
        operation = entry["operationId"] or "no operation"
        out.write(
            f"  #{entry['seq']} {entry['method']} {target} ({operation}) "
            f"-> {entry['status']}\n"
        )
        for violation in entry["violations"]:
            out.write(f"      {violation['field']}: {violation['message']}\n")


def run_report(base_url: str, *, as_json: bool, out: TextIO, err: TextIO) -> int:
    """Print the report of the mock at `base_url`; the exit status for the CLI."""
    try:
        report = fetch_report(base_url)
    except ReportError as exc:
        err.write(f"zoom-mock report: {exc}\n")
        return EXIT_UNREACHABLE
    try:
        if as_json:
            out.write(json.dumps(report.as_dict(), indent=2) + "\n")
        else:
            render_text(report, out)
        out.flush()
    except BrokenPipeError:
        _discard_further_output(out)
    return EXIT_VIOLATIONS if report.broken else EXIT_CLEAN


def _discard_further_output(out: TextIO) -> None:
    """The reader (`| head`) left early: send what is still buffered nowhere.

    Without this, Python flushes the buffer once more at exit, into the closed
    pipe, and prints a second BrokenPipeError that the user did not cause.
    """
    try:
        descriptor = out.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)
    os.close(devnull)
