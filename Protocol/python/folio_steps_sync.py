"""Conformance steps of the download lane: info, bootstrap (full, Persian-only,
interrupted and resumed), editor changes and how they arrive, checkpoints,
republication, and subscriptions (topic filter, a paged catch-up, widening and
narrowing). Shared step state and helpers live here too.

Written from Protocol/SPEC.md, Protocol/folio.proto and Protocol/vectors only
(no Swift code was read).
"""
from __future__ import annotations

import datetime
import json
import os
from types import ModuleType
from typing import Dict, List, Optional, Tuple

from folio_client import FolioClient, Subscription
from folio_editor import Editor
from folio_sync import SyncResult


class StepFailure(Exception):
    """A check of a step did not hold; the message says what SPEC.md expects."""


def check(condition: bool, message: str) -> None:
    if not condition:
        raise StepFailure(message)


def iso_now(offset_seconds: int = 0) -> str:
    moment = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=offset_seconds)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def how_applied(result: SyncResult, article_id: int) -> List[str]:
    """How each change of `article_id` in a sync was applied, in order."""
    return [how for page in result.pages for i, how in page.changes + page.skipped if i == article_id]


class SyncSteps:
    """State shared by all steps, and the download-lane steps."""

    def __init__(self, server: str, editor: Editor, pb2: ModuleType, workdir: str) -> None:
        self.server = server
        self.editor = editor
        self.pb2 = pb2
        self.workdir = workdir
        self.clients: List[FolioClient] = []
        self.full: Optional[FolioClient] = None       # everything
        self.persian: Optional[FolioClient] = None    # languages = [fa]
        self.ids: Dict[str, int] = {}                 # the articles the editor changed
        self.expected: Dict[str, object] = {}
        self.sequences: Dict[str, int] = {}           # sequence numbers the editor API reported
        self.after_changes: Optional[SyncResult] = None
        self.run_tag = datetime.datetime.now().strftime("%H%M%S%f")
        self.paged_path = ""

    def client(self, name: str, languages: Tuple[str, ...] = ()) -> FolioClient:
        path = os.path.join(self.workdir, "%s-%s.sqlite" % (name, self.run_tag))
        client = FolioClient(self.server, path, Subscription(list(languages)), pb2=self.pb2)
        self.clients.append(client)
        return client

    @staticmethod
    def verified(result: SyncResult, what: str) -> str:
        page = result.pages[-1]
        check(result.verified, "%s: checkpoint %s, stored rows give %s (E601)" % (what, page.checkpoint, page.local))
        return str(page.local)

    # ------------------------------------------------------------- bootstrap

    def info(self) -> str:
        self.full = self.client("full")
        info = self.full.negotiate()
        return ("protocol versions %s, bucket width %d, max wait %d s, max frame %d B; %d dictionar%s fetched,"
                " Adler-32 = id" % (list(info.protocol_versions), info.bucket_width, info.max_wait_seconds,
                                    info.max_frame_bytes, len(info.dictionaries),
                                    "y" if len(info.dictionaries) == 1 else "ies"))

    def first_bootstrap(self) -> str:
        boot = self.full.bootstrap()
        manifest = boot.manifest
        check(not boot.interrupted and all(p.complete for p in boot.parts), "parts not all applied: %s" % boot.parts)
        check({p.path for p in manifest.parts} == {p.path for p in boot.parts}, "not every part was fetched")
        check(all(p.sha256_checked for p in boot.parts), "a part read whole did not have its sha256 checked")
        check(boot.cursor_stored, "the manifest's cursor was not stored with the last part")
        want = manifest.checkpoint.articles
        check(boot.manifest_checkpoint_match is True, "stored rows give %s, manifest checkpoint is (count %d, sum %d,"
              " comments %d)" % (self.full.store.archive_sum(), want.count, want.sum, want.comment_count))
        return "%d parts (%s, %d bytes, dictionaries %s), %d articles and %d comments applied; rows = manifest " \
               "checkpoint" % (len(boot.parts), ",".join(sorted(p.language for p in manifest.parts)),
                               sum(p.size for p in manifest.parts), sorted({p.dictionary for p in manifest.parts}),
                               want.count, want.comment_count)

    def first_catch_up(self) -> str:
        result = self.full.sync()
        local = self.verified(result, "first catch-up")
        check(not result.repairs, "a fresh bootstrap needed a repair: %s" % result.repairs)
        return "%d page(s) from the manifest's cursor; checkpoint %s verified" % (len(result.pages), local)

    def persian_only(self) -> str:
        self.persian = client = self.client("fa", ("fa",))
        client.negotiate()
        before = len(client.transport.audit.requests)
        boot = client.bootstrap()
        fetched = {p for _, p, _ in client.transport.audit.requests[before:] if p.startswith("/v2/snapshots/parts/")}
        wanted = {"/v2/snapshots/" + p.path for p in boot.manifest.parts if p.language == "fa"}
        check(fetched == wanted, "fetched %s, the Persian parts are %s" % (sorted(fetched), sorted(wanted)))
        languages = {a.language for a in client.store.articles()}
        check(languages == {"fa"}, "the store holds languages %s" % languages)
        count = sum(p.article_count for p in boot.manifest.parts if p.language == "fa")
        check(len(list(client.store.articles())) == count, "parts list %d Persian articles, store holds %d"
              % (count, len(list(client.store.articles()))))
        local = self.verified(client.sync(), "Persian catch-up")
        return "%d Persian part(s) only (skipped %s), %d articles; catch-up checkpoint %s verified" % (
            len(wanted), boot.skipped_languages, count, local)

    def _interrupt(self, name: str, fraction: int):
        client = self.client(name)
        client.negotiate()
        manifest, _ = client.transport.get_frame("/v2/snapshots/latest", "SnapshotManifest")
        part = manifest.parts[0]
        stop = part.size // fraction
        boot = client.bootstrap(stop_after_bytes=stop)
        check(boot.interrupted, "the test hook did not interrupt the part")
        applied, complete, etag, kept = client.store.part_progress_full(part.path)
        check(not complete and applied + len(kept) == stop, "recorded %d applied + %d kept bytes, %d received"
              % (applied, len(kept), stop))
        check(client.store.cursor is None, "a cursor was stored before the snapshot was applied (§6.2, §11 step 6)")
        check(bool(etag), "no ETag recorded for the part (needed for If-Range)")
        return client, part, stop, applied, etag

    def interrupted_part(self) -> str:
        client, part, stop, applied, etag = self._interrupt("resume", 2)
        boot = client.bootstrap()
        first = boot.parts[0]
        check(first.path == part.path and first.range_start == stop,
              "resume sent Range from %d for %s" % (first.range_start, first.path))
        check(first.status == 206, "Range: bytes=%d- with If-Range %s answered %d, not 206" % (stop, etag, first.status))
        check(all(p.complete for p in boot.parts) and boot.cursor_stored, "bootstrap did not finish after resuming")
        check(boot.manifest_checkpoint_match is True, "rows after resuming differ from the manifest checkpoint")
        local = self.verified(client.sync(), "catch-up after resume")
        return ("stopped after %d of %d bytes (%d applied in whole frames, %d kept); resumed with Range: bytes=%d- "
                "If-Range: %s -> 206; rows = manifest checkpoint; catch-up %s verified"
                % (stop, part.size, applied, stop - applied, stop, etag, local))

    def stale_if_range(self) -> str:
        client, part, stop, applied, _ = self._interrupt("stale", 3)
        with client.store.transaction():
            _, _, _, kept = client.store.part_progress_full(part.path)
            client.store.record_part(part.path, part.language, part.size, '"stale-etag"', applied, False, kept)
        boot = client.bootstrap()
        first = boot.parts[0]
        check(first.range_start == stop and first.status == 200,
              "Range from %d with a stale If-Range answered %d, RFC 9110 and SPEC §11 step 5 expect 200"
              % (first.range_start, first.status))
        check(first.complete and first.sha256_checked, "the part read again was not complete and sha256-checked")
        local = self.verified(client.sync(), "catch-up after re-read")
        return "If-Range \"stale-etag\" -> 200, part read from its start, sha256 checked; checkpoint %s verified" % local

    # ------------------------------------------------------------- editor changes

    def editor_changes(self) -> str:
        store = self.full.store
        articles = list(store.articles())
        english = [a for a in articles if a.language == "en"]
        persian = [a for a in articles if a.language == "fa"]
        commented = {row[1] for row in store.comments() if row[5] == 2}
        body_id = english[0].id
        gone_id = next(a.id for a in english[1:] if a.id in commented)
        meta_id = persian[0].id
        new_id = max(a.id for a in articles) + 1
        while self.editor.request("GET", "/v1/editor/articles/%d" % new_id)[0] != 404:
            new_id += 1
        self.ids = {"body": body_id, "gone": gone_id, "meta": meta_id, "new": new_id}

        doc = self.editor.get_article(body_id)
        body = doc["body"]
        middle = body.find(". ", len(body) // 2) + 1
        doc["body"] = body[:middle] + " Correction: an earlier version of this report gave the wrong date." + body[middle:]
        self.expected["body"] = doc["body"]
        self.sequences['body'] = json.loads(self.editor.put_article(doc))["sequence"]

        doc = self.editor.get_article(meta_id)
        doc["title"] = doc["title"] + " (به‌روزشده)"
        doc["topics"] = list(doc["topics"]) + (["economic"] if "economic" not in doc["topics"] else ["security"])
        doc["updatedAt"] = iso_now()
        self.expected["meta"] = (doc["title"], doc["topics"])
        self.sequences['meta'] = json.loads(self.editor.put_article(doc))["sequence"]

        self.expected["gone_comments"] = [row[0] for row in store.comments() if row[1] == gone_id]
        self.expected["gone_doc"] = self.editor.get_article(gone_id)
        self.sequences['gone'] = json.loads(self.editor.delete_article(gone_id))["sequence"]

        new = dict(doc, id=new_id, newsCode=doc["newsCode"] + 9000, title="مقالهٔ تازه برای آزمون سازگاری",
                   publishedAt=iso_now(), updatedAt=iso_now(), related=[])
        self.expected["new"] = new["title"]
        self.sequences['new'] = json.loads(self.editor.put_article(new))["sequence"]
        return "PUT %d (body corrected), PUT %d (title, topics, updatedAt), DELETE %d, PUT %d (new, fa)" % (
            body_id, meta_id, gone_id, new_id)

    def catch_up_after_changes(self) -> str:
        self.after_changes = result = self.full.sync()
        local = self.verified(result, "catch-up after the changes")
        skipped = [s for p in result.pages for s in p.skipped]
        check(not skipped and not result.repairs, "changes skipped %s, repairs %s" % (skipped, result.repairs))
        order = [self.ids[k] for k in sorted(self.sequences, key=self.sequences.get)]
        got = [i for p in result.pages for i, _ in p.changes if i in order]
        check(got == order, "changes came in the order %s; by sequence (editor API) they are %s (SPEC §6.1: "
              "ascending sequence order of their latest change)" % (got, order))
        return "%d page(s), %d changes, %d repairs; checkpoint %s verified" % (
            len(result.pages), sum(len(p.changes) for p in result.pages), len(result.repairs), local)

    def body_delta(self) -> str:
        article_id = self.ids["body"]
        hows = how_applied(self.after_changes, article_id)
        check(hows == ["patch body_delta"], "article %d arrived as %s; SPEC §8.2: an edited body is sent as "
              "body_delta against the revision held (and §8.1: only the changed fields)" % (article_id, hows))
        stored = self.full.store.article(article_id).body
        check(stored == self.expected["body"], "the body after the delta differs from the editor's")
        delta, size = next(p.delta_sizes[article_id] for p in self.after_changes.pages if article_id in p.delta_sizes)
        return "article %d: patch with a %d-byte body_delta for a %d-byte body; stored body = editor's" % (
            article_id, delta, size)

    def metadata_patch(self) -> str:
        article_id = self.ids["meta"]
        hows = how_applied(self.after_changes, article_id)
        check(len(hows) == 1 and hows[0].startswith("patch "), "article %d arrived as %s, not a patch" % (article_id, hows))
        fields = set(hows[0][len("patch "):].split(","))
        check(fields == {"title", "topics", "updated_at"}, "patch carried %s; the editor changed title, topics and "
              "updatedAt (SPEC §8.1: only the fields that differ)" % sorted(fields))
        article = self.full.store.article(article_id)
        title, topics = self.expected["meta"]
        check(article.title == title and list(article.topics) == topics, "stored title/topics differ from the editor's")
        return "article %d: patch of %s only" % (article_id, ", ".join(sorted(fields)))

    def tombstone(self) -> str:
        article_id = self.ids["gone"]
        hows = how_applied(self.after_changes, article_id)
        check(hows == ["tombstone"], "article %d arrived as %s" % (article_id, hows))
        store = self.full.store
        check(store.article(article_id) is None, "the article is still stored")
        left = [row[0] for row in store.comments() if row[1] == article_id]
        check(not left, "its comments %s are still stored (SPEC §8.4)" % left)
        check(article_id not in [i for i, _ in store.search_rows()], "its search entry is still stored")
        title = self.expected["gone_doc"]["title"]
        check(article_id not in self.full.search(title), "a search for its title still finds it")
        return "article %d deleted with its %d comment(s) and its search entry" % (
            article_id, len(self.expected["gone_comments"]))

    def new_article(self) -> str:
        article_id = self.ids["new"]
        hows = how_applied(self.after_changes, article_id)
        check(hows == ["full"], "article %d arrived as %s" % (article_id, hows))
        article = self.full.store.article(article_id)
        check(article is not None and article.title == self.expected["new"], "stored title differs")
        return "article %d stored whole at revision %d" % (article_id, article.revision)

    def republish(self) -> str:
        article_id = self.ids["gone"]
        self.editor.put_article(self.expected["gone_doc"])
        result = self.full.sync()
        local = self.verified(result, "after republication")
        hows = how_applied(result, article_id)
        check(hows == ["full"], "article %d came back as %s" % (article_id, hows))
        held = sorted(row[0] for row in self.full.store.comments() if row[1] == article_id)
        wanted = sorted(self.expected["gone_comments"])
        check(held == wanted, "its comments %s came back, it had %s (SPEC §8.4: re-sequenced after the article)"
              % (held, wanted))
        check(not result.repairs, "a repair was needed: %s (the comments did not come in the pages)" % result.repairs)
        return "article %d came back whole, its comments %s in the same catch-up; checkpoint %s verified" % (
            article_id, held, local)

    def topic_filter(self) -> str:
        client = self.client("topic")
        client.subscription = Subscription(topics=["security"])
        local = self.verified(client.sync(), "security-only catch-up")
        ids = [a.id for a in client.store.articles()]
        check(ids and all("security" in a.topics for a in client.store.articles()), "holds %s" % ids)
        target = next(a for a in self.full.store.articles() if "security" in a.topics and a.id not in self.ids.values())
        doc = self.editor.get_article(target.id)
        doc["topics"] = [t for t in doc["topics"] if t != "security"] or ["social"]
        self.editor.put_article(doc)
        left = client.sync()
        self.verified(left, "after the article left the topic")
        check(client.store.article(target.id) is None, "article %d no longer matches but is still held" % target.id)
        doc["topics"] = doc["topics"] + ["security"]
        self.editor.put_article(doc)
        back = client.sync()
        self.verified(back, "after the article came back to the topic")
        check(client.store.article(target.id) is not None, "article %d matches again but is not held" % target.id)
        return "%d security articles (%s); article %d left the topic (%s, %d repair(s)) and came back (%s, %d " \
               "repair(s)); every checkpoint verified" % (
                   len(ids), local, target.id, how_applied(left, target.id) or "no change", len(left.repairs),
                   how_applied(back, target.id) or "no change", len(back.repairs))

    def persian_catch_up(self) -> str:
        result = self.persian.sync()
        local = self.verified(result, "Persian catch-up")
        got = {i for page in result.pages for i, _ in page.changes}
        want = {self.ids["meta"], self.ids["new"]}
        check(got == want, "the Persian store received changes of %s, expected exactly %s" % (sorted(got), sorted(want)))
        return "received only %s; checkpoint %s verified" % (sorted(got), local)

    def paged_catch_up(self) -> str:
        client = self.client("paged")
        self.paged_path = client.store.path
        client.negotiate()
        boot = client.bootstrap()
        check(boot.cursor_stored, "bootstrap did not store the manifest's cursor")
        result = client.sync(max_changes=1)
        local = self.verified(result, "catch-up one change per page")
        pages = result.pages
        check(all(p.checkpoint is None for p in pages[:-1]), "a page with more_available carried a checkpoint")
        check(all(len(p.changes) + len(p.skipped) <= 1 for p in pages), "a page held more than max_changes=1 "
              "article changes: %s" % [p.changes for p in pages if len(p.changes) > 1])
        check(not result.repairs, "the paged catch-up needed a repair: %s" % result.repairs)
        return "%d page(s) with max_changes=1 (%d with more_available, no checkpoint); last checkpoint %s verified" \
               % (len(pages), sum(p.more_available for p in pages), local)

    def widen(self) -> str:
        """SPEC.md 2.1 §6.4 (wider by language) and §11 step 2."""
        client = self.client("widen", ("fa",))
        client.negotiate()
        self.verified(client.sync(), "Persian store before widening")
        cursor = client.store.cursor
        client.set_subscription(Subscription())
        before = len(client.transport.audit.requests)
        boot = client.bootstrap()
        fetched = {p for _, p, _ in client.transport.audit.requests[before:] if p.startswith("/v2/snapshots/parts/")}
        added = sorted({p.language for p in boot.manifest.parts if p.language != "fa"})
        wanted = {"/v2/snapshots/" + p.path for p in boot.manifest.parts if p.language != "fa"}
        check(fetched == wanted, "fetched %s, the parts of the added languages are %s" % (sorted(fetched),
                                                                                          sorted(wanted)))
        check(client.store.cursor == cursor, "widening replaced the client's cursor (SPEC §6.4: it keeps its own)")
        check(boot.detached_pages, "no catch-up of the added languages from the manifest's cursor (SPEC §6.4)")
        result = client.sync()
        local = self.verified(result, "after widening")
        check(not result.repairs, "the checkpoint after widening needed %d repair(s) of bucket(s) %s; SPEC 2.1 §6.4: "
              "after the catch-up of the added languages it matches without a repair" % (
                  len(result.repairs), [b for r in result.repairs for b in r.differing]))
        last = boot.detached_pages[-1]
        return "fetched only the %s part(s) and kept its cursor; %d page(s) for %s from the manifest's cursor, " \
               "cursors not stored (checkpoint %s the rows of %s); then from its own cursor: checkpoint %s verified, " \
               "no repair" % (added, len(boot.detached_pages), added, "equals" if last.verified else "differs from",
                              added, local)

    def narrow(self) -> str:
        """SPEC.md §6.4 (narrower): drop at once what no longer matches; nothing is downloaded."""
        client = next(c for c in self.clients if c.store.path == self.paged_path)
        before = len(client.transport.audit.requests)
        dropped = client.set_subscription(Subscription(["fa"]))
        check(dropped > 0 and {a.language for a in client.store.articles()} == {"fa"},
              "the store still holds %s" % {a.language for a in client.store.articles()})
        result = client.sync()
        local = self.verified(result, "after narrowing")
        parts = [p for _, p, _ in client.transport.audit.requests[before:] if p.startswith("/v2/snapshots/")]
        check(not parts and not result.repairs, "narrowing fetched %s and repaired %s" % (parts, result.repairs))
        return "dropped %d articles at once; next checkpoint %s verified, nothing downloaded" % (dropped, local)
