import FolioWire
import Foundation

/// What the server remembers of one content-addressed part file
/// (SPEC.md §11): where it is, what it covers, the maintained checksum of
/// its range when it was built (to decide whether it can be listed again
/// as it is) and, once no manifest lists it, since when (for retention).
///
/// The records are kept in `index.json` next to the part files, so that a
/// restarted server reuses the parts whose range did not change.
public struct SnapshotPartRecord: Sendable, Hashable, Codable {
    /// The path under `/v2/snapshots/`: `parts/{sha256 hex}.folio`.
    public var path: String
    /// SHA-256 of the file, lowercase hex.
    public var sha256: String
    /// The file's size in bytes.
    public var size: Int
    /// The language of every article in the part.
    public var language: String
    /// The first maintained bucket (``ChecksumLayout/maintainedBucketWidth``) of the range.
    public var firstBucket: Int64
    /// The last maintained bucket of the range.
    public var lastBucket: Int64
    /// The maintained checksum of the range for this language when the part was built.
    public var count: UInt64
    /// See ``count``.
    public var sum: UInt64
    /// See ``count``.
    public var comments: UInt64
    /// The preset dictionary id its frames use (0 = none).
    public var dictionary: UInt32
    /// The smallest article id in the part.
    public var firstID: Int64
    /// The largest article id in the part.
    public var lastID: Int64
    /// The number of articles.
    public var articleCount: Int
    /// Unix milliseconds when the last manifest that listed the part was
    /// replaced; nil while the latest manifest lists it.
    public var unlistedAt: Int64?

    /// The maintained checksum of the range at build time.
    public var checksum: ArchiveChecksum {
        ArchiveChecksum(count: count, sum: sum, comments: comments)
    }

    /// The bucket range the part covers.
    public var buckets: ClosedRange<Int64> { firstBucket...lastBucket }

    /// The entry of the manifest (SPEC.md §11, step 1).
    var wire: WireSnapshotPart {
        var info = WireSnapshotPart()
        info.path = path
        info.size = UInt64(size)
        info.firstID = firstID
        info.lastID = lastID
        info.articleCount = UInt32(clamping: articleCount)
        info.sha256 = Data(Hashing.bytes(hex: sha256))
        info.language = language
        info.dictionary = dictionary
        return info
    }
}

