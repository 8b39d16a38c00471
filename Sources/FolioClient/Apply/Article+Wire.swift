import FolioStore
import FolioWire

extension Article {
    /// The store's article for a complete wire article (SPEC.md §4.4).
    ///
    /// - throws: ``FolioClientError`` `malformedResponse` for an unknown kind.
    public init(_ wire: WireArticle) throws {
        self.init(
            id: wire.id, newsCode: wire.newsCode, language: wire.language, title: wire.title, lead: wire.lead,
            body: wire.body, author: wire.author, source: wire.source, publishedAt: wire.publishedAt,
            updatedAt: wire.updatedAt, regions: wire.regions, topics: wire.topics, kind: try ArticleKind(wire.kind),
            readingMinutes: Int(wire.readingMinutes), related: wire.related, revision: wire.revision)
    }

    /// Applies a metadata patch and its body change to this article, which
    /// must be at the patch's base revision (SPEC.md §8.1, §8.2).
    ///
    /// - throws: `FolioWireError` E301–E304 from a body delta that does not
    ///   apply; the caller skips the change and repairs its bucket (§6.2).
    func patched(by patch: WireArticlePatch, revision: Int64) throws -> Article {
        var result = self
        if patch.hasNewsCode { result.newsCode = patch.newsCode }
        if patch.hasLanguage { result.language = patch.language }
        if patch.hasTitle { result.title = patch.title }
        if patch.hasLead { result.lead = patch.lead }
        if patch.hasAuthor { result.author = patch.author }
        if patch.hasSource { result.source = patch.source }
        if patch.hasPublishedAt { result.publishedAt = patch.publishedAt }
        if patch.hasUpdatedAt { result.updatedAt = patch.updatedAt }
        if patch.hasRegions { result.regions = patch.regions.values }
        if patch.hasTopics { result.topics = patch.topics.values }
        if patch.hasKind { result.kind = try ArticleKind(patch.kind) }
        if patch.hasReadingMinutes { result.readingMinutes = Int(patch.readingMinutes) }
        if patch.hasRelated { result.related = patch.related.values }
        switch patch.bodyChange {
        case .body(let body)?: result.body = body
        case .bodyDelta(let delta)?: result.body = try BodyDelta.apply(Array(delta), to: body)
        case nil: break
        }
        result.revision = revision
        return result
    }
}

extension ArticleKind {
    /// The store's kind for a wire kind.
    init(_ wire: WireArticleKind) throws {
        switch wire {
        case .article: self = .article
        case .report: self = .report
        case .interview: self = .interview
        case .specialReport: self = .specialReport
        case .unspecified, .UNRECOGNIZED:
            throw FolioClientError(.malformedResponse, "an article has no known kind")
        }
    }
}
