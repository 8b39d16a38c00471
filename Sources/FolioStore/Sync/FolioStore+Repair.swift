import Foundation
import FolioWire
import GRDB

extension FolioStore {
    /// Makes the settled ranges of a repair response exactly what the server
    /// said, in one transaction (SPEC.md §7.4).
    ///
    /// Articles held in `ranges` that the server did not return are deleted
    /// with their comments; returned ones are written whatever their revision
    /// (the server is the authority after a restore), unless the held row has
    /// the same checksum item; every comment held on articles in `ranges` is
    /// replaced by the returned comments (one not returned was withdrawn or is
    /// not approved). The reader's own comments among them update the outbox
    /// as a pull does; the outbox is otherwise never touched. The checksum
    /// and the change log follow; the cursor moves only when one is given.
    ///
    /// ```swift
    /// try store.replaceRanges([1024...2047], with: articles, comments: comments, cursor: nil)
    /// ```
    ///
    /// - parameters:
    ///   - ranges: the inclusive id ranges the response settles.
    ///   - articles: every live article in those ranges.
    ///   - comments: the approved comments of those articles, and the
    ///     reader's own in every status.
    ///   - cursor: the cursor to store with the repair; `nil` keeps the stored one.
    ///   - now: the current time in Unix milliseconds.
    /// - returns: what the repair changed.
    /// - throws: `invalidInput` when an article or comment lies outside the
    ///   ranges or breaks a rule; the store is then unchanged.
    @discardableResult
    public func replaceRanges(_ ranges: [ClosedRange<Int64>], with articles: [Article], comments: [Comment] = [],
                              cursor: Data?, now: Int64 = FolioStore.now()) throws -> SyncBatchSummary {
        for article in articles where !ranges.contains(where: { $0.contains(article.id) }) {
            throw FolioStoreError(.invalidInput, "article \(article.id) lies outside the repaired ranges")
        }
        for comment in comments where !ranges.contains(where: { $0.contains(comment.articleID) }) {
            throw FolioStoreError(.invalidInput, "comment \(comment.id) lies outside the repaired ranges")
        }
        for article in articles { try article.validate() }
        for comment in comments { try comment.validate() }
        let prepared = articles.map { ($0, FoldedText(title: $0.title, lead: $0.lead, body: $0.body), $0.checksumItem) }
        return try write { db in
            try db.execute(sql: "INSERT INTO sync_batch (kind, applied_at, cursor) VALUES ('pull', ?, ?)",
                           arguments: [now, cursor])
            let batchID = db.lastInsertedRowID
            try Self.refreshStaleItems(db)
            let before = try Self.rowChecksum(db, ranges: ranges)
            let returned = Set(articles.map(\.id))
            var unused = ArchiveChecksum()
            for range in ranges {
                for id in try Int64.fetchAll(db, sql: "SELECT id FROM article WHERE id BETWEEN ? AND ? ORDER BY id",
                                             arguments: [range.lowerBound, range.upperBound])
                where !returned.contains(id) {
                    _ = try Article.delete(db, id: id)
                    try ChangeLogEntry.record(db, batch: batchID, entity: .article, id: String(id), operation: .delete)
                }
            }
            for (article, folded, item) in prepared.sorted(by: { $0.0.id < $1.0.id }) {
                guard let outcome = try article.save(db, folded: folded, item: item, replacingAnyRevision: true) else {
                    continue
                }
                try ChangeLogEntry.record(db, batch: batchID, entity: .article, id: String(article.id),
                                          operation: outcome.change == .insert ? .insert : .update)
            }
            let kept = Set(comments.map(\.id))
            for range in ranges {
                for id in try Int64.fetchAll(db, sql: "SELECT id FROM comment WHERE article_id BETWEEN ? AND ? ORDER BY id",
                                             arguments: [range.lowerBound, range.upperBound])
                where !kept.contains(id) {
                    try Self.removeComment(db, id: id, batchID: batchID, checksum: &unused)
                }
            }
            for comment in comments {
                try Self.applyComment(db, comment, batchID: batchID, now: now, checksum: &unused)
            }
            let after = try Self.rowChecksum(db, ranges: ranges)
            try Self.saveArchiveChecksum(db, try Self.storedArchiveChecksum(db) - before + after)
            try db.execute(sql: "UPDATE sync_state SET cursor = coalesce(?, cursor), last_sync_at = ? WHERE id = 1",
                           arguments: [cursor, now])
            return try Self.batchSummary(db, batchID: batchID)
        }
    }
}
