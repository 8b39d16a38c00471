import FolioWire
import Foundation
import GRDB

extension SQLiteStorage {
    static let commentColumns = """
        id, article_id, name, email, text, created_at, received_at, status, sequence, was_approved, \
        client_key_hash, idempotency_key
        """

    static func comment(from row: Row) throws -> StoredComment {
        let statusText: String = try row.decode(forColumn: "status")
        guard let status = ModerationStatus(rawValue: statusText) else {
            throw FolioServerError(.storageFailure, "comment row has unknown status")
        }
        let sequence: Int64 = try row.decode(forColumn: "sequence")
        let clientKeyHash: Data? = try row.decode(forColumn: "client_key_hash")
        let idempotencyKey: Data? = try row.decode(forColumn: "idempotency_key")
        return StoredComment(
            id: try row.decode(forColumn: "id"), articleID: try row.decode(forColumn: "article_id"),
            name: try row.decode(forColumn: "name"), email: try row.decode(forColumn: "email"),
            text: try row.decode(forColumn: "text"), createdAt: try row.decode(forColumn: "created_at"),
            receivedAt: try row.decode(forColumn: "received_at"), status: status,
            sequence: UInt64(bitPattern: sequence), wasApproved: try row.decode(forColumn: "was_approved"),
            clientKeyHash: clientKeyHash.map { Array($0) }, idempotencyKey: idempotencyKey.map { Array($0) })
    }

    /// See ``ServerStorage/insertComment(_:)``.
    public func insertComment(_ record: NewCommentRecord) async throws -> CommentInsertOutcome {
        try await write { db in
            switch record.origin {
            case .push(let clientKeyHash, let key, let bodyHash):
                // SPEC.md §10.3: keys are global, whichever client key sent
                // them first; checked in the write transaction, so two pushes
                // of one key store one comment.
                if let first = try Self.pushRecord(db, idempotencyKey: key) {
                    guard first.bodyHash == bodyHash, case .accepted(let receipt) = first.reply else { return .keyReused }
                    return .replayed(receipt)
                }
                guard let id = try Self.insert(record, db: db, clientKeyHash: clientKeyHash, idempotencyKey: key, importKey: nil)
                else { return .unknownArticle }
                try db.execute(
                    sql: """
                        INSERT INTO push_record
                            (client_key_hash, idempotency_key, body_hash, comment_id, reply_status, created_at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        Data(clientKeyHash), Data(key), Data(bodyHash), id, record.status.rawValue, record.receivedAt,
                    ])
                return .stored(CommentReceipt(commentID: id, status: record.status))
            case .imported(let importKey):
                if let row = try Row.fetchOne(
                    db, sql: "SELECT id, status FROM comment WHERE import_key = ?", arguments: [importKey]) {
                    let statusText: String = try row.decode(forColumn: "status")
                    return .replayed(CommentReceipt(
                        commentID: try row.decode(forColumn: "id"), status: ModerationStatus(rawValue: statusText) ?? .pending))
                }
                guard let id = try Self.insert(record, db: db, clientKeyHash: nil, idempotencyKey: nil, importKey: importKey)
                else { return .unknownArticle }
                return .stored(CommentReceipt(commentID: id, status: record.status))
            }
        }
    }

    private static func receipt(_ row: Row) throws -> CommentReceipt {
        let statusText: String = try row.decode(forColumn: "reply_status")
        guard let status = ModerationStatus(rawValue: statusText) else {
            throw FolioServerError(.storageFailure, "push record has unknown status")
        }
        return CommentReceipt(commentID: try row.decode(forColumn: "comment_id"), status: status)
    }

    /// Inserts the comment row with the next sequence; nil if the article is not live.
    private static func insert(
        _ record: NewCommentRecord, db: Database, clientKeyHash: [UInt8]?, idempotencyKey: [UInt8]?, importKey: String?
    ) throws -> Int64? {
        guard let article = try fetchArticle(db, id: record.articleID), !article.isRemoved else { return nil }
        let sequence = try nextSequence(db)
        try db.execute(
            sql: """
                INSERT INTO comment (article_id, name, email, text, created_at, received_at, status, sequence,
                    was_approved, client_key_hash, idempotency_key, import_key)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                record.articleID, record.name, record.email, record.text, record.createdAt, record.receivedAt,
                record.status.rawValue, Int64(bitPattern: sequence), record.status == .approved,
                clientKeyHash.map { Data($0) }, idempotencyKey.map { Data($0) }, importKey,
            ])
        let id = db.lastInsertedRowID
        // The item needs the id; an auto-approved comment counts at once.
        let item = ChecksumItem.comment(
            id: id, articleID: record.articleID, name: record.name, text: record.text, createdAt: record.createdAt)
        try db.execute(sql: "UPDATE comment SET item = ? WHERE id = ?", arguments: [Int64(bitPattern: item), id])
        if record.status == .approved {
            let (facet, _) = try liveArticleSums(db, article)
            try addToSums(db, facet: facet, articleID: record.articleID, .comment(item))
        }
        return id
    }

    /// See ``ServerStorage/pushRecord(clientKeyHash:idempotencyKey:)``.
    public func pushRecord(idempotencyKey: [UInt8]) async throws -> PushRecord? {
        try await read { db in try Self.pushRecord(db, idempotencyKey: idempotencyKey) }
    }

    /// The first reply to `idempotencyKey`, whichever client key sent it.
    static func pushRecord(_ db: Database, idempotencyKey: [UInt8]) throws -> PushRecord? {
        let arguments: StatementArguments = [Data(idempotencyKey)]
        if let row = try Row.fetchOne(
            db.cachedStatement(sql: """
                SELECT body_hash, comment_id, reply_status FROM push_record
                WHERE idempotency_key = ? ORDER BY created_at, comment_id LIMIT 1
                """),
            arguments: arguments) {
            let hash: Data = try row.decode(forColumn: "body_hash")
            return PushRecord(bodyHash: Array(hash), reply: .accepted(try receipt(row)))
        }
        if let row = try Row.fetchOne(
            db.cachedStatement(sql: """
                SELECT body_hash, reason, message FROM push_rejection
                WHERE idempotency_key = ? ORDER BY created_at LIMIT 1
                """),
            arguments: arguments) {
            let hash: Data = try row.decode(forColumn: "body_hash")
            let rejection = PushRejection(reason: try row.decode(forColumn: "reason"), message: try row.decode(forColumn: "message"))
            return PushRecord(bodyHash: Array(hash), reply: .rejected(rejection))
        }
        return nil
    }

    /// See ``ServerStorage/recordRejection(_:clientKeyHash:idempotencyKey:bodyHash:at:)``.
    public func recordRejection(
        _ rejection: PushRejection, clientKeyHash: [UInt8], idempotencyKey: [UInt8], bodyHash: [UInt8], at time: Int64
    ) async throws -> PushRecord {
        try await write { db in
            if let existing = try Self.pushRecord(db, idempotencyKey: idempotencyKey) {
                return existing
            }
            try db.execute(
                sql: """
                    INSERT INTO push_rejection (client_key_hash, idempotency_key, body_hash, reason, message, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [Data(clientKeyHash), Data(idempotencyKey), Data(bodyHash), rejection.reason, rejection.message, time])
            return PushRecord(bodyHash: bodyHash, reply: .rejected(rejection))
        }
    }

    /// See ``ServerStorage/comment(id:)``.
    public func comment(id: Int64) async throws -> StoredComment? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.commentColumns) FROM comment WHERE id = ?", arguments: [id])
                .map(Self.comment(from:))
        }
    }

    /// See ``ServerStorage/comments(status:afterID:limit:)``.
    public func comments(status: ModerationStatus?, afterID: Int64, limit: Int) async throws -> [StoredComment] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Self.commentColumns) FROM comment
                    WHERE id > ? AND (? IS NULL OR status = ?) ORDER BY id LIMIT ?
                    """,
                arguments: [afterID, status?.rawValue, status?.rawValue, max(0, limit)]
            ).map(Self.comment(from:))
        }
    }

    /// See ``ServerStorage/setCommentStatus(id:to:)``.
    public func setCommentStatus(id: Int64, to status: ModerationStatus) async throws -> StoredComment? {
        try await write { db in
            guard var comment = try Row.fetchOne(
                db, sql: "SELECT \(Self.commentColumns) FROM comment WHERE id = ?", arguments: [id]
            ).map(Self.comment(from:)) else { return nil }
            guard comment.status != status else { return comment }
            if comment.status == .approved || status == .approved,
               let article = try Self.fetchArticle(db, id: comment.articleID), !article.isRemoved {
                // Only approved comments of live articles are in the sums.
                let (facet, _) = try Self.liveArticleSums(db, article)
                let sums = ArchiveChecksum.comment(comment.checksumItem)
                try Self.addToSums(db, facet: facet, articleID: comment.articleID, status == .approved ? sums : sums.negated)
            }
            comment.status = status
            comment.wasApproved = comment.wasApproved || status == .approved
            comment.sequence = try Self.nextSequence(db)
            try db.execute(
                sql: "UPDATE comment SET status = ?, was_approved = ?, sequence = ? WHERE id = ?",
                arguments: [status.rawValue, comment.wasApproved, Int64(bitPattern: comment.sequence), id])
            return comment
        }
    }
}
