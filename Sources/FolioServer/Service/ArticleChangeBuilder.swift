import FolioWire
import Foundation

/// Turns a changed article row into the change a client at a cursor needs
/// (SPEC.md §8): a full article, a patch with a body delta against the
/// revision the client holds, or a tombstone; or nothing.
struct ArticleChangeBuilder: Sendable {
    /// What building one change did, for metrics.
    struct Built: Sendable {
        var change: WireArticleChange
        /// Body bytes not sent thanks to a delta.
        var bytesSavedByDelta: Int
    }

    let storage: any ServerStorage
    /// The request's cursor: its sequence, the head of the client's last
    /// complete catch-up (`settled`) and the head when this catch-up's first
    /// page was read (`firstHead`, SPEC.md §7.1).
    let cursor: SyncCursor
    let subscription: Subscription

    /// Builds the change for `article`, or nil if this client need not hear of it.
    ///
    /// Which revision the client holds (SPEC.md §8.1): pages send each
    /// article's newest state only. An article whose revision at the cursor
    /// is also its revision at `settled` is held at that revision. One that
    /// changed in between was sent in an earlier page of this catch-up only
    /// if that revision was still the newest when the page was read: when
    /// the revision that replaced it is older than `firstHead`, it never was,
    /// and the client holds the revision at `settled`. Otherwise the client
    /// may hold either, and gets the article whole.
    func build(_ article: StoredArticle) async throws -> Built? {
        let sequence = cursor.sequence
        // A new client (cursor 0) holds nothing: it never sees tombstones (compaction).
        let atCursor = sequence == 0 ? nil : try await storage.revision(articleID: article.id, atOrBefore: sequence)
        var held = atCursor
        var sure = true
        if let revision = atCursor, revision.sequence > cursor.settled {
            let replaced = try await storage.revisionSequence(articleID: article.id, after: sequence)
            sure = replaced.map { $0 <= cursor.firstHead } ?? false
            held = cursor.settled == 0
                ? nil : try await storage.revision(articleID: article.id, atOrBefore: cursor.settled)
        }
        // The client may hold the article if it held it when settled or it
        // may have been sent since. If those revisions were pruned, the
        // checkpoint reveals the stale article and repair removes it (SPEC.md §7.4).
        let clientHoldsIt = [held, atCursor].contains { $0.map { subscription.matches($0.content) } ?? false }
        if article.isRemoved || !subscription.matches(article.content) {
            guard sequence > 0, clientHoldsIt else { return nil }
            var tombstone = WireTombstone()
            tombstone.unpublishedAt = article.removedAt ?? article.content.updatedAt
            var change = WireArticleChange()
            change.id = article.id
            change.revision = article.revision
            change.tombstone = tombstone
            return Built(change: change, bytesSavedByDelta: 0)
        }
        // A patch only against the revision the client surely holds.
        let base = sure ? held : nil
        var change = WireArticleChange()
        change.id = article.id
        change.revision = article.revision
        guard let base, base.revision < article.revision, subscription.matches(base.content) else {
            change.full = article.content.wire(revision: article.revision)
            return Built(change: change, bytesSavedByDelta: 0)
        }
        change.baseRevision = base.revision
        let (patch, saved) = Self.patch(from: base.content, to: article.content)
        change.patch = patch
        return Built(change: change, bytesSavedByDelta: saved)
    }

    /// The fields of `new` that differ from `old` (SPEC.md §8.1); the body as
    /// a delta when that is smaller than the body (SPEC.md §8.2, §8.3).
    static func patch(from old: ArticleContent, to new: ArticleContent) -> (WireArticlePatch, Int) {
        var patch = WireArticlePatch()
        if old.newsCode != new.newsCode { patch.newsCode = new.newsCode }
        if old.language != new.language { patch.language = new.language }
        if old.title != new.title { patch.title = new.title }
        if old.lead != new.lead { patch.lead = new.lead }
        if old.author != new.author { patch.author = new.author }
        if old.source != new.source { patch.source = new.source }
        if old.publishedAt != new.publishedAt { patch.publishedAt = new.publishedAt }
        if old.updatedAt != new.updatedAt { patch.updatedAt = new.updatedAt }
        if old.regions != new.regions {
            var list = WireStringList()
            list.values = new.regions
            patch.regions = list
        }
        if old.topics != new.topics {
            var list = WireStringList()
            list.values = new.topics
            patch.topics = list
        }
        if old.kind != new.kind { patch.kind = new.kind.wire }
        if old.readingMinutes != new.readingMinutes { patch.readingMinutes = new.readingMinutes }
        if old.related != new.related {
            var list = WireInt64List()
            list.values = new.related
            patch.related = list
        }
        var saved = 0
        if old.body != new.body {
            let delta = BodyDelta.make(base: old.body, target: new.body)
            let bodySize = new.body.utf8.count
            if delta.count < bodySize {
                patch.bodyDelta = Data(delta)
                saved = bodySize - delta.count
            } else {
                patch.body = new.body
            }
        }
        return (patch, saved)
    }
}
