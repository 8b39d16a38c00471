/// Where a comment of the outbox stands.
public enum OutboxState: String, Sendable, Hashable, CaseIterable, Codable {
    /// Written, never sent. It can still be edited or cancelled.
    case queued
    /// Sent at least once without a final answer; it is retried with the same
    /// idempotency key until the server accepts or rejects it.
    case sending
    /// Stored by the server, which gave it an id and a moderation status.
    case accepted
    /// Refused by the server, with a reason; it is not retried.
    case rejected
}
