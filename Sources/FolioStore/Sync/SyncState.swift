import FolioWire
import Foundation

/// Where the store stands with its server.
public struct SyncState: Sendable, Hashable {
    /// The server's base address, once set.
    public var server: String?
    /// The server epoch the stored data belongs to, once synced.
    public var epoch: String?
    /// The opaque cursor after the last applied page, once synced.
    public var cursor: Data?
    /// The checksum of the stored articles and their approved comments
    /// (SPEC.md §7.2), kept up to date by every batch, to compare with the
    /// server's checkpoint.
    public var checksum: ArchiveChecksum
    /// Tombstones at or below this server sequence have been dropped.
    public var tombstoneHorizon: Int64
    /// When the last batch was applied, in Unix milliseconds (UTC).
    public var lastSyncAt: Int64?
    /// The preset dictionaries the store holds, by id (such as `fa-1`).
    public var dictionaries: [String]
}
