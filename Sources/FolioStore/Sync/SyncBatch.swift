import Foundation

/// One page of server changes, ready to apply: full articles (the sync engine
/// has already rebuilt delta bodies), removals, comments, and the cursor that
/// follows them. ``FolioStore/apply(_:now:)`` commits all of it or none.
public struct SyncBatch: Sendable, Hashable {
    /// The server epoch the page belongs to (SPEC.md §6).
    public var epoch: String
    /// The opaque cursor after this page.
    public var cursor: Data
    /// Articles that appeared or changed. An article whose revision is not
    /// newer than the stored one is skipped, so a page applies only once.
    public var articles: [Article]
    /// Articles that were unpublished.
    public var removals: [ArticleRemoval]
    /// Comments that appeared or changed status.
    public var comments: [Comment]
    /// Comments that were withdrawn, by server id.
    public var removedCommentIDs: [Int64]
    /// The server's tombstone horizon: tombstones at or below this sequence may
    /// be dropped (SPEC.md §7.4). `nil` keeps the stored horizon.
    public var tombstoneHorizon: Int64?

    /// Creates a batch.
    public init(
        epoch: String, cursor: Data, articles: [Article] = [], removals: [ArticleRemoval] = [],
        comments: [Comment] = [], removedCommentIDs: [Int64] = [], tombstoneHorizon: Int64? = nil
    ) {
        self.epoch = epoch
        self.cursor = cursor
        self.articles = articles
        self.removals = removals
        self.comments = comments
        self.removedCommentIDs = removedCommentIDs
        self.tombstoneHorizon = tombstoneHorizon
    }
}

/// An unpublished article, as a page of changes reports it.
public struct ArticleRemoval: Sendable, Hashable {
    /// The article id.
    public var id: Int64
    /// The revision at which it was removed.
    public var revision: Int64
    /// The server change sequence of the removal.
    public var sequence: Int64
    /// When it was removed, in Unix milliseconds (UTC).
    public var removedAt: Int64

    /// Creates a removal.
    public init(id: Int64, revision: Int64, sequence: Int64, removedAt: Int64) {
        self.id = id
        self.revision = revision
        self.sequence = sequence
        self.removedAt = removedAt
    }
}
