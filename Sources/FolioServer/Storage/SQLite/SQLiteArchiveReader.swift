import FolioWire
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
        let limit = max(1, limit)
        let after = Int64(bitPattern: min(sequence, UInt64(Int64.max)))
        let articles = try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT \(SQLiteStorage.articleColumns) FROM article WHERE sequence > ? ORDER BY sequence LIMIT ?
                """),
            arguments: [after, limit + 1]
        ).map { ChangeRow.article(try SQLiteStorage.article(from: $0)) }
        let comments = try Row.fetchAll(
            db.cachedStatement(sql: """
                SELECT \(SQLiteStorage.commentColumns) FROM comment WHERE sequence > ? ORDER BY sequence LIMIT ?
                """),
            arguments: [after, limit + 1]
        ).map { ChangeRow.comment(try SQLiteStorage.comment(from: $0)) }
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

    /// The sums per facet of one bucket.
    private func facetSums(bucket: Int64) throws -> [Int64: ArchiveChecksum] {
        var sums: [Int64: ArchiveChecksum] = [:]
        for row in try Row.fetchAll(
            db.cachedStatement(sql: "SELECT facet, count, sum, comments FROM checksum_bucket WHERE bucket = ?"),
            arguments: [bucket]) {
            sums[try row.decode(forColumn: "facet")] = try SQLiteStorage.sums(from: row)
        }
        return sums
    }

    func checksumTotal(matching subscription: Subscription) throws -> ArchiveChecksum {
        let allTotal = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT count, sum, comments FROM checksum_all WHERE bucket = ?"),
            arguments: [SQLiteStorage.allTotalBucket]
        ).map(SQLiteStorage.sums(from:)) ?? .empty
        if subscription.isAll { return allTotal }
        return try cache.total(
            subscription, allTotal: allTotal, allBuckets: allBuckets, facets: try facets(), facetSums: facetSums)
    }

    func checksumBuckets(matching subscription: Subscription) throws -> [Int64: ArchiveChecksum] {
        let all = try allBuckets()
        if subscription.isAll { return all.filter { !$0.value.isEmpty } }
        return try cache.buckets(subscription, allBuckets: all, facets: try facets(), facetSums: facetSums)
    }

    func checksumBucketsByLanguage() throws -> [String: [Int64: ArchiveChecksum]] {
        let facets = try facets()
        var result: [String: [Int64: ArchiveChecksum]] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT facet, bucket, count, sum, comments FROM checksum_bucket")) {
            guard let facet = facets[try row.decode(forColumn: "facet")] else {
                throw FolioServerError(.storageFailure, "checksum bucket of an unknown facet")
            }
            let bucket: Int64 = try row.decode(forColumn: "bucket")
            result[facet.language, default: [:]][bucket, default: .empty] =
                result[facet.language, default: [:]][bucket, default: .empty] + (try SQLiteStorage.sums(from: row))
        }
        return result.mapValues { $0.filter { !$0.value.isEmpty } }.filter { !$0.value.isEmpty }
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
