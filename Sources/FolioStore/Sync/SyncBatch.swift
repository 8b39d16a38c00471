import Foundation

/// One page of server changes, ready to apply: full articles (the sync engine
/// has already rebuilt delta bodies), removals, comments, and the cursor that
/// follows them. ``FolioStore/apply(_:now:)`` commits all of it or none
/// (SPEC.md §6.2).
///
/// A chunk of a bootstrap snapshot is a batch without a cursor that names its
/// snapshot part: the snapshot's cursor is stored only with the last part
/// (SPEC.md §11), and the parts already applied are remembered, so that an
/// interrupted first sync resumes where it stopped.
public struct SyncBatch: Sendable, Hashable {
    /// The server epoch the page belongs to, when the caller knows it. The
    /// protocol's cursors are opaque, so a client usually leaves it `nil`.
    public var epoch: String?
    /// The opaque cursor after this page; `nil` keeps the stored cursor.
    public var cursor: Data?
    /// The snapshot part this batch completes, for a bootstrap chunk.
    public var bootstrapPart: String?
    /// How far into its snapshot part a bootstrap group reaches (SPEC.md
    /// §11), recorded in the same transaction as the group, so that an
    /// interrupted part resumes from there.
    public var bootstrapProgress: BootstrapPartProgress?
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
    /// The languages whose snapshot parts the store holds once this batch is
    /// applied (the last group of a bootstrap); `nil` keeps the stored ones.
    public var heldLanguages: HeldLanguages?

    /// Creates a batch.
    public init(
        epoch: String? = nil, cursor: Data?, articles: [Article] = [], removals: [ArticleRemoval] = [],
        comments: [Comment] = [], removedCommentIDs: [Int64] = [], tombstoneHorizon: Int64? = nil,
        bootstrapPart: String? = nil, bootstrapProgress: BootstrapPartProgress? = nil
    ) {
        self.epoch = epoch
        self.cursor = cursor
        self.bootstrapPart = bootstrapPart
        self.bootstrapProgress = bootstrapProgress
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
