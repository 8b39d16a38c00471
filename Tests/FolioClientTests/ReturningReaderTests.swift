import Foundation
import FolioClient
import FolioServer
import FolioStore
import FolioWire
import Testing

/// A reader who comes back after the server compacted its tombstones (SPEC.md
/// §7.1, §8.4, issue 10): its cursor is refused (E403), a full comparison
/// repairs only what differs, and the comments of an article unpublished and
/// published again while it was away are back, through the checksum that
/// now covers them (§7.2).
@Suite struct ReturningReaderTests {
    /// The server's wall clock, moved by the test.
    final class WallClock: @unchecked Sendable {
        // `@unchecked Sendable`: `now` is read and written under `lock`.
        private let lock = NSLock()
        private var now: Int64 = 1_767_225_600_000

        func read() -> Int64 { lock.withLock { now } }
        func advance(days: Int64) { lock.withLock { now += days * 86_400_000 } }
    }

    static func demoLine(_ id: Int64) throws -> Data {
        let lines = try String(contentsOf: SyncEngineTests.demo.appendingPathComponent("articles.jsonl"), encoding: .utf8)
        guard let line = lines.split(separator: "\n").first(where: { $0.hasPrefix("{\"id\": \(id),") }) else {
            throw FolioClientError(.store, "no demo article \(id)")
        }
        return Data(line.utf8)
    }

    @Test func aReaderBackAfterTheTombstoneHorizonRepairsAndGetsTheCommentsBack() async throws {
        let wall = WallClock()
        var configuration = SyncServiceConfiguration()
        configuration.snapshotArticlesPerPart = 5
        let service = FolioSyncService(storage: InMemoryStorage(), configuration: configuration, now: { wall.read() })
        let demo = SyncEngineTests.demo
        _ = try await service.importArticles(jsonLines: Data(contentsOf: demo.appendingPathComponent("articles.jsonl")))
        _ = try await service.importComments(jsonLines: Data(contentsOf: demo.appendingPathComponent("comments.jsonl")))
        let store = try FolioStore.inMemory()
        let transport = InProcessTransport(service: service)
        _ = try await SyncEngineTests.engine(store, transport).sync()
        let approvedOn1001 = try await service.comments(status: .approved, limit: 1_000).filter { $0.articleID == 1001 }.count
        #expect(approvedOn1001 > 0)
        #expect(try store.comments(articleID: 1001).count == approvedOn1001)

        // While the reader is away: 1003 is unpublished for good, 1001 is
        // unpublished and published again, and then the tombstones are compacted.
        _ = try await service.unpublish(articleID: 1003)
        _ = try await service.unpublish(articleID: 1001)
        wall.advance(days: 1)
        _ = try await service.importArticles(jsonLines: Self.demoLine(1001))
        wall.advance(days: 200)
        #expect(try await service.compactTombstones() == 1)

        let report = try await SyncEngineTests.engine(store, transport).sync()
        #expect(report.repairs >= 1)
        #expect(try store.article(id: 1003) == nil)
        #expect(try store.article(id: 1001) != nil)
        #expect(try store.comments(articleID: 1001).count == approvedOn1001, "the republished article's comments are back")
        let server = try await service.checksums(WireChecksumRequest())
        let total = BucketedChecksum.buckets(from: server.buckets).values.reduce(ArchiveChecksum.empty, +)
        #expect(try store.syncState().checksum == total)
    }
}
