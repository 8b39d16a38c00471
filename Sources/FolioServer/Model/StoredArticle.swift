/// An article row as storage holds it: the content at its latest revision,
/// the sequence of its latest change, and whether it was unpublished.
public struct StoredArticle: Sendable, Hashable {
    /// The content at ``revision``. For a tombstone: the content before unpublishing.
    public var content: ArticleContent
    /// The server revision: 1 on first publication, +1 on every correction,
    /// unpublication and republication.
    public var revision: Int64
    /// The global sequence number of the latest change of this article.
    public var sequence: UInt64
    /// When the article was unpublished (Unix ms), or nil if it is live.
    public var removedAt: Int64?

    /// Creates a row.
    public init(content: ArticleContent, revision: Int64, sequence: UInt64, removedAt: Int64?) {
        self.content = content
        self.revision = revision
        self.sequence = sequence
        self.removedAt = removedAt
    }

    /// The article id.
    public var id: Int64 { content.id }
    /// True if the article is a tombstone.
    public var isRemoved: Bool { removedAt != nil }
}

/// One retained revision of an article, kept so that deltas can be made
/// against what a client holds (the newest N per article are kept).
public struct ArticleRevision: Sendable, Hashable {
    /// The content at this revision.
    public var content: ArticleContent
    /// The revision number.
    public var revision: Int64
    /// The sequence number of the change that produced this revision.
    public var sequence: UInt64

    /// Creates a revision record.
    public init(content: ArticleContent, revision: Int64, sequence: UInt64) {
        self.content = content
        self.revision = revision
        self.sequence = sequence
    }
}

/// The result of publishing, correcting or unpublishing an article.
public enum ArticleWriteOutcome: Sendable, Hashable {
    /// The article is new (or was a tombstone and is live again).
    case published(StoredArticle)
    /// The article existed and changed.
    case corrected(StoredArticle)
    /// The article became a tombstone.
    case unpublished(StoredArticle)
    /// Nothing changed (same content, or already unpublished); no sequence was used.
    case unchanged(StoredArticle)

    /// The article after the write.
    public var article: StoredArticle {
        switch self {
        case .published(let article), .corrected(let article), .unpublished(let article), .unchanged(let article):
            article
        }
    }

    /// True unless ``unchanged(_:)``.
    public var changed: Bool {
        if case .unchanged = self { return false }
        return true
    }
}
