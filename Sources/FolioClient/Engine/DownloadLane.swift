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
    let emit: @Sendable (SyncEvent) -> Void

    /// The bucket sums a comparison returned, kept for the repair that follows.
    private struct Comparison {
        var cursor: Data
        var width: Int64
        var server: [Int64: ArchiveChecksum]
    }

    func run() async throws -> SyncReport {
        var machine = PullMachine(configuration: configuration)
        var report = SyncReport()
        var progress = SyncProgress(phase: .connecting, pages: 0, articles: 0, bytes: 0)
        var comparison: Comparison?
        let applier = PageApplier(store: store)
        emit(.progress(progress))
        let startBytes = await transport.bytesReceived()
        var action = machine.start(hasCursor: try storeCall { try store.syncState().cursor } != nil)
        // Articles held, kept from the batch summaries rather than counted
        // again after every page.
        var held = Int(clamping: try storeCall { try store.syncState().checksum.count })
        // Whether a batch was applied since the change log was last pruned.
        var appliedSincePrune = false
        while true {
            do {
                switch action {
                case .bootstrap:
                    progress.phase = .catchingUp
                    // A snapshot holds the whole archive: a client that carries
                    // only part of it pages from the empty cursor instead, as it
                    // does when no snapshot is offered (SPEC.md §6.1, §6.4).
                    guard subscription == nil, let manifest = try await transport.snapshotManifest(),
                          !manifest.parts.isEmpty else {
                        action = machine.bootstrapped()
                        continue
                    }
                    let matches = try await bootstrap(manifest, report: &report, progress: &progress, held: &held,
                                                      startBytes: startBytes)
                    appliedSincePrune = true
                    action = machine.bootstrapped(checkpointMatches: matches)
                case .pull(let wait):
                    if wait > 0, appliedSincePrune {
                        try pruneChangeLog()
                        appliedSincePrune = false
                    }
                    progress.phase = wait > 0 ? .live : .catchingUp
                    if wait > 0 { emit(.progress(progress)) }
                    var request = WirePullRequest()
                    request.cursor = try storeCall { try store.syncState().cursor } ?? Data()
                    request.waitSeconds = wait
                    request.maxChanges = maxChanges
                    request.clientKey = clientKey
                    if let subscription { request.subscription = subscription }
                    let page = try await transport.pull(request)
                    let outcome = try storeCall { try applier.apply(page, now: clock.now()) }
                    held += outcome.summary.articlesInserted - outcome.summary.articlesRemoved
                    appliedSincePrune = appliedSincePrune || !outcome.summary.isEmpty
                    report.add(outcome.summary)
                    report.pages += 1
                    report.deltaBodies += outcome.deltaBodies
                    progress.pages += 1
                    progress.bytes = await transport.bytesReceived() - startBytes
                    report.bytes = progress.bytes
                    progress.articles += outcome.summary.articlesInserted + outcome.summary.articlesUpdated
                    if page.hasCheckpoint { progress.estimatedTotal = Int(page.checkpoint.articles.count) }
                    progress.fraction = fraction(previous: progress.fraction, total: progress.estimatedTotal,
                                                 held: held, done: !page.moreAvailable)
                    if !outcome.summary.isEmpty { emit(.applied(outcome.summary)) }
                    emit(.progress(progress))
                    action = machine.pageApplied(moreAvailable: page.moreAvailable,
                                                 checkpointMatches: outcome.checkpointMatches)
                case .compareChecksums, .fullComparison:
                    progress.phase = .repairing
                    emit(.progress(progress))
                    var request = WireChecksumRequest()
                    if let subscription { request.subscription = subscription }
                    if action == .compareChecksums {
                        request.cursor = try storeCall { try store.syncState().cursor } ?? Data()
                    }
                    let response = try await transport.checksums(request)
                    let width = Int64(response.bucketWidth)
                    let local = try storeCall { try store.bucketChecksums(width: width) }
                    let server = BucketedChecksum.buckets(from: response.buckets)
                    comparison = Comparison(cursor: response.cursor, width: width, server: server)
                    let ranges = Self.mergedRanges(local.differingBuckets(from: server).map(local.idRange(ofBucket:)))
                    if ranges.isEmpty, action == .fullComparison {
                        try storeCall { try store.replaceRanges([], with: [], cursor: response.cursor, now: clock.now()) }
                    }
                    action = machine.checksumsCompared(differing: ranges)
                case .repair(let ranges):
                    guard let context = comparison else {
                        action = machine.failed(.malformed("repair without a comparison"), now: clock.now(), random: random())
                        continue
                    }
                    report.repairs += 1
                    for chunk in stride(from: 0, to: ranges.count, by: 64).map({ Array(ranges[$0..<min($0 + 64, ranges.count)]) }) {
                        var request = WireRepairRequest()
                        request.cursor = context.cursor
                        if let subscription { request.subscription = subscription }
                        request.ranges = chunk.map { range in
                            var wire = WireIdRange()
                            wire.first = range.lowerBound
                            wire.last = range.upperBound
                            return wire
                        }
                        let response = try await transport.repair(request)
                        let articles = try response.articles.map(Article.init)
                        let summary = try storeCall {
                            try store.replaceRanges(chunk, with: articles, cursor: context.cursor, now: clock.now())
                        }
                        report.add(summary)
                        held += summary.articlesInserted - summary.articlesRemoved
                        appliedSincePrune = appliedSincePrune || !summary.isEmpty
                        progress.articles += summary.articlesInserted + summary.articlesUpdated
                        progress.bytes = await transport.bytesReceived() - startBytes
                        report.bytes = progress.bytes
                        if !summary.isEmpty { emit(.applied(summary)) }
                    }
                    let local = try storeCall { try store.bucketChecksums(width: context.width) }
                    action = machine.repaired(checkpointMatches: local.differingBuckets(from: context.server).isEmpty)
                case .sleep(let deadline):
                    progress.phase = .waiting
                    emit(.progress(progress))
                    try await clock.sleep(until: deadline)
                    action = machine.timerFired()
                case .finish:
                    if appliedSincePrune { try pruneChangeLog() }
                    progress.phase = .done
                    progress.fraction = 1
                    emit(.progress(progress))
                    return report
                case .fail(let error):
                    progress.phase = .failed
                    emit(.progress(progress))
                    throw error
                }
            } catch let error as FolioClientError {
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                action = machine.failed(transportFailure(error), now: clock.now(), random: random())
            }
        }
    }

    /// Articles per bootstrap transaction, at least (whole chunks): large
    /// enough that commits and search-index segments stay few, small enough
    /// that two groups in memory stay near 20 MB.
    static let bootstrapGroupSize = 300

    /// Applies every part of a snapshot that the store has not applied yet,
    /// in groups of chunks, one transaction each; a part is recorded with its
    /// last group, and the snapshot's cursor with the last group of the last
    /// part (SPEC.md §11). A first sync killed half-way resumes with the parts
    /// it lacks. The next group is downloaded, decoded and folded
    /// (``SnapshotFeed``) while the store writes this one.
    ///
    /// - returns: whether the store's checksum equals the manifest's checkpoint.
    private func bootstrap(_ manifest: WireSnapshotManifest, report: inout SyncReport, progress: inout SyncProgress,
                           held: inout Int, startBytes: Int64) async throws -> Bool {
        let done = try storeCall { try store.appliedBootstrapParts() }
        progress.estimatedTotal = manifest.parts.reduce(0) { $0 + Int($1.articleCount) }
        let lastIndex = manifest.parts.count - 1
        // The last part is applied again even when done: it stores the cursor.
        let needed = manifest.parts.enumerated().filter { !done.contains($0.element.path) || $0.offset == lastIndex }
        let feed = SnapshotFeed(transport: transport, parts: needed.map { ($0.offset, $0.element) },
                                lastIndex: lastIndex, cursor: manifest.cursor, dictionary: manifest.dictionary,
                                groupSize: Self.bootstrapGroupSize)
        var next: Task<SnapshotFeed.Group?, any Error>? = Task { try await feed.next() }
        defer { next?.cancel() }
        while let fetching = next, let group = try await fetching.value {
            next = Task { try await feed.next() }
            let summary = try storeCall { try store.apply(group.prepared, now: clock.now()) }
            held += summary.articlesInserted - summary.articlesRemoved
            report.add(summary)
            progress.articles += summary.articlesInserted + summary.articlesUpdated
            progress.fraction = fraction(previous: progress.fraction, total: progress.estimatedTotal, held: held, done: false)
            if group.completesPart {
                report.pages += 1
                progress.pages += 1
            }
            progress.bytes = await transport.bytesReceived() - startBytes
            report.bytes = progress.bytes
            if !summary.isEmpty { emit(.applied(summary)) }
            emit(.progress(progress))
        }
        // The bootstrap wrote the whole archive: finish the search index's
        // merges now rather than in every later write.
        try storeCall { try store.finishSearchIndexMerges() }
        let checksum = try storeCall { try store.syncState().checksum }
        return !manifest.hasCheckpoint || checksum == ArchiveChecksum(manifest.checkpoint.articles)
    }

    /// Keeps the newest ``changeLogBatches`` batches of the change log.
    private func pruneChangeLog() throws {
        guard let changeLogBatches else { return }
        try storeCall { try store.pruneChangeLog(keeping: changeLogBatches) }
    }

    /// The share done: articles held over the checkpoint's total; never
    /// backwards, never above 1, and 1 once caught up.
    private func fraction(previous: Double?, total: Int?, held: Int, done: Bool) -> Double? {
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
