"""The client's offline store on SQLite (sqlite3 module): articles, comments,
outbox, cursor, snapshot-part progress, dictionaries and the search index.

Checksums (SPEC.md §7.2, §7.3) are computed from the stored rows themselves, so
a value damaged in the store shows up as a difference.

Written from Protocol/SPEC.md and Protocol/folio.proto only (no Swift code was
read). Python standard library + `protobuf`.
"""
from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass, field
from types import ModuleType
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

from folio_checksum import Sum, article_item, bucket_sums, comment_item
from folio_search import FOLDING_VERSION, index_text

APPROVED = 2  # folio.v1.CommentStatus.COMMENT_STATUS_APPROVED

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS articles (
  id INTEGER PRIMARY KEY, revision INTEGER NOT NULL, news_code INTEGER NOT NULL, language TEXT NOT NULL,
  title TEXT NOT NULL, lead TEXT NOT NULL, body TEXT NOT NULL, author TEXT NOT NULL, source TEXT NOT NULL,
  published_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, regions TEXT NOT NULL, topics TEXT NOT NULL,
  kind INTEGER NOT NULL, reading_minutes INTEGER NOT NULL, related TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS comments (
  id INTEGER PRIMARY KEY, article_id INTEGER NOT NULL, name TEXT NOT NULL, text TEXT NOT NULL,
  created_at INTEGER NOT NULL, status INTEGER NOT NULL, email TEXT NOT NULL DEFAULT '',
  idempotency_key BLOB NOT NULL DEFAULT x'');
CREATE INDEX IF NOT EXISTS comments_article ON comments (article_id);
CREATE TABLE IF NOT EXISTS outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, key BLOB NOT NULL UNIQUE, article_id INTEGER NOT NULL,
  name TEXT NOT NULL, email TEXT NOT NULL, text TEXT NOT NULL, created_at INTEGER NOT NULL,
  state TEXT NOT NULL DEFAULT 'queued', comment_id INTEGER, status INTEGER, reason INTEGER, message TEXT);
CREATE TABLE IF NOT EXISTS parts (
  path TEXT PRIMARY KEY, language TEXT NOT NULL, size INTEGER NOT NULL, etag TEXT,
  applied_bytes INTEGER NOT NULL DEFAULT 0, complete INTEGER NOT NULL DEFAULT 0, kept BLOB NOT NULL DEFAULT x'');
CREATE TABLE IF NOT EXISTS dictionaries (id INTEGER PRIMARY KEY, language TEXT, version INTEGER, data BLOB);
CREATE TABLE IF NOT EXISTS search (article_id INTEGER PRIMARY KEY, folded TEXT NOT NULL);
"""

ARTICLE_COLUMNS = ("id", "revision", "news_code", "language", "title", "lead", "body", "author", "source",
                   "published_at", "updated_at", "regions", "topics", "kind", "reading_minutes", "related")


@dataclass
class Subscription:
    """What the client carries (SPEC.md §6.4); empty lists match every value."""
    languages: List[str] = field(default_factory=list)
    regions: List[str] = field(default_factory=list)
    topics: List[str] = field(default_factory=list)

    @property
    def active(self) -> bool:
        """False for "everything": the request then carries no subscription."""
        return bool(self.languages or self.regions or self.topics)

    def to_pb(self, pb2: ModuleType):
        return pb2.Subscription(languages=self.languages, regions=self.regions, topics=self.topics)

    def matches(self, article) -> bool:
        return ((not self.languages or article.language in self.languages)
                and (not self.regions or any(r in self.regions for r in article.regions))
                and (not self.topics or any(t in self.topics for t in article.topics)))


class Store:
    """One client's SQLite database. Write methods take the open connection so a
    caller can group them in one transaction (SPEC.md §6.2, §7.4, §11 step 5)."""

    def __init__(self, path: str, pb2: ModuleType) -> None:
        self.path = path
        self.pb2 = pb2
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.executescript(SCHEMA)
        if self.get_meta("client_key") is None:  # SPEC.md §10.4: 16-64 random bytes, once
            self.set_meta("client_key", os.urandom(32))
        if self.get_meta("search_version") is None:
            self.set_meta("search_version", str(FOLDING_VERSION).encode())

    def close(self) -> None:
        self.db.close()

    # ------------------------------------------------------------- transactions and meta

    def transaction(self) -> "Transaction":
        return Transaction(self.db)

    def get_meta(self, key: str) -> Optional[bytes]:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else bytes(row[0])

    def set_meta(self, key: str, value: bytes) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    @property
    def client_key(self) -> bytes:
        return self.get_meta("client_key") or b""

    @property
    def cursor(self) -> Optional[bytes]:
        """The cursor of the last page applied; None before the first one."""
        return self.get_meta("cursor")

    def subscription(self) -> Subscription:
        """The subscription stored with the store (SPEC.md §6.4); everything when none."""
        raw = self.get_meta("subscription")
        return Subscription(**json.loads(raw.decode())) if raw else Subscription()

    def set_subscription(self, subscription: Subscription) -> None:
        self.set_meta("subscription", json.dumps({"languages": subscription.languages, "regions": subscription.regions,
                                                  "topics": subscription.topics}).encode())

    def languages_held(self) -> List[str]:
        """Languages whose snapshot parts the store holds (SPEC.md §6.4); ["*"] = all."""
        raw = self.get_meta("languages_held")
        return json.loads(raw.decode()) if raw else []

    # ------------------------------------------------------------- articles

    def revision_of(self, article_id: int) -> Optional[int]:
        row = self.db.execute("SELECT revision FROM articles WHERE id = ?", (article_id,)).fetchone()
        return None if row is None else row[0]

    def article(self, article_id: int):
        """The stored article as a folio.v1.Article, or None."""
        row = self.db.execute("SELECT %s FROM articles WHERE id = ?" % ", ".join(ARTICLE_COLUMNS),
                              (article_id,)).fetchone()
        return None if row is None else self._article_from_row(row)

    def articles(self) -> Iterator:
        for row in self.db.execute("SELECT %s FROM articles ORDER BY id" % ", ".join(ARTICLE_COLUMNS)).fetchall():
            yield self._article_from_row(row)

    def _article_from_row(self, row: Sequence):
        values = dict(zip(ARTICLE_COLUMNS, row))
        for name in ("regions", "topics", "related"):
            values[name] = json.loads(values[name])
        return self.pb2.Article(**values)

    def put_article(self, article) -> None:
        """Inserts or replaces an article and its search entry."""
        values = [getattr(article, name) for name in ARTICLE_COLUMNS]
        for index, name in enumerate(ARTICLE_COLUMNS):
            if name in ("regions", "topics", "related"):
                values[index] = json.dumps(list(values[index]), ensure_ascii=False)
        self.db.execute("INSERT OR REPLACE INTO articles (%s) VALUES (%s)"
                        % (", ".join(ARTICLE_COLUMNS), ", ".join("?" * len(ARTICLE_COLUMNS))), values)
        self.db.execute("INSERT OR REPLACE INTO search (article_id, folded) VALUES (?, ?)",
                        (article.id, index_text(article.title, article.lead, article.body)))

    def delete_article(self, article_id: int) -> None:
        """Deletes an article, its comments and its search entry (SPEC.md §8.4); never the outbox."""
        self.db.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        self.db.execute("DELETE FROM comments WHERE article_id = ?", (article_id,))
        self.db.execute("DELETE FROM search WHERE article_id = ?", (article_id,))

    def article_ids_in(self, first: int, last: int) -> List[int]:
        return [r[0] for r in self.db.execute("SELECT id FROM articles WHERE id BETWEEN ? AND ?", (first, last))]

    # ------------------------------------------------------------- comments

    def put_comment(self, comment) -> None:
        self.db.execute("INSERT OR REPLACE INTO comments (id, article_id, name, text, created_at, status, email,"
                        " idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (comment.id, comment.article_id, comment.name, comment.text, comment.created_at,
                         comment.status, comment.email, bytes(comment.idempotency_key)))

    def delete_comment(self, comment_id: int) -> None:
        self.db.execute("DELETE FROM comments WHERE id = ?", (comment_id,))

    def delete_comments_of_range(self, first: int, last: int) -> None:
        self.db.execute("DELETE FROM comments WHERE article_id BETWEEN ? AND ?", (first, last))

    def comment(self, comment_id: int) -> Optional[Tuple]:
        return self.db.execute("SELECT id, article_id, name, text, created_at, status, email, idempotency_key"
                               " FROM comments WHERE id = ?", (comment_id,)).fetchone()

    def comments(self) -> List[Tuple]:
        return self.db.execute("SELECT id, article_id, name, text, created_at, status, email, idempotency_key"
                               " FROM comments ORDER BY id").fetchall()

    # ------------------------------------------------------------- checksums (§7.2, §7.3)

    def items(self, only: Optional[Subscription] = None) -> Iterator[Tuple[str, int, int]]:
        """(kind, article id, item hash) of every held article (those `only` matches,
        when given) and every approved comment of those articles, hashed from the
        stored rows (SPEC.md §7.2)."""
        ids = set()
        for article in self.articles():
            if only is None or only.matches(article):
                ids.add(article.id)
                yield "article", article.id, article_item(article)
        rows = self.db.execute("SELECT c.id, c.article_id, c.name, c.text, c.created_at FROM comments c"
                               " JOIN articles a ON a.id = c.article_id WHERE c.status = ?", (APPROVED,))
        for comment_id, article_id, name, text, created_at in rows.fetchall():
            if article_id not in ids:
                continue
            comment = self.pb2.Comment(id=comment_id, article_id=article_id, name=name, text=text,
                                       created_at=created_at)
            yield "comment", article_id, comment_item(comment)

    def archive_sum(self, only: Optional[Subscription] = None) -> Sum:
        total = Sum()
        for kind, _, item in self.items(only):
            total = total.add_article(item) if kind == "article" else total.add_comment(item)
        return total

    def bucket_sums(self, width: int) -> Dict[int, Sum]:
        return bucket_sums(self.items(), width)

    # ------------------------------------------------------------- snapshot parts (§11)

    def part_progress(self, path: str) -> Tuple[int, bool, Optional[str]]:
        """(applied bytes, complete, ETag) recorded for a part path (SPEC.md §11 step 5)."""
        applied, complete, etag, _ = self.part_progress_full(path)
        return applied, complete, etag

    def part_progress_full(self, path: str) -> Tuple[int, bool, Optional[str], bytes]:
        """As part_progress, plus the bytes received after the last applied frame
        (kept so an interrupted frame resumes where it stopped, SPEC.md §14.1)."""
        row = self.db.execute("SELECT applied_bytes, complete, etag, kept FROM parts WHERE path = ?",
                              (path,)).fetchone()
        return (0, False, None, b"") if row is None else (row[0], bool(row[1]), row[2], bytes(row[3]))

    def record_part(self, path: str, language: str, size: int, etag: Optional[str], applied: int,
                    complete: bool, kept: bytes = b"") -> None:
        self.db.execute("INSERT OR REPLACE INTO parts (path, language, size, etag, applied_bytes, complete, kept)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?)", (path, language, size, etag, applied, int(complete), kept))

    # ------------------------------------------------------------- dictionaries (§9.2)

    def dictionaries(self) -> Dict[int, bytes]:
        return {row[0]: bytes(row[1]) for row in self.db.execute("SELECT id, data FROM dictionaries")}

    def put_dictionary(self, dictionary_id: int, language: str, version: int, data: bytes) -> None:
        self.db.execute("INSERT OR REPLACE INTO dictionaries (id, language, version, data) VALUES (?, ?, ?, ?)",
                        (dictionary_id, language, version, data))

    # ------------------------------------------------------------- search (§13)

    def search_rows(self) -> List[Tuple[int, str]]:
        return self.db.execute("SELECT article_id, folded FROM search ORDER BY article_id").fetchall()


class Transaction:
    """`with store.transaction():` runs the block in one SQLite transaction;
    nothing of it is kept if it raises (SPEC.md §6.2)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, kind, value, traceback) -> bool:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")
        return False
