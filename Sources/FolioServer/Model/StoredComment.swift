/// A comment as storage holds it. Holds the commenter's e-mail address:
/// never hand it to anybody but editors and the commenter's own client.
public struct StoredComment: Sendable, Hashable {
    /// Server-assigned id.
    public var id: Int64
    /// The article commented on.
    public var articleID: Int64
    /// The commenter's display name.
    public var name: String
    /// The commenter's e-mail address (private).
    public var email: String
    /// The text, exactly as sent.
    public var text: String
    /// When the commenter wrote it (client clock), Unix ms.
    public var createdAt: Int64
    /// When the server stored it, Unix ms.
    public var receivedAt: Int64
    /// The moderation state.
    public var status: ModerationStatus
    /// The sequence number of its latest change.
    public var sequence: UInt64
    /// True once the comment has been approved at least once (readers may hold it).
    public var wasApproved: Bool
    /// SHA-256 of the client key of the client that pushed it, if pushed.
    public var clientKeyHash: [UInt8]?
    /// The idempotency key it was pushed with, if pushed.
    public var idempotencyKey: [UInt8]?

    /// Creates a comment row.
    public init(
        id: Int64, articleID: Int64, name: String, email: String, text: String, createdAt: Int64,
        receivedAt: Int64, status: ModerationStatus, sequence: UInt64, wasApproved: Bool,
        clientKeyHash: [UInt8]?, idempotencyKey: [UInt8]?
    ) {
        self.id = id
        self.articleID = articleID
        self.name = name
        self.email = email
        self.text = text
        self.createdAt = createdAt
        self.receivedAt = receivedAt
        self.status = status
        self.sequence = sequence
        self.wasApproved = wasApproved
        self.clientKeyHash = clientKeyHash
        self.idempotencyKey = idempotencyKey
    }
}

/// A comment to store, with where it came from.
public struct NewCommentRecord: Sendable, Hashable {
    /// The article commented on; must be live.
    public var articleID: Int64
    /// Display name.
    public var name: String
    /// E-mail address.
    public var email: String
    /// Text.
    public var text: String
    /// Client clock, Unix ms.
    public var createdAt: Int64
    /// Server clock, Unix ms.
    public var receivedAt: Int64
    /// Initial status: pending for pushes; imports may carry another.
    public var status: ModerationStatus
    /// How the comment is deduplicated.
    public var origin: Origin

    /// Where a comment came from, which also decides how it is stored exactly once.
    public enum Origin: Sendable, Hashable {
        /// Pushed by a client: at most one comment per (client key hash,
        /// idempotency key); `bodyHash` is the SHA-256 of the canonical body.
        case push(clientKeyHash: [UInt8], idempotencyKey: [UInt8], bodyHash: [UInt8])
        /// Imported from a file: at most one comment per `importKey`.
        case imported(importKey: String)
    }

    /// Creates a record.
    public init(
        articleID: Int64, name: String, email: String, text: String, createdAt: Int64, receivedAt: Int64,
        status: ModerationStatus, origin: Origin
    ) {
        self.articleID = articleID
        self.name = name
        self.email = email
        self.text = text
        self.createdAt = createdAt
        self.receivedAt = receivedAt
        self.status = status
        self.origin = origin
    }
}

/// The reply stored with an idempotency record, returned again on a retry.
public struct CommentReceipt: Sendable, Hashable {
    /// The stored comment's id.
    public var commentID: Int64
    /// Its status when it was first accepted.
    public var status: ModerationStatus

    /// Creates a receipt.
    public init(commentID: Int64, status: ModerationStatus) {
        self.commentID = commentID
        self.status = status
    }
}

/// What storing a comment did.
public enum CommentInsertOutcome: Sendable, Hashable {
    /// Stored now, together with its idempotency record.
    case stored(CommentReceipt)
    /// Stored before under the same key and body: the first reply.
    case replayed(CommentReceipt)
    /// The key was used before with a different body; nothing stored.
    case keyReused
    /// The article does not exist or was unpublished; nothing stored.
    case unknownArticle
}

/// A push refused for its content (SPEC.md §10.3): remembered with the body
/// hash so that a retry gets the same refusal and a changed body under the
/// key gets `KEY_REUSED`.
public struct PushRejection: Sendable, Hashable {
    /// The SPEC.md §10.2 reason number.
    public var reason: Int
    /// The message sent with it.
    public var message: String

    /// Creates a rejection.
    public init(reason: Int, message: String) {
        self.reason = reason
        self.message = message
    }
}

/// The remembered first reply to an idempotency key.
public struct PushRecord: Sendable, Hashable {
    /// The first reply.
    public enum Reply: Sendable, Hashable {
        /// The comment was stored.
        case accepted(CommentReceipt)
        /// The comment was refused.
        case rejected(PushRejection)
    }

    /// SHA-256 of the canonical body of the first submission.
    public var bodyHash: [UInt8]
    /// The first reply.
    public var reply: Reply

    /// Creates a record.
    public init(bodyHash: [UInt8], reply: Reply) {
        self.bodyHash = bodyHash
        self.reply = reply
    }
}
