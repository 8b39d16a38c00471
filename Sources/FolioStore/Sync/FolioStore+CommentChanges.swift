import Foundation
import FolioWire
import GRDB

extension FolioStore {
    /// Applies one comment of a page or a repair (SPEC.md §6.2, §7.4): inserts
    /// it or replaces the one with its id, keeping `checksum` exact (only
    /// approved comments count). A comment of an article the store does not
    /// hold is not stored. A comment carrying an idempotency key is the
    /// reader's own: its outbox entry becomes accepted, with the comment's id
    /// and moderation status, whether or not the article is held.
    static func applyComment(_ db: Database, _ comment: Comment, batchID: Int64, now: Int64,
                             checksum: inout ArchiveChecksum) throws {
        let held = try Int64.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM article WHERE id = ?"),
                                      arguments: [comment.articleID]) != nil
        if held, let outcome = try comment.save(db) {
            if let previous = outcome.previousCountedItem { checksum.removeComment(previous) }
            if comment.status == .approved { checksum.addComment(comment.checksumItem) }
            try ChangeLogEntry.record(db, batch: batchID, entity: .comment, id: String(comment.id),
                                      operation: outcome.change == .insert ? .insert : .update)
        }
        if let key = comment.idempotencyKey {
            try updateOutbox(db, key: key, comment: comment, batchID: batchID, now: now)
        }
    }

    /// Deletes a withdrawn comment, if held, keeping `checksum` exact.
    static func removeComment(_ db: Database, id: Int64, batchID: Int64, checksum: inout ArchiveChecksum) throws {
        guard let counted = try Comment.delete(db, id: id) else { return }
        if let item = counted { checksum.removeComment(item) }
        try ChangeLogEntry.record(db, batch: batchID, entity: .comment, id: String(id), operation: .delete)
    }

    /// Marks the outbox entry of one of the reader's own comments accepted
    /// (SPEC.md §10.4), recording the change when something changed.
    static func updateOutbox(_ db: Database, key: UUID, comment: Comment, batchID: Int64, now: Int64) throws {
        try db.execute(sql: """
            UPDATE outbox SET state = 'accepted', server_id = ?, moderation = ?, updated_at = ?
            WHERE key = ? AND (state <> 'accepted' OR moderation IS NOT ? OR server_id IS NOT ?)
            """, arguments: [comment.id, comment.status.rawValue, now, key.storeString,
                             comment.status.rawValue, comment.id])
        if db.changesCount > 0 {
            try ChangeLogEntry.record(db, batch: batchID, entity: .outbox, id: key.storeString, operation: .update)
        }
    }
}
