import Foundation
import FolioClient
import FolioServer
import FolioStore
import FolioWire
import Testing

/// The protocol 2 bootstrap (SPEC.md §11) against the real sync service in
/// process: only the parts and articles a subscription carries, each part's
/// own dictionary, resuming a part with `Range`, a gone part (410) answered by
/// a fresh manifest, and parts kept across manifests by path.
@Suite struct BootstrapTests {
    typealias Support = SyncEngineTests

    static func engine(_ store: FolioStore, _ transport: InProcessTransport, clock: ManualClock = ManualClock(),
                       maxFailures: Int = 4) -> SyncEngine {
        SyncEngine(store: store, transport: transport,
                   configuration: .init(backoff: Backoff(baseMilliseconds: 1_000, capMilliseconds: 8_000, jitter: 1...1),
                                        maxFailures: maxFailures),
                   clock: clock, random: { 0.5 })
    }

    static func dictionaries() throws -> [PresetDictionary] {
        try [
            PresetDictionary(bytes: Array("افغانستان کابل آب رود خبر گزارش دولت مردم".utf8), language: "fa", version: 1),
            PresetDictionary(bytes: Array("Afghanistan Kabul water river report government people".utf8),
                             language: "en", version: 1),
        ]
    }

    @Test func persianReaderDownloadsOnlyPersianPartsWithTheirDictionaryAndEndsWithTheFilteredChecksum() async throws {
        let service = try await Support.demoService()
        let transport = InProcessTransport(service: service)
        let dictionaries = try Self.dictionaries()
        await transport.useDictionaries(dictionaries)
        let store = try FolioStore.inMemory()
        try store.setSubscription(SyncSubscription(languages: ["fa"]))
        let report = try await Self.engine(store, transport).sync()

        let manifest = try await service.latestSnapshot(dictionaries: dictionaries).manifest
        let persian = manifest.parts.filter { $0.language == "fa" }
        #expect(!persian.isEmpty && persian.count < manifest.parts.count)
        #expect(persian.allSatisfy { $0.dictionary == dictionaries[0].id })
        #expect(await transport.partRequests.map(\.path) == persian.map(\.path))
        let calls = await transport.calls
        #expect(calls.filter { $0 == "dictionary" }.count == 1, "only the Persian dictionary: \(calls)")
        #expect(calls.last == "pull" && !calls.contains("checksums"), "the first page's checkpoint matches: \(calls)")
        #expect(report.inserted == 10)
        #expect(try store.latestArticles(ArticleFilter(language: "en")).isEmpty)
        #expect(try store.syncState().checksum
            == (try await Support.serverChecksum(service, subscription: .init(languages: ["fa"]))))
        #expect(try store.appliedBootstrapParts().isEmpty, "the manifest's cursor is stored")
    }

    @Test func regionFilteredReaderKeepsOnlyMatchingArticlesAndTheirComments() async throws {
        let service = try await Support.demoService()
        let transport = InProcessTransport(service: service)
        let store = try FolioStore.inMemory()
        try store.setSubscription(SyncSubscription(regions: ["afghanistan"], topics: []))
        let report = try await Self.engine(store, transport).sync()

        let expected = try await Support.serverChecksum(service, subscription: .init(regions: ["afghanistan"]))
        #expect(expected.count > 0 && expected.count < 32)
        #expect(try store.articleCount() == Int(expected.count))
        #expect(try store.latestArticles(ArticleFilter(region: "afghanistan"), limit: 100).count == Int(expected.count))
        #expect(try store.syncState().checksum == expected, "comments of skipped articles are not kept either")
        #expect(report.repairs == 0)
        let calls = await transport.calls
        #expect(calls.contains("part") && !calls.contains("checksums"), "bootstraps from the snapshot: \(calls)")
    }

    @Test func partCutHalfWayResumesWithARangeFromTheLastAppliedFrame() async throws {
        let service = try await Support.demoService()
        let transport = InProcessTransport(service: service)
        let manifest = try await service.latestSnapshot().manifest
        let first = try #require(manifest.parts.first)
        await transport.cutNextPart(after: Int(first.size) - 1)
        let store = try FolioStore.inMemory()
        let clock = ManualClock()
        let report = try await Self.engine(store, transport, clock: clock).sync()

        let requests = await transport.partRequests
        #expect(requests.map(\.path) == [first.path] + manifest.parts.map(\.path), "no part twice: \(requests)")
        let resumed = requests[1]
        #expect(resumed.from > 0 && resumed.from < Int64(first.size))
        #expect(resumed.ifRange == (try await service.snapshotPart(path: first.path).etag))
        let bytes = await transport.partBytes
        #expect(bytes[first.path] == Int(first.size) - 1 + Int(Int64(first.size) - resumed.from))
        for part in manifest.parts.dropFirst() { #expect(bytes[part.path] == Int(part.size)) }
        #expect(report.inserted == 32 && report.updated == 0, "every article written once")
        #expect(clock.sleeps.count == 1, "the cut is one transient failure")
        #expect(try store.syncState().checksum == (try await Support.serverChecksum(service)))
    }

    @Test func onDiskStoreKilledInsideAPartResumesFromTheRecordedOffset() async throws {
        let service = try await Support.demoService()
        let manifest = try await service.latestSnapshot().manifest
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("resume-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        // The first group (one chunk of 2 articles) commits, then the process dies.
        let recorded: Int64
        do {
            let store = try FolioStore(path: path)
            let feed = await SnapshotFeedProbe.feed(InProcessTransport(service: service), manifest)
            let group = try #require(try await feed.next())
            try store.apply(group)
            let progress = try store.bootstrapPartsInProgress()
            recorded = try #require(progress[manifest.parts[0].path]).appliedBytes
            #expect(recorded > 0 && recorded < Int64(manifest.parts[0].size))
            #expect(progress[manifest.parts[0].path]?.etag != nil)
        }
        let store = try FolioStore(path: path)
        let transport = InProcessTransport(service: service)
        let report = try await Self.engine(store, transport).sync()
        let requests = await transport.partRequests
        #expect(requests.first?.from == recorded)
        #expect(requests.map(\.path) == manifest.parts.map(\.path))
        #expect(report.inserted == 30, "the two articles applied before are not written again")
        #expect(try store.syncState().checksum == (try await Support.serverChecksum(service)))
    }

    @Test func serverThatIgnoresTheRangeSendsThePartAgainAndNothingIsWrittenTwice() async throws {
        let service = try await Support.demoService()
        let transport = InProcessTransport(service: service)
        await transport.honourRanges(false)
        let first = try #require(try await service.latestSnapshot().manifest.parts.first)
        await transport.cutNextPart(after: Int(first.size) - 1)
        let store = try FolioStore.inMemory()
        let report = try await Self.engine(store, transport).sync()
        #expect(await transport.partRequests[1].from > 0, "asked with a range, answered 200")
        #expect(report.inserted == 32 && report.updated == 0, "already applied articles are skipped (SPEC.md §6.2)")
        #expect(try store.syncState().checksum == (try await Support.serverChecksum(service)))
    }

    @Test func partThatIsGoneMakesTheClientReadTheManifestAgainAndFinish() async throws {
        let service = try await Support.demoService()
        let transport = InProcessTransport(service: service)
        await transport.inject(.failure(.server(status: 410, code: 508, retryAfterSeconds: nil)), on: "part")
        let store = try FolioStore.inMemory()
        let clock = ManualClock()
        let report = try await Self.engine(store, transport, clock: clock).sync()
        let calls = await transport.calls
        #expect(Array(calls.prefix(4)) == ["snapshot", "part", "snapshot", "part"], "\(calls)")
        #expect(clock.sleeps.isEmpty, "a gone part is not a failure to back off from")
        #expect(report.inserted == 32)
        #expect(try store.syncState().checksum == (try await Support.serverChecksum(service)))
    }

    @Test func newManifestAfterAnInterruptionReusesFullyAppliedPartsByPath() async throws {
        var configuration = SyncServiceConfiguration()
        configuration.snapshotArticlesPerPart = 5
        configuration.snapshotArticlesPerChunk = 2
        configuration.snapshotMinimumAge = .zero
        let service = FolioSyncService(storage: InMemoryStorage(), configuration: configuration)
        let lines = try String(contentsOf: Support.demo.appendingPathComponent("articles.jsonl"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        _ = try await service.importArticles(jsonLines: Data(lines.joined(separator: "\n").utf8))
        let before = try await service.latestSnapshot().manifest
        let transport = InProcessTransport(service: service)
        await transport.fail(call: 3, on: "part")
        let store = try FolioStore.inMemory()
        await #expect(throws: FolioClientError.self) { try await Self.engine(store, transport, maxFailures: 1).sync() }
        let applied = try store.appliedBootstrapParts()
        #expect(applied == Set(before.parts.prefix(2).map(\.path)))

        // A new article: the next manifest lists the unchanged parts again.
        let added = try #require(lines.first).replacingOccurrences(of: "\"id\": 1001,", with: "\"id\": 5001,")
        _ = try await service.importArticles(jsonLines: Data(added.utf8))
        let after = try await service.latestSnapshot().manifest
        #expect(after.cursor != before.cursor)
        #expect(applied.isSubset(of: Set(after.parts.map(\.path))))
        let requestsBefore = await transport.partRequests.count
        let report = try await Self.engine(store, transport).sync()
        let second = await transport.partRequests.dropFirst(requestsBefore).map(\.path)
        #expect(Set(second).isDisjoint(with: applied), "applied parts are not fetched again: \(second)")
        #expect(second == after.parts.map(\.path).filter { !applied.contains($0) })
        let held = before.parts.prefix(2).reduce(0) { $0 + Int($1.articleCount) }
        #expect(report.inserted == 33 - held, "\(report)")
        #expect(try store.syncState().checksum == (try await Support.serverChecksum(service)))
    }
}
