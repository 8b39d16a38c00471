import FolioWire

/// An immutable bootstrap snapshot (SPEC.md §11): its manifest and its part
/// files, each a sequence of deflated `SnapshotChunk` frames.
public struct Snapshot: Sendable {
    /// One part file.
    public struct Part: Sendable, Hashable {
        /// The path under `/v2/snapshots/`, e.g. `7/1042/part-0001.folio`.
        public var path: String
        /// The file's bytes.
        public var bytes: [UInt8]
        /// SHA-256 of the bytes.
        public var sha256: [UInt8]
        /// A strong entity tag: `"sha256-<hex>"`.
        public var etag: String { "\"sha256-\(Hashing.hex(sha256))\"" }
    }

    /// The manifest (`GET /v2/snapshots/latest`).
    public var manifest: WireSnapshotManifest
    /// The parts by path.
    public var parts: [String: Part]
    /// The sequence the snapshot represents.
    public var sequence: UInt64
}
