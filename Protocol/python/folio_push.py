"""The upload lane: the outbox of comments written offline, pushed with
idempotency keys (SPEC.md §10, §14.2).

Written from Protocol/SPEC.md and Protocol/folio.proto only (no Swift code was
read). Python standard library + `protobuf`.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, List, Optional, Sequence, Tuple

from folio_transport import FolioError

if TYPE_CHECKING:
    from folio_client import FolioClient

MAX_ITEMS = 100  # SPEC.md §10.1, §14.2

# SPEC.md §10.2: what the client does with a rejected item, by reason number.
# RATE_LIMITED (7) is not a refusal: the item stays queued, with the same key,
# and goes again after retry_after_seconds. A reason this client does not
# know is kept as failed.
RATE_LIMITED = 7
REJECT_ACTIONS = {1: "failed", 2: "failed", 3: "dropped", 4: "dropped", 5: "dropped", 6: "dropped",
                  RATE_LIMITED: "queued"}


def uuid7(now_ms: Optional[int] = None) -> bytes:
    """A 16-byte UUIDv7 (RFC 9562): 48-bit Unix milliseconds, version nibble 7 in
    byte 6, variant bits 10 in byte 8 (SPEC.md §10.1)."""
    ms = int(time.time() * 1000) if now_ms is None else now_ms
    raw = bytearray(ms.to_bytes(6, "big") + os.urandom(10))
    raw[6] = 0x70 | (raw[6] & 0x0F)
    raw[8] = 0x80 | (raw[8] & 0x3F)
    return bytes(raw)


def is_uuid7(key: bytes) -> bool:
    return len(key) == 16 and key[6] >> 4 == 7 and key[8] >> 6 == 2


@dataclass
class OutboxEntry:
    key: bytes
    article_id: int
    name: str
    email: str
    text: str
    created_at: int
    state: str                  # queued, accepted, failed, dropped
    comment_id: Optional[int] = None
    status: Optional[int] = None
    reason: Optional[int] = None
    message: Optional[str] = None


@dataclass
class ItemResult:
    """One CommentResult (SPEC.md §10.2), as the client understood it."""
    key: bytes
    outcome: str                # accepted or rejected
    comment_id: int = 0
    status: int = 0
    reason: int = 0
    message: str = ""
    retry_after: int = 0        # RATE_LIMITED only: seconds to wait (SPEC.md §10.2)


class Outbox:
    """The outbox table of the store, and POST /v2/push."""

    COLUMNS = "key, article_id, name, email, text, created_at, state, comment_id, status, reason, message"

    def __init__(self, client: "FolioClient") -> None:
        self.client = client

    @property
    def db(self):
        return self.client.store.db

    def add(self, article_id: int, name: str, email: str, text: str, created_at: Optional[int] = None,
            key: Optional[bytes] = None) -> bytes:
        """Writes a comment into the outbox with a fresh key that never changes (SPEC.md §14.3 item 4)."""
        key = key or uuid7()
        created = int(time.time() * 1000) if created_at is None else created_at
        with self.client.store.transaction():
            self.db.execute("INSERT INTO outbox (key, article_id, name, email, text, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                            (key, article_id, name, email, text, created))
        return key

    def entry(self, key: bytes) -> Optional[OutboxEntry]:
        row = self.db.execute("SELECT %s FROM outbox WHERE key = ?" % self.COLUMNS, (key,)).fetchone()
        return None if row is None else OutboxEntry(bytes(row[0]), *row[1:])

    def entries(self, state: Optional[str] = None) -> List[OutboxEntry]:
        sql = "SELECT %s FROM outbox%s ORDER BY seq" % (self.COLUMNS, " WHERE state = ?" if state else "")
        return [OutboxEntry(bytes(r[0]), *r[1:]) for r in self.db.execute(sql, (state,) if state else ())]

    def requeue(self, key: bytes) -> None:
        """Marks an entry as not acknowledged, as when the first reply was lost."""
        with self.client.store.transaction():
            self.db.execute("UPDATE outbox SET state = 'queued' WHERE key = ?", (key,))

    def push(self) -> List[ItemResult]:
        """POST /v2/push with up to 100 queued items; each leaves the queue only on
        its own per-item result (SPEC.md §10.2, §14.2). A request-level error keeps
        every item and is raised to the caller (back-off is the caller's)."""
        queued = self.entries("queued")[:MAX_ITEMS]
        if not queued:
            return []
        results = self.submit(queued)
        with self.client.store.transaction():
            for result in results:
                if result.outcome == "accepted":
                    # a replay answers the first reply again; keep a newer status a page brought (§10.5)
                    self.db.execute("UPDATE outbox SET state = 'accepted', comment_id = ?,"
                                    " status = COALESCE(status, ?) WHERE key = ?",
                                    (result.comment_id, result.status, result.key))
                else:
                    self.db.execute("UPDATE outbox SET state = ?, reason = ?, message = ? WHERE key = ?",
                                    (REJECT_ACTIONS.get(result.reason, "failed"), result.reason, result.message,
                                     result.key))
        return results

    def submit(self, entries: Sequence[OutboxEntry]) -> List[ItemResult]:
        """Sends the entries as they are stored (same key, same body) and decodes the
        per-item results, which MUST come one per submission in request order."""
        pb2 = self.client.pb2
        request = pb2.PushRequest(client_key=self.client.store.client_key)
        for e in entries:
            request.comments.add(idempotency_key=e.key, article_id=e.article_id, name=e.name, email=e.email,
                                 text=e.text, created_at=e.created_at)
        response = self.client.transport.call("/v2/push", request, "PushResponse")
        keys = [bytes(r.idempotency_key) for r in response.results]
        if keys != [e.key for e in entries]:
            raise FolioError(502, 200, "push results name %d keys, not the %d submitted in order (SPEC §10.2)"
                             % (len(keys), len(entries)))
        results = []
        for r in response.results:
            if r.WhichOneof("outcome") == "accepted":
                results.append(ItemResult(bytes(r.idempotency_key), "accepted", r.accepted.comment_id,
                                          r.accepted.status))
            else:
                results.append(ItemResult(bytes(r.idempotency_key), "rejected", reason=r.rejected.reason,
                                          message=r.rejected.message,
                                          retry_after=r.rejected.retry_after_seconds))
        return results

    def note_own(self, comment) -> None:
        """A comment of the client's own came in a page or a repair: record its id
        and moderation status on the outbox entry (SPEC.md §6.2, §10.5)."""
        entry = self.entry(bytes(comment.idempotency_key))
        if entry is None:
            self.client.transport.audit.violation(
                "comment %d carries an idempotency key this client never used (SPEC §10.4)" % comment.id)
            return
        self.db.execute("UPDATE outbox SET state = 'accepted', comment_id = ?, status = ? WHERE key = ?",
                        (comment.id, comment.status, entry.key))

    def owns(self, comment) -> Tuple[bool, str]:
        """Whether a comment carrying private fields is this client's own, with the
        email it submitted (SPEC.md §4.4, §10.4)."""
        entry = self.entry(bytes(comment.idempotency_key)) if comment.idempotency_key else None
        if entry is None:
            return False, "no outbox entry for its key"
        if comment.email and comment.email != entry.email:
            return False, "email differs from the one submitted"
        return True, ""
