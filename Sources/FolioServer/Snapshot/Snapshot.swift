import FolioWire
import Foundation

/// A bootstrap snapshot (SPEC.md §11): its manifest and its part files,
/// each a sequence of deflated `SnapshotChunk` frames of one language.
///
/// Parts are content-addressed (`parts/{sha256 hex}.folio`): a part whose
/// articles did not change keeps its path from one snapshot to the next.
public struct Snapshot: Sendable {
    /// One part file. Its bytes stay where the server keeps them (a file
    /// next to the database, or memory) and are read on demand.
    public struct Part: Sendable {
        /// The path under `/v2/snapshots/`: `parts/{sha256 hex}.folio`.
        public var path: String
        /// The size in bytes.
        public var size: Int
        /// SHA-256 of the bytes.
        public var sha256: [UInt8]
        /// The language of its articles.
        public var language: String
        let store: SnapshotPartStore

        /// A strong entity tag: `"sha256-<hex>"`.
        public var etag: String { "\"sha256-\(Hashing.hex(sha256))\"" }

        /// The file holding the part, or nil when parts are kept in memory.
        public var fileURL: URL? { store.fileURL(path) }

        /// The whole part.
        ///
        /// - Throws: ``FolioServerError/Code/snapshotGone`` once it was deleted.
        public var bytes: [UInt8] {
            get throws { try store.read(path) }
        }

        /// The bytes of `range` only (clamped to the part).
        public func bytes(in range: ClosedRange<Int>) throws -> [UInt8] {
            try store.read(path, range: range)
        }

        init(_ record: SnapshotPartRecord, store: SnapshotPartStore) {
            path = record.path
            size = record.size
            sha256 = Hashing.bytes(hex: record.sha256)
            language = record.language
            self.store = store
        }
    }

    /// The manifest (`GET /v2/snapshots/latest`).
    public var manifest: WireSnapshotManifest
    /// The parts the manifest lists, by path.
    public var parts: [String: Part]
    /// The sequence the snapshot represents (the head of the read it was built from).
    public var sequence: UInt64
    /// How many parts the build that made this snapshot read and
    /// compressed; the other parts were listed again as they were.
    public var partsBuilt: Int
}
