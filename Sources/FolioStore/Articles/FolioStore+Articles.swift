import GRDB

extension FolioStore {
    /// The article with this server id, or `nil`.
    public func article(id: Int64) throws -> Article? {
        try read { db in try Article.fetch(db, id: id) }
    }

    /// The article with this news code, or `nil`. When several carry the code,
    /// the most recently published one.
    public func article(newsCode: Int64) throws -> Article? {
        try read { db in
            guard let id = try Int64.fetchOne(db, sql: """
                SELECT id FROM article WHERE news_code = ? ORDER BY published_at DESC, id DESC LIMIT 1
                """, arguments: [newsCode]) else { return nil }
            return try Article.fetch(db, id: id)
        }
    }

    /// The latest articles that match `filter`, newest first.
    ///
    /// - parameters:
    ///   - filter: which articles; ``ArticleFilter/all`` by default.
    ///   - limit: the most to return, 1 to 1,000.
    public func latestArticles(_ filter: ArticleFilter = .all, limit: Int = 20) throws -> [ArticleSummary] {
        guard (1...1000).contains(limit) else {
            throw FolioStoreError(.invalidInput, "limit must be between 1 and 1000")
        }
        let (conditions, filterArguments) = filter.sqlConditions()
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        var arguments = filterArguments
        arguments += [limit]
        return try read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(ArticleSummary.columns) FROM article a \(whereClause)
                ORDER BY a.published_at DESC, a.id DESC LIMIT ?
                """, arguments: arguments).map(ArticleSummary.init(row:))
        }
    }

    /// The articles related to an article, in the publisher's order. Related
    /// articles that are not in the store (not subscribed, or removed) are skipped.
    public func relatedArticles(of id: Int64) throws -> [ArticleSummary] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(ArticleSummary.columns) FROM article_related x
                JOIN article a ON a.id = x.related_id
                WHERE x.article_id = ? ORDER BY x.position
                """, arguments: [id]).map(ArticleSummary.init(row:))
        }
    }

    /// How many articles match `filter`.
    public func articleCount(_ filter: ArticleFilter = .all) throws -> Int {
        let (conditions, arguments) = filter.sqlConditions()
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM article a \(whereClause)", arguments: arguments) ?? 0
        }
    }

    /// The ids and revisions of every article in the store, by id, for
    /// diagnostics and tests (checksums come from ``bucketChecksums(width:)``).
    public func articleRevisions(idRange: ClosedRange<Int64>? = nil) throws -> [(id: Int64, revision: Int64)] {
        try read { db in
            let range = idRange ?? Int64.min...Int64.max
            return try Row.fetchAll(db, sql: """
                SELECT id, revision FROM article WHERE id BETWEEN ? AND ? ORDER BY id
                """, arguments: [range.lowerBound, range.upperBound]).map { ($0["id"], $0["revision"]) }
        }
    }
}
