import CZlib
import FolioBenchKit
import FolioStore
import FolioWire
import Foundation
import GRDB

extension Scenarios {
    /// Scenario 6: rows per second that `FolioStore.apply` commits, in pages of
    /// 500 (the server's page cap, SPEC.md §6.1), next to the raw SQLite limit:
    /// the same rows inserted into the same schema (copied from the Folio store
    /// file) with prepared statements in one transaction, search index included
    /// (with the same folding, SPEC.md §13). Also measures inflating the rows'
    /// JSON, to give first sync its local limit: inflate + insert + index.
    func applyThroughput(_ report: inout BenchReport, rows count: Int) throws {
        let count = max(1, min(count, archive.count))
        log("scenario 6: apply throughput of \(count) rows, Folio store and raw SQLite")
        let bench = archive
        let rows = (0..<count).map { bench.article($0) }
        let articles = try rows.map(Self.storeArticle)

        let folioPath = directory.appendingPathComponent("apply-folio.sqlite").path
        let store = try FolioStore(path: folioPath)
        let (_, folioSeconds) = try Self.timed {
            var page = 0
            var start = 0
            while start < articles.count {
                let end = min(articles.count, start + 500)
                page += 1
                try store.apply(SyncBatch(cursor: Data("bench-\(page)".utf8), articles: Array(articles[start..<end])))
                start = end
            }
        }
        guard try store.articleCount() == count else { throw BenchError("the Folio store did not keep every row") }

        let rawPath = directory.appendingPathComponent("apply-raw.sqlite").path
        let rawSeconds = try Self.rawInsert(articles, schemaFrom: folioPath, into: rawPath)

        // Inflate: the rows as JSON lines, deflated then inflated again in pages of 500.
        var pages: [(compressed: [UInt8], size: Int)] = []
        var start = 0
        while start < rows.count {
            let end = min(rows.count, start + 500)
            var json = Data()
            for row in rows[start..<end] { json.append(try BenchJSON.line(row)); json.append(0x0A) }
            pages.append((try Deflater.deflate(Array(json), level: 6), json.count))
            start = end
        }
        let (_, inflateSeconds) = try Self.timed {
            for page in pages { try Self.inflate(page.compressed, size: page.size) }
        }

        let folioRate = Double(count) / max(folioSeconds, 1e-9)
        let rawRate = Double(count) / max(rawSeconds, 1e-9)
        report.notes["6 apply: Folio seconds"] = folioSeconds
        report.notes["6 apply: raw SQLite seconds"] = rawSeconds
        report.notes["6 apply: inflate seconds"] = inflateSeconds
        report.rows.append(BenchRow(scenario: "6 apply", metric: "rows per second (\(count) rows)", unit: "/s",
                                    folio: folioRate, baselineName: "raw SQLite, prepared, one transaction, FTS",
                                    baseline: rawRate, minRatio: 0.7))
        if let firstSyncSeconds {
            // The local limit of a first sync of N rows: inflate + raw insert + index, of the
            // same rows when scenario 6 applied all N (the default), else scaled from it.
            let limit = (rawSeconds + inflateSeconds) * Double(archive.count) / Double(count)
            let measured = count == archive.count ? "same rows, in 6" : "scaled from \(count) rows in 6"
            report.rows.append(BenchRow(scenario: "1 first sync", metric: "wall time", unit: "s", folio: firstSyncSeconds,
                                        baselineName: "local limit: inflate + insert + FTS (\(measured))",
                                        baseline: limit, maxRatio: 1.3))
        }
        log(String(format: "apply: Folio %.0f rows/s, raw %.0f rows/s, inflate %.3f s", folioRate, rawRate, inflateSeconds))
    }

    /// The store's article for a generated row (revision 1).
    static func storeArticle(_ row: BenchArticle) throws -> Article {
        guard let published = milliseconds(row.publishedAt), let updated = milliseconds(row.updatedAt),
              let kind = ArticleKind(rawValue: row.kind) else { throw BenchError("bad generated row \(row.id)") }
        return Article(id: row.id, newsCode: row.newsCode, language: row.language, title: row.title, lead: row.lead,
                       body: row.body, author: row.author, source: row.source, publishedAt: published,
                       updatedAt: updated, regions: row.regions, topics: row.topics, kind: kind,
                       readingMinutes: row.readingMinutes, related: row.related, revision: 1)
    }

    static func milliseconds(_ iso: String) -> Int64? {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: iso).map { Int64(($0.timeIntervalSince1970 * 1_000).rounded()) }
    }

    /// Inserts `articles` into a new database with the Folio store's schema,
    /// with prepared statements in one transaction; returns the seconds taken.
    static func rawInsert(_ articles: [Article], schemaFrom folioPath: String, into path: String) throws -> Double {
        let source = try DatabaseQueue(path: folioPath)
        let wanted = ["article", "article_region", "article_topic", "article_related", "article_search"]
        let schema = try source.read { db in
            try String.fetchAll(db, sql: """
                SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND tbl_name IN (\(wanted.map { "'\($0)'" }.joined(separator: ",")))
                AND name NOT LIKE 'article_search_%' ORDER BY type = 'index', rowid
                """)
        }
        try source.close()
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.write { db in for sql in schema { try db.execute(sql: sql) } }
        let (_, seconds) = try timed {
            try queue.inTransaction { db in
                let article = try db.makeStatement(sql: """
                    INSERT INTO article (id, news_code, language, title, lead, body, author, source, published_at,
                        updated_at, kind, reading_minutes, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                let region = try db.makeStatement(sql: "INSERT INTO article_region (article_id, position, region) VALUES (?, ?, ?)")
                let topic = try db.makeStatement(sql: "INSERT INTO article_topic (article_id, position, topic) VALUES (?, ?, ?)")
                let related = try db.makeStatement(sql: "INSERT INTO article_related (article_id, position, related_id) VALUES (?, ?, ?)")
                let search = try db.makeStatement(sql: "INSERT INTO article_search (rowid, title, lead, body) VALUES (?, ?, ?, ?)")
                for row in articles {
                    try article.execute(arguments: [row.id, row.newsCode, row.language, row.title, row.lead, row.body,
                                                    row.author, row.source, row.publishedAt, row.updatedAt,
                                                    row.kind.rawValue, row.readingMinutes, row.revision])
                    for (position, value) in row.regions.enumerated() { try region.execute(arguments: [row.id, position, value]) }
                    for (position, value) in row.topics.enumerated() { try topic.execute(arguments: [row.id, position, value]) }
                    for (position, value) in row.related.enumerated() { try related.execute(arguments: [row.id, position, value]) }
                    try search.execute(arguments: [row.id, SearchFolding.fold(row.title), SearchFolding.fold(row.lead),
                                                   SearchFolding.fold(row.body)])
                }
                return .commit
            }
        }
        let stored = try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM article") } ?? 0
        guard stored == articles.count else { throw BenchError("raw SQLite kept \(stored) of \(articles.count) rows") }
        return seconds
    }

    /// Inflates a zlib stream of known size (zlib's one-shot `uncompress`).
    static func inflate(_ compressed: [UInt8], size: Int) throws {
        var output = [UInt8](repeating: 0, count: size)
        var length = uLongf(size)
        let status = compressed.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                uncompress(out.baseAddress, &length, input.baseAddress, uLong(input.count))
            }
        }
        guard status == Z_OK, Int(length) == size else { throw BenchError("inflate failed: \(status)") }
    }
}
