/// A published article, as the client store keeps it.
///
/// Times are Unix milliseconds in UTC, as on the wire (SPEC.md §4). The
/// ``revision`` is the server's: a higher revision always wins when a sync
/// applies a change, so applying the same page twice changes nothing.
public struct Article: Sendable, Hashable, Identifiable, Codable {
    /// The server's identifier of the article.
    public var id: Int64
    /// The publisher's news code, printed with the article.
    public var newsCode: Int64
    /// The language code: `en` or `fa`.
    public var language: String
    /// The headline.
    public var title: String
    /// The standfirst: one or two sentences under the headline.
    public var lead: String
    /// The full text; paragraphs are separated by a blank line.
    public var body: String
    /// Who wrote it.
    public var author: String
    /// The desk or bureau that filed it.
    public var source: String
    /// When it was first published, in Unix milliseconds (UTC).
    public var publishedAt: Int64
    /// When it was last changed, in Unix milliseconds (UTC).
    public var updatedAt: Int64
    /// Region slugs, such as `central-asia` or `afghanistan`, in the publisher's order.
    public var regions: [String]
    /// Topic slugs, such as `security` or `economic`, in the publisher's order.
    public var topics: [String]
    /// What kind of piece it is.
    public var kind: ArticleKind
    /// The estimated reading time in minutes.
    public var readingMinutes: Int
    /// Identifiers of related articles, in the publisher's order.
    public var related: [Int64]
    /// The server's revision of this article.
    public var revision: Int64

    /// Creates an article.
    public init(
        id: Int64, newsCode: Int64, language: String, title: String, lead: String,
        body: String, author: String, source: String, publishedAt: Int64, updatedAt: Int64,
        regions: [String], topics: [String], kind: ArticleKind, readingMinutes: Int,
        related: [Int64], revision: Int64
    ) {
        self.id = id
        self.newsCode = newsCode
        self.language = language
        self.title = title
        self.lead = lead
        self.body = body
        self.author = author
        self.source = source
        self.publishedAt = publishedAt
        self.updatedAt = updatedAt
        self.regions = regions
        self.topics = topics
        self.kind = kind
        self.readingMinutes = readingMinutes
        self.related = related
        self.revision = revision
    }
}
