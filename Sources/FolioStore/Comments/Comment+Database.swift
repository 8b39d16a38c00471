import Foundation
import GRDB

extension Comment {
    /// Checks the rules every stored comment follows.
    func validate() throws {
        guard id > 0, articleID > 0 else {
            throw FolioStoreError(.invalidInput, "comment ids must be positive")
        }
        guard !Self.containsNUL(name), !Self.containsNUL(text) else {
            throw FolioStoreError(.invalidInput, "comment \(id) contains NUL")
        }
    }

    /// Whether a string holds a NUL character.
    static func containsNUL(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { $0.contains(0) } ?? text.utf8.contains(0)
    }

    /// What ``save(_:)`` did, for the change log and the checksum.
    struct SaveOutcome {
        /// `.insert` or `.update`.
        var change: RowChange
        /// The item of the replaced row when it counted (it was approved).
        var previousCountedItem: UInt64?
    }

    /// Inserts the comment or updates its changed fields, with its checksum
    /// item (SPEC.md §7.2). The caller has validated the comment (``PreparedBatch``).
    ///
    /// - returns: what changed, or `nil` when nothing did.
    func save(_ db: Database) throws -> SaveOutcome? {
        let stored = try Row.fetchOne(
            db.cachedStatement(sql: """
                SELECT article_id, name, text, created_at, status, idempotency_key, item FROM comment WHERE id = ?
                """),
            arguments: [id])
        let key = idempotencyKey?.storeString
        let item = Int64(bitPattern: checksumItem)
        if let stored {
            let storedKey: String? = stored["idempotency_key"]
            let storedItem: Int64 = stored["item"]
            let storedArticle: Int64 = stored["article_id"]
            let storedName: String = stored["name"]
            let storedText: String = stored["text"]
            let storedCreated: Int64 = stored["created_at"]
            let storedStatus: String = stored["status"]
            let sameContent = storedArticle == articleID && storedName == name && storedText == text
            let sameState = storedCreated == createdAt && storedStatus == status.rawValue
            let unchanged = sameContent && sameState && storedKey == (key ?? storedKey) && storedItem == item
            if unchanged { return nil }
            try db.execute(sql: """
                UPDATE comment SET article_id = ?, name = ?, text = ?, created_at = ?, status = ?,
                    idempotency_key = coalesce(?, idempotency_key), item = ?
                WHERE id = ?
                """, arguments: [articleID, name, text, createdAt, status.rawValue, key, item, id])
            let wasCounted = storedStatus == ModerationStatus.approved.rawValue
            return SaveOutcome(change: .update, previousCountedItem: wasCounted ? UInt64(bitPattern: storedItem) : nil)
        }
        try db.cachedStatement(sql: """
            INSERT INTO comment (id, article_id, name, text, created_at, status, idempotency_key, item)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [id, articleID, name, text, createdAt, status.rawValue, key, item])
        return SaveOutcome(change: .insert, previousCountedItem: nil)
    }

    /// Deletes a comment by id.
    ///
    /// - returns: `nil` when none was held; otherwise the item it counted
    ///   with when it was approved (`.some(nil)` when it did not count).
    static func delete(_ db: Database, id: Int64) throws -> UInt64?? {
        guard let row = try Row.fetchOne(db, sql: "SELECT status, item FROM comment WHERE id = ?", arguments: [id]) else {
            return nil
        }
        try db.execute(sql: "DELETE FROM comment WHERE id = ?", arguments: [id])
        let status: String = row["status"]
        let item: Int64 = row["item"]
        return .some(status == ModerationStatus.approved.rawValue ? UInt64(bitPattern: item) : nil)
    }
}
