import FolioWire
import Foundation

/// Holds the latest snapshot and the records of every part still served
/// (SPEC.md §11): those of the latest manifest, and those of earlier
/// manifests for ``SyncServiceConfiguration/snapshotRetention`` after the
/// last manifest that listed them; then their files are deleted.
///
/// A snapshot is rebuilt, incrementally, when the archive changed and the
/// latest is older than ``SyncServiceConfiguration/snapshotMinimumAge``;
/// callers that arrive during a build wait for it (single flight).
actor SnapshotCache {
    private let store: SnapshotPartStore
    /// Every part still served, by path.
    private var records: [String: SnapshotPartRecord] = [:]
    /// Paths of parts deleted after their retention, for a 410 rather than a 404.
    private var gone: Set<String> = []
    private var loaded = false
    private var latest: (snapshot: Snapshot, builtAt: ContinuousClock.Instant)?
    /// The build in progress: callers that arrive meanwhile wait for it
    /// rather than start a second one.
    private var building: Task<Snapshot, any Error>?

    init(store: SnapshotPartStore) {
        self.store = store
    }

    /// The latest snapshot, rebuilt first when it is due.
    ///
    /// - parameters:
    ///   - now: the wall clock in Unix milliseconds (for retention).
    func current(
        storage: any ServerStorage, configuration: SyncServiceConfiguration, dictionaries: [PresetDictionary],
        now: Int64
    ) async throws -> Snapshot {
        loadIfNeeded()
        try expire(now: now, retention: configuration.snapshotRetention)
        let started = ContinuousClock.now
        if let latest, started - latest.builtAt < configuration.snapshotMinimumAge {
            return latest.snapshot
        }
        // An empty read past the end gives the head cheaply.
        let head = try await storage.changes(after: UInt64(Int64.max), limit: 1).head
        if let latest, latest.snapshot.sequence == head {
            self.latest = (latest.snapshot, started)
            return latest.snapshot
        }
        if let building { return try await building.value }
        let store = self.store
        let previous = records.values.filter { $0.unlistedAt == nil && store.exists($0.path) }
        let byLanguage = Dictionary(dictionaries.map { ($0.language, $0) }, uniquingKeysWith: { first, _ in first })
        let task = Task {
            let epoch = try await storage.epoch()
            let result = try await SnapshotBuilder.build(
                storage: storage, configuration: configuration, dictionaries: byLanguage, previous: previous,
                store: store)
            return try self.publish(result, epoch: epoch, bucketWidth: configuration.bucketWidth, now: now)
        }
        building = task
        defer { building = nil }
        return try await task.value
    }

    /// Makes `result` the latest snapshot: its parts are listed, the parts
    /// of the previous manifest that it does not list start their retention.
    private func publish(_ result: SnapshotBuilder.Result, epoch: UInt64, bucketWidth: UInt32, now: Int64) throws
        -> Snapshot
    {
        let listed = Set(result.parts.map(\.path))
        for (path, record) in records where record.unlistedAt == nil && !listed.contains(path) {
            records[path]?.unlistedAt = now
        }
        for record in result.parts { records[record.path] = record }
        try store.saveIndex(Array(records.values))
        let snapshot = Snapshot(
            manifest: SnapshotBuilder.manifest(result, epoch: epoch, bucketWidth: bucketWidth),
            parts: Dictionary(result.parts.map { ($0.path, Snapshot.Part($0, store: store)) }, uniquingKeysWith: { a, _ in a }),
            sequence: result.head, partsBuilt: result.built)
        latest = (snapshot, ContinuousClock.now)
        return snapshot
    }

    /// Reads the records a previous run saved, once, and deletes part files
    /// no record names.
    private func loadIfNeeded() {
        guard !loaded else { return }
        loaded = true
        for record in store.loadIndex() where store.exists(record.path) {
            records[record.path] = record
        }
        store.removeFiles(notIn: Set(records.keys))
    }

    /// Deletes the parts no manifest has listed for `retention`.
    private func expire(now: Int64, retention: Duration) throws {
        let milliseconds = retention.components.seconds * 1_000 + retention.components.attoseconds / 1_000_000_000_000_000
        let expired = records.values.filter { record in
            guard let unlistedAt = record.unlistedAt else { return false }
            return now - unlistedAt >= milliseconds
        }
        guard !expired.isEmpty else { return }
        for record in expired {
            records[record.path] = nil
            store.delete(record.path)
            gone.insert(record.path)
        }
        if gone.count > Self.maxGonePaths { gone.removeAll() }
        try store.saveIndex(Array(records.values))
    }

    /// A part still served: listed by the latest manifest or retained.
    func part(_ path: String, now: Int64, retention: Duration) throws -> Snapshot.Part? {
        loadIfNeeded()
        try expire(now: now, retention: retention)
        return records[path].map { Snapshot.Part($0, store: store) }
    }

    /// Whether `path` named a part this process deleted after its retention
    /// (SPEC.md §12.1: 410 E508 for a part that no longer exists, 404 E503
    /// for a path never listed; after a restart, or past
    /// ``maxGonePaths``, an old path counts as never listed, and the client
    /// reads the manifest again either way).
    func wasServed(_ path: String) -> Bool {
        gone.contains(path)
    }

    /// The most deleted paths remembered.
    static let maxGonePaths = 100_000
}
