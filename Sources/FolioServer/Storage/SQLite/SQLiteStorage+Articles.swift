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
            var checksum = try Self.checksum(db)
            if let existing, !existing.isRemoved {
                checksum.replace(id: content.id, oldRevision: existing.revision, newRevision: stored.revision)
            } else {
                checksum.insert(id: content.id, revision: stored.revision)
            }
            try Self.setChecksum(db, checksum)
            try db.execute(
                sql: """
                    INSERT INTO article (id, revision, sequence, removed_at, language, published_at, content)
                    VALUES (?, ?, ?, NULL, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET revision = excluded.revision, sequence = excluded.sequence,
                        removed_at = NULL, language = excluded.language, published_at = excluded.published_at,
                        content = excluded.content
                    """,
                arguments: [
                    content.id, stored.revision, Int64(bitPattern: sequence), content.language, content.publishedAt, json,
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
            var checksum = try Self.checksum(db)
            checksum.remove(id: id, revision: article.revision)
            try Self.setChecksum(db, checksum)
            article.revision += 1
            article.sequence = try Self.nextSequence(db)
            article.removedAt = time
            try db.execute(
                sql: "UPDATE article SET revision = ?, sequence = ?, removed_at = ? WHERE id = ?",
                arguments: [article.revision, Int64(bitPattern: article.sequence), time, id])
            return .unpublished(article)
        }
    }

    /// See ``ServerStorage/article(id:)``.
    public func article(id: Int64) async throws -> StoredArticle? {
        try await read { db in try Self.fetchArticle(db, id: id) }
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

    /// See ``ServerStorage/changes(after:limit:)``.
    public func changes(after sequence: UInt64, limit: Int) async throws -> ChangeBatch {
        let limit = max(1, limit)
        let after = Int64(bitPattern: min(sequence, UInt64(Int64.max)))
        return try await read { db in
            let articles = try Row.fetchAll(
                db, sql: "SELECT \(Self.articleColumns) FROM article WHERE sequence > ? ORDER BY sequence LIMIT ?",
                arguments: [after, limit + 1]
            ).map { ChangeRow.article(try Self.article(from: $0)) }
            let comments = try Row.fetchAll(
                db, sql: "SELECT \(Self.commentColumns) FROM comment WHERE sequence > ? ORDER BY sequence LIMIT ?",
                arguments: [after, limit + 1]
            ).map { ChangeRow.comment(try Self.comment(from: $0)) }
            let merged = (articles + comments).sorted { $0.sequence < $1.sequence }
            return ChangeBatch(
                rows: Array(merged.prefix(limit)), hasMore: merged.count > limit,
                head: UInt64(bitPattern: try Self.meta(db, "head")), checksum: try Self.checksum(db),
                tombstoneHorizon: UInt64(bitPattern: try Self.meta(db, "horizon")))
        }
    }

    /// See ``ServerStorage/checksum(through:base:)``.
    public func checksum(through position: UInt64, base: UInt64) async throws -> ArchiveChecksum {
        let bound = Int64(bitPattern: min(position, UInt64(Int64.max)))
        let held = Int64(bitPattern: min(base, UInt64(Int64.max)))
        return try await read { db in
            var result = try Self.checksum(db)
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT a.id, a.revision, a.removed_at IS NULL AS live,
                        (SELECT r.revision FROM article_revision r
                         WHERE r.article_id = a.id AND r.sequence <= ? AND ? > 0
                         ORDER BY r.revision DESC LIMIT 1) AS old_revision
                    FROM article a WHERE a.sequence > ?
                    """,
                arguments: [held, held, bound])
            for row in rows {
                let id: Int64 = try row.decode(forColumn: "id")
                let live: Bool = try row.decode(forColumn: "live")
                if live { result.remove(id: id, revision: try row.decode(forColumn: "revision")) }
                if let old: Int64 = try row.decode(forColumn: "old_revision") {
                    result.insert(id: id, revision: old)
                }
            }
            return result
        }
    }

    /// See ``ServerStorage/articleKeys(through:base:)``.
    public func articleKeys(through position: UInt64, base: UInt64) async throws -> [ArticleKey] {
        let bound = Int64(bitPattern: min(position, UInt64(Int64.max)))
        let held = Int64(bitPattern: min(base, UInt64(Int64.max)))
        return try await read { db in
            var keys: [ArticleKey] = []
            let current = try Row.fetchAll(
                db, sql: "SELECT revision, content FROM article WHERE sequence <= ? AND removed_at IS NULL",
                arguments: [bound])
            let older = try Row.fetchAll(
                db,
                sql: """
                    SELECT r.revision, r.content FROM article a JOIN article_revision r ON r.article_id = a.id
                    WHERE a.sequence > ? AND ? > 0 AND r.revision =
                        (SELECT max(x.revision) FROM article_revision x WHERE x.article_id = a.id AND x.sequence <= ?)
                    """,
                arguments: [bound, held, held])
            for row in current + older {
                let content = try Self.decodeContent(try row.decode(forColumn: "content"))
                keys.append(ArticleKey(content, revision: try row.decode(forColumn: "revision")))
            }
            return keys.sorted { $0.id < $1.id }
        }
    }

    /// See ``ServerStorage/liveArticleKeys()``.
    public func liveArticleKeys() async throws -> (head: UInt64, keys: [ArticleKey]) {
        try await read { db in
            let keys = try Row.fetchAll(
                db, sql: "SELECT \(Self.articleColumns) FROM article WHERE removed_at IS NULL ORDER BY id"
            ).map { row in
                let article = try Self.article(from: row)
                return ArticleKey(
                    id: article.id, revision: article.revision, language: article.content.language,
                    regions: article.content.regions, topics: article.content.topics)
            }
            return (UInt64(bitPattern: try Self.meta(db, "head")), keys)
        }
    }

    /// See ``ServerStorage/liveArticles(in:)``.
    public func liveArticles(in ranges: [ClosedRange<Int64>]) async throws -> (head: UInt64, articles: [StoredArticle]) {
        try await read { db in
            var found: [Int64: StoredArticle] = [:]
            for range in ranges {
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT \(Self.articleColumns) FROM article
                        WHERE removed_at IS NULL AND id BETWEEN ? AND ? ORDER BY id
                        """,
                    arguments: [range.lowerBound, range.upperBound])
                for row in rows {
                    let article = try Self.article(from: row)
                    found[article.id] = article
                }
            }
            let head = UInt64(bitPattern: try Self.meta(db, "head"))
            return (head, found.values.sorted { $0.id < $1.id })
        }
    }

    /// See ``ServerStorage/readLiveArchive(batchSize:_:)``. One read
    /// transaction (WAL: writers go on meanwhile) pages through the articles
    /// by id.
    public func readLiveArchive<Part: Sendable>(
        batchSize: Int,
        _ transform: @escaping @Sendable (_ articles: [StoredArticle], _ approvedComments: [StoredComment]) throws -> Part
    ) async throws -> (head: UInt64, parts: [Part]) {
        let limit = max(1, batchSize)
        return try await read { db in
            var parts: [Part] = []
            var after = Int64.min
            while true {
                let articles = try Row.fetchAll(
                    db.cachedStatement(sql: """
                        SELECT \(Self.articleColumns) FROM article
                        WHERE removed_at IS NULL AND id > ? ORDER BY id LIMIT ?
                        """),
                    arguments: [after, limit]
                ).map(Self.article(from:))
                guard let first = articles.first, let last = articles.last else { break }
                let comments = try Row.fetchAll(
                    db.cachedStatement(sql: """
                        SELECT \(Self.commentColumns) FROM comment
                        WHERE status = ? AND article_id BETWEEN ? AND ? ORDER BY article_id, id
                        """),
                    arguments: [ModerationStatus.approved.rawValue, first.id, last.id]
                ).map(Self.comment(from:))
                parts.append(try transform(articles, comments))
                after = last.id
                if articles.count < limit { break }
            }
            return (UInt64(bitPattern: try Self.meta(db, "head")), parts)
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
