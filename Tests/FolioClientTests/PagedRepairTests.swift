import Foundation
import FolioClient
import FolioServer
import FolioWire
import GRDB
import Testing
@testable import FolioStore

/// Repair in protocol 2 (SPEC.md §7.4): paged, resumable, content checksums
/// with approved comments, and pulls that find changes a repair brought.
@Suite struct PagedRepairTests {
    /// The demo service, answering repairs with at most `repairArticles` articles each.
    static func service(repairArticles: Int = 500) async throws -> FolioSyncService {
        var configuration = SyncServiceConfiguration()
        configuration.snapshotArticlesPerPart = 5
        configuration.snapshotArticlesPerChunk = 2
        configuration.maxRepairArticles = repairArticles
        let service = FolioSyncService(storage: InMemoryStorage(), configuration: configuration)
        _ = try await service.importArticles(jsonLines: Data(contentsOf: SyncEngineTests.demo.appendingPathComponent("articles.jsonl")))
        _ = try await service.importComments(jsonLines: Data(contentsOf: SyncEngineTests.demo.appendingPathComponent("comments.jsonl")))
        return service
    }

    /// Comments held per article, for the articles that have some.
    static func commentsPerArticle(_ store: FolioStore) throws -> [Int64: Int] {
        try store.read { db in
            var counts: [Int64: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT article_id, count(*) AS n FROM comment GROUP BY article_id") {
                counts[row["article_id"]] = row["n"]
            }
            return counts
        }
    }

    @Test func corruptedTitlesAreRepairedInSeveralPagesKeepingEveryComment() async throws {
        let service = try await Self.service(repairArticles: 2)
        let store = try FolioStore.inMemory()
        let transport = InProcessTransport(service: service)
        let engine = SyncEngineTests.engine(store, transport)
        _ = try await engine.sync()
        let comments = try Self.commentsPerArticle(store)
        #expect(comments.values.contains { $0 >= 2 }, "the demo has articles with several comments")
        let cursor = try store.syncState().cursor
        let titles = try [1001, 1005, 1010, 1030].map { try #require(try store.article(id: $0)).title }

        // Damage written behind the store's back, in buckets 0 and 1.
        try store.write { db in
            try db.execute(sql: "UPDATE article SET title = title || ' (damaged)' WHERE id IN (1001, 1005, 1010, 1030)")
        }
        let report = try await engine.sync()
        #expect(report.repairs == 1)
        #expect(try [1001, 1005, 1010, 1030].map { try store.article(id: $0)?.title } == titles)
        #expect(try Self.commentsPerArticle(store) == comments, "a repair keeps the comments of repaired articles")
        let calls = await transport.calls
        #expect(calls.filter { $0 == "repair" }.count > 2, "32 articles settled two at a time: \(calls)")
        #expect(try store.syncState().checksum == (try await SyncEngineTests.serverChecksum(service)))
        #expect(try store.syncState().cursor == cursor, "a repair does not move the cursor")

        let again = try await engine.sync()
        #expect(again.repairs == 0)
    }

    @Test func missingApprovedCommentIsFoundByAFullComparisonAndRepaired() async throws {
        let service = try await Self.service()
        let store = try FolioStore.inMemory()
        let transport = InProcessTransport(service: service)
        let engine = SyncEngineTests.engine(store, transport)
        _ = try await engine.sync()
        let comments = try Self.commentsPerArticle(store)
        let (articleID, count) = try #require(comments.max { $0.value < $1.value })
        let server = try await service.checksums(WireChecksumRequest())
        let width = Int64(server.bucketWidth)
        try store.write { db in
            try db.execute(sql: "DELETE FROM comment WHERE id = (SELECT min(id) FROM comment WHERE article_id = ?)",
                           arguments: [articleID])
        }
        let local = try store.bucketChecksums(width: width)
        #expect(local.differingBuckets(from: BucketedChecksum.buckets(from: server.buckets)) == [articleID / width])

        // A cursor of another epoch leads to a full comparison (SPEC.md §7.1).
        await transport.inject(.failure(.server(status: 409, code: 402, retryAfterSeconds: nil)), on: "pull")
        let report = try await engine.sync()
        #expect(report.repairs == 1)
        #expect(try Self.commentsPerArticle(store)[articleID] == count)
        #expect(try store.syncState().checksum == (try await SyncEngineTests.serverChecksum(service)))
    }

    @Test func changesAlreadyBroughtByARepairAreNotRepairedAgain() async throws {
        let service = try await Self.service()
        let store = try FolioStore.inMemory()
        let transport = InProcessTransport(service: service)
        let engine = SyncEngineTests.engine(store, transport, maxChanges: 1)
        _ = try await engine.sync()

        // The store holds 1002 at another revision than the one its cursor
        // names, so the patch of the next edit of 1002 cannot apply.
        var held = try #require(try store.article(id: 1002))
        held.revision += 7
        try store.replaceRanges([1002...1002], with: [held], cursor: nil)
        for id: Int64 in [1002, 1003] {
            var content = try #require(try await service.storage.article(id: id)).content
            content.lead += " Updated."
            content.updatedAt += 86_400_000
            _ = try await service.publish(content)
        }
        // Page 1 (1002) is skipped, so the lane repairs bucket 0 at the
        // server's head, which brings 1003 as well; page 2 (1003) is then
        // already applied: no second repair.
        let report = try await engine.sync()
        #expect(report.repairs == 1)
        let calls = await transport.calls
        #expect(calls.filter { $0 == "checksums" }.count == 1, "\(calls)")
        #expect(try store.article(id: 1003)?.lead.hasSuffix(" Updated.") == true)
        #expect(try store.syncState().checksum == (try await SyncEngineTests.serverChecksum(service)))
    }
}
