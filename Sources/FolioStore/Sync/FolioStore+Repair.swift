import Foundation
import FolioWire
import GRDB

extension FolioStore {
    /// The checksums of the stored articles per bucket of ids (SPEC.md §7.3).
    ///
    /// - parameter width: the bucket width, a power of two in 1…2^24.
    public func bucketChecksums(width: Int64) throws -> BucketedChecksum {
        var buckets: BucketedChecksum
        do {
            buckets = try BucketedChecksum(width: width)
        } catch {
            throw FolioStoreError(.invalidInput, "bucket width must be a power of two in 1...2^24")
        }
        for (id, revision) in try articleRevisions() {
            buckets.insert(id: id, revision: revision)
        }
        return buckets
    }

    /// Replaces everything the store holds in `ranges` by exactly `articles`,
    /// in one transaction (SPEC.md §7.4): articles in the ranges that the
    /// server did not return are deleted, returned ones are written whatever
    /// their revision (the server is the authority after a restore), and the
    /// checksum, the change log and, when given, the cursor follow.
    ///
    /// - parameters:
    ///   - ranges: the inclusive id ranges the server answered for.
    ///   - articles: every live article in those ranges.
    ///   - cursor: the cursor the repair was made at; `nil` keeps the stored one.
    /// - throws: `invalidInput` when an article lies outside the ranges.
    @discardableResult
    public func replaceRanges(_ ranges: [ClosedRange<Int64>], with articles: [Article], cursor: Data?,
                              now: Int64 = FolioStore.now()) throws -> SyncBatchSummary {
        for article in articles where !ranges.contains(where: { $0.contains(article.id) }) {
            throw FolioStoreError(.invalidInput, "article \(article.id) lies outside the repaired ranges")
        }
        for article in articles { try article.validate() }
        return try write { db in
            try db.execute(sql: "INSERT INTO sync_batch (kind, applied_at, cursor) VALUES ('pull', ?, ?)",
                           arguments: [now, cursor])
            let batchID = db.lastInsertedRowID
            var checksum = try Self.storedChecksum(db)
            let returned = Dictionary(articles.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
            var held: [Int64: Int64] = [:]
            for range in ranges {
                for row in try Row.fetchAll(db, sql: "SELECT id, revision FROM article WHERE id BETWEEN ? AND ?",
                                            arguments: [range.lowerBound, range.upperBound]) {
                    held[row["id"]] = row["revision"]
                }
            }
            for (id, revision) in held.sorted(by: { $0.key < $1.key }) {
                if returned[id]?.revision == revision { continue }
                _ = try Article.delete(db, id: id)
                checksum &-= ArchiveChecksum.itemHash(id: id, revision: revision)
                if returned[id] == nil {
                    try ChangeLogEntry.record(db, batch: batchID, entity: .article, id: String(id), operation: .delete)
                }
            }
            for article in returned.values.sorted(by: { $0.id < $1.id }) where held[article.id] != article.revision {
                _ = try article.save(db, folded: FoldedText(title: article.title, lead: article.lead, body: article.body))
                checksum &+= ArchiveChecksum.itemHash(id: article.id, revision: article.revision)
                try ChangeLogEntry.record(db, batch: batchID, entity: .article, id: String(article.id),
                                          operation: held[article.id] == nil ? .insert : .update)
            }
            try db.execute(sql: """
                UPDATE sync_state SET cursor = coalesce(?, cursor), checksum = ?, last_sync_at = ?,
                    article_count = (SELECT count(*) FROM article)
                WHERE id = 1
                """, arguments: [cursor, Int64(bitPattern: checksum), now])
            return try Self.batchSummary(db, batchID: batchID)
        }
    }

    /// The snapshot parts applied by a first sync that has not finished.
    public func appliedBootstrapParts() throws -> Set<String> {
        try read { db in Set(try String.fetchAll(db, sql: "SELECT path FROM bootstrap_part")) }
    }
}
