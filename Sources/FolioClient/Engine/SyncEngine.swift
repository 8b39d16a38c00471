import FolioStore
import FolioWire
import Foundation

/// Keeps a store in sync with a server: the actor that drives the download
/// lane (a ``PullMachine``) and the upload lane (a ``PushPlanner``) through a
/// ``SyncTransport`` (SPEC.md §14).
///
/// The two lanes run side by side: a failing upload never blocks downloads,
/// and a download never waits for an upload. Only one sync runs at a time per
/// store, across engines and processes (``FolioStore/tryLockForSync()``); a
/// second one fails with `busy`.
///
/// ```swift
/// let engine = SyncEngine(store: store, transport: URLSessionTransport(baseURL: url))
/// Task { for await event in engine.events { print(event) } }
/// let report = try await engine.sync()
/// print("\(report.inserted) new, \(report.updated) updated")
/// ```
public actor SyncEngine {
    /// How the engine behaves.
    public struct Configuration: Sendable, Hashable {
        /// Keep syncing until cancelled: long-poll for news and send comments
        /// as they are queued.
        public var watch: Bool
        /// The long-poll wait asked of the server, in seconds (SPEC.md §6.3).
        public var longPollSeconds: UInt32
        /// The most changes asked for per page; 0 lets the server choose.
        public var maxChanges: UInt32
        /// The backoff of both lanes (SPEC.md §12.3).
        public var backoff: Backoff
        /// Consecutive failures that end a sync that does not watch.
        public var maxFailures: Int
        /// The most comments per push (SPEC.md §14.2).
        public var pushBatchSize: Int
        /// How often a watching engine looks for comments queued elsewhere, in milliseconds.
        public var outboxPollMilliseconds: Int64
        /// How many of the newest batches the store's change log keeps; older
        /// ones are pruned each time the archive is caught up. `nil` keeps all.
        public var changeLogBatches: Int?

        /// Creates a configuration.
        public init(watch: Bool = false, longPollSeconds: UInt32 = 25, maxChanges: UInt32 = 0,
                    backoff: Backoff = Backoff(), maxFailures: Int = 4, pushBatchSize: Int = 100,
                    outboxPollMilliseconds: Int64 = 2_000, changeLogBatches: Int? = 1_000) {
            self.watch = watch
            self.longPollSeconds = longPollSeconds
            self.maxChanges = maxChanges
            self.backoff = backoff
            self.maxFailures = maxFailures
            self.pushBatchSize = pushBatchSize
            self.outboxPollMilliseconds = outboxPollMilliseconds
            self.changeLogBatches = changeLogBatches.map { max(1, $0) }
        }
    }

    /// The store kept in sync.
    public nonisolated let store: FolioStore
    /// Progress and results as they happen. The stream ends when the engine is released.
    public nonisolated let events: AsyncStream<SyncEvent>

    private let transport: any SyncTransport
    private let clock: any SyncClock
    private let random: @Sendable () -> Double
    private let configuration: Configuration
    private let continuation: AsyncStream<SyncEvent>.Continuation
    private var running = false
    /// The push batch size the last sync ended with (smaller after a 429).
    private var pushBatchSize: Int

    /// Creates an engine.
    ///
    /// - parameters:
    ///   - store: the store to keep in sync.
    ///   - transport: how to reach the server.
    ///   - configuration: how to behave.
    ///   - clock: the source of time; tests pass a manual clock.
    ///   - random: numbers in 0..<1 for backoff jitter.
    public init(store: FolioStore, transport: any SyncTransport, configuration: Configuration = Configuration(),
                clock: any SyncClock = SystemSyncClock(),
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.store = store
        self.transport = transport
        self.configuration = configuration
        self.clock = clock
        self.random = random
        self.pushBatchSize = configuration.pushBatchSize
        (events, continuation) = AsyncStream.makeStream(of: SyncEvent.self, bufferingPolicy: .bufferingNewest(256))
    }

    deinit {
        continuation.finish()
    }

    /// Syncs: downloads until caught up (or, when watching, until cancelled)
    /// while sending due comments.
    ///
    /// A fatal failure of either lane (SPEC.md §12.4: E501 or 426, E103,
    /// E509, E602, a store failure) stops both at once: nothing more is sent,
    /// pushes included, and a watching sync ends with that failure instead of
    /// waiting. Transient failures back off and retry.
    ///
    /// - returns: what the sync did.
    /// - throws: ``FolioClientError``: the fatal failure, or the download
    ///   lane's (`unreachable` after the bounded retries, `checksumMismatch`…),
    ///   or `busy` when a sync is already running. Comments that could not be
    ///   sent stay queued with their next attempt time.
    public func sync() async throws -> SyncReport {
        guard !running, let lock = try storeCall({ try store.tryLockForSync() }) else {
            throw FolioClientError(.busy, "a sync of this store is already running")
        }
        running = true
        defer {
            running = false
            lock.release()
        }
        let clientKey = try storeCall { try store.clientKey() }
        let subscription = try storeCall { try store.subscription() }
        let emit: @Sendable (SyncEvent) -> Void = { [continuation] event in continuation.yield(event) }
        let gate = LaneGate()
        let down = DownloadLane(
            store: store, transport: transport, clock: clock, random: random, clientKey: clientKey,
            configuration: PullMachine.Configuration(
                watch: configuration.watch, longPollSeconds: configuration.longPollSeconds,
                backoff: configuration.backoff, maxFailures: configuration.maxFailures),
            maxChanges: configuration.maxChanges, changeLogBatches: configuration.changeLogBatches,
            subscription: subscription.isAll ? nil : WireSubscription(subscription), gate: gate, emit: emit)
        let up = UploadLane(
            store: store, transport: transport, clock: clock, random: random, clientKey: clientKey,
            planner: PushPlanner(backoff: configuration.backoff, batchSize: configuration.pushBatchSize),
            initialBatchSize: pushBatchSize, watch: configuration.watch,
            idlePollMilliseconds: configuration.outboxPollMilliseconds, gate: gate, emit: emit)

        let (downloaded, uploaded) = await Self.runLanes(down, up, gate: gate, watch: configuration.watch)
        if let blocked = gate.blocked { throw blocked }
        if case .success(let outcome)? = uploaded {
            pushBatchSize = outcome.batchSize
        }
        var report = try downloaded.get()
        if case .success(let outcome)? = uploaded {
            report.commentsAccepted = outcome.accepted
            report.commentsRejected = outcome.rejected
        }
        report.commentsWaiting = try storeCall { try store.outbox(states: [.queued, .sending]).count }
        return report
    }
}

extension WireSubscription {
    /// The wire form of a store's subscription (SPEC.md §6.4).
    init(_ subscription: SyncSubscription) {
        self.init()
        languages = subscription.languages
        regions = subscription.regions
        topics = subscription.topics
    }
}

extension SyncEngine {
    private enum LaneResult: Sendable {
        case download(Result<SyncReport, any Error>)
        case upload(Result<UploadLane.Outcome, any Error>)
    }

    /// Runs both lanes side by side. A fatal failure (the gate closes) or the
    /// end of a watching download lane cancels the other lane; otherwise the
    /// upload lane finishes its due comments even when downloads failed.
    ///
    /// - returns: the download lane's result, and the upload lane's unless it
    ///   was cancelled.
    private static func runLanes(_ down: DownloadLane, _ up: UploadLane, gate: LaneGate, watch: Bool)
        async -> (Result<SyncReport, any Error>, Result<UploadLane.Outcome, any Error>?) {
        await withTaskGroup(of: LaneResult.self) { group in
            group.addTask {
                do { return .download(.success(try await down.run())) } catch { return .download(.failure(error)) }
            }
            group.addTask {
                do { return .upload(.success(try await up.run())) } catch { return .upload(.failure(error)) }
            }
            var downloaded: Result<SyncReport, any Error> = .failure(CancellationError())
            var uploaded: Result<UploadLane.Outcome, any Error>?
            while let result = await group.next() {
                switch result {
                case .download(let value):
                    downloaded = value
                    if watch || gate.blocked != nil { group.cancelAll() }
                case .upload(let value):
                    uploaded = value
                    if gate.blocked != nil { group.cancelAll() }
                }
            }
            if case .failure(let error)? = uploaded, error is CancellationError { uploaded = nil }
            return (downloaded, uploaded)
        }
    }
}
