import Foundation
import FolioWire
import GRDB

extension FolioStore {
    /// What the store carries; ``SyncSubscription/all`` until set.
    public func subscription() throws -> SyncSubscription {
        try read { db in try Self.subscription(db) }
    }

    static func subscription(_ db: Database) throws -> SyncSubscription {
        guard let json = try String.fetchOne(db, sql: "SELECT subscription FROM sync_state WHERE id = 1") else {
            return .all
        }
        do {
            return try JSONDecoder().decode(SyncSubscription.self, from: Data(json.utf8))
        } catch {
            throw FolioStoreError(.database, "the stored subscription is not valid JSON")
        }
    }

    /// Changes what the store carries (SPEC.md §6.4), in one transaction.
    ///
    /// A narrower subscription takes effect at once, offline too: the
    /// articles it no longer matches are deleted with their comments (a batch
    /// of kind `reset` in the change log; the outbox is never touched), and
    /// the languages it drops are no longer held. A wider one is fetched by
    /// the next sync: the snapshot parts of languages the store does not hold
    /// (SPEC.md §11), then a repair of whatever else differs, never
    /// downloading what the store already holds.
    ///
    /// - returns: what the change removed, or `nil` when it dropped nothing.
    /// - throws: `invalidInput` for a language that is not a 2 or 3 letter
    ///   code, or a region or topic that is not a slug.
    @discardableResult
    public func setSubscription(_ subscription: SyncSubscription, now: Int64 = FolioStore.now()) throws
        -> SyncBatchSummary?
    {
        for language in subscription.languages where !Article.isLanguageCode(language) {
            throw FolioStoreError(.invalidInput, "a language must be a 2 or 3 letter code, such as fa")
        }
        for slug in subscription.regions + subscription.topics where !Article.isSlug(slug) {
            throw FolioStoreError(.invalidInput, "regions and topics must be lowercase slugs, such as central-asia")
        }
        let json = subscription.isAll ? nil : String(decoding: try JSONEncoder().encode(subscription), as: UTF8.self)
        return try write { db -> SyncBatchSummary? in
            let old = try Self.subscription(db)
            try db.execute(sql: "UPDATE sync_state SET subscription = ? WHERE id = 1", arguments: [json])
            guard old != subscription else { return nil }
            try Self.setHeldLanguages(db, try Self.heldLanguages(db).intersection(subscription))
            let dropped = try Int64.fetchAll(db, sql: """
                SELECT a.id FROM article a WHERE NOT (
                    (json_array_length(:languages) = 0 OR a.language IN (SELECT value FROM json_each(:languages)))
                    AND (json_array_length(:regions) = 0 OR EXISTS (
                        SELECT 1 FROM article_region r
                        WHERE r.article_id = a.id AND r.region IN (SELECT value FROM json_each(:regions))))
                    AND (json_array_length(:topics) = 0 OR EXISTS (
                        SELECT 1 FROM article_topic t
                        WHERE t.article_id = a.id AND t.topic IN (SELECT value FROM json_each(:topics)))))
                """, arguments: [
                    "languages": try Self.jsonArray(subscription.languages),
                    "regions": try Self.jsonArray(subscription.regions),
                    "topics": try Self.jsonArray(subscription.topics),
                ])
            guard !dropped.isEmpty else { return nil }
            try db.execute(sql: "INSERT INTO sync_batch (kind, applied_at) VALUES ('reset', ?)", arguments: [now])
            let batchID = db.lastInsertedRowID
            var checksum = try Self.storedArchiveChecksum(db)
            for id in dropped {
                guard let removed = try Article.delete(db, id: id) else { continue }
                checksum = checksum - removed
                try ChangeLogEntry.record(db, batch: batchID, entity: .article, id: String(id), operation: .delete)
            }
            try Self.saveArchiveChecksum(db, checksum)
            // Parts applied before hold dropped articles: a later, wider
            // subscription fetches them again.
            try db.execute(sql: "DELETE FROM bootstrap_part")
            return try Self.batchSummary(db, batchID: batchID)
        }
    }

    /// The languages whose snapshot parts the store has applied (SPEC.md §11).
    public func heldLanguages() throws -> HeldLanguages {
        try read { db in try Self.heldLanguages(db) }
    }

    static func heldLanguages(_ db: Database) throws -> HeldLanguages {
        guard let json = try String.fetchOne(db, sql: "SELECT held_languages FROM sync_state WHERE id = 1") else {
            return .all
        }
        do {
            return .only(try JSONDecoder().decode([String].self, from: Data(json.utf8)).sorted())
        } catch {
            throw FolioStoreError(.database, "the stored held languages are not valid JSON")
        }
    }

    static func setHeldLanguages(_ db: Database, _ held: HeldLanguages) throws {
        let json: String? = switch held {
        case .all: nil
        case .only(let languages): try jsonArray(languages)
        }
        try db.execute(sql: "UPDATE sync_state SET held_languages = ? WHERE id = 1", arguments: [json])
    }

    private static func jsonArray(_ values: [String]) throws -> String {
        String(decoding: try JSONEncoder().encode(values), as: UTF8.self)
    }
}
