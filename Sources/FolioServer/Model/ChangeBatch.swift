import FolioWire

/// One row of the compacted change log: an article or a comment, at the
/// sequence of its latest change.
public enum ChangeRow: Sendable, Hashable {
    /// An article (live or tombstone).
    case article(StoredArticle)
    /// A comment in any status.
    case comment(StoredComment)

    /// The sequence of the row's latest change.
    public var sequence: UInt64 {
        switch self {
        case .article(let article): article.sequence
        case .comment(let comment): comment.sequence
        }
    }
}

/// Rows changed after a sequence, read in one consistent snapshot.
public struct ChangeBatch: Sendable, Hashable {
    /// Rows with sequence greater than the requested one, ascending by sequence.
    public var rows: [ChangeRow]
    /// True if more rows follow the last one returned.
    public var hasMore: Bool
    /// The newest sequence number of the server at the snapshot.
    public var head: UInt64
    /// Tombstones with sequence below this may have been purged.
    public var tombstoneHorizon: UInt64

    /// Creates a batch.
    public init(rows: [ChangeRow], hasMore: Bool, head: UInt64, tombstoneHorizon: UInt64) {
        self.rows = rows
        self.hasMore = hasMore
        self.head = head
        self.tombstoneHorizon = tombstoneHorizon
    }
}

/// Counts for `/metrics` and operators.
public struct StorageStatistics: Sendable, Hashable {
    /// Comments by moderation status.
    public var commentsByStatus: [ModerationStatus: Int]
    /// Live articles.
    public var liveArticles: Int
    /// Tombstones still kept.
    public var tombstones: Int
    /// Rows of the compacted change log (articles and comments).
    public var changeLogRows: Int
    /// Article revisions retained for deltas.
    public var retainedRevisions: Int
    /// The newest sequence number.
    public var head: UInt64

    /// Creates statistics.
    public init(
        commentsByStatus: [ModerationStatus: Int], liveArticles: Int, tombstones: Int, changeLogRows: Int,
        retainedRevisions: Int, head: UInt64
    ) {
        self.commentsByStatus = commentsByStatus
        self.liveArticles = liveArticles
        self.tombstones = tombstones
        self.changeLogRows = changeLogRows
        self.retainedRevisions = retainedRevisions
        self.head = head
    }
}
