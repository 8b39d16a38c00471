import FolioClient
import FolioServer
import FolioStore
import FolioWire
import Testing

/// The store's change log keeps the newest batches only: the engine prunes it
/// each time the archive is caught up.
@Suite struct ChangeLogPruningTests {
    static func engine(_ store: FolioStore, _ service: FolioSyncService, keeping: Int?) -> SyncEngine {
        SyncEngine(store: store, transport: InProcessTransport(service: service),
                   configuration: .init(changeLogBatches: keeping), clock: ManualClock(), random: { 0.5 })
    }

    @Test(arguments: [3, 1])
    func caughtUpSyncKeepsOnlyTheNewestBatches(keeping: Int) async throws {
        let service = try await SyncEngineTests.demoService()
        let store = try FolioStore.inMemory()
        let engine = Self.engine(store, service, keeping: keeping)
        _ = try await engine.sync()
        #expect(try store.articleCount() == 32)
        #expect(try store.recentBatches(limit: 100).count == keeping)

        var corrected = try #require(try await service.storage.article(id: 1002)).content
        corrected.title += " (corrected)"
        corrected.updatedAt += 60_000
        _ = try await service.publish(corrected)
        let report = try await engine.sync()
        #expect(report.updated == 1)
        let batches = try store.recentBatches(limit: 100)
        #expect(batches.count == keeping)
        #expect(batches.first?.articlesUpdated == 1, "the newest batch is kept")
    }

    @Test func withoutALimitEveryBatchIsKept() async throws {
        let service = try await SyncEngineTests.demoService()
        let store = try FolioStore.inMemory()
        _ = try await Self.engine(store, service, keeping: nil).sync()
        // One batch per snapshot part, then the first pull.
        let parts = try await service.latestSnapshot().manifest.parts.count
        #expect(try store.recentBatches(limit: 100).count == parts + 1)
    }
}
