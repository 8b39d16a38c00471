import FolioWire
import GRDB

extension FolioStore {
    /// Searches the archive offline, in English and Persian, best match first.
    ///
    /// The query and the text are folded by the same rules (SPEC.md §13), so
    /// Arabic and Persian letter variants, the zero-width non-joiner,
    /// diacritics, kashida and Persian or Arabic-Indic digits all find the same
    /// words. Every query word must match the start of a word in the title,
    /// lead or body; a title match weighs most.
    ///
    /// ```swift
    /// let results = try store.search("كابل", filter: ArticleFilter(language: "fa"))
    /// print(results.first?.snippet ?? "")   // "… در [کابل] …"
    /// ```
    ///
    /// - parameters:
    ///   - query: the words to find, as a reader typed them.
    ///   - filter: which articles may match.
    ///   - limit: the most results, 1 to 200.
    /// - throws: `emptyQuery` when the query holds no word, `invalidInput` for a bad limit.
    public func search(_ query: String, filter: ArticleFilter = .all, limit: Int = 20) throws -> [SearchResult] {
        guard (1...200).contains(limit) else {
            throw FolioStoreError(.invalidInput, "limit must be between 1 and 200")
        }
        let terms = Array(SearchFolding.tokens(query).prefix(16))
        guard !terms.isEmpty else {
            throw FolioStoreError(.emptyQuery, "the query holds no word to search for")
        }
        // Tokens hold only letters and digits, so quoting them is safe.
        let match = terms.map { $0.count > 1 ? "\"\($0)\"*" : "\"\($0)\"" }.joined(separator: " ")
        let (conditions, filterArguments) = filter.sqlConditions()
        let filterClause = conditions.map { " AND " + $0 }.joined()
        var arguments: StatementArguments = [match]
        arguments += filterArguments
        arguments += [limit]
        let snippet = Snippet(terms: terms)
        return try read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(ArticleSummary.columns), a.body, bm25(article_search, 10.0, 4.0, 1.0) AS rank
                FROM article_search JOIN article a ON a.id = article_search.rowid
                WHERE article_search MATCH ?\(filterClause)
                ORDER BY rank, a.published_at DESC LIMIT ?
                """, arguments: arguments).map { row in
                let summary = try ArticleSummary(row: row)
                let text = snippet.make(from: row["body"]) ?? snippet.make(from: summary.lead)
                    ?? String(summary.lead.prefix(200))
                return SearchResult(article: summary, snippet: text, rank: row["rank"])
            }
        }
    }
}
