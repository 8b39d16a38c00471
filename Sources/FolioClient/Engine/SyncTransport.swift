import FolioWire

/// How the sync engine reaches a server: one method per endpoint of SPEC.md
/// §5–§11, in protocol messages. The URLSession transport speaks HTTP and
/// frames; tests use a transport that calls a `FolioSyncService` in process.
///
/// Every method throws ``TransportFailure`` when the request fails, so that the
/// engine can tell a timeout (outcome unknown) from a refusal.
public protocol SyncTransport: Sendable {
    /// `GET /v2/info` (SPEC.md §5.3).
    func info() async throws -> WireServerInfo
    /// `POST /v2/pull` (SPEC.md §6.1).
    func pull(_ request: WirePullRequest) async throws -> WirePullResponse
    /// `POST /v2/push` (SPEC.md §10.1).
    func push(_ request: WirePushRequest) async throws -> WirePushResponse
    /// `POST /v2/checksums` (SPEC.md §7.3).
    func checksums(_ request: WireChecksumRequest) async throws -> WireChecksumResponse
    /// `POST /v2/repair` (SPEC.md §7.4).
    func repair(_ request: WireRepairRequest) async throws -> WireRepairResponse
    /// `GET /v2/snapshots/latest` (SPEC.md §11), or `nil` when the server
    /// offers no snapshot (404).
    func snapshotManifest() async throws -> WireSnapshotManifest?
    /// `GET /v2/snapshots/{path}`: the whole part, its size and SHA-256
    /// verified, with a reader of its chunks (SPEC.md §11).
    func snapshotPart(_ part: WireSnapshotPart, dictionary: UInt32) async throws -> SnapshotChunkReader
    /// The response bytes received so far, as they came over the wire
    /// (compressed frames, without HTTP headers), for progress and reports.
    func bytesReceived() async -> Int64
}

/// Wraps any error a transport throws as a ``TransportFailure``.
func transportFailure(_ error: any Error) -> TransportFailure {
    if let failure = error as? TransportFailure { return failure }
    if let error = error as? FolioWireError { return TransportFailure(error) }
    return .malformed("\(error)")
}
