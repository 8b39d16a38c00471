import FolioWire

extension FolioSyncService {
    /// The latest bootstrap snapshot (SPEC.md §11), rebuilt at most once per
    /// ``SyncServiceConfiguration/snapshotMinimumAge`` and only when the
    /// archive changed. Its frames are deflated with `dictionary` if given.
    public func latestSnapshot(dictionary: PresetDictionary? = nil) async throws -> Snapshot {
        try await snapshots.current(storage: storage, configuration: configuration, dictionary: dictionary)
    }

    /// One part file of the latest or the previous snapshot.
    ///
    /// - Throws: ``FolioServerError/Code/snapshotGone`` for any other path.
    public func snapshotPart(path: String) async throws -> Snapshot.Part {
        guard let part = await snapshots.part(path) else {
            throw FolioServerError(.snapshotGone, "the snapshot part no longer exists; fetch the manifest again")
        }
        return part
    }
}
