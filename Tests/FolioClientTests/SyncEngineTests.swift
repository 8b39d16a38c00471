import Foundation
import FolioClient
import FolioServer
import FolioWire
import Testing
import FolioStore

/// The sync engine against the real sync service, in process, with a manual
/// clock: first sync, deltas, offline comments, exactly-once retries, repair.
@Suite struct SyncEngineTests {
    static let demo = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Examples/demo")

    /// A service holding the demo archive and its comments.
    /// A service holding the demo archive and its comments, with small
    /// snapshot parts (5 articles, chunks of 2) so that a bootstrap has many.
    static func demoService() async throws -> FolioSyncService {
        var configuration = SyncServiceConfiguration()
        configuration.snapshotArticlesPerPart = 5
        configuration.snapshotArticlesPerChunk = 2
        let service = FolioSyncService(storage: InMemoryStorage(), configuration: configuration)
        _ = try await service.importArticles(jsonLines: Data(contentsOf: demo.appendingPathComponent("articles.jsonl")))
        _ = try await service.importComments(jsonLines: Data(contentsOf: demo.appendingPathComponent("comments.jsonl")))
        return service
    }

    static func engine(_ store: FolioStore, _ transport: InProcessTransport, clock: ManualClock = ManualClock(),
                       maxChanges: UInt32 = 0) -> SyncEngine {
        SyncEngine(store: store, transport: transport,
                   configuration: .init(maxChanges: maxChanges, backoff: Backoff(baseMilliseconds: 1_000, capMilliseconds: 8_000, jitter: 1...1)),
                   clock: clock, random: { 0.5 })
    }

    /// The server's checksum (SPEC.md §7.2) of what a client of `subscription`
    /// holds: the total of its bucket sums at its head.
    static func serverChecksum(_ service: FolioSyncService,
                               subscription: FolioServer.Subscription = FolioServer.Subscription()) async throws -> ArchiveChecksum {
        let response = try await service.checksums(WireChecksumRequest(), subscription: subscription)
        return BucketedChecksum.buckets(from: response.buckets).values.reduce(ArchiveChecksum(), +)
    }

    @Test func firstSyncBootstrapsFromTheSnapshotThenPulls() async throws {
        let service = try await Self.demoService()
        let store = try FolioStore.inMemory()
        let transport = InProcessTransport(service: service)
        let engine = Self.engine(store, transport, maxChanges: 5)
        let events = Task { var seen: [SyncEvent] = []; for await event in engine.events { seen.append(event) }; return seen }
        let report = try await engine.sync()
        let parts = try await service.latestSnapshot().manifest.parts.count
        #expect(parts >= 2)
        #expect(report.inserted == 32)
        #expect(report.pages >= parts)
        let calls = await transport.calls
        #expect(calls.filter { $0 == "part" }.count == parts)
        #expect(calls.last == "pull")
        #expect(report.bytes > 0)
        #expect(try store.articleCount() == 32)
        #expect(try store.syncState().checksum == (try await Self.serverChecksum(service)))
        #expect(try store.commentCount() == 30, "only approved comments reach a reader who wrote none")
        #expect(try store.search("کابل", filter: ArticleFilter(language: "fa")).count >= 2)
        let second = try await engine.sync()
        #expect(second.inserted + second.updated + second.removed == 0)
        events.cancel()
    }

    @Test func progressNeverGoesBackwardsOrPastOne() async throws {
        let service = try await Self.demoService()
        let store = try FolioStore.inMemory()
        let engine = Self.engine(store, InProcessTransport(service: service), maxChanges: 3)
        let collector = Task { () -> [Double] in
            var fractions: [Double] = []
            for await event in engine.events {
                if case .progress(let progress) = event, let fraction = progress.fraction { fractions.append(fraction) }
                if case .progress(let progress) = event, progress.phase == .done { break }
            }
            return fractions
        }
        _ = try await engine.sync()
        let fractions = await collector.value
        #expect(fractions.count >= 5)
        #expect(fractions == fractions.sorted())
        #expect(fractions.allSatisfy { $0 >= 0 && $0 <= 1 } == true)
        #expect(fractions.last == 1)
    }

    @Test func correctionArrivesAsABodyDelta() async throws {
        let service = try await Self.demoService()
        let store = try FolioStore.inMemory()
        let transport = InProcessTransport(service: service)
        let engine = Self.engine(store, transport)
        _ = try await engine.sync()
        let original = try #require(try store.article(id: 1001))
        var corrected = try #require(try await service.storage.article(id: 1001)).content
        let sentence = try #require(original.body.split(separator: ".").dropFirst(2).first)
        corrected.body = original.body.replacingOccurrences(of: String(sentence), with: " A corrected sentence with new figures")
        corrected.updatedAt += 86_400_000
        _ = try await service.publish(corrected)
        let before = await transport.bytesReceived()
        let report = try await engine.sync()
        let bytes = await transport.bytesReceived() - before
        #expect(report.updated == 1)
        #expect(report.deltaBodies == 1)
        #expect(try store.article(id: 1001)?.body == corrected.body)
        #expect(bytes < Int64(original.body.utf8.count) / 4, "a one-sentence correction costs \(bytes) bytes")
        #expect(try store.syncState().checksum == (try await Self.serverChecksum(service)))
    }

    @Test func commentWrittenOfflineIsSentLaterModeratedAndSeenByOthersWithoutEmail() async throws {
        let service = try await Self.demoService()
        let clock = ManualClock()
        let author = try FolioStore.inMemory()
        let authorTransport = InProcessTransport(service: service)
        let authorEngine = Self.engine(author, authorTransport, clock: clock)
        _ = try await authorEngine.sync()
        await authorTransport.setOffline(true)
        let queued = try author.enqueueComment(NewComment(articleID: 1003, name: "Parisa", email: "parisa@example.org",
                                                          text: "Written on a train with no signal."), now: clock.now())
        await #expect(throws: FolioClientError.self) { try await authorEngine.sync() }
        #expect(try author.outboxComment(key: queued.key)?.state == .sending)
        #expect(try author.comments(articleID: 1003).contains { $0.text.hasPrefix("Written on a train") && $0.display == .pending })

        await authorTransport.setOffline(false)
        clock.advance(by: 60_000)
        let sent = try await authorEngine.sync()
        #expect(sent.commentsAccepted == 1)
        let accepted = try #require(try author.outboxComment(key: queued.key))
        #expect(accepted.state == .accepted)
        #expect(accepted.moderation == .pending)

        let stored = try #require(try await service.comments(status: .pending).first { $0.text.hasPrefix("Written on a train") })
        _ = try await service.moderate(commentID: stored.id, to: .approved)

        let reader = try FolioStore.inMemory()
        let spy = InProcessTransport(service: service)
        _ = try await Self.engine(reader, spy).sync()
        #expect(try reader.comments(articleID: 1003).contains { $0.text.hasPrefix("Written on a train") && $0.display == .published && !$0.isOwn })
        var request = WirePullRequest()
        request.clientKey = Data(repeating: 9, count: 32)
        let page = try await service.pull(request)
        #expect(!page.comments.isEmpty)
        #expect(page.comments.allSatisfy { $0.email.isEmpty && $0.idempotencyKey.isEmpty } == true)

        _ = try await authorEngine.sync()
        #expect(try author.outboxComment(key: queued.key)?.moderation == .approved)
        #expect(try author.comments(articleID: 1003).filter { $0.text.hasPrefix("Written on a train") }.map(\.display) == [.published])
    }

    @Test func answerLostAfterTheServerStoredTheCommentLeadsToExactlyOneComment() async throws {
        let service = try await Self.demoService()
        let clock = ManualClock()
        let store = try FolioStore.inMemory()
        let transport = InProcessTransport(service: service)
        let engine = Self.engine(store, transport, clock: clock)
        _ = try await engine.sync()
        let queued = try store.enqueueComment(NewComment(articleID: 1001, name: "Timur", email: "timur@example.org",
                                                         text: "Sent twice, stored once."), now: clock.now())
        await transport.inject(.timeoutAfterServerActed, on: "push")
        _ = try await engine.sync()
        // The answer was lost, so the push lane keeps the comment as sending; a
        // pull that ran after the server stored it may already have settled it
        // through the author's own comment (SPEC.md §10.5). Both are correct.
        let afterTimeout = try #require(try store.outboxComment(key: queued.key))
        #expect(afterTimeout.state == .sending || (afterTimeout.state == .accepted && afterTimeout.serverID != nil))
        clock.advance(by: 60_000)
        _ = try await engine.sync()
        let settled = try #require(try store.outboxComment(key: queued.key))
        #expect(settled.state == .accepted)
        #expect((1...2).contains(settled.attempts))
        let all = try await service.comments(status: nil, limit: 1_000)
        let stored = all.filter { $0.text == "Sent twice, stored once." }
        #expect(stored.count == 1)
        #expect(stored.first?.id == settled.serverID)
    }

    @Test func replayedPushGetsTheFirstReplyAndStoresNothingNew() async throws {
        let service = try await Self.demoService()
        let clock = ManualClock(advancesOnSleep: false)
        let store = try FolioStore.inMemory()
        let transport = InProcessTransport(service: service)
        let engine = Self.engine(store, transport, clock: clock)
        _ = try await engine.sync()
        let queued = try store.enqueueComment(NewComment(articleID: 1002, name: "Bahor", email: "bahor@example.org",
                                                         text: "Replayed."), now: clock.now())
        // The first push is stored but its answer lost, and pulls fail, so only
        // a replay of the push can settle the comment.
        await transport.inject(.timeoutAfterServerActed, on: "push")
        for _ in 0..<8 { await transport.inject(.failure(.unreachable), on: "pull") }
        await #expect(throws: FolioClientError.self) { try await engine.sync() }
        #expect(try store.outboxComment(key: queued.key)?.state == .sending)
        clock.advance(by: 60_000)
        await #expect(throws: FolioClientError.self) { try await engine.sync() }
        let settled = try #require(try store.outboxComment(key: queued.key))
        #expect(settled.state == .accepted)
        #expect(settled.attempts == 2)
        let stored = try await service.comments(status: nil, limit: 1_000).filter { $0.text == "Replayed." }
        #expect(stored.map(\.id) == [settled.serverID].compactMap { $0 })
    }

    @Test func localDamageIsFoundByTheCheckpointAndOnlyThatBucketIsRepaired() async throws {
        let service = try await Self.demoService()
        let store = try FolioStore.inMemory()
        let transport = InProcessTransport(service: service)
        let engine = Self.engine(store, transport)
        _ = try await engine.sync()
        // Lose an article the server still has (as a bug or a bad local restore would).
        try store.replaceRanges([1010...1010], with: [], cursor: nil)
        #expect(try store.article(id: 1010) == nil)
        var content = try #require(try await service.storage.article(id: 1020)).content
        content.title += " (updated)"
        _ = try await service.publish(content)
        let report = try await engine.sync()
        #expect(report.repairs == 1)
        #expect(try store.article(id: 1010) != nil)
        #expect(try store.articleCount() == 32)
        let calls = await transport.calls
        #expect(calls.suffix(4) == ["pull", "checksums", "repair", "pull"] || calls.suffix(3) == ["pull", "checksums", "repair"])
    }

    @Test func serverRestoredFromABackupIsRepairedWithoutDownloadingEverythingAgain() async throws {
        let old = try await Self.demoService()
        let store = try FolioStore.inMemory()
        _ = try await Self.engine(store, InProcessTransport(service: old)).sync()
        let queued = try store.enqueueComment(NewComment(articleID: 1001, name: "Zarina", email: "z@example.org", text: "Kept."))

        // The restored server has a new epoch, lacks two articles, and has one older title.
        let restored = FolioSyncService(storage: InMemoryStorage())
        let lines = try String(contentsOf: Self.demo.appendingPathComponent("articles.jsonl"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("{\"id\": 1031,") && !$0.hasPrefix("{\"id\": 1032,") }
        _ = try await restored.importArticles(jsonLines: Data(lines.joined(separator: "\n").utf8))
        let transport = InProcessTransport(service: restored)
        let report = try await Self.engine(store, transport).sync()
        #expect(report.removed == 2)
        #expect(try store.articleCount() == 30)
        #expect(try store.syncState().checksum == (try await Self.serverChecksum(restored)))
        #expect(try store.outboxComment(key: queued.key) != nil, "the outbox survives")
        let calls = await transport.calls
        #expect(calls.contains("checksums"), "calls: \(calls)")
        #expect(calls.filter { $0 == "repair" }.count <= 1)
    }

    @Test func changingTheSubscriptionFetchesTheDifferenceWithoutDownloadingAgain() async throws {
        let service = try await Self.demoService()
        let store = try FolioStore.inMemory()
        let transport = InProcessTransport(service: service)
        try store.setSubscription(SyncSubscription(languages: ["fa"]))
        _ = try await Self.engine(store, transport).sync()
        #expect(try store.articleCount() == 10)
        #expect(try store.latestArticles(ArticleFilter(language: "en")).isEmpty)
        // SPEC.md §11: a Persian reader takes the Persian parts of the snapshot only.
        let persianParts = try await service.latestSnapshot().manifest.parts.filter { $0.language == "fa" }.map(\.path)
        #expect(await transport.partRequests.map(\.path) == persianParts)

        // Widen to Persian and English articles about Afghanistan: Persian
        // articles outside Afghanistan are dropped at once, English ones come
        // from the English parts (SPEC.md §6.4).
        let dropped = try store.setSubscription(SyncSubscription(regions: ["afghanistan"]))
        #expect((dropped?.articlesRemoved ?? 0) > 0, "Persian articles outside Afghanistan are dropped")
        let widened = try await Self.engine(store, transport).sync()
        let expected = Int(try await Self.serverChecksum(service, subscription: .init(regions: ["afghanistan"])).count)
        #expect(try store.articleCount() == expected)
        #expect(try store.latestArticles(ArticleFilter(region: "afghanistan"), limit: 100).count == expected)
        #expect(widened.repairs == 0 && widened.removed == 0)
        let englishParts = try await service.latestSnapshot().manifest.parts.filter { $0.language == "en" }.map(\.path)
        #expect(await transport.partRequests.map(\.path) == persianParts + englishParts)
        let fetched = widened.inserted
        let persianAfghan = Int(try await Self.serverChecksum(
            service, subscription: .init(languages: ["fa"], regions: ["afghanistan"])).count)
        #expect(fetched == expected - persianAfghan, "articles already held are not downloaded again")
    }

    @Test func interruptedBootstrapFetchesOnlyThePartsItLacks() async throws {
        let service = try await Self.demoService()
        let store = try FolioStore.inMemory()
        let transport = InProcessTransport(service: service)
        // The fourth part's download drops once; the retry resumes after the third.
        await transport.fail(call: 4, on: "part")
        let engine = Self.engine(store, transport)
        let report = try await engine.sync()
        #expect(report.inserted == 32)
        let calls = await transport.calls
        let parts = try await service.latestSnapshot().manifest.parts.count
        #expect(calls.filter { $0 == "part" }.count == parts + 1, "every part and one retried: \(calls)")
        #expect(calls.filter { $0 == "snapshot" }.count == 2)
        #expect(try store.appliedBootstrapParts().isEmpty, "the snapshot's cursor is stored")
        #expect(try store.syncState().checksum == (try await Self.serverChecksum(service)))
    }
}

extension SyncEngineTests {
    @Test func secondSyncOfTheSameStoreIsRefusedAsBusy() async throws {
        let service = try await Self.demoService()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("busy-\(UUID().uuidString).sqlite").path
        let store = try FolioStore(path: path)
        let held = try #require(try FolioStore(path: path).tryLockForSync())
        let engine = Self.engine(store, InProcessTransport(service: service))
        await #expect { try await engine.sync() } throws: { ($0 as? FolioClientError)?.code == .busy }
        held.release()
        #expect(try await engine.sync().inserted == 32)
    }
}

extension SyncEngineTests {
    @Test func rateLimitedPushRetriesLaterWithSmallerBatches() async throws {
        let service = try await Self.demoService()
        let clock = ManualClock(advancesOnSleep: false)
        let store = try FolioStore.inMemory()
        let transport = InProcessTransport(service: service)
        let engine = SyncEngine(store: store, transport: transport,
                                configuration: .init(backoff: Backoff(baseMilliseconds: 1_000, capMilliseconds: 8_000, jitter: 1...1),
                                                     pushBatchSize: 8),
                                clock: clock, random: { 0.5 })
        _ = try await engine.sync()
        for index in 0..<8 {
            try store.enqueueComment(NewComment(articleID: 1001, name: "R\(index)", email: "r@example.org", text: "Batch \(index)"),
                                     now: clock.now())
        }
        await transport.inject(.failure(.server(status: 429, code: 505, retryAfterSeconds: 30)), on: "push")
        let limited = try await engine.sync()
        #expect(limited.commentsAccepted == 0)
        #expect(try store.dueComments(now: clock.now() + 29_999).isEmpty, "Retry-After is honoured")
        clock.advance(by: 30_000)
        let sent = try await engine.sync()
        #expect(sent.commentsAccepted == 8)
        let pushes = await transport.calls.filter { $0 == "push" }.count
        #expect(pushes == 3, "one refused push of 8, then two of 4 (the engine keeps the smaller size)")
    }
}
