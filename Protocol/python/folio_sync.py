"""The download lane: pull pages and apply them (SPEC.md §6), verify every
checkpoint from the stored rows (§7.2), compare bucket checksums (§7.3) and run
the paged repair (§7.4) until it is settled; the full comparison of §7.1.

Written from Protocol/SPEC.md and Protocol/folio.proto only (no Swift code was
read). Python standard library + `protobuf`.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Dict, Iterable, List, Optional, Set, Tuple

from folio_checksum import (Sum, bucket_ranges, differing_buckets, is_prefix_of, subtract_ranges,
                            valid_bucket_width)
from folio_transport import FolioError
from folio_wire import WireError, apply_delta

if TYPE_CHECKING:
    from folio_client import FolioClient
    from folio_store import Subscription

PATCH_SCALARS = ("news_code", "language", "title", "lead", "author", "source", "published_at", "updated_at",
                 "kind", "reading_minutes")
MAX_RANGES = 64          # SPEC.md §7.4
MAX_REPAIR_ROUNDS = 5    # compare-and-repair rounds before a sync gives up
CURSOR_CODES = (401, 402, 403)


@dataclass
class PageResult:
    """What applying one page did (SPEC.md §6.2)."""
    changes: List[Tuple[int, str]] = field(default_factory=list)   # (article id, how it was applied)
    skipped: List[Tuple[int, str]] = field(default_factory=list)   # (article id, why), to repair
    comments: List[Tuple[int, str]] = field(default_factory=list)  # (comment id, how)
    own: List[Tuple[bytes, int, int]] = field(default_factory=list)  # (key, comment id, status)
    delta_sizes: Dict[int, Tuple[int, int]] = field(default_factory=dict)  # id: (delta bytes, body bytes)
    more_available: bool = False
    cursor: bytes = b""
    checkpoint: Optional[Sum] = None
    local: Optional[Sum] = None
    seconds: float = 0.0

    @property
    def verified(self) -> Optional[bool]:
        """True/False after a page with a checkpoint; None on a page without one."""
        return None if self.checkpoint is None else self.checkpoint == self.local


@dataclass
class RepairResult:
    """One compare-and-repair (SPEC.md §7.3, §7.4)."""
    differing: List[int] = field(default_factory=list)
    ranges: List[Tuple[int, int]] = field(default_factory=list)
    requests: int = 0
    articles: int = 0
    comments: int = 0
    deleted: int = 0
    agree_after: Optional[bool] = None


@dataclass
class SyncResult:
    pages: List[PageResult] = field(default_factory=list)
    repairs: List[RepairResult] = field(default_factory=list)
    full_comparison: bool = False

    @property
    def verified(self) -> bool:
        return bool(self.pages) and self.pages[-1].verified is True


# ----------------------------------------------------------------- applying (§6.2, §11)

def apply_change(client: "FolioClient", change, result: PageResult) -> None:
    """One ArticleChange, in page order (SPEC.md §6.2)."""
    store = client.store
    held = store.revision_of(change.id)
    kind = change.WhichOneof("change")
    if held is not None and held >= change.revision:
        result.changes.append((change.id, "already applied"))
        return
    if kind == "full":
        article = change.full
        if article.id != change.id or article.revision != change.revision:
            client.transport.audit.violation("ArticleChange %d/%d carries full article %d/%d"
                                             % (change.id, change.revision, article.id, article.revision))
        store.put_article(article)
        result.changes.append((change.id, "full"))
    elif kind == "patch":
        if held is None or held != change.base_revision:
            result.skipped.append((change.id, "patch on revision %d, held %s" % (change.base_revision, held)))
            return
        try:
            how = _apply_patch(client, change)
        except WireError as error:  # E301-E304: skip this change only, repair its bucket
            result.skipped.append((change.id, str(error)))
            return
        result.changes.append((change.id, how))
        if change.patch.WhichOneof("body_change") == "body_delta":
            body = store.article(change.id).body.encode("utf-8")
            result.delta_sizes[change.id] = (len(change.patch.body_delta), len(body))
    elif kind == "tombstone":
        store.delete_article(change.id)
        result.changes.append((change.id, "tombstone"))
    else:
        client.transport.audit.violation("ArticleChange %d carries no change" % change.id)
        result.skipped.append((change.id, "no change"))


def _apply_patch(client: "FolioClient", change) -> str:
    """Sets each present field, replaces lists whose wrapper is present, applies
    the body delta (SPEC.md §8.1, §8.2) or body, sets the revision."""
    article = client.store.article(change.id)
    patch = change.patch
    fields = []
    for name in PATCH_SCALARS:
        if patch.HasField(name):
            setattr(article, name, getattr(patch, name))
            fields.append(name)
    for name in ("regions", "topics", "related"):
        if patch.HasField(name):
            del getattr(article, name)[:]
            getattr(article, name).extend(getattr(patch, name).values)
            fields.append(name)
    body = patch.WhichOneof("body_change")
    if body == "body_delta":
        article.body = apply_delta(patch.body_delta, article.body.encode("utf-8")).decode("utf-8")
        fields.append("body_delta")
    elif body == "body":
        article.body = patch.body
        fields.append("body")
    article.revision = change.revision
    client.store.put_article(article)
    return "patch " + ",".join(fields)


def apply_comment(client: "FolioClient", comment, result: PageResult) -> None:
    """One Comment, after the article changes (SPEC.md §6.2, §10.5)."""
    store = client.store
    if comment.removed:
        store.delete_comment(comment.id)
        result.comments.append((comment.id, "removed"))
        return
    if comment.idempotency_key:  # the client's own comment (SPEC.md §10.4)
        client.outbox.note_own(comment)
        result.own.append((bytes(comment.idempotency_key), comment.id, comment.status))
    if store.revision_of(comment.article_id) is None:
        result.comments.append((comment.id, "ignored (article not held)"))
        return
    store.put_comment(comment)
    result.comments.append((comment.id, "stored"))


def apply_chunk(client: "FolioClient", chunk) -> None:
    """A SnapshotChunk (SPEC.md §11 steps 2, 5): matching articles unless held at
    the same or a newer revision; comments of held articles inserted or replaced."""
    for article in chunk.articles:
        if not client.subscription.matches(article):
            continue
        held = client.store.revision_of(article.id)
        if held is None or held < article.revision:
            client.store.put_article(article)
    for comment in chunk.comments:
        if client.store.revision_of(comment.article_id) is not None:
            client.store.put_comment(comment)


# ----------------------------------------------------------------- pulling (§6)

def pull(client: "FolioClient", wait_seconds: int = 0, max_changes: int = 0, cursor: Optional[bytes] = None,
         subscription: Optional["Subscription"] = None) -> PageResult:
    """POST /v2/pull and apply the page in one transaction with its cursor; then,
    on a page with a checkpoint, compare it with the stored rows (SPEC.md §6.1-§6.3).

    With `cursor` and `subscription` given (the catch-up of added languages of
    §6.4), the page is applied but its cursor is not stored, and its checkpoint is
    compared with the stored rows that subscription matches."""
    detached = cursor is not None
    sub = subscription or client.subscription
    request = client.pb2.PullRequest(cursor=cursor if detached else (client.store.cursor or b""),
                                     wait_seconds=wait_seconds, max_changes=max_changes,
                                     dictionaries=sorted(client.transport.dictionaries),
                                     client_key=client.store.client_key)
    if sub.active:
        request.subscription.CopyFrom(sub.to_pb(client.pb2))
    started = time.monotonic()
    page = client.transport.call("/v2/pull", request, "PullResponse", wait_seconds)
    result = PageResult(more_available=page.more_available, seconds=time.monotonic() - started, cursor=page.cursor)
    _check_page(client, page)
    with client.store.transaction():
        for change in page.articles:
            apply_change(client, change, result)
        for comment in page.comments:
            apply_comment(client, comment, result)
        if not detached:
            client.store.set_meta("cursor", page.cursor)
    if not page.more_available and page.HasField("checkpoint"):
        want = page.checkpoint.articles
        result.checkpoint = Sum(want.count, want.sum, want.comment_count)
        result.local = client.store.archive_sum(sub if detached else None)
    return result


def catch_up_detached(client: "FolioClient", cursor: bytes, subscription: "Subscription") -> List[PageResult]:
    """SPEC.md §6.4, wider by language: pull from the manifest's cursor with a
    subscription of only the added languages, applying each page but storing none
    of their cursors, until `more_available` is false."""
    pages: List[PageResult] = []
    while True:
        page = pull(client, cursor=cursor, subscription=subscription)
        pages.append(page)
        cursor = page.cursor
        if not page.more_available:
            return pages


def _check_page(client: "FolioClient", page) -> None:
    audit = client.transport.audit
    ids = [c.id for c in page.articles]
    if len(ids) != len(set(ids)):
        audit.violation("a page carries two changes of one article (SPEC §6.1)")
    comment_ids = [c.id for c in page.comments]
    if len(comment_ids) != len(set(comment_ids)):
        audit.violation("a page carries one comment twice (SPEC §6.1)")
    if not page.cursor:
        audit.violation("a page without a cursor (SPEC §6.1)")
    if page.more_available == page.HasField("checkpoint"):
        audit.violation("a page with more_available=%s %s a checkpoint (SPEC §6.1: present exactly when false)"
                        % (page.more_available, "carries" if page.more_available else "lacks"))
    if page.HasField("checkpoint") and not valid_bucket_width(page.checkpoint.bucket_width):
        raise FolioError(602, 200, "checkpoint bucket width %d" % page.checkpoint.bucket_width)


def sync(client: "FolioClient", max_changes: int = 0, max_pages: int = 10000) -> SyncResult:
    """Catch up page by page until a page says no more; verify its checkpoint and
    repair on a mismatch or a skipped change, then pull again (SPEC.md §14.1)."""
    result = SyncResult()
    rounds = 0
    while len(result.pages) < max_pages:
        try:
            page = pull(client, max_changes=max_changes)
        except FolioError as error:
            if error.code not in CURSOR_CODES:
                raise
            result.full_comparison = True  # SPEC.md §7.1: keep the data, compare everything
            result.repairs.append(repair(client, full=True))
            continue
        result.pages.append(page)
        if page.skipped or page.verified is False:
            rounds += 1
            if rounds > MAX_REPAIR_ROUNDS:
                raise FolioError(601, 0, "checkpoint still differs after %d repairs" % MAX_REPAIR_ROUNDS)
            width = client.info.bucket_width if client.info else 1024
            result.repairs.append(repair(client, extra_buckets={i // width for i, _ in page.skipped}))
            continue
        if not page.more_available:
            return result
    raise FolioError(0, 0, "no end of catch-up after %d pages" % max_pages)


# ----------------------------------------------------------------- checksums and repair (§7.3, §7.4)

def server_buckets(client: "FolioClient", cursor: bytes):
    """POST /v2/checksums: (response, {bucket: Sum}) at the server's head."""
    request = client.pb2.ChecksumRequest(cursor=cursor)
    if client.subscription.active:
        request.subscription.CopyFrom(client.subscription.to_pb(client.pb2))
    response = client.transport.call("/v2/checksums", request, "ChecksumResponse")
    if not valid_bucket_width(response.bucket_width):
        raise FolioError(602, 200, "bucket width %d" % response.bucket_width)
    return response, {b.bucket: Sum(b.count, b.sum, b.comment_count) for b in response.buckets}


def repair(client: "FolioClient", extra_buckets: Iterable[int] = (), full: bool = False) -> RepairResult:
    """Compare bucket checksums, repair every differing bucket page by page, and
    compare again (SPEC.md §7.3, §7.4). `full` is the comparison of §7.1 with an
    empty cursor, after which the ChecksumResponse's cursor is stored."""
    response, server = server_buckets(client, b"" if full else (client.store.cursor or b""))
    width = response.bucket_width
    result = RepairResult(differing=sorted(set(differing_buckets(client.store.bucket_sums(width), server))
                                           | set(extra_buckets)))
    result.ranges = bucket_ranges(result.differing, width)
    cursor = response.cursor if full else (client.store.cursor or b"")
    repair_ranges(client, result.ranges, cursor, result)
    if full:
        with client.store.transaction():
            client.store.set_meta("cursor", response.cursor)
    _, server_after = server_buckets(client, client.store.cursor or b"")
    result.agree_after = not differing_buckets(client.store.bucket_sums(width), server_after)
    return result


def repair_ranges(client: "FolioClient", ranges: List[Tuple[int, int]], cursor: bytes,
                  result: RepairResult) -> None:
    """POST /v2/repair until every range is settled; each response is applied on
    its own, in one transaction (SPEC.md §7.4)."""
    remaining = list(ranges)
    while remaining:
        asked = remaining[:MAX_RANGES]
        request = client.pb2.RepairRequest(cursor=cursor, client_key=client.store.client_key)
        for first, last in asked:
            request.ranges.add(first=first, last=last)
        if client.subscription.active:
            request.subscription.CopyFrom(client.subscription.to_pb(client.pb2))
        response = client.transport.call("/v2/repair", request, "RepairResponse")
        result.requests += 1
        settled = [(r.first, r.last) for r in response.ranges]
        if not is_prefix_of(settled, asked):
            raise FolioError(502, 200, "repair settled %s, not a prefix of %s (SPEC §7.4)" % (settled, asked))
        _apply_repair(client, response, settled, result)
        left = subtract_ranges(asked, settled)
        if response.more_available != bool(left):
            client.transport.audit.violation("repair more_available=%s while %s remain (SPEC §7.4)"
                                             % (response.more_available, left))
        remaining = left + remaining[MAX_RANGES:]


def _apply_repair(client: "FolioClient", response, settled: List[Tuple[int, int]], result: RepairResult) -> None:
    store = client.store
    returned: Set[int] = {a.id for a in response.articles}
    inside = lambda i: any(first <= i <= last for first, last in settled)  # noqa: E731
    for article in response.articles:
        if not inside(article.id):
            client.transport.audit.violation("repair returned article %d outside the settled ranges" % article.id)
    with store.transaction():
        for first, last in settled:
            for held in store.article_ids_in(first, last):
                if held not in returned:
                    store.delete_article(held)
                    result.deleted += 1
            store.delete_comments_of_range(first, last)
        for article in response.articles:
            store.put_article(article)
            result.articles += 1
        page = PageResult()
        for comment in response.comments:
            apply_comment(client, comment, page)
        result.comments += sum(1 for _, how in page.comments if how == "stored")
