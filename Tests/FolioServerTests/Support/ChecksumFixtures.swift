import FolioServer
import FolioWire
import Foundation

/// Expected checksums computed the client's way: from what is received.
enum ChecksumFixtures {
    /// The wire form of `content` at `revision` (as the server sends it in full).
    static func wire(_ content: ArticleContent, revision: Int64) -> WireArticle {
        var article = WireArticle()
        article.id = content.id
        article.newsCode = content.newsCode
        article.language = content.language
        article.title = content.title
        article.lead = content.lead
        article.body = content.body
        article.author = content.author
        article.source = content.source
        article.publishedAt = content.publishedAt
        article.updatedAt = content.updatedAt
        article.regions = content.regions
        article.topics = content.topics
        article.kind = content.kind.wire
        article.readingMinutes = content.readingMinutes
        article.related = content.related
        article.revision = revision
        return article
    }

    /// The SPEC.md §7.2 checksum of articles and approved comments.
    static func checksum(articles: [WireArticle], approvedComments: [WireComment] = []) -> ArchiveChecksum {
        var sum = ArchiveChecksum()
        for article in articles { sum.addArticle(ChecksumItem.article(article)) }
        for comment in approvedComments { sum.addComment(ChecksumItem.comment(comment)) }
        return sum
    }

    /// The checksum of what storage holds now, recomputed from its rows.
    static func recomputed(_ storage: any ServerStorage, matching subscription: Subscription = .all) async throws
        -> ArchiveChecksum
    {
        let audit = try await storage.checksumAudit()
        return audit.recomputed.totals.filter { $0.key.matches(subscription) }.values.reduce(.empty, +)
    }

    /// The maintained checksum of the whole store.
    static func maintained(_ storage: any ServerStorage) async throws -> ArchiveChecksum {
        try await storage.withConsistentRead { reader in try reader.checksumTotal(matching: .all) }
    }
}
