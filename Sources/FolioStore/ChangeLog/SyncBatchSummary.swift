/// What one applied batch changed, counted from the change log: the figures
/// behind "12 new, 3 updated".
public struct SyncBatchSummary: Sendable, Hashable, Codable {
    /// The batch id in the change log.
    public var batchID: Int64
    /// `pull`, `push` or `reset`.
    public var kind: String
    /// When it was applied, in Unix milliseconds (UTC).
    public var appliedAt: Int64
    /// Articles that appeared.
    public var articlesInserted: Int
    /// Articles that changed.
    public var articlesUpdated: Int
    /// Articles that were removed.
    public var articlesRemoved: Int
    /// Comments that appeared.
    public var commentsInserted: Int
    /// Comments that changed (moderation).
    public var commentsUpdated: Int
    /// Comments that were removed.
    public var commentsRemoved: Int
    /// Outbox comments whose state changed.
    public var outboxUpdated: Int

    /// Whether the batch changed anything at all.
    public var isEmpty: Bool {
        articlesInserted + articlesUpdated + articlesRemoved + commentsInserted + commentsUpdated
            + commentsRemoved + outboxUpdated == 0
    }
}
