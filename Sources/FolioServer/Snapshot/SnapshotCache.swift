import FolioWire

/// Holds the latest snapshot and the one before it (so that downloads in
/// progress finish), rebuilding when the archive changed and the latest is
/// older than ``SyncServiceConfiguration/snapshotMinimumAge``.
actor SnapshotCache {
    private var latest: (snapshot: Snapshot, builtAt: ContinuousClock.Instant)?
    private var previous: Snapshot?
    /// The build in progress: callers that arrive meanwhile wait for it
    /// rather than start a second one.
    private var building: Task<Snapshot, any Error>?

    func current(
        storage: any ServerStorage, configuration: SyncServiceConfiguration, dictionary: PresetDictionary?
    ) async throws -> Snapshot {
        let now = ContinuousClock.now
        if let latest, now - latest.builtAt < configuration.snapshotMinimumAge {
            return latest.snapshot
        }
        // An empty read past the end gives the head cheaply.
        let head = try await storage.changes(after: UInt64(Int64.max), limit: 1).head
        if let latest, latest.snapshot.sequence == head {
            self.latest = (latest.snapshot, now)
            return latest.snapshot
        }
        if let building { return try await building.value }
        let task = Task { try await SnapshotBuilder.build(storage: storage, configuration: configuration, dictionary: dictionary) }
        building = task
        defer { building = nil }
        let snapshot = try await task.value
        previous = latest?.snapshot
        latest = (snapshot, ContinuousClock.now)
        return snapshot
    }

    func part(_ path: String) -> Snapshot.Part? {
        latest?.snapshot.parts[path] ?? previous?.parts[path]
    }
}
