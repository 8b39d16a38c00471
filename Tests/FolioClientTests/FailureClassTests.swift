import Foundation
import FolioClient
import FolioServer
import FolioStore
import FolioWire
import Testing

/// SPEC.md §12.4 in a watching sync: transient failures retry, a fatal one
/// stops both lanes and ends the sync instead of leaving it hanging.
@Suite struct FailureClassTests {
    static func watchingEngine(_ store: FolioStore, _ transport: InProcessTransport, clock: ManualClock) -> SyncEngine {
        SyncEngine(store: store, transport: transport,
                   configuration: .init(watch: true, longPollSeconds: 1,
                                        backoff: Backoff(baseMilliseconds: 1_000, capMilliseconds: 8_000, jitter: 1...1),
                                        outboxPollMilliseconds: 50),
                   clock: clock, random: { 0.5 })
    }

    /// Runs `body` and fails the test if it takes longer than `seconds`.
    static func within<T: Sendable>(_ seconds: Double, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw FolioClientError(.timeout, "still running after \(seconds) s")
            }
            return value
        }
    }

    @Test func watchRetriesDamagedPagesAndExitsOnUnsupportedVersion() async throws {
        let service = try await SyncEngineTests.demoService()
        let store = try FolioStore.inMemory()
        let transport = InProcessTransport(service: service)
        _ = try await SyncEngineTests.engine(store, transport).sync()
        let clock = ManualClock()
        await transport.inject(.failure(.undecodable(code: 201, reason: "corrupt zlib stream")), on: "pull")
        await transport.inject(.failure(.undecodable(code: 102, reason: "not a Folio frame")), on: "pull")
        await transport.inject(.failure(.server(status: 426, code: 501, retryAfterSeconds: nil)), on: "pull")
        let before = await transport.calls.count
        let engine = Self.watchingEngine(store, transport, clock: clock)
        await #expect { try await Self.within(20) { try await engine.sync() } } throws: {
            ($0 as? FolioClientError)?.code == .unsupportedVersion
        }
        let calls = await transport.calls.dropFirst(before)
        #expect(Array(calls) == ["pull", "pull", "pull"], "two retries, then nothing after E501: \(calls)")
        #expect(clock.sleeps.count >= 2)
    }

    /// Found through a fault-injecting proxy (HostileNetworkTests): once a
    /// one-shot sync had used its retries on damaged answers, the error that
    /// ended it was caught again as a damaged answer, and the lane spun for ever.
    @Test func aOneShotSyncThatKeepsGettingDamagedAnswersEndsWithAnError() async throws {
        let service = try await SyncEngineTests.demoService()
        let store = try FolioStore.inMemory()
        let transport = InProcessTransport(service: service)
        _ = try await SyncEngineTests.engine(store, transport).sync()
        for _ in 0..<8 {
            await transport.inject(.failure(.undecodable(code: 109, reason: "the payload's CRC-32 differs")), on: "pull")
        }
        let engine = SyncEngine(
            store: store, transport: transport,
            configuration: .init(watch: false, backoff: Backoff(baseMilliseconds: 1, capMilliseconds: 2, jitter: 1...1),
                                 maxFailures: 4),
            clock: ManualClock(), random: { 0.5 })
        await #expect { try await Self.within(20) { try await engine.sync() } } throws: {
            ($0 as? FolioClientError)?.code == .malformedResponse
        }
        #expect(await transport.calls.filter { $0 == "pull" }.count >= 4)
    }

    @Test func unsupportedVersionOnPushStopsDownloadsToo() async throws {
        let service = try await SyncEngineTests.demoService()
        let store = try FolioStore.inMemory()
        let transport = InProcessTransport(service: service)
        _ = try await SyncEngineTests.engine(store, transport).sync()
        let clock = ManualClock()
        let queued = try store.enqueueComment(NewComment(articleID: 1001, name: "Anvar", email: "a@example.org",
                                                         text: "Sent to an old server."), now: clock.now())
        await transport.inject(.failure(.server(status: 426, code: 501, retryAfterSeconds: nil)), on: "push")
        let engine = Self.watchingEngine(store, transport, clock: clock)
        await #expect { try await Self.within(20) { try await engine.sync() } } throws: {
            ($0 as? FolioClientError)?.code == .unsupportedVersion
        }
        let calls = await transport.calls
        #expect(calls.filter { $0 == "push" }.count == 1, "nothing is sent after E501: \(calls)")
        #expect(try store.outboxComment(key: queued.key).map { $0.state == .queued || $0.state == .sending } == true,
                "the outbox keeps the comment")
        // The download lane stopped as well: no pull follows the push's answer for long.
        let settled = calls.count
        try await Task.sleep(for: .milliseconds(200))
        #expect(await transport.calls.count == settled)
    }

    @Test func unsupportedMediaTypeEndsAWatchingSync() async throws {
        let service = try await SyncEngineTests.demoService()
        let store = try FolioStore.inMemory()
        let transport = InProcessTransport(service: service)
        // E509 (415): the client sends bodies the server refuses; retrying cannot help.
        let engine = Self.watchingEngine(store, transport, clock: ManualClock())
        await transport.inject(.failure(.server(status: 415, code: 509, retryAfterSeconds: nil)), on: "snapshot")
        await #expect { try await Self.within(20) { try await engine.sync() } } throws: {
            ($0 as? FolioClientError)?.code == .server
        }
    }
}
