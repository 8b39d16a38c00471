import FolioWire
import GRDB

/// The ``ArchiveReader`` of ``SQLiteStorage``: one read transaction (WAL:
/// writers go on meanwhile). Valid only inside the read's closure.
struct SQLiteArchiveReader: ArchiveReader {
    let db: Database

    /// Facets by id, read once per reader on first use (the table is small).
    private final class FacetCache {
        var facets: [Int64: ChecksumFacet]?
    }
    private let cache = FacetCache()

    init(db: Database) {
        self.db = db
    }

    private func facets() throws -> [Int64: ChecksumFacet] {
        if let facets = cache.facets { return facets }
        let facets = try SQLiteStorage.facets(db)
        cache.facets = facets
        return facets
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

    /// The ids of the facets matching `subscription`.
    private func matchingFacets(_ subscription: Subscription) throws -> Set<Int64> {
        Set(try facets().filter { $0.value.matches(subscription) }.keys)
    }

    func checksumTotal(matching subscription: Subscription) throws -> ArchiveChecksum {
        if subscription.isAll {
            return try Row.fetchOne(
                db.cachedStatement(sql: "SELECT count, sum, comments FROM checksum_all WHERE bucket = ?"),
                arguments: [SQLiteStorage.allTotalBucket]
            ).map(SQLiteStorage.sums(from:)) ?? .empty
        }
        let matching = try matchingFacets(subscription)
        var total = ArchiveChecksum.empty
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT facet, count, sum, comments FROM checksum_facet")) {
            if !matching.contains(try row.decode(forColumn: "facet")) { continue }
            total = total + (try SQLiteStorage.sums(from: row))
        }
        return total
    }

    func checksumBuckets(matching subscription: Subscription) throws -> [Int64: ArchiveChecksum] {
        var buckets: [Int64: ArchiveChecksum] = [:]
        func add(_ rows: [Row]) throws {
            for row in rows {
                let bucket: Int64 = try row.decode(forColumn: "bucket")
                buckets[bucket, default: .empty] = buckets[bucket, default: .empty] + (try SQLiteStorage.sums(from: row))
            }
        }
        if subscription.isAll {
            try add(try Row.fetchAll(
                db.cachedStatement(sql: "SELECT bucket, count, sum, comments FROM checksum_all WHERE bucket >= 0")))
        } else {
            for facet in try matchingFacets(subscription) {
                try add(try Row.fetchAll(
                    db.cachedStatement(sql: "SELECT bucket, count, sum, comments FROM checksum_bucket WHERE facet = ?"),
                    arguments: [facet]))
            }
        }
        return buckets.filter { !$0.value.isEmpty }
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
        try await read { db in try body(SQLiteArchiveReader(db: db)) }
    }
}
