"""Conformance steps of checksums and repair: damaged rows found by checksum,
changes that cannot be applied (§6.2), paged repair of a bucket larger than one
answer (§7.4), and the full comparison after an unusable cursor (§7.1).

Written from Protocol/SPEC.md, Protocol/folio.proto and Protocol/vectors only
(no Swift code was read).
"""
from __future__ import annotations

import random

from folio_steps_sync import SyncSteps, check, how_applied, iso_now


class RepairSteps(SyncSteps):
    """Damage, unappliable changes and repair."""

    # ------------------------------------------------------------- corruption and repair

    def _repaired(self, what: str, restored) -> str:
        result = self.full.sync()
        first = result.pages[0]
        check(first.verified is False, "%s was not detected: checkpoint %s = rows %s" % (what, first.checkpoint,
                                                                                       first.local))
        check(result.repairs, "no repair ran")
        check(restored(), "%s was not restored by the repair" % what)
        local = self.verified(result, "after repair")
        repair = result.repairs[0]
        check(repair.agree_after is True, "bucket checksums still differ after the repair")
        return "rows %s != checkpoint %s (E601); bucket(s) %s differ; %d repair request(s) settled %s with %d " \
               "articles and %d comments; checkpoint %s verified" % (
                   first.local, first.checkpoint, repair.differing, repair.requests, repair.ranges, repair.articles,
                   repair.comments, local)

    def corrupt_title(self) -> str:
        store = self.full.store
        article_id = self.ids["body"]
        title = store.article(article_id).title
        store.db.execute("UPDATE articles SET title = ? WHERE id = ?", (title + " (damaged)", article_id))
        return "title of %d: " % article_id + self._repaired(
            "the damaged title", lambda: store.article(article_id).title == title)

    def corrupt_comment(self) -> str:
        store = self.full.store
        row = next(r for r in store.comments() if r[5] == 2)
        store.db.execute("DELETE FROM comments WHERE id = ?", (row[0],))
        return "comment %d: " % row[0] + self._repaired("the deleted comment", lambda: store.comment(row[0]) == row)

    def bad_cursor(self) -> str:
        store = self.full.store
        bogus = bytes([1]) + b"\x00" * 16 + b"\xde\xad\xbe\xef"
        with store.transaction():
            store.set_meta("cursor", bogus)
        result = self.full.sync()
        check(result.full_comparison, "the server accepted a cursor it never issued (SPEC §6.1: E401)")
        check(store.cursor != bogus, "the cursor was not replaced by the ChecksumResponse's")
        local = self.verified(result, "after the full comparison")
        repair = result.repairs[0]
        return "E401; POST /v2/checksums with an empty cursor, %d differing bucket(s), cursor of the response " \
               "stored; checkpoint %s verified" % (len(repair.differing), local)

    def skipped_patch(self) -> str:
        """SPEC.md §6.2: a patch whose base_revision the client does not hold is skipped, the rest of the
        page applied, and the bucket of that id repaired before the next pull."""
        store = self.full.store
        article_id = self.ids["meta"]
        held = store.revision_of(article_id)
        store.db.execute("UPDATE articles SET revision = ? WHERE id = ?", (held - 1, article_id))
        doc = self.editor.get_article(article_id)
        doc["lead"] = doc["lead"] + " (ویرایش دوم)"
        self.editor.put_article(doc)
        result = self.full.sync()
        hows = how_applied(result, article_id)
        check(any(h.startswith("patch on revision") for h in hows), "article %d was applied as %s" % (article_id, hows))
        check(result.repairs and result.repairs[0].differing, "no repair followed the skipped change")
        local = self.verified(result, "after repairing the skipped change")
        check(store.article(article_id).lead == doc["lead"], "the repaired lead differs from the editor's")
        return "patch on revision %d skipped (held %d); bucket(s) %s repaired; checkpoint %s verified" % (
            held, held - 1, result.repairs[0].differing, local)

    def damaged_base(self) -> str:
        """SPEC.md §8.2: a delta against a body the client does not hold is E302, the change is not applicable."""
        store = self.full.store
        article_id = self.ids["body"]
        store.db.execute("UPDATE articles SET body = body || ' ' WHERE id = ?", (article_id,))
        doc = self.editor.get_article(article_id)
        doc["body"] = doc["body"].replace("Correction:", "Correction (2):", 1)
        self.editor.put_article(doc)
        result = self.full.sync()
        hows = how_applied(result, article_id)
        check(any("E302" in h for h in hows), "article %d was applied as %s, not refused with E302" % (article_id, hows))
        local = self.verified(result, "after repairing the E302 change")
        check(store.article(article_id).body == doc["body"], "the repaired body differs from the editor's")
        return "delta refused with E302 (base CRC-32 differs), change skipped; bucket(s) %s repaired; checkpoint " \
               "%s verified" % (result.repairs[0].differing if result.repairs else [], local)

    def paged_repair(self) -> str:
        """SPEC.md §7.4: a bucket larger than one answer (reference server: about 512 KiB) takes several
        answers, each settling a prefix; §6.1: pages are bounded in bytes too."""
        width = self.full.info.bucket_width
        base = (max(a.id for a in self.full.store.articles()) // width + 2) * width
        doc = self.editor.get_article(self.ids["body"])
        words = " ".join(a.body for a in self.full.store.articles() if a.language == "en").split()
        for k in range(12):
            rnd = random.Random(k)
            body = " ".join(rnd.choice(words) for _ in range(11000))[:64000]
            self.editor.put_article(dict(doc, id=base + k, newsCode=900000 + base + k, title="Large report %d" % k,
                                         body=body, publishedAt=iso_now(), updatedAt=iso_now(), related=[]))
        pulled = self.full.sync()
        self.verified(pulled, "after publishing 12 large articles")
        store = self.full.store
        store.db.execute("UPDATE articles SET title = title || '!' WHERE id = ?", (base + 5,))
        result = self.full.sync()
        local = self.verified(result, "after the paged repair")
        repair = result.repairs[0]
        check(repair.requests >= 2, "one repair answer settled a %d-byte bucket; SPEC §7.4: the reference server "
              "settles about 512 KiB per answer" % (12 * 64000))
        return "12 articles of 64 KB in bucket %d came in %d page(s); a damaged title there was repaired in %d " \
               "answers (more_available, prefixes) with %d articles; checkpoint %s verified" % (
                   base // width, len(pulled.pages), repair.requests, repair.articles, local)
