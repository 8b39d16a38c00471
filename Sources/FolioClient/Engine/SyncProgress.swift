import FolioStore

/// Where a sync stands, for a progress bar.
///
/// ``fraction`` never goes backwards and never passes 1 within one sync.
public struct SyncProgress: Sendable, Hashable, Codable {
    /// What the download lane is doing.
    public enum Phase: String, Sendable, Hashable, Codable {
        case connecting, catchingUp, repairing, waiting, live, done, failed
    }

    /// What the download lane is doing.
    public var phase: Phase
    /// Pages applied in this sync.
    public var pages: Int
    /// Articles written in this sync (new, updated, repaired).
    public var articles: Int
    /// Approximate payload bytes received in this sync.
    public var bytes: Int64
    /// The articles the server holds for this client, when a checkpoint said so.
    public var estimatedTotal: Int?
    /// The share done, 0…1, when it can be estimated.
    public var fraction: Double?
}

/// What a sync did, once it ends.
public struct SyncReport: Sendable, Hashable, Codable {
    /// Articles that appeared.
    public var inserted = 0
    /// Articles that changed.
    public var updated = 0
    /// Articles that were removed.
    public var removed = 0
    /// Comments that appeared, changed or went.
    public var comments = 0
    /// Pages applied.
    public var pages = 0
    /// Approximate payload bytes received.
    public var bytes: Int64 = 0
    /// Bodies that arrived as deltas.
    public var deltaBodies = 0
    /// Outbox comments the server accepted in this sync.
    public var commentsAccepted = 0
    /// Outbox comments the server rejected in this sync.
    public var commentsRejected = 0
    /// Outbox comments still waiting to be sent.
    public var commentsWaiting = 0
    /// Repair rounds run.
    public var repairs = 0

    /// Creates an empty report.
    public init() {}

    mutating func add(_ summary: SyncBatchSummary) {
        inserted += summary.articlesInserted
        updated += summary.articlesUpdated
        removed += summary.articlesRemoved
        comments += summary.commentsInserted + summary.commentsUpdated + summary.commentsRemoved
    }
}

/// What a running sync reports as it goes.
public enum SyncEvent: Sendable, Hashable {
    /// The download lane moved on.
    case progress(SyncProgress)
    /// A page or repair was committed, with what it changed.
    case applied(SyncBatchSummary)
    /// A push settled outbox comments.
    case pushed(accepted: Int, rejected: Int, waiting: Int)
}
