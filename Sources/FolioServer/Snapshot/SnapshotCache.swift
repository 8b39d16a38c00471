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
        let snapshot = try SnapshotBuilder.build(
            epoch: epoch, head: head, articles: articles, configuration: configuration, dictionary: dictionary)
        previous = latest?.snapshot
        latest = (snapshot, now)
        return snapshot
    }

    func part(_ path: String) -> Snapshot.Part? {
        latest?.snapshot.parts[path] ?? previous?.parts[path]
    }
}
