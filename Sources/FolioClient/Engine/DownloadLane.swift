import FolioStore
import FolioWire
import Foundation

/// The download lane (SPEC.md §14.1): performs the actions of a
/// ``PullMachine`` against a transport and a store, and reports progress.
struct DownloadLane: Sendable {
    let store: FolioStore
    let transport: any SyncTransport
    let clock: any SyncClock
    let random: @Sendable () -> Double
    let clientKey: Data
    let configuration: PullMachine.Configuration
    let maxChanges: UInt32
    /// Change-log batches kept when caught up; `nil` keeps all.
    let changeLogBatches: Int?
    /// What the store carries (SPEC.md §6.4); `nil` for everything.
    let subscription: WireSubscription?

    /// ``subscription`` as the store says it.
    var carried: SyncSubscription {
        SyncSubscription(languages: subscription?.languages ?? [], regions: subscription?.regions ?? [],
                         topics: subscription?.topics ?? [])
    }
    /// Closed by either lane on a fatal failure (SPEC.md §12.4).
    let gate: LaneGate
    let emit: @Sendable (SyncEvent) -> Void

    /// The bucket sums a comparison returned, kept for the repair that follows.
    struct Comparison {
        /// The server's head when it computed the sums.
        var cursor: Data
        var width: Int64
        var server: [Int64: ArchiveChecksum]
        /// A full comparison (SPEC.md §7.1): its cursor is stored once every
        /// range is settled.
        var isFull: Bool
        /// The ranges not settled yet, so that a repair interrupted by a
        /// transient failure resumes where it stopped (SPEC.md §7.4).
        var remaining: [ClosedRange<Int64>] = []
    }

    /// What a running lane accumulates.
    struct Tally {
        var report = SyncReport()
        var progress = SyncProgress(phase: .connecting, pages: 0, articles: 0, bytes: 0)
        /// Articles held, kept from the batch summaries rather than counted
        /// again after every page.
        var held = 0
        /// Whether a batch was applied since the change log was last pruned.
        var appliedSincePrune = false
        var startBytes: Int64 = 0
    }

    /// Downloads until caught up (or, when watching, until cancelled).
    ///
    /// - throws: ``FolioClientError``; a fatal one (SPEC.md §12.4) closes the gate first.
    func run() async throws -> SyncReport {
        do {
            return try await download()
        } catch let error as FolioClientError {
            if error.code == .store || error.code == .unsupportedVersion { gate.block(error) }
            throw error
        }
    }

    private func download() async throws -> SyncReport {
        var machine = PullMachine(configuration: configuration)
        var tally = Tally()
        var comparison: Comparison?
        let applier = PageApplier(store: store)
        emit(.progress(tally.progress))
        tally.startBytes = await transport.bytesReceived()
        let hasCursor = try storeCall { try store.syncState().cursor } != nil
        let held = try storeCall { try store.heldLanguages() }
        var action = machine.start(hasCursor: hasCursor, lacksLanguages: !held.covers(carried))
        tally.held = Int(clamping: try storeCall { try store.syncState().checksum.count })
        while true {
            if let blocked = gate.blocked { throw blocked }
            do {
                switch action {
                case .bootstrap:
                    tally.progress.phase = .catchingUp
                    // Without a snapshot the client pages from the empty
                    // cursor (SPEC.md §6.1); a filtered client bootstraps
                    // from the parts of its languages (SPEC.md §11).
                    guard let manifest = try await transport.snapshotManifest(), !manifest.parts.isEmpty else {
                        // Pulls and repairs bring the languages instead.
                        let held = try storeCall { try store.heldLanguages() }
                        var batch = SyncBatch(cursor: nil)
                        batch.heldLanguages = hasCursor ? held.union(carried) : HeldLanguages(carried)
                        try storeCall { try store.apply(batch, now: clock.now()) }
                        action = machine.bootstrapped()
                        continue
                    }
                    let matches = try await bootstrap(manifest, tally: &tally)
                    tally.appliedSincePrune = true
                    action = machine.bootstrapped(checkpointMatches: matches)
                case .pull(let wait):
                    let outcome = try await pull(wait: wait, applier: applier, tally: &tally)
                    action = machine.pageApplied(moreAvailable: outcome.moreAvailable,
                                                 checkpointMatches: outcome.checkpointMatches)
                case .compareChecksums, .fullComparison:
                    tally.progress.phase = .repairing
                    emit(.progress(tally.progress))
                    let compared = try await compare(full: action == .fullComparison)
                    comparison = compared
                    if !compared.remaining.isEmpty { tally.report.repairs += 1 }
                    action = machine.checksumsCompared(differing: compared.remaining)
                case .repair:
                    guard var context = comparison else {
                        action = machine.failed(.malformed("repair without a comparison"), now: clock.now(), random: random())
                        continue
                    }
                    // What a failed attempt settled stays settled.
                    defer { comparison = context }
                    let matches = try await repair(&context, tally: &tally)
                    action = machine.repaired(checkpointMatches: matches)
                case .sleep(let deadline):
                    tally.progress.phase = .waiting
                    emit(.progress(tally.progress))
                    try await clock.sleep(until: deadline)
                    action = machine.timerFired()
                case .finish:
                    if tally.appliedSincePrune { try pruneChangeLog() }
                    tally.progress.phase = .done
                    tally.progress.fraction = 1
                    emit(.progress(tally.progress))
                    return tally.report
                case .fail(let error):
                    tally.progress.phase = .failed
                    emit(.progress(tally.progress))
                    if machine.phase == .blocked { gate.block(error) }
                    throw error
                }
            } catch let error as FolioClientError where error.code == .malformedResponse && !action.isFail {
                // An answer that breaks the protocol is transient (SPEC.md §12.4).
                // (Not the error a `.fail` action throws: that one ends the lane.)
                action = machine.failed(.malformed(error.message), now: clock.now(), random: random())
            } catch let error as FolioClientError {
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                action = machine.failed(transportFailure(error), now: clock.now(), random: random())
            }
        }
    }

    /// What a pulled page did, for the machine.
    struct PulledPage {
        var moreAvailable: Bool
        var checkpointMatches: Bool
    }

    /// Pulls one page from the stored cursor and applies it with its cursor.
    private func pull(wait: UInt32, applier: PageApplier, tally: inout Tally) async throws -> PulledPage {
        if wait > 0, tally.appliedSincePrune {
            try pruneChangeLog()
            tally.appliedSincePrune = false
        }
        tally.progress.phase = wait > 0 ? .live : .catchingUp
        if wait > 0 { emit(.progress(tally.progress)) }
        var request = WirePullRequest()
        request.cursor = try storeCall { try store.syncState().cursor } ?? Data()
        request.waitSeconds = wait
        request.maxChanges = maxChanges
        request.clientKey = clientKey
        if let subscription { request.subscription = subscription }
        let page = try await transport.pull(request)
        let outcome = try storeCall { try applier.apply(page, now: clock.now()) }
        if page.hasCheckpoint { tally.progress.estimatedTotal = Int(page.checkpoint.articles.count) }
        await account(outcome, done: !page.moreAvailable, tally: &tally)
        return PulledPage(moreAvailable: page.moreAvailable, checkpointMatches: outcome.checkpointMatches)
    }

    /// Counts an applied page in the report and the progress, and tells the
    /// app; `done` when the page ends the catch-up.
    func account(_ outcome: PageApplier.Outcome, done: Bool, tally: inout Tally) async {
        tally.held += outcome.summary.articlesInserted - outcome.summary.articlesRemoved
        tally.appliedSincePrune = tally.appliedSincePrune || !outcome.summary.isEmpty
        tally.report.add(outcome.summary)
        tally.report.pages += 1
        tally.report.deltaBodies += outcome.deltaBodies
        tally.progress.pages += 1
        tally.progress.bytes = await transport.bytesReceived() - tally.startBytes
        tally.report.bytes = tally.progress.bytes
        tally.progress.articles += outcome.summary.articlesInserted + outcome.summary.articlesUpdated
        tally.progress.fraction = fraction(previous: tally.progress.fraction, total: tally.progress.estimatedTotal,
                                           held: tally.held, done: done)
        if !outcome.summary.isEmpty { emit(.applied(outcome.summary)) }
        emit(.progress(tally.progress))
    }

    /// Keeps the newest ``changeLogBatches`` batches of the change log.
    func pruneChangeLog() throws {
        guard let changeLogBatches else { return }
        try storeCall { try store.pruneChangeLog(keeping: changeLogBatches) }
    }

    /// The share done: articles held over the checkpoint's total; never
    /// backwards, never above 1, and 1 once caught up.
    func fraction(previous: Double?, total: Int?, held: Int, done: Bool) -> Double? {
        if done { return 1 }
        guard let total, total > 0 else { return previous }
        let share = min(1, Double(max(0, held)) / Double(total))
        return max(previous ?? 0, share)
    }

    /// Merges adjacent or overlapping ranges, in order.
    static func mergedRanges(_ ranges: [ClosedRange<Int64>]) -> [ClosedRange<Int64>] {
        var merged: [ClosedRange<Int64>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, range.lowerBound <= last.upperBound &+ 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }
}

/// Runs a store call, turning its error into the client's.
func storeCall<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as FolioClientError {
        throw error
    } catch {
        throw FolioClientError(.store, "\(error)")
    }
}

extension PullMachine.Action {
    /// True for ``fail(_:)``: the lane ends with its error.
    var isFail: Bool {
        if case .fail = self { return true }
        return false
    }
}
