import FolioWire
import GRDB
@testable import FolioStore

/// The archive checksum of a store computed from scratch (SPEC.md §7.2): every
/// stored article hashed again from its fields, and every approved comment of
/// a held article from its public fields. The store's own items are not read.
enum ChecksumOracle {
    static func checksum(_ store: FolioStore) throws -> ArchiveChecksum {
        var checksum = ArchiveChecksum()
        for (id, _) in try store.articleRevisions() {
            guard let article = try store.article(id: id) else { continue }
            checksum.addArticle(ChecksumItem.article(
                id: article.id, revision: article.revision, newsCode: article.newsCode, language: article.language,
                title: article.title, lead: article.lead, body: article.body, author: article.author,
                source: article.source, publishedAt: article.publishedAt, updatedAt: article.updatedAt,
                regions: article.regions, topics: article.topics, kind: article.kind.number,
                readingMinutes: UInt32(article.readingMinutes), related: article.related))
        }
        let comments = try store.read { db in
            try Row.fetchAll(db, sql: """
                SELECT c.id, c.article_id, c.name, c.text, c.created_at FROM comment c
                JOIN article a ON a.id = c.article_id WHERE c.status = 'approved'
                """)
        }
        for row in comments {
            checksum.addComment(ChecksumItem.comment(id: row["id"], articleID: row["article_id"], name: row["name"],
                                                     text: row["text"], createdAt: row["created_at"]))
        }
        return checksum
    }

    /// The bucket sums the server would report for `articles` and their approved `comments`.
    static func buckets(_ articles: [Article], comments: [Comment], width: Int64 = 1024) throws -> BucketedChecksum {
        var buckets = try BucketedChecksum(width: width)
        for article in articles { buckets.addArticle(id: article.id, item: article.checksumItem) }
        for comment in comments where comment.status == .approved {
            buckets.addComment(articleID: comment.articleID, item: comment.checksumItem)
        }
        return buckets
    }
}

/// The store's comment (Swift Testing also has a `Comment`).
typealias StoreComment = Comment
