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

    /// Inserts the comment or updates its changed fields.
    ///
    /// - returns: `.insert`, `.update`, or `nil` when nothing changed.
    static func containsNUL(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { $0.contains(0) } ?? text.utf8.contains(0)
    }

    /// The caller has validated the comment (``PreparedBatch``).
    func save(_ db: Database) throws -> RowChange? {
        let stored = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT article_id, name, text, created_at, status, idempotency_key FROM comment WHERE id = ?"),
            arguments: [id])
        let key = idempotencyKey?.storeString
        if let stored {
            let storedKey: String? = stored["idempotency_key"]
            let unchanged = stored["article_id"] == articleID && stored["name"] == name && stored["text"] == text
                && stored["created_at"] == createdAt && stored["status"] == status.rawValue && storedKey == (key ?? storedKey)
            if unchanged { return nil }
            try db.execute(sql: """
                UPDATE comment SET article_id = ?, name = ?, text = ?, created_at = ?, status = ?,
                    idempotency_key = coalesce(?, idempotency_key)
                WHERE id = ?
                """, arguments: [articleID, name, text, createdAt, status.rawValue, key, id])
            return .update
        }
        try db.cachedStatement(sql: """
            INSERT INTO comment (id, article_id, name, text, created_at, status, idempotency_key)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [id, articleID, name, text, createdAt, status.rawValue, key])
        return .insert
    }
}
