import Foundation

/// What the sync engine learned about one outbox comment from a push.
public enum OutboxResult: Sendable, Hashable {
    /// The server stored the comment.
    case accepted(key: UUID, serverID: Int64, moderation: ModerationStatus)
    /// The server refused the comment for good, with a reason code and text.
    case rejected(key: UUID, code: String, reason: String)
    /// No final answer (timeout, network, server error): send again later
    /// with the same key.
    case retry(key: UUID, nextAttemptAt: Int64)

    /// The key of the comment the result is about.
    public var key: UUID {
        switch self {
        case .accepted(let key, _, _), .rejected(let key, _, _), .retry(let key, _): key
        }
    }
}
