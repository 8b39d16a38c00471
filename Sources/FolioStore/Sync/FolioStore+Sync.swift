import Foundation
import GRDB
import FolioWire

extension FolioStore {
    /// Applies one page of server changes in one transaction: the rows, the
    /// change log and the new cursor commit together, or nothing changes.
    ///
    /// Applying the same page twice changes nothing the second time: articles
    /// carry revisions, and only a newer revision replaces a stored one.
    ///
    /// - parameters:
    ///   - batch: the page, with the cursor that follows it.
    ///   - now: the current time in Unix milliseconds.
    /// - returns: what the page changed.
    /// - throws: `batchRejected` when the page belongs to another server epoch
    ///   than the stored data (call ``resetArchive(epoch:now:)`` first), and
    ///   `invalidInput` when any row breaks a rule; in both cases the store is
    ///   left exactly as it was.
    @discardableResult
    public func apply(_ batch: SyncBatch, now: Int64 = FolioStore.now()) throws -> SyncBatchSummary {
        try apply(PreparedBatch(batch), now: now)
    }

    /// Applies a page that was validated and folded beforehand, in one
    /// transaction, like ``apply(_:now:)-(SyncBatch,_)``.
    @discardableResult
    public func apply(_ prepared: PreparedBatch, now: Int64 = FolioStore.now()) throws -> SyncBatchSummary {
        let batch = prepared.batch
        return try write { db in
            let storedEpoch = try String.fetchOne(db, sql: "SELECT epoch FROM sync_state WHERE id = 1")
            if let storedEpoch, let epoch = batch.epoch, storedEpoch != epoch {
                throw FolioStoreError(.batchRejected, "the page belongs to another server epoch; reset the archive first")
            }
            try db.execute(sql: "INSERT INTO sync_batch (kind, applied_at, cursor) VALUES ('pull', ?, ?)",
                           arguments: [now, batch.cursor])
            let batchID = db.lastInsertedRowID
            try Self.refreshStaleItems(db)
            var checksum = try Self.storedArchiveChecksum(db)

            for ((article, folded), item) in zip(zip(batch.articles, prepared.folded), prepared.items) {
                // A revision at or below the held one is already applied (SPEC.md §6.2).
                guard let outcome = try article.save(db, folded: folded, item: item) else { continue }
                if let previous = outcome.previousItem { checksum.removeArticle(previous) }
                checksum.addArticle(item)
                try ChangeLogEntry.record(db, batch: batchID, entity: .article, id: String(article.id),
                                          operation: outcome.change == .insert ? .insert : .update)
            }
            for removal in batch.removals {
                let held = try Int64.fetchOne(db, sql: "SELECT revision FROM article WHERE id = ?", arguments: [removal.id])
                if let held, held >= removal.revision { continue }
                if let removed = try Article.delete(db, id: removal.id) {
                    checksum = checksum - removed
                    try ChangeLogEntry.record(db, batch: batchID, entity: .article, id: String(removal.id), operation: .delete)
                }
                try db.execute(sql: """
                    INSERT INTO article_tombstone (id, revision, removed_at, sequence) VALUES (?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET revision = excluded.revision, removed_at = excluded.removed_at,
                        sequence = excluded.sequence
                    """, arguments: [removal.id, removal.revision, removal.removedAt, removal.sequence])
            }
            // Comments after the article changes (SPEC.md §6.2).
            for id in batch.removedCommentIDs {
                try Self.removeComment(db, id: id, batchID: batchID, checksum: &checksum)
            }
            for comment in batch.comments {
                try Self.applyComment(db, comment, batchID: batchID, now: now, checksum: &checksum)
            }

            let horizon = try max(batch.tombstoneHorizon ?? 0,
                                  Int64.fetchOne(db, sql: "SELECT tombstone_horizon FROM sync_state WHERE id = 1") ?? 0)
            try db.execute(sql: "DELETE FROM article_tombstone WHERE sequence <= ?", arguments: [horizon])
            try Self.recordBootstrapPart(db, batch, now: now)
            if let held = batch.heldLanguages { try Self.setHeldLanguages(db, held) }
            try db.execute(sql: """
                UPDATE sync_state SET epoch = coalesce(?, epoch), cursor = coalesce(?, cursor),
                    tombstone_horizon = ?, last_sync_at = ?
                WHERE id = 1
                """, arguments: [batch.epoch, batch.cursor, horizon, now])
            try Self.saveArchiveChecksum(db, checksum)
            return try Self.batchSummary(db, batchID: batchID)
        }
    }

    /// Empties the archive for a new server epoch (the server was restored from
    /// a backup, SPEC.md §6.3): articles, tombstones, comments and the cursor
    /// go; the outbox stays, so no unsent comment is lost.
    ///
    /// - returns: what the reset removed, as a batch of kind `reset`.
    @discardableResult
    public func resetArchive(epoch: String, now: Int64 = FolioStore.now()) throws -> SyncBatchSummary {
        try write { db in
            try db.execute(sql: "INSERT INTO sync_batch (kind, applied_at) VALUES ('reset', ?)", arguments: [now])
            let batchID = db.lastInsertedRowID
            try db.execute(sql: """
                INSERT INTO change_log (batch_id, entity, entity_id, operation)
                SELECT ?, 'article', CAST(id AS TEXT), 'delete' FROM article
                """, arguments: [batchID])
            try db.execute(sql: """
                INSERT INTO change_log (batch_id, entity, entity_id, operation)
                SELECT ?, 'comment', CAST(id AS TEXT), 'delete' FROM comment
                """, arguments: [batchID])
            try db.execute(sql: "INSERT INTO article_search (article_search) VALUES ('delete-all')")
            for table in ["article", "article_tombstone", "comment", "article_item_stale"] {
                try db.execute(sql: "DELETE FROM \(table)")
            }
            try db.execute(sql: """
                UPDATE sync_state SET epoch = ?, cursor = NULL, checksum = 0, article_count = 0, comment_count = 0,
                    tombstone_horizon = 0
                WHERE id = 1
                """, arguments: [epoch])
            return try Self.batchSummary(db, batchID: batchID)
        }
    }

    /// The sync state.
    public func syncState() throws -> SyncState {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM sync_state WHERE id = 1") else {
                throw FolioStoreError(.database, "the sync state row is missing")
            }
            return SyncState(
                server: row["server"], epoch: row["epoch"], cursor: row["cursor"],
                checksum: try Self.storedArchiveChecksum(db), tombstoneHorizon: row["tombstone_horizon"],
                lastSyncAt: row["last_sync_at"],
                dictionaries: try String.fetchAll(db, sql: "SELECT id FROM dictionary ORDER BY id")
            )
        }
    }

    /// The installation's client key (SPEC.md §10.4): 32 random bytes made on
    /// first use and kept for the life of the store. The server recognises
    /// this store's own comments by it.
    public func clientKey() throws -> Data {
        try durableWrite { db in
            if let key = try Data.fetchOne(db, sql: "SELECT client_key FROM sync_state WHERE id = 1"), key.count == 32 {
                return key
            }
            var generator = SystemRandomNumberGenerator()
            let key = Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
            try db.execute(sql: "UPDATE sync_state SET client_key = ? WHERE id = 1", arguments: [key])
            return key
        }
    }

    /// Remembers the server this store syncs with.
    public func setServer(_ server: String?) throws {
        try write { db in
            try db.execute(sql: "UPDATE sync_state SET server = ? WHERE id = 1", arguments: [server])
        }
    }

    /// Stores a preset dictionary fetched from the server (SPEC.md §9).
    public func saveDictionary(id: String, language: String, version: Int, bytes: Data) throws {
        try write { db in
            try db.execute(sql: """
                INSERT INTO dictionary (id, language, version, bytes) VALUES (?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET language = excluded.language, version = excluded.version,
                    bytes = excluded.bytes
                """, arguments: [id, language, version, bytes])
        }
    }

    /// The bytes of a stored dictionary, or `nil`.
    public func dictionary(id: String) throws -> Data? {
        try read { db in try Data.fetchOne(db, sql: "SELECT bytes FROM dictionary WHERE id = ?", arguments: [id]) }
    }

    /// The ids of tombstoned articles that are still kept, by id.
    public func tombstones() throws -> [ArticleRemoval] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT id, revision, sequence, removed_at FROM article_tombstone ORDER BY id").map {
                ArticleRemoval(id: $0["id"], revision: $0["revision"], sequence: $0["sequence"], removedAt: $0["removed_at"])
            }
        }
    }
}
