import Foundation
import GRDB

/// A comment written on this device, with its delivery state.
public struct OutboxComment: Sendable, Hashable, Identifiable, Codable {
    /// The idempotency key (a UUIDv7) that every send of this comment carries.
    public var key: UUID
    /// The article it is about.
    public var articleID: Int64
    /// The commenter's name.
    public var name: String
    /// The commenter's email address.
    public var email: String
    /// The comment.
    public var text: String
    /// When it was written, in Unix milliseconds (UTC).
    public var createdAt: Int64
    /// Where it stands.
    public var state: OutboxState
    /// How many times it was sent.
    public var attempts: Int
    /// When it may be sent next, in Unix milliseconds (UTC).
    public var nextAttemptAt: Int64
    /// The server's id, once accepted.
    public var serverID: Int64?
    /// The moderation status, once accepted.
    public var moderation: ModerationStatus?
    /// The server's reason code, once rejected.
    public var rejectCode: String?
    /// The server's explanation, once rejected.
    public var rejectReason: String?
    /// When its state last changed, in Unix milliseconds (UTC).
    public var updatedAt: Int64

    /// The key, as `Identifiable` wants it.
    public var id: UUID { key }

    static let columns = """
        key, article_id, name, email, text, created_at, state, attempts, next_attempt_at,
        server_id, moderation, reject_code, reject_reason, updated_at
        """

    init(row: Row) throws {
        let keyString: String = row["key"]
        let stateString: String = row["state"]
        let moderationString: String? = row["moderation"]
        guard let key = UUID(uuidString: keyString), let state = OutboxState(rawValue: stateString) else {
            throw FolioStoreError(.database, "an outbox row is malformed")
        }
        self.key = key
        articleID = row["article_id"]
        name = row["name"]
        email = row["email"]
        text = row["text"]
        createdAt = row["created_at"]
        self.state = state
        attempts = row["attempts"]
        nextAttemptAt = row["next_attempt_at"]
        serverID = row["server_id"]
        moderation = moderationString.flatMap(ModerationStatus.init(rawValue:))
        rejectCode = row["reject_code"]
        rejectReason = row["reject_reason"]
        updatedAt = row["updated_at"]
    }
}
