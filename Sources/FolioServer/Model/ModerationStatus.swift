import FolioWire

/// The moderation state of a comment on the server (SPEC.md §10).
public enum ModerationStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Waiting for an editor. Every new comment starts here.
    case pending
    /// Visible to every reader.
    case approved
    /// Visible only to its author's client.
    case rejected

    /// The wire enum value.
    public var wire: WireCommentStatus {
        switch self {
        case .pending: .pending
        case .approved: .approved
        case .rejected: .rejected
        }
    }
}
