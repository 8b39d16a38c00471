/// Where a comment stands in the publisher's moderation.
public enum ModerationStatus: String, Sendable, Hashable, CaseIterable, Codable {
    /// Received, not yet reviewed. Only its author sees it.
    case pending
    /// Approved: every reader sees it.
    case approved
    /// Rejected by an editor. Only its author sees it, marked as rejected.
    case rejected
}
