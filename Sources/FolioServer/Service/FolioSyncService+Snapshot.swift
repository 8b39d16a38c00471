import FolioWire

extension FolioSyncService {
    /// The latest bootstrap snapshot (SPEC.md §11), rebuilt at most once per
    /// ``SyncServiceConfiguration/snapshotMinimumAge`` and only when the
    /// archive changed; a rebuild reads and compresses only the parts whose
    /// language and bucket range changed (``Snapshot/partsBuilt``).
    ///
    /// - Parameter dictionaries: the server's preset dictionaries; the parts
    ///   of a language are deflated with the first one of that language, the
    ///   others without a dictionary.
    public func latestSnapshot(dictionaries: [PresetDictionary] = []) async throws -> Snapshot {
        try await snapshots.current(
            storage: storage, configuration: configuration, dictionaries: dictionaries, now: now())
    }

    /// A part file of the latest snapshot, or of an earlier one within
    /// ``SyncServiceConfiguration/snapshotRetention`` after the last manifest
    /// that listed it.
    ///
    /// - Throws: ``FolioServerError/Code/snapshotGone`` for a part deleted
    ///   after its retention, ``FolioServerError/Code/snapshotPartUnknown``
    ///   for a path no manifest listed.
    public func snapshotPart(path: String) async throws -> Snapshot.Part {
        guard let part = try await snapshots.part(path, now: now(), retention: configuration.snapshotRetention) else {
            if await snapshots.wasServed(path) {
                throw FolioServerError(.snapshotGone, "the snapshot part no longer exists; fetch the manifest again")
            }
            throw FolioServerError(.snapshotPartUnknown, "no snapshot lists this part; fetch the manifest")
        }
        return part
    }
}
