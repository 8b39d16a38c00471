import FolioServer
import FolioWire
import Foundation
import Testing

@Suite("Service: bootstrap snapshots")
struct SnapshotTests {
    /// Every article and comment of every part, decoded frame by frame, with
    /// the checks every part must pass (SPEC.md §11).
    static func contents(of snapshot: Snapshot, service: FolioSyncService) async throws
        -> (articles: [WireArticle], comments: [WireComment])
    {
        var articles: [WireArticle] = []
        var comments: [WireComment] = []
        #expect(snapshot.manifest.dictionary == 0)
        for info in snapshot.manifest.parts {
            let bytes = try await service.snapshotPart(path: info.path).bytes
            #expect(Hashing.sha256(bytes) == Array(info.sha256))
            #expect(info.path == "parts/\(Hashing.hex(Array(info.sha256))).folio")
            #expect(UInt64(bytes.count) == info.size)
            var decoder = FrameDecoder()
            decoder.append(bytes)
            var inPart: [WireArticle] = []
            while let frame = try decoder.nextFrame() {
                #expect(frame.isCompressed)
                let chunk = try FrameCodec(dictionaries: Self.dictionaries).decode(WireSnapshotChunk.self, from: frame)
                let ids = Set(chunk.articles.map(\.id))
                #expect(chunk.comments.allSatisfy { ids.contains($0.articleID) })
                inPart += chunk.articles
                comments += chunk.comments
            }
            try decoder.finish()
            #expect(inPart.count == Int(info.articleCount))
            #expect(inPart.allSatisfy { $0.language == info.language })
            #expect(inPart.map(\.id).min() == info.firstID && inPart.map(\.id).max() == info.lastID)
            articles += inPart
        }
        // The parts of one language cover disjoint, ascending id ranges.
        for language in Set(snapshot.manifest.parts.map(\.language)) {
            let ranges = snapshot.manifest.parts.filter { $0.language == language }.map { ($0.firstID, $0.lastID) }
            #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.1 < $1.0 })
        }
        return (articles, comments)
    }

    static let english = try? PresetDictionary(
        bytes: Array("the of and to in water Amu Darya Central Asia report".utf8), language: "en", version: 1)
    static var dictionaries: [PresetDictionary] { english.map { [$0] } ?? [] }

    /// A service over `count` articles (ids 1...count), every third one Persian.
    static func archive(
        _ kind: StorageKind, count: Int, perPart: Int = 1_000, configure: (inout SyncServiceConfiguration) -> Void = { _ in }
    ) async throws -> FolioSyncService {
        var configuration = SyncServiceConfiguration()
        configuration.snapshotArticlesPerPart = perPart
        configuration.snapshotMinimumAge = .zero
        configure(&configuration)
        let service = try ServiceHarness.make(kind, configuration: configuration)
        for id in 1...Int64(count) {
            _ = try await service.publish(Fixtures.article(id: id, language: id % 3 == 0 ? "fa" : "en", body: "Body \(id)."))
        }
        return service
    }

    @Test("each part holds one language in whole buckets, names its own dictionary, and the checkpoint matches",
          arguments: StorageKind.allCases)
    func partsByLanguage(kind: StorageKind) async throws {
        let service = try await Self.archive(kind, count: 3_000, perPart: 1_000)
        _ = try await service.unpublish(articleID: 1_500)
        let snapshot = try await service.latestSnapshot(dictionaries: Self.dictionaries)
        let english = try #require(Self.english)
        // Buckets of 1024 ids: English has 682, 683 and 635 articles in
        // buckets 0, 1 and 2 (a part each); Persian 341, 340 (1500 is gone)
        // and 318, 999 in all: one part.
        #expect(snapshot.manifest.parts.filter { $0.language == "en" }.count == 3)
        #expect(snapshot.manifest.parts.filter { $0.language == "fa" }.count == 1)
        for part in snapshot.manifest.parts {
            #expect(part.dictionary == (part.language == "en" ? english.id : 0))
        }
        let (articles, _) = try await Self.contents(of: snapshot, service: service)
        #expect(articles.count == 2_999)
        #expect(Set(articles.map(\.id)) == Set(1...3_000).subtracting([1_500]))
        #expect(ArchiveChecksum(snapshot.manifest.checkpoint.articles) == ChecksumFixtures.checksum(articles: articles))
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
        let service = try ServiceHarness.make(kind, configuration: configuration)
        _ = try await service.importArticles(jsonLines: Fixtures.demoArticles())
        _ = try await service.importComments(jsonLines: Fixtures.demoComments())
        let snapshot = try await service.latestSnapshot()
        #expect(Set(snapshot.manifest.parts.map(\.language)) == ["en", "fa"])
        let (articles, comments) = try await Self.contents(of: snapshot, service: service)
        #expect(articles.count == 32)
        let approved = try await service.comments(status: .approved, limit: 1_000)
        #expect(!approved.isEmpty)
        #expect(Set(comments.map(\.id)) == Set(approved.map(\.id)))
        #expect(comments.allSatisfy { $0.email.isEmpty && $0.idempotencyKey.isEmpty && $0.status == .approved })
        let sum = ChecksumFixtures.checksum(articles: articles, approvedComments: comments)
        #expect(ArchiveChecksum(snapshot.manifest.checkpoint.articles) == sum)
    }

    @Test("after one correction only its part is rebuilt; a pending comment rebuilds nothing; approving it rebuilds one",
          arguments: StorageKind.allCases)
    func incremental(kind: StorageKind) async throws {
        let service = try await Self.archive(kind, count: 3_000)
        let first = try await service.latestSnapshot()
        #expect(first.partsBuilt == first.manifest.parts.count)
        _ = try await service.publish(Fixtures.article(id: 1_201, body: "Corrected body."))
        let corrected = try await service.latestSnapshot()
        #expect(corrected.partsBuilt == 1)
        let changed = Set(corrected.manifest.parts.map(\.path)).subtracting(first.manifest.parts.map(\.path))
        #expect(changed.count == 1)
        let part = try #require(corrected.manifest.parts.first { changed.contains($0.path) })
        #expect(part.language == "en" && part.firstID <= 1_201 && part.lastID >= 1_201)

        let pushed = try await service.push(Fixtures.push(
            client: Fixtures.clientKey(1), [Fixtures.submission(key: Fixtures.key(1), articleID: 2_000)]))
        guard case .accepted(let receipt)? = pushed.results.first?.outcome else {
            Issue.record("the comment was not accepted")
            return
        }
        let pending = try await service.latestSnapshot()
        #expect(pending.partsBuilt == 0)
        #expect(pending.manifest.parts.map(\.path) == corrected.manifest.parts.map(\.path))
        #expect(pending.sequence > corrected.sequence)

        _ = try await service.moderate(commentID: receipt.commentID, to: .approved)
        let approved = try await service.latestSnapshot()
        #expect(approved.partsBuilt == 1)
        let (_, comments) = try await Self.contents(of: approved, service: service)
        #expect(comments.map(\.id) == [receipt.commentID])
    }

    @Test("new articles in new buckets go to new parts; a small last part takes them in", arguments: [StorageKind.memory])
    func growth(kind: StorageKind) async throws {
        let service = try await Self.archive(kind, count: 2_048, perPart: 1_000)
        let before = try await service.latestSnapshot()
        let englishBefore = before.manifest.parts.filter { $0.language == "en" }
        #expect(englishBefore.count == 2)
        // Bucket 2 is new: Persian's only part (682 articles) is small and
        // takes it in; English's last part (683) too; the first English part stays.
        _ = try await service.publish(Fixtures.article(id: 2_049, language: "en"))
        _ = try await service.publish(Fixtures.article(id: 2_050, language: "fa"))
        let after = try await service.latestSnapshot()
        #expect(after.partsBuilt == 2)
        #expect(after.manifest.parts.contains { $0.path == englishBefore.first?.path })
        let (articles, _) = try await Self.contents(of: after, service: service)
        #expect(articles.count == 2_050)
    }

    @Test("a restarted server reuses the parts on disk whose range did not change")
    func restart() async throws {
        let directory = try TemporaryDirectory.make()
        let path = directory.appendingPathComponent("server.sqlite").path
        var configuration = SyncServiceConfiguration()
        configuration.snapshotMinimumAge = .zero
        let first = FolioSyncService(storage: try SQLiteStorage(path: path), configuration: configuration)
        for id in Int64(1)...2_500 { _ = try await first.publish(Fixtures.article(id: id, body: "Body \(id).")) }
        let built = try await first.latestSnapshot()
        #expect(built.partsBuilt == 3)
        let files = try FileManager.default.contentsOfDirectory(atPath: path + ".snapshots/parts")
        #expect(Set(files.map { "parts/" + $0 }) == Set(built.manifest.parts.map(\.path)))

        let second = FolioSyncService(storage: try SQLiteStorage(path: path), configuration: configuration)
        _ = try await second.publish(Fixtures.article(id: 10, body: "Corrected while restarting."))
        let again = try await second.latestSnapshot()
        #expect(again.partsBuilt == 1)
        #expect(Set(again.manifest.parts.map(\.path)).intersection(built.manifest.parts.map(\.path)).count == 2)
        let (articles, _) = try await Self.contents(of: again, service: second)
        #expect(articles.count == 2_500)
    }

    @Test("a replaced part is served until its retention ends, then its path is gone (E508)")
    func retention() async throws {
        let clock = ManualWallClock()
        var configuration = SyncServiceConfiguration()
        configuration.snapshotMinimumAge = .zero
        configuration.snapshotRetention = .seconds(3_600)
        let directory = try TemporaryDirectory.make()
        configuration.snapshotDirectory = directory.path
        let service = FolioSyncService(storage: InMemoryStorage(), configuration: configuration, now: { clock.now })
        _ = try await service.publish(Fixtures.article(id: 1))
        let first = try await service.latestSnapshot()
        let old = try #require(first.manifest.parts.first?.path)
        _ = try await service.publish(Fixtures.article(id: 1, body: "Corrected."))
        let second = try await service.latestSnapshot()
        #expect(second.manifest.parts.first?.path != old)
        clock.now += 3_599_000
        #expect(try await service.snapshotPart(path: old).size > 0)
        clock.now += 1_000
        do {
            _ = try await service.snapshotPart(path: old)
            Issue.record("expected snapshotGone")
        } catch let error as FolioServerError {
            #expect(error.code == .snapshotGone, "a part listed before: 410 E508")
        }
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent(old).path))
        let current = try #require(second.manifest.parts.first?.path)
        #expect(try await service.snapshotPart(path: current).size > 0)
        do {
            _ = try await service.snapshotPart(path: "parts/\(String(repeating: "ab", count: 32)).folio")
            Issue.record("expected snapshotPartUnknown")
        } catch let error as FolioServerError {
            #expect(error.code == .snapshotPartUnknown, "a path no manifest listed: 404 E503")
        }
    }
}

/// A wall clock in Unix milliseconds that tests move by hand.
///
/// `@unchecked Sendable`: `value` is read and written only under `lock`.
final class ManualWallClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Int64 = 1_767_600_000_000

    var now: Int64 {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}
