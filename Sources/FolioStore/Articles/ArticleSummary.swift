/// The fields of an article that a list shows: everything but the body.
public struct ArticleSummary: Sendable, Hashable, Identifiable, Codable {
    /// The server's identifier of the article.
    public var id: Int64
    /// The publisher's news code.
    public var newsCode: Int64
    /// The language code.
    public var language: String
    /// The headline.
    public var title: String
    /// The standfirst.
    public var lead: String
    /// Who wrote it.
    public var author: String
    /// When it was first published, in Unix milliseconds (UTC).
    public var publishedAt: Int64
    /// What kind of piece it is.
    public var kind: ArticleKind
    /// The estimated reading time in minutes.
    public var readingMinutes: Int

    /// Creates a summary.
    public init(
        id: Int64, newsCode: Int64, language: String, title: String, lead: String,
        author: String, publishedAt: Int64, kind: ArticleKind, readingMinutes: Int
    ) {
        self.id = id
        self.newsCode = newsCode
        self.language = language
        self.title = title
        self.lead = lead
        self.author = author
        self.publishedAt = publishedAt
        self.kind = kind
        self.readingMinutes = readingMinutes
    }
}
