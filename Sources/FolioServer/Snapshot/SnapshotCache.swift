import FolioWire

/// Holds the latest snapshot and the one before it (so that downloads in
/// progress finish), rebuilding when the archive changed and the latest is
/// older than ``SyncServiceConfiguration/snapshotMinimumAge``.
actor SnapshotCache {
    private var latest: (snapshot: Snapshot, builtAt: ContinuousClock.Instant)?
    private var previous: Snapshot?

    func current(
        storage: any ServerStorage, configuration: SyncServiceConfiguration, dictionary: PresetDictionary?
    ) async throws -> Snapshot {
        let now = ContinuousClock.now
        if let latest, now - latest.builtAt < configuration.snapshotMinimumAge {
            return latest.snapshot
        }
        let (head, articles) = try await storage.liveArticles(in: [Int64.min...Int64.max])
        if let latest, latest.snapshot.sequence == head {
            self.latest = (latest.snapshot, now)
            return latest.snapshot
        }
        let epoch = try await storage.epoch()
        // Approved comments as of `head` (SPEC.md §11); later changes reach
        // the client through its first pull after the snapshot's cursor.
        var comments: [Int64: [StoredComment]] = [:]
        var afterID: Int64 = 0
        while true {
            let page = try await storage.comments(status: .approved, afterID: afterID, limit: 1_000)
            for comment in page where comment.sequence <= head {
                comments[comment.articleID, default: []].append(comment)
            }
            guard let last = page.last, page.count == 1_000 else { break }
            afterID = last.id
        }
        let snapshot = try SnapshotBuilder.build(
            epoch: epoch, head: head, articles: articles, comments: comments, configuration: configuration,
            dictionary: dictionary)
        previous = latest?.snapshot
        latest = (snapshot, now)
        return snapshot
    }

    func part(_ path: String) -> Snapshot.Part? {
        latest?.snapshot.parts[path] ?? previous?.parts[path]
    }
}
