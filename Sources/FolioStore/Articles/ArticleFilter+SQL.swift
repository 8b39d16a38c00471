import GRDB

extension ArticleFilter {
    /// The filter as SQL conditions on the `article` table aliased `a`, joined
    /// with `AND`, and their arguments. Empty when the filter matches all.
    func sqlConditions() -> (sql: [String], arguments: StatementArguments) {
        var sql: [String] = []
        var arguments = StatementArguments()
        if let language {
            sql.append("a.language = ?")
            arguments += [language]
        }
        if let kind {
            sql.append("a.kind = ?")
            arguments += [kind.rawValue]
        }
        if let region {
            sql.append("EXISTS (SELECT 1 FROM article_region r WHERE r.article_id = a.id AND r.region = ?)")
            arguments += [region]
        }
        if let topic {
            sql.append("EXISTS (SELECT 1 FROM article_topic t WHERE t.article_id = a.id AND t.topic = ?)")
            arguments += [topic]
        }
        if let publishedFrom {
            sql.append("a.published_at >= ?")
            arguments += [publishedFrom]
        }
        if let publishedBefore {
            sql.append("a.published_at < ?")
            arguments += [publishedBefore]
        }
        return (sql, arguments)
    }
}

extension ArticleSummary {
    /// The columns of `article` (aliased `a`) that a summary reads.
    static let columns = "a.id, a.news_code, a.language, a.title, a.lead, a.author, a.published_at, a.kind, a.reading_minutes"

    /// Reads a summary from a row holding ``columns``.
    init(row: Row) throws {
        let kindValue: String = row["kind"]
        guard let kind = ArticleKind(rawValue: kindValue) else {
            throw FolioStoreError(.database, "an article has an unknown kind")
        }
        self.init(
            id: row["id"], newsCode: row["news_code"], language: row["language"], title: row["title"],
            lead: row["lead"], author: row["author"], publishedAt: row["published_at"], kind: kind,
            readingMinutes: row["reading_minutes"]
        )
    }
}
