import FolioWire
import GRDB

extension FolioStore {
    /// The checksums of what the store holds per bucket of ids (SPEC.md §7.3):
    /// each article's item and the items of its approved comments, read from
    /// the rows (bodies are not hashed again).
    ///
    /// Articles whose content was changed behind the store's back (a write
    /// that did not go through it) get their items computed again first, and
    /// the stored archive checksum is brought in line with the rows, so that
    /// a later checkpoint compares what is really held.
    ///
    /// - parameter width: the bucket width, a power of two in 1…2^24.
    /// - throws: `invalidInput` for another width.
    public func bucketChecksums(width: Int64) throws -> BucketedChecksum {
        var buckets: BucketedChecksum
        do {
            buckets = try BucketedChecksum(width: width)
        } catch {
            throw FolioStoreError(.invalidInput, "bucket width must be a power of two in 1...2^24")
        }
        return try write { db in
            try Self.refreshStaleItems(db)
            let articles = try Row.fetchCursor(db, sql: "SELECT id, item FROM article")
            while let row = try articles.next() {
                buckets.addArticle(id: row[0], item: UInt64(bitPattern: row[1]))
            }
            let comments = try Row.fetchCursor(db, sql: """
                SELECT c.article_id, c.item FROM comment c JOIN article a ON a.id = c.article_id
                WHERE c.status = 'approved'
                """)
            while let row = try comments.next() {
                buckets.addComment(articleID: row[0], item: UInt64(bitPattern: row[1]))
            }
            if try Self.storedArchiveChecksum(db) != buckets.total {
                try Self.saveArchiveChecksum(db, buckets.total)
            }
            return buckets
        }
    }

    /// The archive checksum kept in `sync_state` (SPEC.md §7.2).
    static func storedArchiveChecksum(_ db: Database) throws -> ArchiveChecksum {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT checksum, article_count, comment_count FROM sync_state WHERE id = 1
            """) else { return .empty }
        let sum: Int64 = row[0]
        let count: Int64 = row[1]
        let comments: Int64 = row[2]
        return ArchiveChecksum(count: UInt64(max(0, count)), sum: UInt64(bitPattern: sum),
                               comments: UInt64(max(0, comments)))
    }

    /// Stores the archive checksum in `sync_state`.
    static func saveArchiveChecksum(_ db: Database, _ checksum: ArchiveChecksum) throws {
        try db.execute(sql: """
            UPDATE sync_state SET checksum = ?, article_count = ?, comment_count = ? WHERE id = 1
            """, arguments: [Int64(bitPattern: checksum.sum), Int64(clamping: checksum.count),
                             Int64(clamping: checksum.comments)])
    }

    /// The checksum of what the store holds in `ranges`: the articles and
    /// their approved comments, from the stored items.
    static func rowChecksum(_ db: Database, ranges: [ClosedRange<Int64>]) throws -> ArchiveChecksum {
        var checksum = ArchiveChecksum()
        for range in ranges {
            let arguments: StatementArguments = [range.lowerBound, range.upperBound]
            for item in try Int64.fetchAll(db, sql: "SELECT item FROM article WHERE id BETWEEN ? AND ?",
                                           arguments: arguments) {
                checksum.addArticle(UInt64(bitPattern: item))
            }
            for item in try Int64.fetchAll(db, sql: """
                SELECT c.item FROM comment c JOIN article a ON a.id = c.article_id
                WHERE c.article_id BETWEEN ? AND ? AND c.status = 'approved'
                """, arguments: arguments) {
                checksum.addComment(UInt64(bitPattern: item))
            }
        }
        return checksum
    }

    /// Computes again the items of articles changed without their item
    /// (``StoreMigrations`` keeps them in `article_item_stale`), and moves the
    /// stored checksum by the difference.
    static func refreshStaleItems(_ db: Database) throws {
        let stale = try Int64.fetchAll(db, sql: "SELECT article_id FROM article_item_stale")
        guard !stale.isEmpty else { return }
        var checksum = try storedArchiveChecksum(db)
        for id in stale {
            guard let oldItem = try Int64.fetchOne(db, sql: "SELECT item FROM article WHERE id = ?", arguments: [id]),
                  let article = try Article.fetch(db, id: id) else { continue }
            let item = article.checksumItem
            guard item != UInt64(bitPattern: oldItem) else { continue }
            try db.execute(sql: "UPDATE article SET item = ? WHERE id = ?", arguments: [Int64(bitPattern: item), id])
            checksum.removeArticle(UInt64(bitPattern: oldItem))
            checksum.addArticle(item)
        }
        try db.execute(sql: "DELETE FROM article_item_stale")
        try saveArchiveChecksum(db, checksum)
    }

    /// Fills the items of rows written before checksums covered content
    /// (migration `2026-12-01.1-content-checksums`) and recomputes the stored
    /// checksum from them. Runs once, right after that migration.
    static func fillChecksumItemsIfNeeded(_ db: Database) throws {
        guard try Int.fetchOne(db, sql: "SELECT checksum_items FROM sync_state WHERE id = 1") == 0 else { return }
        let ids = try Int64.fetchAll(db, sql: "SELECT id FROM article ORDER BY id")
        for id in ids {
            guard let article = try Article.fetch(db, id: id) else { continue }
            try db.cachedStatement(sql: "UPDATE article SET item = ? WHERE id = ?")
                .execute(arguments: [Int64(bitPattern: article.checksumItem), id])
        }
        let comments = try Row.fetchAll(db, sql: "SELECT id, article_id, name, text, created_at FROM comment")
        for row in comments {
            let item = ChecksumItem.comment(id: row["id"], articleID: row["article_id"], name: row["name"],
                                            text: row["text"], createdAt: row["created_at"])
            try db.cachedStatement(sql: "UPDATE comment SET item = ? WHERE id = ?")
                .execute(arguments: [Int64(bitPattern: item), row["id"] as Int64])
        }
        try db.execute(sql: "DELETE FROM article_item_stale")
        try saveArchiveChecksum(db, rowChecksum(db, ranges: [Int64.min...Int64.max]))
        try db.execute(sql: "UPDATE sync_state SET checksum_items = 1 WHERE id = 1")
    }
}

extension Article {
    /// The article's checksum item (SPEC.md §7.2): a hash of every field, as
    /// stored, with tags and related ids in their stored order.
    public var checksumItem: UInt64 {
        ChecksumItem.article(
            id: id, revision: revision, newsCode: newsCode, language: language, title: title, lead: lead,
            body: body, author: author, source: source, publishedAt: publishedAt, updatedAt: updatedAt,
            regions: regions, topics: topics, kind: kind.number, readingMinutes: UInt32(clamping: readingMinutes),
            related: related)
    }
}

extension Comment {
    /// The comment's checksum item over its public fields (SPEC.md §7.2).
    /// Only an approved comment counts in a checksum.
    public var checksumItem: UInt64 {
        ChecksumItem.comment(id: id, articleID: articleID, name: name, text: text, createdAt: createdAt)
    }
}

extension ArticleKind {
    /// The `ArticleKind` number of `folio.proto`, as SPEC.md §7.2 hashes it.
    public var number: UInt32 {
        switch self {
        case .article: 1
        case .report: 2
        case .interview: 3
        case .specialReport: 4
        }
    }
}
