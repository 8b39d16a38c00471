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

    /// Inserts or replaces the article when its revision is newer than the stored one.
    ///
    /// Statements come from the connection's cache: a first sync saves
    /// thousands of articles, and parsing the same SQL each time cost a fifth
    /// of the writer's time.
    ///
    /// - returns: `.insert` or `.update` with the revision it replaced, or
    ///   `nil` when the stored revision is the same or newer (the change was
    ///   already applied).
    /// The caller has validated the article (``PreparedBatch``) and passes its
    /// folded text.
    func save(_ db: Database, folded: FoldedText) throws -> (change: RowChange, previousRevision: Int64?)? {
        let stored = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT revision, title, lead, body FROM article WHERE id = ?"), arguments: [id])
        var previousRevision: Int64?
        if let stored {
            let storedRevision: Int64 = stored["revision"]
            guard revision > storedRevision else { return nil }
            previousRevision = storedRevision
            try Self.unindex(db, id: id, title: stored["title"], lead: stored["lead"], body: stored["body"])
            try db.cachedStatement(sql: """
                UPDATE article SET news_code = ?, language = ?, title = ?, lead = ?, body = ?, author = ?,
                    source = ?, published_at = ?, updated_at = ?, kind = ?, reading_minutes = ?, revision = ?
                WHERE id = ?
                """).execute(arguments: [newsCode, language, title, lead, body, author, source, publishedAt,
                                         updatedAt, kind.rawValue, readingMinutes, revision, id])
            for table in ["article_region", "article_topic", "article_related"] {
                try db.cachedStatement(sql: "DELETE FROM \(table) WHERE article_id = ?").execute(arguments: [id])
            }
        } else {
            try db.cachedStatement(sql: "INSERT INTO article (\(Self.columns)) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")
                .execute(arguments: [id, newsCode, language, title, lead, body, author, source, publishedAt,
                                     updatedAt, kind.rawValue, readingMinutes, revision])
            try db.cachedStatement(sql: "DELETE FROM article_tombstone WHERE id = ?").execute(arguments: [id])
        }
        let region = try db.cachedStatement(sql: "INSERT INTO article_region (article_id, position, region) VALUES (?, ?, ?)")
        for (position, value) in regions.enumerated() { try region.execute(arguments: [id, position, value]) }
        let topic = try db.cachedStatement(sql: "INSERT INTO article_topic (article_id, position, topic) VALUES (?, ?, ?)")
        for (position, value) in topics.enumerated() { try topic.execute(arguments: [id, position, value]) }
        let related = try db.cachedStatement(sql: "INSERT INTO article_related (article_id, position, related_id) VALUES (?, ?, ?)")
        for (position, value) in self.related.enumerated() { try related.execute(arguments: [id, position, value]) }
        try Self.index(db, id: id, folded: folded)
        return (stored == nil ? .insert : .update, previousRevision)
    }

    /// Deletes the article, its tags, its search entry and its comments.
    ///
    /// - returns: whether a row was deleted.
    static func delete(_ db: Database, id: Int64) throws -> Bool {
        guard let stored = try Row.fetchOne(db, sql: "SELECT title, lead, body FROM article WHERE id = ?", arguments: [id]) else {
            return false
        }
        try unindex(db, id: id, title: stored["title"], lead: stored["lead"], body: stored["body"])
        try db.execute(sql: "DELETE FROM article WHERE id = ?", arguments: [id])
        try db.execute(sql: "DELETE FROM comment WHERE article_id = ?", arguments: [id])
        return true
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
