import FolioWire

/// What a client subscribes to: languages, regions and topics (SPEC.md §6.4).
/// An empty set means "all". Carried by `PullRequest`, `ChecksumRequest` and
/// `RepairRequest` as a `Subscription` message.
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

    /// Reads the message form; an absent message means everything.
    public init(_ message: WireSubscription) {
        self.init(languages: Set(message.languages), regions: Set(message.regions), topics: Set(message.topics))
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
}
