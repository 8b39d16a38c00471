import Foundation
import GRDB

extension FolioStore {
    /// The comments a reader sees under an article, oldest first: approved
    /// comments, and the reader's own comments from this device whatever their
    /// state, shown as pending (queued, being sent, or awaiting moderation) or
    /// rejected.
    public func comments(articleID: Int64) throws -> [ArticleComment] {
        try read { db in
            var result: [ArticleComment] = []
            var ownServerIDs = Set<Int64>()
            let outboxRows = try Row.fetchAll(db, sql: """
                SELECT \(OutboxComment.columns) FROM outbox WHERE article_id = ? ORDER BY created_at, key
                """, arguments: [articleID]).map(OutboxComment.init(row:))
            let ownKeys = Set(outboxRows.map(\.key.storeString))
            let serverRows = try Row.fetchAll(db, sql: """
                SELECT id, name, text, created_at, status, idempotency_key FROM comment
                WHERE article_id = ? ORDER BY created_at, id
                """, arguments: [articleID])
            for row in serverRows {
                let key: String? = row["idempotency_key"]
                let isOwn = key.map(ownKeys.contains) ?? false
                let status = ModerationStatus(rawValue: row["status"]) ?? .pending
                guard status == .approved || isOwn else { continue }
                if isOwn { ownServerIDs.insert(row["id"]) }
                result.append(ArticleComment(
                    origin: .server(row["id"]), name: row["name"], text: row["text"], createdAt: row["created_at"],
                    display: Self.display(status), isOwn: isOwn))
            }
            for entry in outboxRows {
                if let serverID = entry.serverID, ownServerIDs.contains(serverID) { continue }
                let display: ArticleComment.Display
                switch entry.state {
                case .queued, .sending: display = .pending
                case .rejected: display = .rejected
                case .accepted: display = Self.display(entry.moderation ?? .pending)
                }
                result.append(ArticleComment(
                    origin: entry.serverID.map { .server($0) } ?? .outbox(entry.key), name: entry.name, text: entry.text,
                    createdAt: entry.createdAt, display: display, isOwn: true))
            }
            return result.sorted { ($0.createdAt, $0.name) < ($1.createdAt, $1.name) }
        }
    }

    /// How many published comments the store holds.
    public func commentCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM comment") ?? 0 }
    }

    private static func display(_ status: ModerationStatus) -> ArticleComment.Display {
        switch status {
        case .approved: .published
        case .pending: .pending
        case .rejected: .rejected
        }
    }
}
