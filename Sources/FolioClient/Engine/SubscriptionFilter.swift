import FolioStore
import FolioWire

/// Which articles a subscription keeps (SPEC.md §6.4): an article matches
/// when its language is listed (or the list is empty), at least one of its
/// regions is listed (or the list is empty) and at least one of its topics is
/// listed (or the list is empty). Values compare exactly.
struct SubscriptionFilter: Sendable {
    let languages: Set<String>
    let regions: Set<String>
    let topics: Set<String>

    /// The filter of `subscription`; `nil` keeps everything.
    init(_ subscription: WireSubscription?) {
        languages = Set(subscription?.languages ?? [])
        regions = Set(subscription?.regions ?? [])
        topics = Set(subscription?.topics ?? [])
    }

    /// Whether nothing is filtered out.
    var keepsAll: Bool { languages.isEmpty && regions.isEmpty && topics.isEmpty }

    /// Whether the parts of `language` can hold matching articles (SPEC.md
    /// §11: a client fetches only the parts of the languages it carries).
    func needsPart(language: String) -> Bool {
        languages.isEmpty || language.isEmpty || languages.contains(language)
    }

    /// Whether `article` matches.
    func matches(_ article: Article) -> Bool {
        (languages.isEmpty || languages.contains(article.language))
            && (regions.isEmpty || article.regions.contains(where: regions.contains))
            && (topics.isEmpty || article.topics.contains(where: topics.contains))
    }
}
