import FolioWire

/// Where the sync service keeps its state, in the shape of Hummingbird's
/// `PersistDriver`: a `Sendable` value with `async throws` methods, one
/// driver per database (``SQLiteStorage`` now, PostgreSQL next,
/// ``InMemoryStorage`` for tests).
///
/// Contract every driver keeps:
/// - One global sequence per epoch. Every publish, correction, unpublish,
///   new comment and comment status change takes the next value, in the same
///   transaction as the change, and stores it on the changed row.
/// - Each write method is atomic: it commits completely or not at all.
/// - Comments with a push origin are stored at most once per (client key
///   hash, idempotency key), the idempotency record in the same transaction.
/// - Reads of ``changes(after:limit:)`` see one consistent snapshot.
///
/// Errors are ``FolioServerError``s.
public protocol ServerStorage: Sendable {
    /// The random epoch made when the database was created (SPEC.md §7.1).
    func epoch() async throws -> UInt64

    /// Publishes or corrects `content` (by its id). Identical content of a
    /// live article changes nothing. Keeps the newest `keepRevisions` revisions;
    /// republishing a tombstone drops its older revisions (no client holds them).
    func writeArticle(_ content: ArticleContent, keepRevisions: Int) async throws -> ArticleWriteOutcome

    /// Turns a live article into a tombstone; nil if there is no such article.
    func unpublishArticle(id: Int64, at time: Int64) async throws -> ArticleWriteOutcome?

    /// The article row (live or tombstone), or nil.
    func article(id: Int64) async throws -> StoredArticle?

    /// The newest retained revision of an article whose sequence is at most
    /// `sequence`: the revision a client at that cursor holds. Nil if none is retained.
    func revision(articleID: Int64, atOrBefore sequence: UInt64) async throws -> ArticleRevision?

    /// At most `limit` rows whose sequence is greater than `sequence`, ascending.
    func changes(after sequence: UInt64, limit: Int) async throws -> ChangeBatch

    /// The checksum (SPEC.md §7.2) of what a client whose cursor was `base`
    /// holds after applying every change up to `position` (`base <= position`):
    /// articles whose latest change is at or before `position` as they are now,
    /// and every other article as of its newest revision at or before `base`.
    /// Exact as long as that revision is retained; otherwise the article counts
    /// as absent and the client's repair settles the difference.
    func checksum(through position: UInt64, base: UInt64) async throws -> ArchiveChecksum

    /// The keys (with their tags) of the same set as
    /// ``checksum(through:base:)``, ascending by id.
    func articleKeys(through position: UInt64, base: UInt64) async throws -> [ArticleKey]

    /// The head sequence and the keys of all live articles, in one snapshot.
    func liveArticleKeys() async throws -> (head: UInt64, keys: [ArticleKey])

    /// The head sequence and the live articles whose ids lie in any of
    /// `ranges`, ascending by id, in one snapshot.
    func liveArticles(in ranges: [ClosedRange<Int64>]) async throws -> (head: UInt64, articles: [StoredArticle])

    /// Reads every live article, ascending by id, at most `batchSize` at a
    /// time, with the approved comments of each batch, all in one consistent
    /// read, and hands each batch to `transform` (SPEC.md §11). Only what
    /// `transform` returns is kept: a bootstrap snapshot of a large archive
    /// never holds the whole archive in memory.
    ///
    /// - returns: the head sequence of the read and the transformed batches,
    ///   in order.
    func readLiveArchive<Part: Sendable>(
        batchSize: Int,
        _ transform: @escaping @Sendable (_ articles: [StoredArticle], _ approvedComments: [StoredComment]) throws -> Part
    ) async throws -> (head: UInt64, parts: [Part])

    /// Stores a comment exactly once (see ``NewCommentRecord/Origin``).
    func insertComment(_ record: NewCommentRecord) async throws -> CommentInsertOutcome

    /// The remembered first reply to (client key hash, idempotency key), accepted or rejected.
    func pushRecord(clientKeyHash: [UInt8], idempotencyKey: [UInt8]) async throws -> PushRecord?

    /// Remembers a refusal for (client key hash, idempotency key) unless a
    /// reply is already remembered; returns the remembered record (the first wins).
    func recordRejection(
        _ rejection: PushRejection, clientKeyHash: [UInt8], idempotencyKey: [UInt8], bodyHash: [UInt8], at time: Int64
    ) async throws -> PushRecord

    /// One comment, or nil.
    func comment(id: Int64) async throws -> StoredComment?

    /// Comments for editors, ascending by id, after `afterID`, optionally of one status.
    func comments(status: ModerationStatus?, afterID: Int64, limit: Int) async throws -> [StoredComment]

    /// Sets a comment's status, taking a sequence if it changed; nil if no such comment.
    func setCommentStatus(id: Int64, to status: ModerationStatus) async throws -> StoredComment?

    /// Stores a token record.
    func storeToken(_ record: TokenRecord) async throws

    /// The token with this SHA-256 hash, or nil.
    func token(hash: [UInt8]) async throws -> TokenRecord?

    /// Deletes tombstones whose sequence is below `sequence` and raises the
    /// tombstone horizon to it; returns how many were deleted.
    func purgeTombstones(before sequence: UInt64) async throws -> Int

    /// The newest removal sequence of a tombstone unpublished before `time`
    /// (Unix ms), or nil if there is none.
    func newestTombstoneSequence(removedBefore time: Int64) async throws -> UInt64?

    /// Counts for metrics.
    func statistics() async throws -> StorageStatistics
}
