import FolioWire
import GRDB

/// How a write changed a row; the change log records it.
enum RowChange: String {
    case insert, update, delete
}

extension Article {
    /// The columns of `article`, in the order ``init(row:db:)`` reads them.
    static let columns = """
        id, news_code, language, title, lead, body, author, source, published_at,
        updated_at, kind, reading_minutes, revision
        """

    /// Reads an article row and its tag tables.
    init(row: Row, db: Database) throws {
        let id: Int64 = row["id"]
        let kindValue: String = row["kind"]
        guard let kind = ArticleKind(rawValue: kindValue) else {
            throw FolioStoreError(.database, "article \(id) has an unknown kind")
        }
        self.init(
            id: id, newsCode: row["news_code"], language: row["language"], title: row["title"],
            lead: row["lead"], body: row["body"], author: row["author"], source: row["source"],
            publishedAt: row["published_at"], updatedAt: row["updated_at"],
            regions: try String.fetchAll(db, sql: "SELECT region FROM article_region WHERE article_id = ? ORDER BY position", arguments: [id]),
            topics: try String.fetchAll(db, sql: "SELECT topic FROM article_topic WHERE article_id = ? ORDER BY position", arguments: [id]),
            kind: kind, readingMinutes: row["reading_minutes"],
            related: try Int64.fetchAll(db, sql: "SELECT related_id FROM article_related WHERE article_id = ? ORDER BY position", arguments: [id]),
            revision: row["revision"]
        )
    }

    /// Fetches one article by id.
    static func fetch(_ db: Database, id: Int64) throws -> Article? {
        guard let row = try Row.fetchOne(db, sql: "SELECT \(columns) FROM article WHERE id = ?", arguments: [id]) else {
            return nil
        }
        return try Article(row: row, db: db)
    }

    /// What ``save(_:folded:item:replacingAnyRevision:)`` did.
    struct SaveOutcome {
        /// `.insert` or `.update`.
        var change: RowChange
        /// The item of the row it replaced, for an update.
        var previousItem: UInt64?
    }

    /// Inserts or replaces the article when its revision is newer than the
    /// stored one, with its checksum item (SPEC.md §7.2).
    ///
    /// Statements come from the connection's cache: a first sync saves
    /// thousands of articles, and parsing the same SQL each time cost a fifth
    /// of the writer's time. The caller has validated the article
    /// (``PreparedBatch``) and passes its folded text and item.
    ///
    /// - parameter replacingAnyRevision: a repair writes the server's article
    ///   whatever the stored revision (SPEC.md §7.4); it still leaves a row
    ///   whose item is the same.
    /// - returns: what changed, or `nil` when the stored revision is the same
    ///   or newer (the change was already applied, SPEC.md §6.2).
    func save(_ db: Database, folded: FoldedText, item: UInt64,
              replacingAnyRevision: Bool = false) throws -> SaveOutcome? {
        let stored = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT revision, title, lead, body, item FROM article WHERE id = ?"), arguments: [id])
        var previousItem: UInt64?
        if let stored {
            let storedRevision: Int64 = stored["revision"]
            let storedItem = UInt64(bitPattern: stored["item"])
            if replacingAnyRevision {
                guard storedItem != item else { return nil }
            } else {
                guard revision > storedRevision else { return nil }
            }
            previousItem = storedItem
            try Self.unindex(db, id: id, title: stored["title"], lead: stored["lead"], body: stored["body"])
            try db.cachedStatement(sql: """
                UPDATE article SET news_code = ?, language = ?, title = ?, lead = ?, body = ?, author = ?,
                    source = ?, published_at = ?, updated_at = ?, kind = ?, reading_minutes = ?, revision = ?, item = ?
                WHERE id = ?
                """).execute(arguments: [newsCode, language, title, lead, body, author, source, publishedAt,
                                         updatedAt, kind.rawValue, readingMinutes, revision, Int64(bitPattern: item), id])
            // The row now matches its item, even if the item was equal.
            try db.cachedStatement(sql: "DELETE FROM article_item_stale WHERE article_id = ?").execute(arguments: [id])
            for table in ["article_region", "article_topic", "article_related"] {
                try db.cachedStatement(sql: "DELETE FROM \(table) WHERE article_id = ?").execute(arguments: [id])
            }
        } else {
            try db.cachedStatement(sql: "INSERT INTO article (\(Self.columns), item) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
                .execute(arguments: [id, newsCode, language, title, lead, body, author, source, publishedAt,
                                     updatedAt, kind.rawValue, readingMinutes, revision, Int64(bitPattern: item)])
            try db.cachedStatement(sql: "DELETE FROM article_tombstone WHERE id = ?").execute(arguments: [id])
        }
        let region = try db.cachedStatement(sql: "INSERT INTO article_region (article_id, position, region) VALUES (?, ?, ?)")
        for (position, value) in regions.enumerated() { try region.execute(arguments: [id, position, value]) }
        let topic = try db.cachedStatement(sql: "INSERT INTO article_topic (article_id, position, topic) VALUES (?, ?, ?)")
        for (position, value) in topics.enumerated() { try topic.execute(arguments: [id, position, value]) }
        let related = try db.cachedStatement(sql: "INSERT INTO article_related (article_id, position, related_id) VALUES (?, ?, ?)")
        for (position, value) in self.related.enumerated() { try related.execute(arguments: [id, position, value]) }
        try Self.index(db, id: id, folded: folded)
        return SaveOutcome(change: stored == nil ? .insert : .update, previousItem: previousItem)
    }

    /// Deletes the article, its tags, its search entry and its comments.
    ///
    /// - returns: the checksum of what was deleted (the article and its
    ///   approved comments), or `nil` when no article was held.
    static func delete(_ db: Database, id: Int64) throws -> ArchiveChecksum? {
        guard let stored = try Row.fetchOne(db, sql: "SELECT title, lead, body, item FROM article WHERE id = ?",
                                            arguments: [id]) else {
            return nil
        }
        var removed = ArchiveChecksum()
        removed.addArticle(UInt64(bitPattern: stored["item"]))
        for item in try Int64.fetchAll(db, sql: "SELECT item FROM comment WHERE article_id = ? AND status = 'approved'",
                                       arguments: [id]) {
            removed.addComment(UInt64(bitPattern: item))
        }
        try unindex(db, id: id, title: stored["title"], lead: stored["lead"], body: stored["body"])
        try db.execute(sql: "DELETE FROM article WHERE id = ?", arguments: [id])
        try db.execute(sql: "DELETE FROM comment WHERE article_id = ?", arguments: [id])
        try db.execute(sql: "DELETE FROM article_item_stale WHERE article_id = ?", arguments: [id])
        return removed
    }

    /// Adds the folded text to the contentless search index (SPEC.md §13).
    static func index(_ db: Database, id: Int64, folded: FoldedText) throws {
        try db.cachedStatement(sql: "INSERT INTO article_search (rowid, title, lead, body) VALUES (?, ?, ?, ?)")
            .execute(arguments: [id, folded.title, folded.lead, folded.body])
    }

    /// Removes the folded text from the contentless index. FTS5 needs exactly
    /// the values that were indexed, which folding the stored text reproduces.
    static func unindex(_ db: Database, id: Int64, title: String, lead: String, body: String) throws {
        try db.cachedStatement(sql: """
            INSERT INTO article_search (article_search, rowid, title, lead, body) VALUES ('delete', ?, ?, ?, ?)
            """).execute(arguments: [id, SearchFolding.fold(title), SearchFolding.fold(lead), SearchFolding.fold(body)])
    }
}
