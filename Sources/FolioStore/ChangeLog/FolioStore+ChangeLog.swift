import GRDB

extension FolioStore {
    /// The entries of one batch, in the order they were written.
    public func changes(inBatch batchID: Int64) throws -> [ChangeLogEntry] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT batch_id, entity, entity_id, operation FROM change_log WHERE batch_id = ? ORDER BY id
                """, arguments: [batchID]).compactMap { row in
                guard let entity = ChangeLogEntry.Entity(rawValue: row["entity"]),
                      let operation = ChangeLogEntry.Operation(rawValue: row["operation"]) else { return nil }
                return ChangeLogEntry(batchID: row["batch_id"], entity: entity, entityID: row["entity_id"], operation: operation)
            }
        }
    }

    /// The latest batches with their counts, newest first.
    public func recentBatches(limit: Int = 20) throws -> [SyncBatchSummary] {
        try read { db in
            let ids = try Int64.fetchAll(db, sql: "SELECT id FROM sync_batch ORDER BY id DESC LIMIT ?", arguments: [max(0, limit)])
            return try ids.map { try Self.batchSummary(db, batchID: $0) }
        }
    }

    /// Deletes the change log of all but the newest `keeping` batches.
    public func pruneChangeLog(keeping: Int) throws {
        try write { db in
            try db.execute(sql: """
                DELETE FROM sync_batch WHERE id NOT IN (SELECT id FROM sync_batch ORDER BY id DESC LIMIT ?)
                """, arguments: [max(0, keeping)])
        }
    }

    static func batchSummary(_ db: Database, batchID: Int64) throws -> SyncBatchSummary {
        guard let batch = try Row.fetchOne(db, sql: "SELECT kind, applied_at FROM sync_batch WHERE id = ?", arguments: [batchID]) else {
            throw FolioStoreError(.notFound, "no sync batch \(batchID)")
        }
        var counts: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT entity || '.' || operation AS k, count(*) AS n FROM change_log WHERE batch_id = ? GROUP BY k
            """, arguments: [batchID]) {
            counts[row["k"]] = row["n"]
        }
        return SyncBatchSummary(
            batchID: batchID, kind: batch["kind"], appliedAt: batch["applied_at"],
            articlesInserted: counts["article.insert", default: 0],
            articlesUpdated: counts["article.update", default: 0],
            articlesRemoved: counts["article.delete", default: 0],
            commentsInserted: counts["comment.insert", default: 0],
            commentsUpdated: counts["comment.update", default: 0],
            commentsRemoved: counts["comment.delete", default: 0],
            outboxUpdated: counts["outbox.update", default: 0] + counts["outbox.insert", default: 0]
        )
    }
}
