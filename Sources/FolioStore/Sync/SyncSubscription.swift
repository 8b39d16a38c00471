/// Which articles a store carries (SPEC.md §6.4): languages, regions and
/// topics. An empty list matches every value.
///
/// ```swift
/// try store.setSubscription(SyncSubscription(languages: ["fa"], regions: ["afghanistan"]))
/// ```
public struct SyncSubscription: Sendable, Hashable, Codable {
    /// Languages, such as `en` and `fa`; empty: all.
    public var languages: [String]
    /// Region slugs; empty: all. An article matches when it has one of them.
    public var regions: [String]
    /// Topic slugs; empty: all. An article matches when it has one of them.
    public var topics: [String]

    /// Creates a subscription; the lists are sorted and deduplicated.
    public init(languages: [String] = [], regions: [String] = [], topics: [String] = []) {
        self.languages = Array(Set(languages)).sorted()
        self.regions = Array(Set(regions)).sorted()
        self.topics = Array(Set(topics)).sorted()
    }

    /// Everything.
    public static let all = SyncSubscription()

    /// Whether nothing is filtered out.
    public var isAll: Bool { languages.isEmpty && regions.isEmpty && topics.isEmpty }
}
