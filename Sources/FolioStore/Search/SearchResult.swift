/// One article found by a search, with a snippet of its text.
public struct SearchResult: Sendable, Hashable, Codable {
    /// The article.
    public var article: ArticleSummary
    /// A passage of the article's original text around the words that matched,
    /// with each matched word between the highlight markers.
    public var snippet: String
    /// The FTS5 `bm25` rank: lower is better.
    public var rank: Double

    /// Creates a result.
    public init(article: ArticleSummary, snippet: String, rank: Double) {
        self.article = article
        self.snippet = snippet
        self.rank = rank
    }
}
