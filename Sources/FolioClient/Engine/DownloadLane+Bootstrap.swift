import FolioStore
import FolioWire
import Foundation

extension DownloadLane {
    /// Articles per bootstrap transaction, at least (whole chunks): large
    /// enough that commits and search-index segments stay few, small enough
    /// that two groups in memory stay near 20 MB.
    static let bootstrapGroupSize = 300

    /// How often one bootstrap fetches the manifest again because a part is
    /// gone before it backs off like any transient failure (SPEC.md §12.4).
    static let manifestRereads = 3

    /// Applies the snapshot (SPEC.md §11): the parts of the languages the
    /// store carries that it has not applied completely, in groups of chunks,
    /// one transaction each, keeping only matching articles (SPEC.md §6.4);
    /// then the manifest's cursor. A part that is gone (410, E508) makes it
    /// fetch the manifest again and go on with what it has applied.
    ///
    /// A store that has a cursor (its subscription was widened) fetches only
    /// the parts of the languages it does not hold, and keeps its cursor:
    /// pulling from there, the changes it receives again are already applied
    /// (SPEC.md §6.2), and the checkpoint that follows finds, and repair
    /// fixes, whatever changed between the snapshot and the cursor.
    ///
    /// - returns: whether the store's checksum equals the manifest's
    ///   checkpoint; always true for a filtered or widened store, which the
    ///   checkpoint of its next pull verifies instead.
    func bootstrap(_ first: WireSnapshotManifest, tally: inout Tally) async throws -> Bool {
        let widening = try storeCall { try store.syncState().cursor } != nil
        var manifest = first
        var rereads = 0
        var added: [String] = []
        while true {
            do {
                added = try await apply(manifest, widening: widening, tally: &tally)
                break
            } catch let failure as TransportFailure where failure.isSnapshotGone && rereads < Self.manifestRereads {
                rereads += 1
                guard let fresh = try await transport.snapshotManifest(), !fresh.parts.isEmpty else { throw failure }
                manifest = fresh
            }
        }
        if widening {
            try await catchUp(languages: added, from: manifest.cursor, tally: &tally)
            var batch = SyncBatch(cursor: nil)
            batch.heldLanguages = try storeCall { try store.heldLanguages() }.union(carried)
            try storeCall { try store.apply(batch, now: clock.now()) }
        }
        // The bootstrap wrote much of the archive: finish the search index's
        // merges now rather than in every later write.
        try storeCall { try store.finishSearchIndexMerges() }
        guard subscription == nil, manifest.hasCheckpoint, !widening else { return true }
        let checksum = try storeCall { try store.syncState().checksum }
        return checksum == ArchiveChecksum(manifest.checkpoint.articles)
    }

    /// Applies the parts of one manifest the store still needs, the next
    /// group prepared (``SnapshotFeed``) while the store writes this one; the
    /// manifest's cursor is stored with the last group, or alone when every
    /// needed part was applied before (paths name content, SPEC.md §11).
    /// - returns: the languages of the parts it applied or found applied.
    private func apply(_ manifest: WireSnapshotManifest, widening: Bool, tally: inout Tally) async throws -> [String] {
        let filter = SubscriptionFilter(subscription)
        let done = try storeCall { try store.appliedBootstrapParts() }
        let started = try storeCall { try store.bootstrapPartsInProgress() }
        let held = try storeCall { try store.heldLanguages() }
        let parts = manifest.parts.filter { part in
            filter.needsPart(language: part.language) && !(widening && held.contains(part.language))
        }
        tally.progress.estimatedTotal = parts.reduce(0) { $0 + Int($1.articleCount) }
            + (widening ? tally.held : 0)
        let needed = parts.filter { !done.contains($0.path) }
        let languages = Array(Set(parts.map(\.language))).sorted()
        // A widened store's held languages change after its catch-up.
        let cursor = widening ? nil : manifest.cursor
        let heldAfter = widening ? nil : HeldLanguages(carried)
        guard !needed.isEmpty else {
            if !widening {
                var batch = SyncBatch(cursor: cursor)
                batch.heldLanguages = heldAfter
                try storeCall { try store.apply(batch, now: clock.now()) }
            }
            return languages
        }
        let feed = SnapshotFeed(transport: transport, parts: needed, started: started, cursor: cursor,
                                heldLanguages: heldAfter, filter: filter, groupSize: Self.bootstrapGroupSize)
        var next: Task<SnapshotFeed.Group?, any Error>? = Task { try await feed.next() }
        defer { next?.cancel() }
        while let fetching = next, let group = try await fetching.value {
            next = Task { try await feed.next() }
            let summary = try storeCall { try store.apply(group.prepared, now: clock.now()) }
            tally.held += summary.articlesInserted - summary.articlesRemoved
            tally.report.add(summary)
            tally.progress.articles += summary.articlesInserted + summary.articlesUpdated
            tally.progress.fraction = fraction(previous: tally.progress.fraction, total: tally.progress.estimatedTotal,
                                               held: tally.held, done: false)
            if group.completesPart {
                tally.report.pages += 1
                tally.progress.pages += 1
            }
            tally.progress.bytes = await transport.bytesReceived() - tally.startBytes
            tally.report.bytes = tally.progress.bytes
            if !summary.isEmpty { emit(.applied(summary)) }
            emit(.progress(tally.progress))
        }
        return languages
    }

    /// Brings the articles of `languages`, just applied from parts at the
    /// manifest's `cursor`, up to the server's head: pulls with a
    /// subscription of those languages only, from that cursor, applying each
    /// page without storing its cursor (the store keeps its own, SPEC.md
    /// §6.4). Pulling from its own cursor afterwards, the changes it
    /// receives again are already applied (SPEC.md §6.2), so the next
    /// checkpoint matches without a repair.
    private func catchUp(languages: [String], from cursor: Data, tally: inout Tally) async throws {
        guard !languages.isEmpty else { return }
        let applier = PageApplier(store: store)
        var request = WirePullRequest()
        request.cursor = cursor
        request.maxChanges = maxChanges
        request.clientKey = clientKey
        request.subscription.languages = languages
        request.subscription.regions = carried.regions
        request.subscription.topics = carried.topics
        while true {
            let page = try await transport.pull(request)
            let outcome = try storeCall { try applier.apply(page, now: clock.now(), storingCursor: false) }
            // Not done: the sync goes on from the store's own cursor.
            await account(outcome, done: false, tally: &tally)
            guard page.moreAvailable else { return }
            request.cursor = page.cursor
        }
    }
}
