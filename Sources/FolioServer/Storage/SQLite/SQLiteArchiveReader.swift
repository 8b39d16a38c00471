import FolioWire
import Foundation
import GRDB

/// The ``ArchiveReader`` of ``SQLiteStorage``: one read transaction (WAL:
/// writers go on meanwhile). Valid only inside the read's closure.
struct SQLiteArchiveReader: ArchiveReader {
    let db: Database

    let cache: SubscriptionSumsCache

    init(db: Database, cache: SubscriptionSumsCache) {
        self.db = db
        self.cache = cache
    }

    /// Every committed facet by id, decoded once per server process.
    private func facets() throws -> [Int64: ChecksumFacet] {
        let maxID = try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(id) FROM facet")) ?? 0
        return try cache.facets(maxID: maxID) { after in try SQLiteStorage.facets(db, after: after) }
    }

    func head() throws -> UInt64 {
        UInt64(bitPattern: try SQLiteStorage.meta(db, "head"))
    }

    func tombstoneHorizon() throws -> UInt64 {
        UInt64(bitPattern: try SQLiteStorage.meta(db, "horizon"))
    }

    func changes(after sequence: UInt64, limit: Int) throws -> ChangeBatch {
        try changes(after: sequence, limit: limit, comments: """
            SELECT \(SQLiteStorage.commentColumns) FROM comment WHERE sequence > ? ORDER BY sequence LIMIT ?
            """, visibleTo: nil)
    }

    func changes(after sequence: UInt64, limit: Int, commentsVisibleTo clientKeyHash: [UInt8]?) throws -> ChangeBatch {
        // What FolioSyncService.view(of:for:cursor:) may send: approved
        // comments, once-approved ones (their removal) and the client's own.
        try changes(after: sequence, limit: limit, comments: """
            SELECT \(SQLiteStorage.commentColumns) FROM comment
            WHERE sequence > ? AND (status = 'approved' OR was_approved = 1 OR client_key_hash = ?)
            ORDER BY sequence LIMIT ?
            """, visibleTo: clientKeyHash.map { Data($0) } ?? Data())
    }

    private func changes(after sequence: UInt64, limit: Int, comments sql: String, visibleTo: Data?) throws
        -> ChangeBatch
    {
        let limit = max(1, limit)
        let after = Int64(bitPattern: min(sequence, UInt64(Int64.max)))
        let articles = try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT \(SQLiteStorage.articleColumns) FROM article WHERE sequence > ? ORDER BY sequence LIMIT ?
                """),
            arguments: [after, limit + 1]
        ).map { ChangeRow.article(try SQLiteStorage.article(from: $0)) }
        let arguments: StatementArguments = visibleTo.map { [after, $0, limit + 1] } ?? [after, limit + 1]
        let comments = try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
            .map { ChangeRow.comment(try SQLiteStorage.comment(from: $0)) }
        let merged = (articles + comments).sorted { $0.sequence < $1.sequence }
        return ChangeBatch(
            rows: Array(merged.prefix(limit)), hasMore: merged.count > limit, head: try head(),
            tombstoneHorizon: try tombstoneHorizon())
    }

    /// The sums of all facets together per bucket.
    private func allBuckets() throws -> [Int64: ArchiveChecksum] {
        var buckets: [Int64: ArchiveChecksum] = [:]
        // Read by position: a checksum answer reads one row per bucket, and
        // names cost a lookup per column.
        let rows = try Row.fetchCursor(
            db.cachedStatement(sql: "SELECT bucket, count, sum, comments FROM checksum_all WHERE bucket >= 0"))
        while let row = try rows.next() {
            let bucket: Int64 = row[0]
            let count: Int64 = row[1]
            let sum: Int64 = row[2]
            let comments: Int64 = row[3]
            buckets[bucket] = ArchiveChecksum(
                count: UInt64(bitPattern: count), sum: UInt64(bitPattern: sum), comments: UInt64(bitPattern: comments))
        }
        return buckets
    }

    func checksumTotal(matching subscription: Subscription) throws -> ArchiveChecksum {
        let allTotal = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT count, sum, comments FROM checksum_all WHERE bucket = ?"),
            arguments: [SQLiteStorage.allTotalBucket]
        ).map(SQLiteStorage.sums(from:)) ?? .empty
        if subscription.isAll { return allTotal }
        return try cache.total(subscription, allTotal: allTotal, facets: try facets(), source: self)
    }

    func checksumBuckets(matching subscription: Subscription) throws -> [Int64: ArchiveChecksum] {
        let all = try allBuckets()
        if subscription.isAll { return all.filter { !$0.value.isEmpty } }
        return try cache.buckets(subscription, allBuckets: all, facets: try facets(), source: self)
    }

    func checksumBucketsByLanguage() throws -> [String: [Int64: ArchiveChecksum]] {
        var result: [String: [Int64: ArchiveChecksum]] = [:]
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT facet.language, checksum_bucket.bucket, \(Self.sumColumns) FROM checksum_bucket
            JOIN facet ON facet.id = checksum_bucket.facet
            WHERE checksum_bucket.bucket >= 0 GROUP BY facet.language, checksum_bucket.bucket
            """))
        while let row = try rows.next() {
            let sums = Self.wrapped(row, at: 2)
            if !sums.isEmpty { result[row[0], default: [:]][row[1]] = sums }
        }
        return result
    }

    func liveArticles(language: String, from first: Int64, through last: Int64) throws
        -> (articles: [StoredArticle], approvedComments: [StoredComment])
    {
        guard first <= last else { return ([], []) }
        let articles = try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT \(SQLiteStorage.articleColumns) FROM article
                WHERE id BETWEEN ? AND ? AND removed_at IS NULL AND language = ? ORDER BY id
                """),
            arguments: [first, last, language]
        ).map(SQLiteStorage.article(from:))
        guard let low = articles.first?.id, let high = articles.last?.id else { return ([], []) }
        let ids = Set(articles.map(\.id))
        let comments = try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT \(SQLiteStorage.commentColumns) FROM comment
                WHERE article_id BETWEEN ? AND ? AND status = ? ORDER BY article_id, id
                """),
            arguments: [low, high, ModerationStatus.approved.rawValue]
        ).map(SQLiteStorage.comment(from:)).filter { ids.contains($0.articleID) }
        return (articles, comments)
    }

    func articleHeaders(from first: Int64, through last: Int64, limit: Int) throws -> [ArticleHeader] {
        guard first <= last, limit > 0 else { return [] }
        let facets = try facets()
        return try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT id, removed_at IS NULL AS live, facet FROM article WHERE id BETWEEN ? AND ? ORDER BY id LIMIT ?
                """),
            arguments: [first, last, limit]
        ).map { row in
            let facet: Int64? = try row.decode(forColumn: "facet")
            return ArticleHeader(
                id: try row.decode(forColumn: "id"), isLive: try row.decode(forColumn: "live"),
                facet: facet.flatMap { facets[$0] })
        }
    }

    func article(id: Int64) throws -> StoredArticle? {
        try SQLiteStorage.fetchArticle(db, id: id)
    }

    func comments(ofArticle articleID: Int64) throws -> [StoredComment] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT \(SQLiteStorage.commentColumns) FROM comment WHERE article_id = ? ORDER BY id"),
            arguments: [articleID]
        ).map(SQLiteStorage.comment(from:))
    }
}

extension SQLiteStorage {
    /// See ``ServerStorage/withConsistentRead(_:)``.
    public func withConsistentRead<T: Sendable>(
        _ body: @escaping @Sendable (any ArchiveReader) throws -> T
    ) async throws -> T {
        let cache = sumsCache
        return try await read { db in try body(SQLiteArchiveReader(db: db, cache: cache)) }
    }
}

extension SQLiteArchiveReader: FacetSumsSource {
    // Each stored sum is a 64-bit pattern; SQLite's sum() refuses to
    // overflow, so the queries add the low and the high 32 bits apart (each
    // total fits in 64 bits for up to 2^31 rows) and ``wrapped(_:at:)``
    // joins them modulo 2^64. `sum >> 32` is arithmetic: high * 2^32 + low
    // is the stored value exactly.
    static let sumColumns = "sum(count), sum(sum & 4294967295), sum(sum >> 32), sum(comments)"

    func sums(ofFacets facets: FacetSet) throws -> [Int64: ArchiveChecksum] {
        var buckets: [Int64: ArchiveChecksum] = [:]
        let rows = try Row.fetchCursor(
            db.cachedStatement(sql: """
                SELECT bucket, \(Self.sumColumns) FROM checksum_bucket
                WHERE facet IN (SELECT value FROM json_each(?)) AND bucket >= 0 GROUP BY bucket
                """),
            arguments: [facets.json])
        while let row = try rows.next() {
            buckets[row[0]] = Self.wrapped(row, at: 1)
        }
        return buckets
    }

    func sums(ofFacets facets: FacetSet, bucket: Int64) throws -> ArchiveChecksum {
        try Row.fetchOne(
            db.cachedStatement(sql: """
                SELECT \(Self.sumColumns) FROM checksum_bucket
                WHERE bucket = ? AND facet IN (SELECT value FROM json_each(?))
                """),
            arguments: [bucket, facets.json]
        ).map { Self.wrapped($0, at: 0) } ?? .empty
    }

    func totalSums(ofFacets facets: FacetSet) throws -> ArchiveChecksum {
        try Row.fetchOne(
            db.cachedStatement(sql: """
                SELECT \(Self.sumColumns) FROM checksum_facet WHERE facet IN (SELECT value FROM json_each(?))
                """),
            arguments: [facets.json]
        ).map { Self.wrapped($0, at: 0) } ?? .empty
    }

    /// The sums of the four aggregate columns from `index` (NULL: no rows).
    static func wrapped(_ row: Row, at index: Int) -> ArchiveChecksum {
        let count: Int64? = row[index]
        let low: Int64? = row[index + 1]
        let high: Int64? = row[index + 2]
        let comments: Int64? = row[index + 3]
        return ArchiveChecksum(
            count: UInt64(bitPattern: count ?? 0),
            sum: UInt64(bitPattern: low ?? 0) &+ (UInt64(bitPattern: high ?? 0) << 32),
            comments: UInt64(bitPattern: comments ?? 0))
    }
}
