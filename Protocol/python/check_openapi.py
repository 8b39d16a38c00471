#!/usr/bin/env python3
"""Checks a real folio-server against the editor API's OpenAPI document,
Protocol/editor-openapi.json, with Schemathesis.

    pip install schemathesis==4.32.5
    python3 Protocol/python/check_openapi.py --server-binary .build/debug/folio-server

It creates a temporary directory, starts `folio-server serve --demo --port 0
--db <dir>/server.sqlite` (as run_conformance.py does: loopback, a free port,
the demo archive), creates an editor token with `folio-server token create
--role editor`, then

1. fetches GET /v1/editor/openapi.json without a token and checks that it
   answers 200, `Content-Type: application/json`, and exactly the bytes of
   Protocol/editor-openapi.json;
2. runs `schemathesis run URL/v1/editor/openapi.json` with the editor token,
   a fixed seed and a bounded number of examples per operation (phases
   examples, coverage, fuzzing and stateful; valid and invalid data), with
   the checks not_a_server_error, status_code_conformance,
   content_type_conformance, response_headers_conformance,
   response_schema_conformance and ignored_auth (a request without the token
   must not succeed);

stops the server (by its process id) and prints a summary. Exit status 0 when
everything passed, 1 on any failure, 2 when Schemathesis is not installed.
Takes about 20-30 s on 2 cores. Schemathesis warns that the server rejects most
generated PUT bodies: expected, since a body's `id` must equal the path's and
`updatedAt` must not precede `publishedAt`, which a schema cannot say; the
documented examples and the stateful phase publish, correct and unpublish
articles for real.

`--keep` keeps the temporary directory (server log, database, Schemathesis'
JSON report and, with `--keep` only, a HAR file of every request).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from importlib.metadata import version
from typing import List, Optional, Sequence

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DOCUMENT = os.path.join(REPO, "Protocol", "editor-openapi.json")
DOCUMENT_PATH = "/v1/editor/openapi.json"
sys.path.insert(0, HERE)

from run_conformance import editor_token, start_server, stop_server  # noqa: E402  (after the path is set)

#: The Schemathesis checks run (see `st run --help`).
CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "ignored_auth",
]


def check_served_document(url: str) -> List[str]:
    """Problems with GET /v1/editor/openapi.json (no token): none if it is the file, byte for byte."""
    with open(DOCUMENT, "rb") as handle:
        expected = handle.read()
    try:
        with urllib.request.urlopen(url + DOCUMENT_PATH, timeout=30) as response:
            status, content_type, body = response.status, response.headers.get("Content-Type"), response.read()
    except urllib.error.HTTPError as error:
        return ["GET %s without a token answered %d" % (DOCUMENT_PATH, error.code)]
    problems = []
    if status != 200:
        problems.append("GET %s answered %d, not 200" % (DOCUMENT_PATH, status))
    if content_type != "application/json":
        problems.append("GET %s has Content-Type %r, not 'application/json'" % (DOCUMENT_PATH, content_type))
    if body != expected:
        problems.append("GET %s is not Protocol/editor-openapi.json byte for byte (%d bytes served, %d in the file):"
                        " rebuild the server after editing the file, and update EditorOpenAPI.swift"
                        % (DOCUMENT_PATH, len(body), len(expected)))
    return problems


def run_schemathesis(url: str, token: str, directory: str, max_examples: int, seed: int,
                     har: bool) -> "tuple[int, Optional[dict]]":
    """Runs Schemathesis (output shown as it comes); returns its exit status and its JSON report."""
    report = os.path.join(directory, "schemathesis.json")
    command = [
        sys.executable, "-m", "schemathesis.cli", "run", url + DOCUMENT_PATH,
        "--header", "Authorization: Bearer " + token,
        "--checks", ",".join(CHECKS),
        "--mode", "all",
        "--max-examples", str(max_examples),
        "--seed", str(seed),
        "--request-timeout", "10",
        "--report", "json,har" if har else "json",
        "--report-json-path", report,
    ]
    if har:
        command += ["--report-har-path", os.path.join(directory, "schemathesis.har")]
    # Run in the temporary directory: Schemathesis' Hypothesis database and any
    # schemathesis.toml of the caller's directory stay out of the way.
    status = subprocess.call(command, cwd=directory)
    try:
        with open(report, encoding="utf-8") as handle:
            return status, json.load(handle)
    except (OSError, ValueError):
        return status, None


def summarize(report: Optional[dict]) -> List[str]:
    """One line per failure or error kind of a Schemathesis JSON report."""
    if report is None:
        return ["schemathesis wrote no report"]
    lines = []
    for failure in report.get("failures", []):
        lines.append("%s %s (%d): %s" % (failure.get("code", "?"), failure.get("title", "failure"),
                                         failure.get("count", 0), ", ".join(failure.get("operations", []))))
    for error in report.get("errors", []):
        lines.append("error: %s" % json.dumps(error)[:300])
    return lines


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server-binary", required=True, help="path of folio-server")
    parser.add_argument("--max-examples", type=int, default=30, help="examples per operation and phase (default 30)")
    parser.add_argument("--seed", type=int, default=1, help="Schemathesis' seed (default 1: the same requests each run)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    if importlib.util.find_spec("schemathesis") is None:
        print("check_openapi: schemathesis is not installed for %s; run: %s -m pip install schemathesis==4.32.5"
              % (sys.executable, sys.executable), file=sys.stderr)
        return 2
    binary = os.path.abspath(args.server_binary)
    directory = tempfile.mkdtemp(prefix="folio-openapi-")
    started = time.monotonic()
    try:
        process, url = start_server(binary, directory, [])
    except SystemExit:
        if not args.keep:
            shutil.rmtree(directory, ignore_errors=True)
        raise
    try:
        token = editor_token(binary, directory)
        problems = check_served_document(url)
        status, report = run_schemathesis(url, token, directory, args.max_examples, args.seed, args.keep)
    finally:
        stop_server(process)
    elapsed = time.monotonic() - started
    cases = (report or {}).get("test_cases", {})
    print()
    print("check_openapi: schemathesis %s, seed %d, %d examples per operation and phase, checks %s"
          % (version("schemathesis"), args.seed, args.max_examples, ", ".join(CHECKS)))
    if status != 0:
        problems += ["schemathesis exited with %d" % status] + summarize(report)
    if problems:
        for problem in problems:
            print("check_openapi: FAIL " + problem)
    else:
        print("check_openapi: ok: the served document is Protocol/editor-openapi.json, and %d test cases"
              " against the server conform to it" % cases.get("generated", 0))
    print("check_openapi: %.1f s%s" % (elapsed, "; kept " + directory if args.keep else ""))
    if not args.keep:
        shutil.rmtree(directory, ignore_errors=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
