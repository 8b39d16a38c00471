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
/// - The checksum sums of SPEC.md §7.2 are kept per facet
///   (``ChecksumFacet``) and bucket in the same transaction as every change
///   that moves them: publication, correction (which may change the facet),
///   unpublication and republication (with the article's approved comments),
///   new approved comments and moderation to or from approved. Only approved
///   comments of live articles count; a comment counts in its article's bucket.
/// - Republishing an article gives each of its comments a new sequence after
///   the article's (SPEC.md §8.4), so clients receive them again.
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

    /// The sequence of the oldest retained revision of an article whose
    /// sequence is greater than `sequence`, or nil (SPEC.md §8.1: whether a
    /// revision a catch-up passed over was already replaced when it began).
    func revisionSequence(articleID: Int64, after sequence: UInt64) async throws -> UInt64?

    /// Runs `body` on one consistent read of the whole store (an SQLite read
    /// transaction, or the actor's state as it is). The reader must not
    /// escape `body`.
    func withConsistentRead<T: Sendable>(_ body: @escaping @Sendable (any ArchiveReader) throws -> T) async throws -> T

    /// The maintained checksum sums and the same sums recomputed from every
    /// row, in one read: a test and debugging aid whose cost grows with the
    /// archive (requests never use it).
    func checksumAudit() async throws -> ChecksumAudit

    /// Stores a comment exactly once (see ``NewCommentRecord/Origin``).
    func insertComment(_ record: NewCommentRecord) async throws -> CommentInsertOutcome

    /// The remembered first reply to an idempotency key, accepted or
    /// rejected, whichever client key sent it (SPEC.md §10.3: keys are
    /// global).
    func pushRecord(idempotencyKey: [UInt8]) async throws -> PushRecord?

    /// Remembers a refusal for an idempotency key (sent with the client key
    /// of `clientKeyHash`) unless a reply to that key is already remembered;
    /// returns the remembered record (the first wins).
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

extension ServerStorage {
    /// At most `limit` rows whose sequence is greater than `sequence`,
    /// ascending, in one consistent read.
    public func changes(after sequence: UInt64, limit: Int) async throws -> ChangeBatch {
        try await withConsistentRead { reader in try reader.changes(after: sequence, limit: limit) }
    }
}
