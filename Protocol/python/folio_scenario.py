"""The end-to-end conformance scenario of folio_client.py, run against a real
server. One line per step: "ok …" or "FAIL …"; any failure makes the exit
status 1. Where the server and SPEC.md disagree, the client follows SPEC.md,
the step fails and its line says what the spec expects.

Written from Protocol/SPEC.md, Protocol/folio.proto and Protocol/vectors only
(no Swift code was read). Steps: folio_steps_sync.py, folio_steps_live.py.
"""
from __future__ import annotations

import os
import tempfile
import time
import traceback
from typing import Callable, Optional

from folio_editor import Editor
from folio_steps_live import LiveSteps
from folio_steps_sync import StepFailure
from folio_wire import load_pb2


class Runner:
    """Runs steps, prints one line each and counts failures."""

    def __init__(self) -> None:
        self.failures = 0
        self.started = time.monotonic()

    def step(self, name: str, function: Callable[[], str]) -> bool:
        began = time.monotonic()
        try:
            detail = function()
        except StepFailure as failure:
            self._print("FAIL", name, str(failure), began)
            return False
        except Exception as error:  # an unexpected error fails the step, not the run
            where = traceback.extract_tb(error.__traceback__)[-1]
            self._print("FAIL", name, "%s: %s (%s:%d)" % (type(error).__name__, error,
                                                         os.path.basename(where.filename), where.lineno), began)
            return False
        self._print("ok", name, detail, began)
        return True

    def _print(self, verdict: str, name: str, detail: str, began: float) -> None:
        if verdict == "FAIL":
            self.failures += 1
        print("%-4s %s — %s [%.2fs]" % (verdict, name, detail, time.monotonic() - began), flush=True)


def run_conformance(server: str, editor_token: str, workdir: Optional[str] = None,
                    pb2_dir: Optional[str] = None) -> int:
    """Runs every step against `server`; returns the exit status (0: all ok)."""
    pb2 = load_pb2(pb2_dir)
    workdir = workdir or tempfile.mkdtemp(prefix="folio-conformance-")
    os.makedirs(workdir, exist_ok=True)
    runner = Runner()
    steps = LiveSteps(server.rstrip("/"), Editor(server, editor_token), pb2, workdir)
    print("folio_client conformance against %s (client stores in %s)" % (server, workdir), flush=True)
    for name, function in steps.plan():
        runner.step(name, function)
    for client in steps.clients:
        client.store.close()
    print("%s: %d step(s) failed, %.1fs" % ("FAILED" if runner.failures else "PASSED", runner.failures,
                                           time.monotonic() - runner.started), flush=True)
    return 1 if runner.failures else 0
