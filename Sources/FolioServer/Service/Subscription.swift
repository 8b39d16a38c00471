/// What a client subscribes to: languages, regions and topics (issue 4,
/// "filtered by the client's subscriptions"). An empty set means "all".
///
/// Not yet carried by `PullRequest` in `folio.proto`; the HTTP layer reads it
/// from query parameters until the protocol grows the fields.
public struct Subscription: Sendable, Hashable {
    /// Languages (`en`, `fa`); empty: all.
    public var languages: Set<String>
    /// Region slugs; empty: all. An article matches if it has any of them.
    public var regions: Set<String>
    /// Topic slugs; empty: all. An article matches if it has any of them.
    public var topics: Set<String>

    /// Creates a subscription.
    public init(languages: Set<String> = [], regions: Set<String> = [], topics: Set<String> = []) {
        self.languages = languages
        self.regions = regions
        self.topics = topics
    }

    /// Everything.
    public static let all = Subscription()

    /// True if nothing is filtered out.
    public var isAll: Bool { languages.isEmpty && regions.isEmpty && topics.isEmpty }

    /// True if an article with these tags belongs to the subscription.
    public func matches(language: String, regions articleRegions: [String], topics articleTopics: [String]) -> Bool {
        (languages.isEmpty || languages.contains(language))
            && (regions.isEmpty || articleRegions.contains(where: regions.contains))
            && (topics.isEmpty || articleTopics.contains(where: topics.contains))
    }

    /// True if `content` belongs to the subscription.
    public func matches(_ content: ArticleContent) -> Bool {
        matches(language: content.language, regions: content.regions, topics: content.topics)
    }

    /// True if `key` belongs to the subscription.
    public func matches(_ key: ArticleKey) -> Bool {
        matches(language: key.language, regions: key.regions, topics: key.topics)
    }
}
