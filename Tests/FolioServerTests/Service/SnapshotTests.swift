import FolioServer
import FolioWire
import Foundation
import Testing

@Suite("Service: bootstrap snapshots")
struct SnapshotTests {
    /// Every article of every part, decoded frame by frame.
    static func articles(of snapshot: Snapshot) throws -> [WireArticle] {
        var all: [WireArticle] = []
        for info in snapshot.manifest.parts {
            let part = try #require(snapshot.parts[info.path])
            #expect(Hashing.sha256(part.bytes) == Array(info.sha256))
            #expect(UInt64(part.bytes.count) == info.size)
            var decoder = FrameDecoder()
            decoder.append(part.bytes)
            var inPart: [WireArticle] = []
            while let frame = try decoder.nextFrame() {
                #expect(frame.isCompressed)
                inPart += try FrameCodec().decode(WireSnapshotChunk.self, from: frame).articles
            }
            try decoder.finish()
            #expect(inPart.count == Int(info.articleCount))
            // Within the part's id range, grouped by language, then by id (SPEC.md §11).
            #expect(inPart.map(\.id).min() == info.firstID && inPart.map(\.id).max() == info.lastID)
            #expect(inPart.map { [$0.language, String(format: "%020lld", $0.id)] }
                    == inPart.map { [$0.language, String(format: "%020lld", $0.id)] }.sorted { $0.lexicographicallyPrecedes($1) })
            all += inPart
        }
        return all
    }

    @Test("a snapshot holds every live article once, parts in id ranges, by language within a part, with a matching checkpoint",
          arguments: StorageKind.allCases)
    func contents(kind: StorageKind) async throws {
        var configuration = SyncServiceConfiguration()
        configuration.snapshotArticlesPerPart = 10
        configuration.snapshotArticlesPerChunk = 3
        let service = FolioSyncService(storage: try kind.make(), configuration: configuration)
        _ = try await service.importArticles(jsonLines: Fixtures.demoArticles())
        _ = try await service.unpublish(articleID: 1005)
        let snapshot = try await service.latestSnapshot()
        #expect(snapshot.manifest.parts.count == 4)
        let articles = try Self.articles(of: snapshot)
        #expect(articles.count == 31)
        #expect(Set(articles.map(\.id)).count == articles.count)
        #expect(!articles.contains { $0.id == 1005 })
        let sum = ChecksumFixtures.checksum(articles: articles)
        #expect(ArchiveChecksum(snapshot.manifest.checkpoint.articles) == sum)
        let cursor = try SyncCursor(decoding: Array(snapshot.manifest.cursor))
        #expect(cursor.sequence == (try await service.storage.statistics().head))
        // Pulling from the snapshot's cursor yields only what came after.
        _ = try await service.publish(Fixtures.article(id: 9_001))
        let page = try await service.pull(Fixtures.pull(cursor: snapshot.manifest.cursor))
        #expect(page.articles.map(\.id) == [9_001])
    }

    @Test("chunks carry the approved comments of their articles, without e-mail", arguments: StorageKind.allCases)
    func comments(kind: StorageKind) async throws {
        var configuration = SyncServiceConfiguration()
        configuration.snapshotArticlesPerPart = 7
        configuration.snapshotArticlesPerChunk = 4
        let service = FolioSyncService(storage: try kind.make(), configuration: configuration)
        _ = try await service.importArticles(jsonLines: Fixtures.demoArticles())
        _ = try await service.importComments(jsonLines: Fixtures.demoComments())
        let snapshot = try await service.latestSnapshot()
        #expect(snapshot.manifest.parts.count == 5)
        var comments: [WireComment] = []
        for info in snapshot.manifest.parts {
            var decoder = FrameDecoder()
            decoder.append(try #require(snapshot.parts[info.path]).bytes)
            while let frame = try decoder.nextFrame() {
                let chunk = try FrameCodec().decode(WireSnapshotChunk.self, from: frame)
                let ids = Set(chunk.articles.map(\.id))
                #expect(chunk.comments.allSatisfy { ids.contains($0.articleID) })
                comments += chunk.comments
            }
        }
        let approved = try await service.comments(status: .approved, limit: 1_000)
        #expect(!approved.isEmpty)
        #expect(Set(comments.map(\.id)) == Set(approved.map(\.id)))
        #expect(comments.allSatisfy { $0.email.isEmpty && $0.idempotencyKey.isEmpty && $0.status == .approved })
        // The manifest's checkpoint covers the articles and these comments (SPEC.md §7.2).
        let sum = ChecksumFixtures.checksum(articles: try Self.articles(of: snapshot), approvedComments: comments)
        #expect(ArchiveChecksum(snapshot.manifest.checkpoint.articles) == sum)
    }

    @Test("parts of the current and the previous snapshot are served; others are gone")
    func parts() async throws {
        var configuration = SyncServiceConfiguration()
        configuration.snapshotMinimumAge = .zero
        let service = FolioSyncService(storage: try SQLiteStorage(), configuration: configuration)
        _ = try await service.publish(Fixtures.article(id: 1))
        let first = try await service.latestSnapshot()
        _ = try await service.publish(Fixtures.article(id: 2))
        let second = try await service.latestSnapshot()
        #expect(first.manifest.parts.first?.path != second.manifest.parts.first?.path)
        for snapshot in [first, second] {
            let path = try #require(snapshot.manifest.parts.first?.path)
            #expect(try await service.snapshotPart(path: path).bytes == snapshot.parts[path]?.bytes)
        }
        do {
            _ = try await service.snapshotPart(path: "1/2/part-0001.folio")
            Issue.record("expected snapshotGone")
        } catch let error as FolioServerError {
            #expect(error.code == .snapshotGone)
        }
    }
}
