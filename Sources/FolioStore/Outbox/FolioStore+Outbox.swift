import Foundation
import GRDB

extension FolioStore {
    /// Puts a comment in the outbox and commits it durably: when this returns,
    /// the comment survives a crash or a power loss.
    ///
    /// - parameters:
    ///   - comment: the comment; see ``NewComment`` for its limits.
    ///   - now: the current time in Unix milliseconds.
    /// - returns: the queued comment, with its new idempotency key.
    /// - throws: `invalidInput` for a comment over the limits, `notFound` when
    ///   the article is not in the store.
    @discardableResult
    public func enqueueComment(_ comment: NewComment, now: Int64 = FolioStore.now()) throws -> OutboxComment {
        try comment.validate()
        let key = UUID.version7(unixMilliseconds: now)
        return try durableWrite { db in
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM article WHERE id = ?)",
                                    arguments: [comment.articleID]) == true else {
                throw FolioStoreError(.notFound, "no article \(comment.articleID) in the store")
            }
            try db.execute(sql: """
                INSERT INTO outbox (key, article_id, name, email, text, created_at, state, attempts,
                                    next_attempt_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?)
                """, arguments: [key.storeString, comment.articleID, comment.name, comment.email,
                                 comment.text, now, now, now])
            return try Self.outboxRow(db, key: key)
        }
    }

    /// Changes a queued comment. Only a comment that was never sent can change:
    /// once sent, its idempotency key is bound to its text.
    ///
    /// - throws: `outboxNotEditable` after the first send, `notFound` for an unknown key.
    @discardableResult
    public func editQueuedComment(key: UUID, name: String, email: String, text: String,
                                  now: Int64 = FolioStore.now()) throws -> OutboxComment {
        try durableWrite { db in
            let current = try Self.outboxRow(db, key: key)
            guard current.state == .queued else {
                throw FolioStoreError(.outboxNotEditable, "the comment was already sent and can no longer change")
            }
            try NewComment(articleID: current.articleID, name: name, email: email, text: text).validate()
            try db.execute(sql: "UPDATE outbox SET name = ?, email = ?, text = ?, updated_at = ? WHERE key = ?",
                           arguments: [name, email, text, now, key.storeString])
            return try Self.outboxRow(db, key: key)
        }
    }

    /// Removes a queued comment that was never sent.
    ///
    /// - throws: `outboxNotEditable` after the first send, `notFound` for an unknown key.
    public func cancelQueuedComment(key: UUID) throws {
        try durableWrite { db in
            let current = try Self.outboxRow(db, key: key)
            guard current.state == .queued else {
                throw FolioStoreError(.outboxNotEditable, "the comment was already sent and can no longer be cancelled")
            }
            try db.execute(sql: "DELETE FROM outbox WHERE key = ?", arguments: [key.storeString])
        }
    }

    /// The outbox, oldest first, optionally only some states.
    public func outbox(states: Set<OutboxState> = Set(OutboxState.allCases)) throws -> [OutboxComment] {
        let list = states.map { "'\($0.rawValue)'" }.sorted().joined(separator: ",")
        guard !list.isEmpty else { return [] }
        return try read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(OutboxComment.columns) FROM outbox WHERE state IN (\(list)) ORDER BY created_at, key
                """).map(OutboxComment.init(row:))
        }
    }

    /// One outbox comment by key, or `nil`.
    public func outboxComment(key: UUID) throws -> OutboxComment? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT \(OutboxComment.columns) FROM outbox WHERE key = ?",
                             arguments: [key.storeString]).map(OutboxComment.init(row:))
        }
    }

    /// The comments due to be sent at `now`: queued or sending, whose next
    /// attempt time has come, oldest first.
    public func dueComments(now: Int64, limit: Int = 100) throws -> [OutboxComment] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(OutboxComment.columns) FROM outbox
                WHERE state IN ('queued', 'sending') AND next_attempt_at <= ?
                ORDER BY next_attempt_at, created_at, key LIMIT ?
                """, arguments: [now, max(0, limit)]).map(OutboxComment.init(row:))
        }
    }

    /// The earliest time a queued or sending comment is due, or `nil` when
    /// nothing waits.
    public func nextOutboxAttempt() throws -> Int64? {
        try read { db in
            try Int64.fetchOne(db, sql: "SELECT min(next_attempt_at) FROM outbox WHERE state IN ('queued', 'sending')")
        }
    }

    /// Marks comments as being sent, before the request leaves: from then on
    /// they can no longer be edited, and a crash leaves them to be resent with
    /// the same key. Counts one more attempt for each.
    public func markSending(_ keys: [UUID], now: Int64 = FolioStore.now()) throws {
        try durableWrite { db in
            for key in keys {
                try db.execute(sql: """
                    UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ?
                    WHERE key = ? AND state IN ('queued', 'sending')
                    """, arguments: [now, key.storeString])
            }
        }
    }

    /// Records what a push taught: accepted, rejected, or to retry. Commits
    /// durably in one transaction, with a change-log batch of kind `push`.
    ///
    /// - returns: the id of the change-log batch.
    @discardableResult
    public func recordPushResults(_ results: [OutboxResult], now: Int64 = FolioStore.now()) throws -> Int64 {
        try durableWrite { db in
            try db.execute(sql: "INSERT INTO sync_batch (kind, applied_at) VALUES ('push', ?)", arguments: [now])
            let batch = db.lastInsertedRowID
            for result in results {
                let key = result.key.storeString
                switch result {
                case .accepted(_, let serverID, let moderation):
                    try db.execute(sql: """
                        UPDATE outbox SET state = 'accepted', server_id = ?, moderation = ?, updated_at = ?
                        WHERE key = ? AND state IN ('queued', 'sending', 'accepted')
                        """, arguments: [serverID, moderation.rawValue, now, key])
                case .rejected(_, let code, let reason):
                    try db.execute(sql: """
                        UPDATE outbox SET state = 'rejected', reject_code = ?, reject_reason = ?, updated_at = ?
                        WHERE key = ? AND state IN ('queued', 'sending')
                        """, arguments: [code, reason, now, key])
                case .retry(_, let nextAttemptAt):
                    try db.execute(sql: """
                        UPDATE outbox SET next_attempt_at = ?, updated_at = ?
                        WHERE key = ? AND state IN ('queued', 'sending')
                        """, arguments: [nextAttemptAt, now, key])
                }
                if db.changesCount > 0 {
                    try ChangeLogEntry.record(db, batch: batch, entity: .outbox, id: key, operation: .update)
                }
            }
            return batch
        }
    }

    static func outboxRow(_ db: Database, key: UUID) throws -> OutboxComment {
        guard let row = try Row.fetchOne(db, sql: "SELECT \(OutboxComment.columns) FROM outbox WHERE key = ?",
                                         arguments: [key.storeString]) else {
            throw FolioStoreError(.notFound, "no outbox comment \(key.storeString)")
        }
        return try OutboxComment(row: row)
    }

    /// The current time in Unix milliseconds (UTC).
    public static func now() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }
}
