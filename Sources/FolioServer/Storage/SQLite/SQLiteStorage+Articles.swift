import FolioWire
import Foundation
import GRDB

extension SQLiteStorage {
    static let articleColumns = "id, revision, sequence, removed_at, content"

    static func encode(_ content: ArticleContent) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let text = String(data: try encoder.encode(content), encoding: .utf8) else {
            throw FolioServerError(.storageFailure, "article JSON is not UTF-8")
        }
        return text
    }

    static func decodeContent(_ text: String) throws -> ArticleContent {
        do {
            return try JSONDecoder().decode(ArticleContent.self, from: Data(text.utf8))
        } catch {
            throw FolioServerError(.storageFailure, "stored article JSON cannot be read")
        }
    }

    static func article(from row: Row) throws -> StoredArticle {
        let sequence: Int64 = try row.decode(forColumn: "sequence")
        return StoredArticle(
            content: try decodeContent(try row.decode(forColumn: "content")),
            revision: try row.decode(forColumn: "revision"),
            sequence: UInt64(bitPattern: sequence),
            removedAt: try row.decode(forColumn: "removed_at"))
    }

    static func fetchArticle(_ db: Database, id: Int64) throws -> StoredArticle? {
        try Row.fetchOne(db, sql: "SELECT \(articleColumns) FROM article WHERE id = ?", arguments: [id])
            .map(article(from:))
    }

    /// See ``ServerStorage/writeArticle(_:keepRevisions:)``.
    public func writeArticle(_ content: ArticleContent, keepRevisions: Int) async throws -> ArticleWriteOutcome {
        try content.validate()
        let json = try Self.encode(content)
        let keep = Int64(max(1, keepRevisions))
        return try await write { db in
            let existing = try Self.fetchArticle(db, id: content.id)
            if let existing, !existing.isRemoved, existing.content == content {
                return .unchanged(existing)
            }
            let sequence = try Self.nextSequence(db)
            let stored = StoredArticle(
                content: content, revision: (existing?.revision ?? 0) + 1, sequence: sequence, removedAt: nil)
            let facet = try Self.facetID(db, ChecksumFacet(content))
            let item = stored.checksumItem
            if let existing, !existing.isRemoved {
                try Self.moveSums(db, from: existing, toFacet: facet, item: item)
            } else {
                // SPEC.md §8.4: a republished article's approved comments count
                // again, and every comment of it comes again after the article.
                try Self.addToSums(
                    db, facet: facet, articleID: content.id,
                    .article(item) + Self.approvedCommentSums(db, articleID: content.id))
                try Self.resequenceComments(db, articleID: content.id)
            }
            try db.execute(
                sql: """
                    INSERT INTO article (id, revision, sequence, removed_at, language, published_at, content, facet, item)
                    VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET revision = excluded.revision, sequence = excluded.sequence,
                        removed_at = NULL, language = excluded.language, published_at = excluded.published_at,
                        content = excluded.content, facet = excluded.facet, item = excluded.item
                    """,
                arguments: [
                    content.id, stored.revision, Int64(bitPattern: sequence), content.language, content.publishedAt, json,
                    facet, Int64(bitPattern: item),
                ])
            if existing?.isRemoved == true {
                try db.execute(sql: "DELETE FROM article_revision WHERE article_id = ?", arguments: [content.id])
            }
            try db.execute(
                sql: "INSERT INTO article_revision (article_id, revision, sequence, content) VALUES (?, ?, ?, ?)",
                arguments: [content.id, stored.revision, Int64(bitPattern: sequence), json])
            try db.execute(
                sql: "DELETE FROM article_revision WHERE article_id = ? AND revision <= ?",
                arguments: [content.id, stored.revision - keep])
            return existing == nil || existing?.isRemoved == true ? .published(stored) : .corrected(stored)
        }
    }

    /// See ``ServerStorage/unpublishArticle(id:at:)``.
    public func unpublishArticle(id: Int64, at time: Int64) async throws -> ArticleWriteOutcome? {
        try await write { db in
            guard var article = try Self.fetchArticle(db, id: id) else { return nil }
            guard !article.isRemoved else { return .unchanged(article) }
            let (facet, item) = try Self.liveArticleSums(db, article)
            let leaving = try ArchiveChecksum.article(item) + Self.approvedCommentSums(db, articleID: id)
            try Self.addToSums(db, facet: facet, articleID: id, leaving.negated)
            article.revision += 1
            article.sequence = try Self.nextSequence(db)
            article.removedAt = time
            try db.execute(
                sql: "UPDATE article SET revision = ?, sequence = ?, removed_at = ?, item = NULL WHERE id = ?",
                arguments: [article.revision, Int64(bitPattern: article.sequence), time, id])
            return .unpublished(article)
        }
    }

    /// See ``ServerStorage/article(id:)``.
    public func article(id: Int64) async throws -> StoredArticle? {
        try await read { db in try Self.fetchArticle(db, id: id) }
    }

    /// See ``ServerStorage/revisionSequence(articleID:after:)``.
    public func revisionSequence(articleID: Int64, after sequence: UInt64) async throws -> UInt64? {
        try await read { db in
            try Int64.fetchOne(
                db.cachedStatement(sql: """
                    SELECT sequence FROM article_revision WHERE article_id = ? AND sequence > ? ORDER BY revision LIMIT 1
                    """),
                arguments: [articleID, Int64(bitPattern: min(sequence, UInt64(Int64.max)))]
            ).map { UInt64(bitPattern: $0) }
        }
    }

    /// See ``ServerStorage/revision(articleID:atOrBefore:)``.
    public func revision(articleID: Int64, atOrBefore sequence: UInt64) async throws -> ArticleRevision? {
        try await read { db in
            guard let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT revision, sequence, content FROM article_revision
                    WHERE article_id = ? AND sequence <= ? ORDER BY revision DESC LIMIT 1
                    """,
                arguments: [articleID, Int64(bitPattern: min(sequence, UInt64(Int64.max)))])
            else { return nil }
            let sequence: Int64 = try row.decode(forColumn: "sequence")
            return ArticleRevision(
                content: try Self.decodeContent(try row.decode(forColumn: "content")),
                revision: try row.decode(forColumn: "revision"), sequence: UInt64(bitPattern: sequence))
        }
    }

    /// See ``ServerStorage/newestTombstoneSequence(removedBefore:)``.
    public func newestTombstoneSequence(removedBefore time: Int64) async throws -> UInt64? {
        try await read { db in
            try Int64.fetchOne(
                db, sql: "SELECT max(sequence) FROM article WHERE removed_at IS NOT NULL AND removed_at < ?",
                arguments: [time]
            ).map { UInt64(bitPattern: $0) }
        }
    }

    /// See ``ServerStorage/purgeTombstones(before:)``.
    public func purgeTombstones(before sequence: UInt64) async throws -> Int {
        let bound = Int64(bitPattern: min(sequence, UInt64(Int64.max)))
        return try await write { db in
            try db.execute(
                sql: """
                    DELETE FROM article_revision WHERE article_id IN
                        (SELECT id FROM article WHERE removed_at IS NOT NULL AND sequence < ?)
                    """,
                arguments: [bound])
            try db.execute(
                sql: "DELETE FROM article WHERE removed_at IS NOT NULL AND sequence < ?", arguments: [bound])
            let deleted = db.changesCount
            try Self.setMeta(db, "horizon", max(try Self.meta(db, "horizon"), bound))
            return deleted
        }
    }
}

extension SQLiteStorage {
    /// A correction of a live article: its old item leaves the sums and the
    /// new one enters; when the tags moved it to another facet, its approved
    /// comments move with it.
    static func moveSums(_ db: Database, from existing: StoredArticle, toFacet facet: Int64, item: UInt64) throws {
        let (oldFacet, oldItem) = try liveArticleSums(db, existing)
        var leaving = ArchiveChecksum.article(oldItem)
        var entering = ArchiveChecksum.article(item)
        if oldFacet != facet {
            let comments = try approvedCommentSums(db, articleID: existing.id)
            leaving = leaving + comments
            entering = entering + comments
        }
        try addToSums(db, facet: oldFacet, articleID: existing.id, leaving.negated)
        try addToSums(db, facet: facet, articleID: existing.id, entering)
    }

    /// Gives every comment of an article the next sequence numbers, in id
    /// order (SPEC.md §8.4, republication).
    static func resequenceComments(_ db: Database, articleID: Int64) throws {
        let ids = try Int64.fetchAll(
            db.cachedStatement(sql: "SELECT id FROM comment WHERE article_id = ? ORDER BY id"), arguments: [articleID])
        for id in ids {
            try db.cachedStatement(sql: "UPDATE comment SET sequence = ? WHERE id = ?")
                .execute(arguments: [Int64(bitPattern: try nextSequence(db)), id])
        }
    }
}
