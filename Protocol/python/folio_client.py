#!/usr/bin/env python3
"""A small, complete client of the Folio sync protocol, version 2.1.

WRITTEN FROM THE SPECIFICATION ALONE: Protocol/SPEC.md, Protocol/folio.proto and
Protocol/vectors/ are the only sources used. No Swift code of this repository
(nothing under Sources/ or Tests/) was read while writing it, so it shows what
an Android or iOS team can build from the spec. Where the reference server
does something the spec does not say, this client follows the spec text and
reports the difference instead of working around it.

Python 3 standard library + `protobuf` (messages generated from folio.proto with
`protoc` at start). Modules:

    folio_wire.py       frames, CRC-32, deflate with preset dictionaries, deltas (§5, §8.2, §9)
    folio_checksum.py   item hashes, archive and bucket checksums, ranges (§7.2-§7.4)
    folio_transport.py  HTTP (http.client), error responses, retries (§5.1, §12)
    folio_store.py      the SQLite store (sqlite3)
    folio_bootstrap.py  info, dictionaries, snapshot parts with Range/If-Range (§5.3, §9.2, §11)
    folio_sync.py       pull, apply, checkpoint, checksums, paged repair (§6, §7)
    folio_push.py       outbox and push with idempotency keys (§10)
    folio_search.py     search folding, tokens, matching (§13)
    folio_editor.py     the reference server's editor API (not part of the protocol; scenario only)
    folio_scenario.py   the end-to-end conformance scenario

Usage:

    python3 Protocol/python/folio_client.py conformance --server http://127.0.0.1:PORT --editor-token TOKEN
    python3 Protocol/python/folio_client.py sync --server URL --db client.sqlite [--languages fa]
    python3 Protocol/python/folio_client.py search --db client.sqlite QUERY
    python3 Protocol/python/folio_client.py comment --server URL --db client.sqlite --article ID --name N --email E --text T

`conformance` prints one line per step ("ok …" / "FAIL …") and exits 1 on any failure.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from types import ModuleType
from typing import List, Optional, Sequence

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from folio_bootstrap import BootstrapResult, bootstrap, negotiate  # noqa: E402
from folio_push import Outbox  # noqa: E402
from folio_search import FOLDING_VERSION, index_text, matches, query_tokens, tokens  # noqa: E402
from folio_store import Store, Subscription  # noqa: E402
from folio_sync import PageResult, RepairResult, SyncResult, apply_chunk, pull, repair, sync  # noqa: E402
from folio_transport import Transport  # noqa: E402
from folio_wire import load_pb2  # noqa: E402


class FolioClient:
    """One installation: a store, a transport to one server, a subscription."""

    def __init__(self, server: str, db_path: str, subscription: Optional[Subscription] = None,
                 pb2: Optional[ModuleType] = None, timeout: float = 30.0) -> None:
        """`subscription` None keeps the one stored with the store (everything at first)."""
        self.pb2 = pb2 or load_pb2()
        self.store = Store(db_path, self.pb2)
        self.transport = Transport(server, self.pb2, self.store.dictionaries(), timeout)
        self.transport.on_message = self._audit_message
        self.subscription = self.store.subscription()
        self.outbox = Outbox(self)
        if subscription is not None and subscription != self.subscription:
            self.set_subscription(subscription)
        self.info = None
        self.foreign_private: List[str] = []  # private fields of other readers seen (SPEC.md §10.4)
        if self.store.get_meta("search_version") != str(FOLDING_VERSION).encode():
            self.rebuild_search_index()

    # ------------------------------------------------------------- subscription (§6.4)

    def set_subscription(self, subscription: Subscription) -> int:
        """SPEC.md §6.4: a narrower subscription deletes at once, in one transaction,
        the articles it no longer matches with their comments (never the outbox);
        a wider one by language is caught up by the next sync() (§11 step 2).
        Returns the number of articles dropped."""
        dropped = [a.id for a in self.store.articles() if not subscription.matches(a)]
        held = self.store.languages_held()
        with self.store.transaction():
            for article_id in dropped:
                self.store.delete_article(article_id)
            if subscription.languages:  # the parts of languages no longer carried are not held any more
                keep = subscription.languages if "*" in held else [x for x in held if x in subscription.languages]
                self.store.set_meta("languages_held", json.dumps(sorted(keep)).encode())
            self.store.set_subscription(subscription)
        self.subscription = subscription
        return len(dropped)

    # ------------------------------------------------------------- lanes

    def negotiate(self):
        return negotiate(self)

    def bootstrap(self, stop_after_bytes: Optional[int] = None) -> BootstrapResult:
        if self.info is None:
            self.negotiate()
        return bootstrap(self, stop_after_bytes)

    def sync(self, max_changes: int = 0) -> SyncResult:
        """Bootstrap when the store is empty (or lacks a language it now carries,
        SPEC.md §6.4), then catch up with a verified checkpoint."""
        if self.info is None:
            self.negotiate()
        held = self.store.languages_held()
        missing = "*" not in held and (not self.subscription.languages
                                       or any(x not in held for x in self.subscription.languages))
        if self.store.cursor is None or missing:
            boot = self.bootstrap()
            if boot.interrupted:
                raise RuntimeError("bootstrap interrupted")
        return sync(self, max_changes)

    def pull(self, wait_seconds: int = 0) -> PageResult:
        return pull(self, wait_seconds)

    def repair(self, full: bool = False) -> RepairResult:
        return repair(self, full=full)

    def apply_chunk(self, chunk) -> None:
        apply_chunk(self, chunk)

    # ------------------------------------------------------------- search (§13)

    def search(self, query: str) -> List[int]:
        """Ids of the stored articles matching the query (SPEC.md §13.3)."""
        wanted = query_tokens(query)
        return [article_id for article_id, folded in self.store.search_rows() if matches(wanted, tokens(folded))]

    def rebuild_search_index(self) -> None:
        """SPEC.md §13.4: the index is rebuilt from the stored text when the folding version changes."""
        with self.store.transaction() as db:
            db.execute("DELETE FROM search")
            for article in self.store.articles():
                db.execute("INSERT INTO search (article_id, folded) VALUES (?, ?)",
                           (article.id, index_text(article.title, article.lead, article.body)))
            self.store.set_meta("search_version", str(FOLDING_VERSION).encode())

    # ------------------------------------------------------------- privacy audit (§4.4, §10.4, §11)

    def _audit_message(self, where: str, message) -> None:
        """Every comment received: private fields only on the client's own (SPEC.md
        §10.4), never in snapshots (§11 step 4); another reader's comment only once
        approved, or as removed (§10.4, §10.5)."""
        for comment in getattr(message, "comments", ()):
            own = False
            if comment.email or comment.idempotency_key:
                if where == "snapshot part":
                    self._foreign(where, comment, "snapshot chunks carry public fields only (SPEC §11 step 4)")
                    continue
                own, why = self.outbox.owns(comment)
                if not own:
                    self._foreign(where, comment, why)
            if not own and not comment.removed and comment.status != 2:
                self.transport.audit.violation("%s: comment %d of another reader with status %d (SPEC §10.4: sent "
                                               "to other clients only once approved)" % (where, comment.id,
                                                                                         comment.status))

    def _foreign(self, where: str, comment, why: str) -> None:
        text = "%s: comment %d of article %d carries private fields (%s)" % (where, comment.id, comment.article_id, why)
        self.foreign_private.append(text)
        self.transport.audit.violation(text + " — SPEC §10.4: an email never reaches another client")


# ----------------------------------------------------------------- command line

def _client(args: argparse.Namespace) -> FolioClient:
    """A client on --db; --languages (when given) changes the stored subscription."""
    languages = getattr(args, "languages", None)
    subscription = None
    if languages is not None:
        subscription = Subscription([x for x in languages.split(",") if x and x != "*"])
    return FolioClient(getattr(args, "server", "") or "http://127.0.0.1:8080", args.db, subscription)


def _cmd_sync(args: argparse.Namespace) -> int:
    client = _client(args)
    result = client.sync()
    last = result.pages[-1]
    print("applied %d pages, %d repairs; checkpoint %s %s" % (len(result.pages), len(result.repairs),
                                                          "verified" if result.verified else "DIFFERS", last.local))
    for violation in client.transport.audit.violations:
        print("spec disagreement:", violation)
    return 0 if result.verified else 1


def _cmd_search(args: argparse.Namespace) -> int:
    client = _client(args)
    for article_id in client.search(args.query):
        print(article_id, client.store.article(article_id).title)
    return 0


def _cmd_comment(args: argparse.Namespace) -> int:
    client = _client(args)
    client.outbox.add(args.article, args.name, args.email, args.text)
    failed = 0
    for result in client.outbox.push():
        if result.outcome == "accepted":
            print("%s: accepted as comment %d (status %d)" % (result.key.hex(), result.comment_id, result.status))
        else:
            failed += 1
            print("%s: rejected, reason %d: %s" % (result.key.hex(), result.reason, result.message))
    return 1 if failed else 0


def _cmd_conformance(args: argparse.Namespace) -> int:
    from folio_scenario import run_conformance
    return run_conformance(args.server, args.editor_token, args.workdir, args.pb2_dir)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    conformance = commands.add_parser("conformance", help="run the end-to-end scenario against a running server")
    conformance.add_argument("--server", required=True)
    conformance.add_argument("--editor-token", required=True)
    conformance.add_argument("--workdir", help="where the client stores go (default: a temporary directory)")
    conformance.add_argument("--pb2-dir", help="directory holding a pre-generated folio_pb2.py")
    conformance.set_defaults(run=_cmd_conformance)
    sync_cmd = commands.add_parser("sync", help="bootstrap if needed and catch up")
    sync_cmd.add_argument("--server", required=True)
    sync_cmd.add_argument("--db", required=True)
    sync_cmd.add_argument("--languages", help="comma-separated, e.g. fa; * for everything (default: as stored)")
    sync_cmd.set_defaults(run=_cmd_sync)
    search_cmd = commands.add_parser("search", help="search the stored articles (SPEC §13)")
    search_cmd.add_argument("--db", required=True)
    search_cmd.add_argument("query")
    search_cmd.set_defaults(run=_cmd_search)
    comment = commands.add_parser("comment", help="queue a comment and push the outbox")
    comment.add_argument("--server", required=True)
    comment.add_argument("--db", required=True)
    comment.add_argument("--article", type=int, required=True)
    comment.add_argument("--name", required=True)
    comment.add_argument("--email", required=True)
    comment.add_argument("--text", required=True)
    comment.set_defaults(run=_cmd_comment)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
