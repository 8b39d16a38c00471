import FolioWire
import Foundation

extension ArticleContent {
    /// The full wire form at `revision` (SPEC.md §4.4).
    func wire(revision: Int64) -> WireArticle {
        var article = WireArticle()
        article.id = id
        article.newsCode = newsCode
        article.language = language
        article.title = title
        article.lead = lead
        article.body = body
        article.author = author
        article.source = source
        article.publishedAt = publishedAt
        article.updatedAt = updatedAt
        article.regions = regions
        article.topics = topics
        article.kind = kind.wire
        article.readingMinutes = readingMinutes
        article.related = related
        article.revision = revision
        return article
    }
}

extension StoredComment {
    /// The wire form for the comment's own client: with e-mail, key and status (SPEC.md §10).
    var ownWire: WireComment {
        var comment = publicWire
        comment.status = status.wire
        comment.email = email
        comment.idempotencyKey = Data(idempotencyKey ?? [])
        return comment
    }

    /// The wire form for every other reader: never the e-mail address.
    var publicWire: WireComment {
        var comment = WireComment()
        comment.id = id
        comment.articleID = articleID
        comment.name = name
        comment.text = text
        comment.createdAt = createdAt
        comment.status = status.wire
        return comment
    }

    /// A removal notice: only the ids (SPEC.md §10, `removed`).
    var removalWire: WireComment {
        var comment = WireComment()
        comment.id = id
        comment.articleID = articleID
        comment.removed = true
        return comment
    }
}
