/// An article as an editor writes it: every field except the server's
/// revision bookkeeping.
///
/// Its JSON form is the line format of `folio-server import` and of the
/// editor API (times as ISO-8601 UTC strings):
///
/// ```json
/// {"id": 1001, "newsCode": 260105, "language": "en", "title": "…", "lead": "…",
///  "body": "…", "author": "…", "source": "…", "publishedAt": "2026-01-05T07:30:00Z",
///  "updatedAt": "2026-01-05T07:30:00Z", "regions": ["afghanistan"], "topics": ["economic"],
///  "kind": "report", "readingMinutes": 2, "related": [1014]}
/// ```
public struct ArticleContent: Sendable, Hashable, Codable {
    /// The article id chosen by the publisher, > 0.
    public var id: Int64
    /// The publisher's news code.
    public var newsCode: Int64
    /// `"en"` or `"fa"`.
    public var language: String
    /// The headline.
    public var title: String
    /// The standfirst.
    public var lead: String
    /// The text.
    public var body: String
    /// The author's name.
    public var author: String
    /// The source (desk, agency).
    public var source: String
    /// First publication, Unix milliseconds UTC.
    public var publishedAt: Int64
    /// Last update, Unix milliseconds UTC.
    public var updatedAt: Int64
    /// Region slugs, e.g. `central-asia`.
    public var regions: [String]
    /// Topic slugs, e.g. `security`.
    public var topics: [String]
    /// The kind of piece.
    public var kind: ArticleKindSlug
    /// Estimated reading time in minutes.
    public var readingMinutes: UInt32
    /// Ids of related articles.
    public var related: [Int64]

    /// Creates an article.
    public init(
        id: Int64, newsCode: Int64, language: String, title: String, lead: String, body: String,
        author: String, source: String, publishedAt: Int64, updatedAt: Int64, regions: [String],
        topics: [String], kind: ArticleKindSlug, readingMinutes: UInt32, related: [Int64]
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
    }

    enum CodingKeys: String, CodingKey {
        case id, newsCode, language, title, lead, body, author, source, publishedAt, updatedAt
        case regions, topics, kind, readingMinutes, related
    }

    /// Decodes the JSON form; times must be ISO-8601 strings.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Int64.self, forKey: .id)
        newsCode = try container.decode(Int64.self, forKey: .newsCode)
        language = try container.decode(String.self, forKey: .language)
        title = try container.decode(String.self, forKey: .title)
        lead = try container.decode(String.self, forKey: .lead)
        body = try container.decode(String.self, forKey: .body)
        author = try container.decode(String.self, forKey: .author)
        source = try container.decode(String.self, forKey: .source)
        publishedAt = try Self.decodeTime(container, .publishedAt)
        updatedAt = try Self.decodeTime(container, .updatedAt)
        regions = try container.decode([String].self, forKey: .regions)
        topics = try container.decode([String].self, forKey: .topics)
        kind = try container.decode(ArticleKindSlug.self, forKey: .kind)
        // Decoded wide, so that a negative or huge number gets an error that
        // names the field and its range, not "not valid JSON".
        let minutes = try container.decode(Int64.self, forKey: .readingMinutes)
        guard let narrow = UInt32(exactly: minutes) else {
            throw DecodingError.dataCorruptedError(
                forKey: .readingMinutes, in: container, debugDescription: "readingMinutes must be from 0 to \(UInt32.max)")
        }
        readingMinutes = narrow
        related = try container.decodeIfPresent([Int64].self, forKey: .related) ?? []
    }

    /// Encodes the JSON form with ISO-8601 times.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(newsCode, forKey: .newsCode)
        try container.encode(language, forKey: .language)
        try container.encode(title, forKey: .title)
        try container.encode(lead, forKey: .lead)
        try container.encode(body, forKey: .body)
        try container.encode(author, forKey: .author)
        try container.encode(source, forKey: .source)
        try container.encode(Timestamp.iso8601(fromMilliseconds: publishedAt), forKey: .publishedAt)
        try container.encode(Timestamp.iso8601(fromMilliseconds: updatedAt), forKey: .updatedAt)
        try container.encode(regions, forKey: .regions)
        try container.encode(topics, forKey: .topics)
        try container.encode(kind, forKey: .kind)
        try container.encode(readingMinutes, forKey: .readingMinutes)
        try container.encode(related, forKey: .related)
    }

    private static func decodeTime(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Int64 {
        let text = try container.decode(String.self, forKey: key)
        guard let value = Timestamp.milliseconds(fromISO8601: text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container, debugDescription: "\(key.stringValue) is not an ISO-8601 UTC time")
        }
        return value
    }
}
