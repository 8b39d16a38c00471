import FolioWire
import Foundation
import Logging
import Metrics

/// The sync service: Protocol 2 requests in, responses out, plus the editor
/// operations, on top of a ``ServerStorage``. It knows nothing of HTTP.
///
/// ```swift
/// let service = FolioSyncService(storage: try SQLiteStorage(path: "folio-server.sqlite"))
/// _ = try await service.publish(article)
/// let page = try await service.pull(request, clientKeyHash: nil)
/// ```
public final class FolioSyncService: Sendable {
    /// The storage driver.
    public let storage: any ServerStorage
    /// Limits and defaults.
    public let configuration: SyncServiceConfiguration
    let clock: ServiceClock
    let now: @Sendable () -> Int64
    let notifier = ChangeNotifier()
    let snapshots: SnapshotCache
    let logger: Logger
    let deltaBytesSaved = Counter(label: "folio_delta_bytes_saved_total")

    /// Creates a service.
    ///
    /// Bootstrap snapshot parts (SPEC.md §11) go to
    /// ``SyncServiceConfiguration/snapshotDirectory``, by default
    /// `<database>.snapshots/` next to an on-disk ``SQLiteStorage``, else memory.
    ///
    /// - Parameters:
    ///   - clock: the clock long polls wait on (inject a test clock).
    ///   - now: the wall clock in Unix milliseconds.
    public init(
        storage: any ServerStorage,
        configuration: SyncServiceConfiguration = SyncServiceConfiguration(),
        clock: ServiceClock = .continuous,
        now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1_000) },
        logger: Logger = Logger(label: "folio.server")
    ) {
        self.storage = storage
        self.configuration = configuration
        self.clock = clock
        self.now = now
        self.logger = logger
        let directory = configuration.snapshotDirectory
            ?? (storage as? SQLiteStorage)?.path.map { $0 + ".snapshots" }
        snapshots = SnapshotCache(store: SnapshotPartStore(directory: directory.map { URL(fileURLWithPath: $0) }))
    }

    /// Wakes long polls after a change made outside the service's own methods.
    public func changed() async {
        await notifier.notify()
    }

    // MARK: - Editor operations

    /// Publishes a new article or corrects an existing one (same id).
    /// Publishing identical content changes nothing.
    public func publish(_ content: ArticleContent) async throws -> ArticleWriteOutcome {
        let outcome = try await storage.writeArticle(content, keepRevisions: configuration.keepRevisions)
        if outcome.changed { await notifier.notify() }
        return outcome
    }

    /// Unpublishes an article: it becomes a tombstone.
    ///
    /// - Throws: ``FolioServerError/Code/articleNotFound``.
    public func unpublish(articleID: Int64) async throws -> ArticleWriteOutcome {
        guard let outcome = try await storage.unpublishArticle(id: articleID, at: now()) else {
            throw FolioServerError(.articleNotFound, "no article \(articleID)")
        }
        if outcome.changed { await notifier.notify() }
        return outcome
    }

    /// Comments for editors (with e-mail addresses), ascending by id.
    public func comments(status: ModerationStatus?, afterID: Int64 = 0, limit: Int = 100) async throws -> [StoredComment] {
        try await storage.comments(status: status, afterID: afterID, limit: min(max(limit, 0), 1_000))
    }

    /// Sets a comment's moderation status; the change takes a sequence number.
    ///
    /// - Throws: ``FolioServerError/Code/commentNotFound``.
    public func moderate(commentID: Int64, to status: ModerationStatus) async throws -> StoredComment {
        let before = try await storage.comment(id: commentID)
        guard let comment = try await storage.setCommentStatus(id: commentID, to: status) else {
            throw FolioServerError(.commentNotFound, "no comment \(commentID)")
        }
        if before?.sequence != comment.sequence {
            Counter(label: "folio_comments_moderated_total", dimensions: [("status", status.rawValue)]).increment()
            await notifier.notify()
        }
        return comment
    }

    /// Deletes tombstones unpublished more than `days` days ago (SPEC.md §8.4:
    /// at least 180) and raises the tombstone horizon past them; clients with
    /// older cursors then get E403 and repair. Returns how many were deleted.
    public func compactTombstones(olderThanDays days: Int = 180) async throws -> Int {
        let cutoff = now() - Int64(max(days, 180)) * 86_400_000
        guard let newest = try await storage.newestTombstoneSequence(removedBefore: cutoff) else { return 0 }
        return try await storage.purgeTombstones(before: newest + 1)
    }

    // MARK: - Tokens

    /// Creates a token and stores only its SHA-256; returns the secret, which
    /// is shown once (`fst_` and 64 hex digits).
    public func createToken(role: TokenRole, label: String = "") async throws -> String {
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let token = "fst_" + Hashing.hex(secret)
        try await storage.storeToken(
            TokenRecord(hash: Hashing.sha256(Array(token.utf8)), role: role, label: label, createdAt: now()))
        return token
    }

    /// The role of `token`, or nil if the server does not know it.
    public func verifyToken(_ token: String) async throws -> TokenRole? {
        guard !token.isEmpty, token.utf8.count <= 256 else { return nil }
        return try await storage.token(hash: Hashing.sha256(Array(token.utf8)))?.role
    }

    // MARK: - Import

    /// What an import did.
    public struct ImportSummary: Sendable, Hashable {
        /// Records read.
        public var read = 0
        /// New articles or comments.
        public var added = 0
        /// Articles that changed.
        public var corrected = 0
        /// Records already present as they are.
        public var unchanged = 0
    }

    /// Publishes every article of a JSON-lines file; re-importing the same
    /// file changes nothing. All lines are validated before anything is written.
    public func importArticles(jsonLines data: Data) async throws -> ImportSummary {
        let articles = try JSONLines.decode(ArticleContent.self, from: data)
        for article in articles { try article.validate() }
        var summary = ImportSummary()
        for article in articles {
            summary.read += 1
            switch try await publish(article) {
            case .published: summary.added += 1
            case .corrected: summary.corrected += 1
            case .unchanged, .unpublished: summary.unchanged += 1
            }
        }
        return summary
    }

    /// Stores every comment of a JSON-lines file with its status; re-importing
    /// the same file changes nothing.
    ///
    /// - Throws: ``FolioServerError/Code/commentInvalid`` for an invalid
    ///   comment or one on an unknown article.
    public func importComments(jsonLines data: Data) async throws -> ImportSummary {
        let comments = try JSONLines.decode(ImportedComment.self, from: data)
        for (index, comment) in comments.enumerated() {
            if let problem = CommentValidator.problem(name: comment.name, email: comment.email, text: comment.text) {
                throw FolioServerError(.commentInvalid, "comment \(index + 1): \(problem.message)")
            }
        }
        var summary = ImportSummary()
        for comment in comments {
            summary.read += 1
            let record = NewCommentRecord(
                articleID: comment.articleID, name: comment.name, email: comment.email, text: comment.text,
                createdAt: comment.createdAt, receivedAt: now(), status: comment.status,
                origin: .imported(importKey: comment.importKey))
            switch try await storage.insertComment(record) {
            case .stored: summary.added += 1
            case .replayed: summary.unchanged += 1
            case .unknownArticle, .keyReused:
                throw FolioServerError(.commentInvalid, "comment \(summary.read): article \(comment.articleID) is not published")
            }
        }
        if summary.added > 0 { await notifier.notify() }
        return summary
    }
}
