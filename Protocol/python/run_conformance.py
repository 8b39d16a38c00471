#!/usr/bin/env python3
"""Runs the folio_client.py conformance scenario against a freshly started
reference server.

    python3 Protocol/python/run_conformance.py --server-binary .build/debug/folio-server

It creates a temporary directory, writes the two test dictionaries of
Protocol/vectors/dictionaries.json into it (so the server offers preset
dictionaries, SPEC.md §9.2), starts `folio-server serve --demo` on a free
loopback port (`--port 0`) with a new database there, creates an editor token
with `folio-server token create --role editor`, runs

    python3 Protocol/python/folio_client.py conformance --server URL --editor-token TOKEN

and stops the server (by its process id). The exit status is the scenario's
(0 when every step is ok). `--keep` keeps the temporary directory (server log,
database, client stores). Needs `protoc` and the `protobuf` package, like
check_vectors.py. Python standard library otherwise.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from typing import List, Optional, Sequence

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)


def write_dictionaries(directory: str) -> List[str]:
    """The vectors' test dictionaries as `--dictionary LANGUAGE:VERSION:FILE` flags."""
    flags = []
    with open(os.path.join(REPO, "Protocol", "vectors", "dictionaries.json"), encoding="utf-8") as handle:
        for entry in json.load(handle):
            path = os.path.join(directory, "%s-%d.dict" % (entry["language"], entry["version"]))
            with open(path, "wb") as out:
                out.write(bytes.fromhex(entry["hex"]))
            flags += ["--dictionary", "%s:%d:%s" % (entry["language"], entry["version"], path)]
    return flags


def start_server(binary: str, directory: str, extra: Sequence[str]) -> "tuple[subprocess.Popen, str]":
    """Starts the server and waits for its "listening on http://…" line."""
    database = os.path.join(directory, "server.sqlite")
    log_path = os.path.join(directory, "server.log")
    command = [binary, "serve", "--db", database, "--host", "127.0.0.1", "--port", "0", "--demo",
               "--demo-dir", os.path.join(REPO, "Examples", "demo")] + list(extra)
    log = open(log_path, "wb")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=REPO)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with open(log_path, "rb") as handle:
            found = re.search(rb"listening on (http://127\.0\.0\.1:\d+)", handle.read())
        if found:
            return process, found.group(1).decode()
        if process.poll() is not None:
            break
        time.sleep(0.05)
    process.kill()
    with open(log_path, "rb") as handle:
        raise SystemExit("the server did not start:\n" + handle.read().decode("utf-8", "replace"))


def stop_server(process: subprocess.Popen) -> None:
    """Stops the server by its process id: SIGTERM, then SIGKILL after 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def editor_token(binary: str, directory: str) -> str:
    output = subprocess.check_output([binary, "token", "create", "--role", "editor", "--label", "conformance",
                                      "--db", os.path.join(directory, "server.sqlite")], cwd=REPO)
    return output.decode().strip().splitlines()[-1].strip()


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server-binary", required=True, help="path of folio-server")
    parser.add_argument("--no-dictionaries", action="store_true", help="start the server without preset dictionaries")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--server-arg", action="append", default=[], help="one more argument for `serve`")
    args = parser.parse_args(argv)
    binary = os.path.abspath(args.server_binary)
    directory = tempfile.mkdtemp(prefix="folio-conformance-")
    extra = ([] if args.no_dictionaries else write_dictionaries(directory)) + args.server_arg
    process, url = start_server(binary, directory, extra)
    try:
        token = editor_token(binary, directory)
        from folio_client import main as client_main
        return client_main(["conformance", "--server", url, "--editor-token", token,
                            "--workdir", os.path.join(directory, "clients")])
    finally:
        stop_server(process)
        if args.keep:
            print("kept", directory)
        else:
            shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
