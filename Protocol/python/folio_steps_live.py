"""Conformance steps of the upload lane and of live use: push with idempotency
keys and replays, moderation, long-poll, search folding, privacy, wire rules.

Written from Protocol/SPEC.md, Protocol/folio.proto and Protocol/vectors only
(no Swift code was read).
"""
from __future__ import annotations

import json
import os
import re
import threading
import time
from typing import Callable, List, Optional, Tuple

from folio_push import ItemResult
from folio_search import EmptyQuery, fold
from folio_steps_errors import ErrorSteps
from folio_steps_sync import check, iso_now
from folio_wire import VECTORS

PENDING, APPROVED, REJECTED = 1, 2, 3
UNKNOWN_ARTICLE, KEY_REUSED = 3, 5


class LiveSteps(ErrorSteps):
    """Steps after the download lane; `plan` lists every step in order."""

    key: bytes = b""                      # the idempotency key of the comment followed through moderation
    text: str = ""
    first: Optional[ItemResult] = None    # the first answer to it
    missing: bytes = b""                  # the key of the comment on a missing article
    refused: Optional[ItemResult] = None  # the first answer to that one

    def plan(self) -> List[Tuple[str, Callable[[], str]]]:
        return [
            ("info and dictionaries (§5.3, §9.2)", self.info),
            ("first sync: bootstrap from the snapshot manifest (§11)", self.first_bootstrap),
            ("first sync: catch-up, checkpoint verified from stored rows (§6, §7.2)", self.first_catch_up),
            ("Persian-only store from Persian parts only (§6.4, §11 step 2)", self.persian_only),
            ("interrupted part resumed with Range/If-Range (§11 step 5)", self.interrupted_part),
            ("stale If-Range: part read again from its start (§11 step 5)", self.stale_if_range),
            ("editor: body correction, metadata change, unpublication, new article", self.editor_changes),
            ("catch-up after the changes, checkpoint verified (§6.2, §7.2)", self.catch_up_after_changes),
            ("body correction arrives as a body delta and applies (§8.2)", self.body_delta),
            ("metadata change arrives as a patch of the changed fields (§8.1)", self.metadata_patch),
            ("unpublication arrives as a tombstone (§8.4)", self.tombstone),
            ("new article arrives whole (§6.2)", self.new_article),
            ("Persian-only store catches up, its own checkpoint (§6.4)", self.persian_catch_up),
            ("republished article comes back with its comments (§8.4)", self.republish),
            ("topic-filtered store; an article leaves and re-enters the topic (§6.4)", self.topic_filter),
            ("catch-up of a new store, one change per page (§6.1, max_changes)", self.paged_catch_up),
            ("Persian store widens to every language (§6.4, §11 step 2)", self.widen),
            ("store narrows to Persian: drops the rest at once (§6.4)", self.narrow),
            ("damaged stored title found by checksum, paged repair (§7.3, §7.4)", self.corrupt_title),
            ("deleted stored comment found by checksum, paged repair (§7.4)", self.corrupt_comment),
            ("patch on a revision the client does not hold: skipped, repaired (§6.2)", self.skipped_patch),
            ("body delta against a damaged local body: E302, repaired (§8.2, §6.2)", self.damaged_base),
            ("paged repair of a bucket larger than one answer (§7.4)", self.paged_repair),
            ("cursor the server never issued: full comparison (§7.1)", self.bad_cursor),
            ("push comments from the outbox (§10.1, §10.2)", self.push),
            ("replay of the same key: first answer, nothing stored (§10.3)", self.replay),
            ("same key, another body: KEY_REUSED, comment unchanged (§10.3)", self.key_reused),
            ("push rejects bad items one by one (§10.2)", self.push_rejections),
            ("an outbox of 31 comments pushed in one request (§10.1, §14.2: up to 100)", self.push_many),
            ("own pending comment comes back to its author only (§10.4)", self.own_pending),
            ("editor approves; both clients see it approved (§10.5)", self.approval),
            ("replay after approval: still the first answer (§10.3)", self.replay_after_approval),
            ("editor withdraws it: others delete it, the author sees REJECTED (§10.5)", self.withdrawal),
            ("long-poll returns when the editor publishes (§6.3)", self.long_poll),
            ("Persian long-poll is not woken by an English article (§6.3, §6.4)", self.long_poll_invisible),
            ("search folding of a Persian and an English query on stored rows (§13)", self.search),
            ("preset dictionaries only when the request names them (§9.2)", self.dictionary_rule),
            ("no other reader's email or idempotency key in any response (§4.4, §10.4)", self.privacy),
            ("server answers bad requests with the codes of §12.1 (§5.1-§5.3, §11)", self.error_codes),
            ("server accepts deflated request frames (§9.1, §9.2)", self.compressed_requests),
            ("snapshot part path never listed: E503 notFound (§12.1)", self.unknown_part),
            ("Folio-Protocol header that disagrees with path and frame (§5.3)", self.header_mismatch),
            ("every response follows SPEC §5.1/§5.2 headers and frames", self.wire_rules),
        ]

    # ------------------------------------------------------------- push (§10)

    def _matching(self, status: str) -> List[dict]:
        return [c for c in self.editor.comments(status) if c["text"] == self.text]

    def push(self) -> str:
        outbox = self.full.outbox
        self.text = "نظر آزمایشی کلاینت پایتون، از روی مشخصات نوشته شد (%s)." % self.run_tag
        self.key = outbox.add(self.ids["meta"], "Python Conformance", "conformance-reader@example.org", self.text)
        missing = outbox.add(999999999, "Python Conformance", "conformance-reader@example.org", "No such article.")
        results = outbox.push()
        check(len(results) == 2, "%d results for 2 submissions" % len(results))
        first, second = results
        check(first.outcome == "accepted" and first.comment_id > 0 and first.status in (PENDING, APPROVED),
              "comment on article %d: %s" % (self.ids["meta"], first))
        check(second.outcome == "rejected" and second.reason == UNKNOWN_ARTICLE,
              "comment on a missing article: %s (SPEC §10.2: UNKNOWN_ARTICLE)" % second)
        check(outbox.entry(self.key).state == "accepted" and outbox.entry(missing).state == "dropped",
              "outbox states %s / %s" % (outbox.entry(self.key).state, outbox.entry(missing).state))
        self.first, self.missing, self.refused = first, missing, second
        return "accepted as comment %d (status %d); missing article rejected UNKNOWN_ARTICLE (%r) and dropped" % (
            first.comment_id, first.status, second.message)

    def replay(self) -> str:
        self.full.outbox.requeue(self.key)
        again = self.full.outbox.push()[0]
        check((again.outcome, again.comment_id, again.status) == ("accepted", self.first.comment_id, self.first.status),
              "replay answered %s, the first answer was %s" % (again, self.first))
        stored = self._matching("pending") + self._matching("approved")
        check(len(stored) == 1, "the server holds %d comments with this text" % len(stored))
        self.full.outbox.requeue(self.missing)
        refused = self.full.outbox.push()[0]
        check((refused.outcome, refused.reason, refused.message) == ("rejected", self.refused.reason,
                                                                     self.refused.message),
              "the replayed rejected key answered %s, first %s" % (refused, self.refused))
        return "same comment %d, status %d; the server holds exactly one; the rejected key is rejected again " \
               "alike" % (again.comment_id, again.status)

    def key_reused(self) -> str:
        entry = self.full.outbox.entry(self.key)
        entry.text = self.text + " (edited)"
        result = self.full.outbox.submit([entry])[0]
        check(result.outcome == "rejected" and result.reason == KEY_REUSED, "answered %s" % result)
        stored = self._matching("pending") + self._matching("approved")
        check(len(stored) == 1 and stored[0]["id"] == self.first.comment_id, "the stored comment changed: %s" % stored)
        return "rejected KEY_REUSED (%r); stored comment %d unchanged" % (result.message, self.first.comment_id)

    def own_pending(self) -> str:
        local = self.verified(self.full.sync(), "author's catch-up")
        row = self.full.store.comment(self.first.comment_id)
        check(row is not None, "the author's pending comment did not come back in a page (SPEC §10.4)")
        check(row[5] == PENDING and row[6] == "conformance-reader@example.org" and bytes(row[7]) == self.key,
              "own comment stored as status %d, email %r, key %s" % (row[5], row[6], bytes(row[7]).hex()))
        self.verified(self.persian.sync(), "other reader's catch-up")
        check(self.persian.store.comment(self.first.comment_id) is None,
              "another client received the pending comment (SPEC §10.4: only once approved)")
        store = self.full.store
        store.db.execute("UPDATE articles SET lead = lead || ' ' WHERE id = ?", (self.ids["meta"],))
        repaired = self.full.sync()
        self.verified(repaired, "after repairing the commented article")
        check(repaired.repairs, "the damaged lead was not repaired")
        again = store.comment(self.first.comment_id)
        check(again == row, "after a repair of its bucket the own pending comment is %s (SPEC §7.4: a repair "
              "carries the client's own comments in every status)" % (again,))
        return "author holds comment %d PENDING with its email and key, outside the checksum (%s verified), and " \
               "still after a repair of its bucket; the Persian reader does not" % (self.first.comment_id, local)

    def approval(self) -> str:
        pending = self._matching("pending")
        check(len(pending) == 1 and pending[0]["id"] == self.first.comment_id,
              "GET /v1/editor/comments?status=pending lists %s" % pending)
        self.editor.approve(self.first.comment_id)
        author = self.full.sync()
        local = self.verified(author, "author after approval")
        row = self.full.store.comment(self.first.comment_id)
        check(row is not None and row[5] == APPROVED, "the author holds %s" % (row,))
        entry = self.full.outbox.entry(self.key)
        check(entry.status == APPROVED and entry.comment_id == self.first.comment_id,
              "outbox entry status %s, comment %s" % (entry.status, entry.comment_id))
        other = self.persian.sync()
        self.verified(other, "other reader after approval")
        row = self.persian.store.comment(self.first.comment_id)
        check(row is not None and row[5] == APPROVED, "the Persian reader holds %s" % (row,))
        check(row[6] == "" and bytes(row[7]) == b"", "the Persian reader got email %r, key %s" % (row[6], bytes(row[7])))
        return "author's outbox entry APPROVED (by key); Persian reader holds it APPROVED without email or key; " \
               "both checkpoints verified (%s)" % local

    def replay_after_approval(self) -> str:
        self.full.outbox.requeue(self.key)
        again = self.full.outbox.push()[0]
        check((again.comment_id, again.status) == (self.first.comment_id, self.first.status),
              "replayed key answered comment %d status %d; SPEC §10.3: the first reply again, unchanged "
              "(comment %d, status %d)" % (again.comment_id, again.status, self.first.comment_id, self.first.status))
        return "comment %d, status %d, as first answered" % (again.comment_id, again.status)

    def withdrawal(self) -> str:
        self.editor.reject(self.first.comment_id)
        other = self.persian.sync()
        self.verified(other, "other reader after the withdrawal")
        removed = [(i, how) for p in other.pages for i, how in p.comments if i == self.first.comment_id]
        check(removed == [(self.first.comment_id, "removed")], "the Persian reader got %s (SPEC §10.5: removed = "
              "true)" % removed)
        check(self.persian.store.comment(self.first.comment_id) is None, "the Persian reader still holds it")
        author = self.full.sync()
        local = self.verified(author, "author after the withdrawal")
        row = self.full.store.comment(self.first.comment_id)
        entry = self.full.outbox.entry(self.key)
        check(row is not None and row[5] == REJECTED and entry.status == REJECTED,
              "the author holds %s, outbox status %s (SPEC §10.5: the author receives the new status)"
              % (row, entry.status))
        self.full.outbox.requeue(self.key)
        again = self.full.outbox.push()[0]
        check((again.comment_id, again.status) == (self.first.comment_id, self.first.status),
              "replay after the withdrawal answered comment %d status %d; SPEC §10.3: the first reply (status %d)"
              % (again.comment_id, again.status, self.first.status))
        return "Persian reader deleted comment %d (removed = true); author holds it REJECTED, outside the " \
               "checksum (%s verified); a replay still gets the first answer" % (self.first.comment_id, local)

    # ------------------------------------------------------------- long-poll (§6.3)

    def _publish_later(self, delay: float, language: str) -> Tuple[threading.Thread, dict]:
        doc = self.editor.get_article(self.ids["body"] if language == "en" else self.ids["meta"])
        new_id = max(a.id for a in self.full.store.articles()) + 1
        while self.editor.request("GET", "/v1/editor/articles/%d" % new_id)[0] != 404:
            new_id += 1
        doc.update(id=new_id, newsCode=doc["newsCode"] + 7000 + new_id, title="Long-poll wake-up %d" % new_id,
                   publishedAt=iso_now(), updatedAt=iso_now(), related=[])
        state = {"id": new_id}

        def publish() -> None:
            time.sleep(delay)
            state["at"] = time.monotonic()
            self.editor.put_article(doc)
        thread = threading.Thread(target=publish, daemon=True)
        thread.start()
        return thread, state

    def long_poll(self) -> str:
        self.full.sync()
        wait = min(20, self.full.info.max_wait_seconds or 20)
        thread, state = self._publish_later(1.0, "en")
        started = time.monotonic()
        page = self.full.pull(wait_seconds=wait)
        returned = time.monotonic()
        thread.join()
        check(returned - started >= 0.9, "the long-poll returned after %.2fs, before the change (%s)"
              % (returned - started, page.changes))
        check(any(i == state["id"] and how == "full" for i, how in page.changes),
              "the page holds %s, not article %d" % (page.changes, state["id"]))
        check(returned - started < wait - 1, "held %.2fs, the whole wait" % (returned - started))
        if page.more_available:
            self.full.sync()
        else:
            check(page.verified is True, "checkpoint %s, rows %s" % (page.checkpoint, page.local))
        return "wait_seconds=%d held %.2fs, answered %.2fs after the editor's PUT with article %d (full)" % (
            wait, returned - started, returned - state["at"], state["id"])

    def long_poll_invisible(self) -> str:
        self.persian.sync()
        wait = 3
        thread, state = self._publish_later(0.5, "en")
        before = self.persian.store.cursor
        started = time.monotonic()
        page = self.persian.pull(wait_seconds=wait)
        held = time.monotonic() - started
        thread.join()
        check(not page.changes, "the Persian store received %s" % page.changes)
        check(held >= wait - 0.5, "answered after %.2fs with an empty page; SPEC §6.3: held until a change "
              "visible to the client or %d s" % (held, wait))
        check(self.persian.store.cursor != before, "the empty page's cursor is the request's; SPEC §6.1: the last "
              "change examined, on a page without more_available the server's head (past article %d)" % state["id"])
        check(page.verified is True, "checkpoint %s, rows %s" % (page.checkpoint, page.local))
        self.full.sync()
        return "held %.2fs of %d s and answered an empty page; English article %d not sent" % (held, wait, state["id"])

    # ------------------------------------------------------------- search (§13)

    def search(self) -> str:
        client = self.full
        cases = json.load(open(os.path.join(VECTORS, "search-normalisation.json"), encoding="utf-8"))
        wrong = [c["input"] for c in cases if fold(c["input"]).encode() != c["output"].encode()]
        check(not wrong, "folding differs from the vectors for %s" % wrong)
        texts = {a.id: "%s\n%s\n%s" % (a.title, a.lead, a.body) for a in client.store.articles()}
        fa_query, fa_plain = "كابل ميشود", "کابل می‌شود"  # Arabic kaf and yeh, no ZWNJ
        fa_want = sorted(i for i, t in texts.items() if re.search(r"(?<!\w)کابل", t)
                         and re.search(r"(?<!\w)می\u200c?شود", t))
        fa_got = client.search(fa_query)
        check(fa_got and fa_got == fa_want, "%r found %s, rows holding کابل and می‌شود are %s" % (fa_query, fa_got,
                                                                                                 fa_want))
        check(client.search(fa_plain) == fa_got, "%r and %r differ" % (fa_query, fa_plain))
        en_query = "TASHKÉNT Corridor"
        en_want = sorted(i for i, t in texts.items() if re.search(r"\btashkent", t, re.I)
                         and re.search(r"\bcorridor", t, re.I))
        en_got = client.search(en_query)
        check(en_got and en_got == en_want, "%r found %s, expected %s" % (en_query, en_got, en_want))
        for empty in ("", " — ؟ "):
            try:
                client.search(empty)
                check(False, "query %r gave a result, SPEC §13.3 says it is an error" % empty)
            except EmptyQuery:
                pass
        return "%d folding vectors reproduced; %r -> %s; %r -> %s; empty queries are errors" % (
            len(cases), fa_query, fa_got, en_query, en_got)

    # ------------------------------------------------------------- wire rules

    def dictionary_rule(self) -> str:
        client = self.full
        offered = [d.id for d in client.info.dictionaries]
        if not offered:
            return "the server offers no dictionaries (start it with --dictionary to test them); skipped"
        audit = client.transport.audit
        results = []
        for named in (sorted(client.transport.dictionaries), []):
            before = audit.dictionary_frames
            request = self.pb2.PullRequest(dictionaries=named, max_changes=50, client_key=client.store.client_key)
            client.transport.call("/v2/pull", request, "PullResponse")
            results.append(audit.dictionary_frames - before)
        check(results[1] == 0, "a pull naming no dictionary was answered with one (SPEC §9.2: MUST NOT)")
        return "a page from the start: with dictionaries %s named -> %s; none named -> plain deflate" % (
            offered, "dictionary-compressed" if results[0] else "no dictionary used")

    def privacy(self) -> str:
        seen = [v for c in self.clients for v in c.foreign_private]
        check(not seen, "; ".join(seen))
        frames = sum(c.transport.audit.frames for c in self.clients)
        for client in self.clients:
            for row in client.store.comments():
                own = client is self.full and bytes(row[7]) == self.key
                check(own or (row[6] == "" and bytes(row[7]) == b""),
                      "client store holds comment %d with email %r" % (row[0], row[6]))
        return "%d frames from %d clients checked; only the author's own comment carried its email and key" % (
            frames, len(self.clients))

    def wire_rules(self) -> str:
        violations = []
        for client in self.clients:
            violations += [v for v in client.transport.audit.violations
                           if v not in violations and "private fields" not in v]
        check(not violations, " | ".join(violations))
        audit = [c.transport.audit for c in self.clients]
        shoulds = sorted({x for a in audit for x in a.shoulds})
        return "%d requests, %d frames (%d deflated, %d with a preset dictionary), all CRC-32 checked%s" % (
            sum(len(a.requests) for a in audit), sum(a.frames for a in audit),
            sum(a.compressed_frames for a in audit), sum(a.dictionary_frames for a in audit),
            "; SHOULD not followed: " + " | ".join(shoulds) if shoulds else "")
