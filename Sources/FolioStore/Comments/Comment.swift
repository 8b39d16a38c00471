import Foundation

/// A comment as the server published it.
///
/// Other readers' comments arrive only once approved, and never with an email
/// address. The reader's own comments also arrive while pending or after a
/// rejection, and carry the idempotency key that the reader's outbox gave them.
public struct Comment: Sendable, Hashable, Identifiable {
    /// The server's identifier of the comment.
    public var id: Int64
    /// The article it is about.
    public var articleID: Int64
    /// The name the commenter gave.
    public var name: String
    /// The comment.
    public var text: String
    /// When it was written, in Unix milliseconds (UTC).
    public var createdAt: Int64
    /// Its moderation status.
    public var status: ModerationStatus
    /// The outbox key, for the reader's own comments only.
    public var idempotencyKey: UUID?

    /// Creates a comment.
    public init(
        id: Int64, articleID: Int64, name: String, text: String, createdAt: Int64,
        status: ModerationStatus, idempotencyKey: UUID? = nil
    ) {
        self.id = id
        self.articleID = articleID
        self.name = name
        self.text = text
        self.createdAt = createdAt
        self.status = status
        self.idempotencyKey = idempotencyKey
    }
}
