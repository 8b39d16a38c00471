/// Which articles a list or a search returns. Every field left `nil` matches all.
///
/// ```swift
/// let filter = ArticleFilter(language: "fa", region: "afghanistan", kind: .report)
/// let latest = try store.latestArticles(filter, limit: 20)
/// ```
public struct ArticleFilter: Sendable, Hashable {
    /// Only articles in this language.
    public var language: String?
    /// Only articles tagged with this region slug.
    public var region: String?
    /// Only articles tagged with this topic slug.
    public var topic: String?
    /// Only articles of this kind.
    public var kind: ArticleKind?
    /// Only articles published at or after this time (Unix milliseconds).
    public var publishedFrom: Int64?
    /// Only articles published before this time (Unix milliseconds).
    public var publishedBefore: Int64?

    /// Creates a filter.
    public init(
        language: String? = nil, region: String? = nil, topic: String? = nil,
        kind: ArticleKind? = nil, publishedFrom: Int64? = nil, publishedBefore: Int64? = nil
    ) {
        self.language = language
        self.region = region
        self.topic = topic
        self.kind = kind
        self.publishedFrom = publishedFrom
        self.publishedBefore = publishedBefore
    }

    /// A filter that matches every article.
    public static let all = ArticleFilter()
}
