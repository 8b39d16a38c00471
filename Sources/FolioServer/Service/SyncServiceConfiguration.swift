/// Bounds and defaults of the sync service. Every limit is documented here.
public struct SyncServiceConfiguration: Sendable, Hashable {
    /// Changes per pull page when the client asks for 0. Default 500.
    public var defaultPageChanges: Int = 500
    /// Most changes per pull page whatever the client asks (SPEC.md §6.1
    /// recommends 500). Default 500.
    public var maxPageChanges: Int = 500
    /// Serialized bytes of changes after which a page is cut (at least one
    /// change is always sent). Default 512 KiB, well under the 8 MiB frame limit.
    public var maxPageBytes: Int = 512 << 10
    /// Upper bound of a long poll, in seconds (SPEC.md §6.3 `max_wait_seconds`,
    /// recommended 60). Default 60.
    public var maxWaitSeconds: UInt32 = 60
    /// How often a long poll re-reads storage even without a notification
    /// (catches writes by other processes, e.g. the CLI). Default 2 s.
    public var pollInterval: Duration = .seconds(2)
    /// Revisions kept per article for deltas. Default 8.
    public var keepRevisions: Int = 8
    /// Bucket width of checkpoints and checksums (SPEC.md §7.3 recommends 1024). Default 1024.
    public var bucketWidth: UInt32 = 1_024
    /// Most comments in one push request. Default 100.
    public var maxCommentsPerPush: Int = 100
    /// Most id ranges in one repair request. Default 64.
    public var maxRepairRanges: Int = 64
    /// Most articles in one repair response (SPEC.md §7.4); the rest of
    /// the ranges is settled by the next request. Default 500.
    public var maxRepairArticles: Int = 500
    /// Encoded `Article` and `Comment` bytes after which a repair response
    /// is cut (at least one article is always sent). Default 512 KiB.
    public var maxRepairBytes: Int = 512 << 10
    /// Article rows a repair response examines at most, matching or not, so
    /// that wide ranges and empty subscriptions cost bounded work. Default 4096.
    public var maxRepairExaminedRows: Int = 4_096

    /// About how many articles of one language a snapshot part holds: whole
    /// buckets of ids are grouped until a part would hold more (a single
    /// bucket may hold more, up to its 1024 ids). Default 500: one bucket of
    /// a busy language, so a correction rebuilds about 500-1,000 articles
    /// (SPEC.md §15: under a second of CPU at 20,000 articles).
    public var snapshotArticlesPerPart: Int = 500
    /// Articles per frame (`SnapshotChunk`) inside a part. Default 100.
    public var snapshotArticlesPerChunk: Int = 100
    /// A snapshot is rebuilt at most this often, so part paths stay valid
    /// long enough to download. Default 60 s.
    public var snapshotMinimumAge: Duration = .seconds(60)
    /// How long a part file is still served after the last manifest that
    /// listed it was replaced (SPEC.md §11: at least 24 hours); then it is
    /// deleted and its path answers 410. Default 24 hours.
    public var snapshotRetention: Duration = .seconds(86_400)
    /// The directory of the snapshot part files and their index. Nil: next
    /// to an on-disk ``SQLiteStorage`` (`<database>.snapshots`), in memory
    /// for any other storage.
    public var snapshotDirectory: String?

    /// The defaults.
    public init() {}
}
