import FolioWire

/// One consistent read of a ``ServerStorage``: everything a reader returns
/// describes the same state, the one at ``head()``. A reader is valid only
/// inside the closure of ``ServerStorage/withConsistentRead(_:)`` (like
/// GRDB's `Database`, it never escapes).
///
/// Checksum reads (``checksumTotal(matching:)``,
/// ``checksumBuckets(matching:)``) cost the number of facets and buckets,
/// never the number of articles (SPEC.md §7.3).
public protocol ArchiveReader {
    /// The newest sequence number.
    func head() throws -> UInt64

    /// Tombstones with sequence below this may have been purged.
    func tombstoneHorizon() throws -> UInt64

    /// At most `limit` change-log rows whose sequence is greater than
    /// `sequence`, ascending by sequence.
    func changes(after sequence: UInt64, limit: Int) throws -> ChangeBatch

    /// The same, leaving out comment rows that no client with
    /// `clientKeyHash` may see (others' comments never approved): a reader's
    /// page then does not spend its reads on others' pending comments. A
    /// storage may return more rows than that (the page leaves out what the
    /// client may not see); the default returns every row.
    func changes(after sequence: UInt64, limit: Int, commentsVisibleTo clientKeyHash: [UInt8]?) throws -> ChangeBatch

    /// The maintained checksum (SPEC.md §7.2) of the live articles matching
    /// `subscription` and their approved comments.
    func checksumTotal(matching subscription: Subscription) throws -> ArchiveChecksum

    /// The maintained checksums of the same set per bucket of
    /// ``ChecksumLayout/maintainedBucketWidth``; empty buckets are absent.
    func checksumBuckets(matching subscription: Subscription) throws -> [Int64: ArchiveChecksum]

    /// The maintained checksums per language and bucket of
    /// ``ChecksumLayout/maintainedBucketWidth`` (the sum over the facets of
    /// each language); empty buckets are absent. Costs the number of facets
    /// and buckets (SPEC.md §11: what a snapshot rebuild compares).
    func checksumBucketsByLanguage() throws -> [String: [Int64: ArchiveChecksum]]

    /// Every live article of `language` with an id in `first...last`,
    /// ascending by id, and the approved comments of those articles,
    /// ascending by article and id (one snapshot part, SPEC.md §11).
    func liveArticles(language: String, from first: Int64, through last: Int64) throws
        -> (articles: [StoredArticle], approvedComments: [StoredComment])

    /// At most `limit` article rows (live or tombstones) with ids in
    /// `first...last`, ascending by id, without their content.
    func articleHeaders(from first: Int64, through last: Int64, limit: Int) throws -> [ArticleHeader]

    /// The article row (live or tombstone), or nil.
    func article(id: Int64) throws -> StoredArticle?

    /// Every comment of an article, in any status, ascending by id.
    func comments(ofArticle articleID: Int64) throws -> [StoredComment]
}

/// The bookkeeping of an article row without its content: enough to decide
/// whether a repair needs it (SPEC.md §7.4).
public struct ArticleHeader: Sendable, Hashable {
    /// The article id.
    public var id: Int64
    /// False for a tombstone.
    public var isLive: Bool
    /// The tags the article is filed under (nil only for rows that have none yet).
    public var facet: ChecksumFacet?

    /// Creates a header.
    public init(id: Int64, isLive: Bool, facet: ChecksumFacet?) {
        self.id = id
        self.isLive = isLive
        self.facet = facet
    }
}

extension ArchiveReader {
    /// Every row: correct for any storage, as pages filter what they send.
    public func changes(after sequence: UInt64, limit: Int, commentsVisibleTo clientKeyHash: [UInt8]?) throws
        -> ChangeBatch
    {
        try changes(after: sequence, limit: limit)
    }
}
