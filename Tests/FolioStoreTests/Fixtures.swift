import Foundation
import FolioStore

/// Articles and batches for tests.
enum Fixtures {
    static func article(
        id: Int64, revision: Int64 = 1, language: String = "en", title: String? = nil,
        lead: String = "A lead sentence.", body: String = "Body text about the region.",
        regions: [String] = ["central-asia"], topics: [String] = ["economic"], kind: ArticleKind = .article,
        publishedAt: Int64 = 1_767_225_600_000, related: [Int64] = []
    ) -> Article {
        Article(
            id: id, newsCode: 240_000 + id, language: language, title: title ?? "Article \(id)", lead: lead,
            body: body, author: "Desk", source: "Folio Desk", publishedAt: publishedAt + id * 60_000,
            updatedAt: publishedAt + id * 60_000, regions: regions, topics: topics, kind: kind, readingMinutes: 3,
            related: related, revision: revision)
    }

    static func batch(_ articles: [Article], cursor: String, epoch: String = "e1",
                      removals: [ArticleRemoval] = [], comments: [Comment] = []) -> SyncBatch {
        SyncBatch(epoch: epoch, cursor: Data(cursor.utf8), articles: articles, removals: removals, comments: comments)
    }

    static let comment = NewComment(articleID: 1, name: "Nilufar", email: "nilufar@example.org", text: "Useful analysis.")
}
