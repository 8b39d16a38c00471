import FolioServer
import Foundation
import FolioStore
import FolioWire
import Testing
@testable import FolioClient

/// The bootstrap reads snapshot parts in groups of whole chunks: each part is
/// recorded with its last group, and the cursor rides on the very last.
@Suite struct SnapshotFeedTests {
    @Test(arguments: [1, 5, 300])
    func groupsCoverEveryArticleOnceAndMarkEachPartAtItsEnd(groupSize: Int) async throws {
        var configuration = SyncServiceConfiguration()
        configuration.snapshotArticlesPerPart = 20
        configuration.snapshotArticlesPerChunk = 3
        let service = FolioSyncService(storage: InMemoryStorage(), configuration: configuration)
        _ = try await service.importArticles(jsonLines: Data(contentsOf: SyncEngineTests.demo.appendingPathComponent("articles.jsonl")))
        let manifest = try await service.latestSnapshot().manifest
        #expect(manifest.parts.count >= 2, "32 articles in parts of at most 20")
        let feed = SnapshotFeed(
            transport: InProcessTransport(service: service), parts: manifest.parts, cursor: manifest.cursor,
            groupSize: groupSize)
        var groups: [SnapshotFeed.Group] = []
        while let group = try await feed.next() { groups.append(group) }

        let ids = groups.flatMap { $0.prepared.batch.articles.map(\.id) }
        #expect(ids.count == 32 && Set(ids).count == 32)
        #expect(groups.allSatisfy { !$0.prepared.batch.articles.isEmpty })
        #expect(groups.filter(\.completesPart).map { $0.prepared.batch.bootstrapPart } == manifest.parts.map(\.path))
        #expect(groups.allSatisfy { $0.completesPart == ($0.prepared.batch.bootstrapPart != nil) })
        #expect(groups.dropLast().allSatisfy { $0.prepared.batch.cursor == nil })
        #expect(groups.last?.prepared.batch.cursor == manifest.cursor)
        // Whole chunks of 3, at least groupSize articles unless the part ends.
        for group in groups where !group.completesPart {
            #expect(group.prepared.batch.articles.count >= groupSize)
            #expect(group.prepared.batch.articles.count % 3 == 0)
        }
    }
}
