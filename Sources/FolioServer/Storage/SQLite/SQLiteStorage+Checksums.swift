import FolioWire
import GRDB

/// The maintained checksum sums of SPEC.md §7.2-§7.3 on SQLite: the
/// `facet`, `checksum_bucket` and `checksum_facet` tables of migration
/// `2026-12-01.1-maintained-checksums`, changed read-modify-write in Swift
/// (a SQL `SUM` of 64-bit items would overflow) inside the caller's
/// write transaction.
extension SQLiteStorage {
    /// The id of `facet`, made on first use.
    static func facetID(_ db: Database, _ facet: ChecksumFacet) throws -> Int64 {
        let regions = try ChecksumFacet.canonicalText(facet.regions)
        let topics = try ChecksumFacet.canonicalText(facet.topics)
        let arguments: StatementArguments = [facet.language, regions, topics]
        if let id = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM facet WHERE language = ? AND regions = ? AND topics = ?"),
            arguments: arguments) {
            return id
        }
        try db.cachedStatement(sql: "INSERT INTO facet (language, regions, topics) VALUES (?, ?, ?)")
            .execute(arguments: arguments)
        return db.lastInsertedRowID
    }

    /// Every facet by id, or those with an id above `after`.
    static func facets(_ db: Database, after: Int64 = 0) throws -> [Int64: ChecksumFacet] {
        var facets: [Int64: ChecksumFacet] = [:]
        for row in try Row.fetchAll(
            db.cachedStatement(sql: "SELECT id, language, regions, topics FROM facet WHERE id > ?"), arguments: [after]) {
            facets[try row.decode(forColumn: "id")] = ChecksumFacet(
                language: try row.decode(forColumn: "language"),
                regions: try ChecksumFacet.values(fromCanonicalText: try row.decode(forColumn: "regions")),
                topics: try ChecksumFacet.values(fromCanonicalText: try row.decode(forColumn: "topics")))
        }
        return facets
    }

    /// Reads `count`, `sum` and `comments` columns.
    static func sums(from row: Row) throws -> ArchiveChecksum {
        let count: Int64 = try row.decode(forColumn: "count")
        let sum: Int64 = try row.decode(forColumn: "sum")
        let comments: Int64 = try row.decode(forColumn: "comments")
        return ArchiveChecksum(
            count: UInt64(bitPattern: count), sum: UInt64(bitPattern: sum), comments: UInt64(bitPattern: comments))
    }

    /// Adds `delta` (wrapping; a negated checksum removes) to the bucket of
    /// `articleID` in `facet` and to the facet's total. Rows that become
    /// empty are deleted.
    static func addToSums(_ db: Database, facet: Int64, articleID: Int64, _ delta: ArchiveChecksum) throws {
        guard !delta.isEmpty else { return }
        let bucket = ChecksumLayout.bucket(of: articleID)
        let old = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT count, sum, comments FROM checksum_bucket WHERE facet = ? AND bucket = ?"),
            arguments: [facet, bucket]
        ).map(sums(from:)) ?? .empty
        let new = old + delta
        if new.isEmpty {
            try db.cachedStatement(sql: "DELETE FROM checksum_bucket WHERE facet = ? AND bucket = ?")
                .execute(arguments: [facet, bucket])
        } else {
            try db.cachedStatement(sql: """
                INSERT INTO checksum_bucket (facet, bucket, count, sum, comments) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(facet, bucket) DO UPDATE SET
                    count = excluded.count, sum = excluded.sum, comments = excluded.comments
                """).execute(arguments: [facet, bucket] + bitPatterns(new))
        }
        try addToAllSums(db, bucket: bucket, delta)
        let oldTotal = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT count, sum, comments FROM checksum_facet WHERE facet = ?"),
            arguments: [facet]
        ).map(sums(from:)) ?? .empty
        let total = oldTotal + delta
        if total.isEmpty {
            try db.cachedStatement(sql: "DELETE FROM checksum_facet WHERE facet = ?").execute(arguments: [facet])
        } else {
            try db.cachedStatement(sql: """
                INSERT INTO checksum_facet (facet, count, sum, comments) VALUES (?, ?, ?, ?)
                ON CONFLICT(facet) DO UPDATE SET count = excluded.count, sum = excluded.sum, comments = excluded.comments
                """).execute(arguments: [facet] + bitPatterns(total))
        }
    }

    /// The row of `checksum_all` that holds the archive total.
    static let allTotalBucket: Int64 = -1

    /// Adds `delta` to the sums of all facets together: the bucket's row of
    /// `checksum_all` and the total row.
    private static func addToAllSums(_ db: Database, bucket: Int64, _ delta: ArchiveChecksum) throws {
        for key in [bucket, allTotalBucket] {
            let old = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT count, sum, comments FROM checksum_all WHERE bucket = ?"), arguments: [key]
            ).map(sums(from:)) ?? .empty
            let new = old + delta
            if new.isEmpty {
                try db.cachedStatement(sql: "DELETE FROM checksum_all WHERE bucket = ?").execute(arguments: [key])
            } else {
                try db.cachedStatement(sql: """
                    INSERT INTO checksum_all (bucket, count, sum, comments) VALUES (?, ?, ?, ?)
                    ON CONFLICT(bucket) DO UPDATE SET count = excluded.count, sum = excluded.sum, comments = excluded.comments
                    """).execute(arguments: [key] + bitPatterns(new))
            }
        }
    }

    private static func bitPatterns(_ sums: ArchiveChecksum) -> StatementArguments {
        [Int64(bitPattern: sums.count), Int64(bitPattern: sums.sum), Int64(bitPattern: sums.comments)]
    }

    /// The checksum of the approved comments of an article (whether or not it is live).
    static func approvedCommentSums(_ db: Database, articleID: Int64) throws -> ArchiveChecksum {
        var sums = ArchiveChecksum.empty
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT \(commentColumns), item FROM comment WHERE article_id = ? AND status = ?"),
            arguments: [articleID, ModerationStatus.approved.rawValue])
        for row in rows {
            let stored: Int64? = try row.decode(forColumn: "item")
            let item = try stored.map { UInt64(bitPattern: $0) } ?? comment(from: row).checksumItem
            sums.addComment(item)
        }
        return sums
    }

    /// The facet id and item of a live article row, computing what is missing.
    static func liveArticleSums(_ db: Database, _ article: StoredArticle) throws -> (facet: Int64, item: UInt64) {
        let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT facet, item FROM article WHERE id = ?"), arguments: [article.id])
        let facet: Int64? = try row?.decode(forColumn: "facet")
        let item: Int64? = try row?.decode(forColumn: "item")
        return (
            try facet ?? facetID(db, ChecksumFacet(article.content)),
            item.map { UInt64(bitPattern: $0) } ?? article.checksumItem
        )
    }

    /// Fills the items and sums of rows written before migration
    /// `2026-12-01.1-maintained-checksums`, in one transaction, once.
    static func fillChecksumsIfNeeded(_ writer: any DatabaseWriter) throws {
        try writer.write { db in
            guard try meta(db, "checksums_filled") == 0 else { return }
            var after = Int64.min
            while true {
                let articles = try Row.fetchAll(
                    db.cachedStatement(sql: "SELECT \(articleColumns) FROM article WHERE id > ? ORDER BY id LIMIT 500"),
                    arguments: [after]
                ).map(article(from:))
                guard let last = articles.last else { break }
                for article in articles {
                    let item = article.isRemoved ? nil : Int64(bitPattern: article.checksumItem)
                    try db.cachedStatement(sql: "UPDATE article SET facet = ?, item = ? WHERE id = ?")
                        .execute(arguments: [try facetID(db, ChecksumFacet(article.content)), item, article.id])
                }
                after = last.id
            }
            var afterComment = Int64.min
            while true {
                let comments = try Row.fetchAll(
                    db.cachedStatement(sql: "SELECT \(commentColumns) FROM comment WHERE id > ? ORDER BY id LIMIT 500"),
                    arguments: [afterComment]
                ).map(comment(from:))
                guard let last = comments.last else { break }
                for comment in comments {
                    try db.cachedStatement(sql: "UPDATE comment SET item = ? WHERE id = ?")
                        .execute(arguments: [Int64(bitPattern: comment.checksumItem), comment.id])
                }
                afterComment = last.id
            }
            try db.execute(sql: "DELETE FROM checksum_bucket; DELETE FROM checksum_facet; DELETE FROM checksum_all")
            let rows = try Row.fetchAll(db, sql: """
                SELECT a.id, a.facet, a.item AS article_item, c.comment_sum, c.comment_count FROM article a
                LEFT JOIN (SELECT article_id, count(*) AS comment_count, group_concat(item) AS comment_sum
                           FROM comment WHERE status = 'approved' GROUP BY article_id) c ON c.article_id = a.id
                WHERE a.removed_at IS NULL
                """)
            for row in rows {
                var sums = ArchiveChecksum.article(UInt64(bitPattern: try row.decode(forColumn: "article_item")))
                let items: String? = try row.decode(forColumn: "comment_sum")
                for text in (items ?? "").split(separator: ",") {
                    guard let item = Int64(text) else {
                        throw FolioServerError(.storageFailure, "comment item is not a number")
                    }
                    sums.addComment(UInt64(bitPattern: item))
                }
                try addToSums(db, facet: try row.decode(forColumn: "facet"), articleID: try row.decode(forColumn: "id"), sums)
            }
            try setMeta(db, "checksums_filled", 1)
        }
    }

    /// See ``ServerStorage/checksumAudit()``.
    public func checksumAudit() async throws -> ChecksumAudit {
        try await read { db in
            let facets = try Self.facets(db)
            var maintained = ChecksumState()
            for row in try Row.fetchAll(db, sql: "SELECT facet, bucket, count, sum, comments FROM checksum_bucket") {
                guard let facet = facets[try row.decode(forColumn: "facet")] else {
                    throw FolioServerError(.storageFailure, "checksum bucket of an unknown facet")
                }
                maintained.buckets[ChecksumState.BucketKey(facet: facet, bucket: try row.decode(forColumn: "bucket"))] =
                    try Self.sums(from: row)
            }
            for row in try Row.fetchAll(db, sql: "SELECT facet, count, sum, comments FROM checksum_facet") {
                guard let facet = facets[try row.decode(forColumn: "facet")] else {
                    throw FolioServerError(.storageFailure, "checksum total of an unknown facet")
                }
                maintained.totals[facet] = try Self.sums(from: row)
            }
            // From scratch: every live article's content and every approved
            // comment of a live article, hashed again.
            var recomputed = ChecksumState()
            var liveFacets: [Int64: ChecksumFacet] = [:]
            let articles = try Row.fetchCursor(
                db, sql: "SELECT \(Self.articleColumns) FROM article WHERE removed_at IS NULL")
            while let row = try articles.next() {
                let article = try Self.article(from: row)
                let facet = ChecksumFacet(article.content)
                liveFacets[article.id] = facet
                recomputed.add(.article(article.checksumItem), facet: facet, bucket: ChecksumLayout.bucket(of: article.id))
            }
            let comments = try Row.fetchCursor(
                db, sql: "SELECT \(Self.commentColumns) FROM comment WHERE status = 'approved'")
            while let row = try comments.next() {
                let comment = try Self.comment(from: row)
                guard let facet = liveFacets[comment.articleID] else { continue }
                recomputed.add(
                    .comment(comment.checksumItem), facet: facet, bucket: ChecksumLayout.bucket(of: comment.articleID))
            }
            return ChecksumAudit(maintained: maintained, recomputed: recomputed)
        }
    }
}
