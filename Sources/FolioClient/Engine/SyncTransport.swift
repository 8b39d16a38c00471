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
    /// `GET /v2/snapshots/{path}` from byte `offset` on (SPEC.md §11).
    ///
    /// With `offset > 0` the request carries `Range: bytes=offset-` and, when
    /// `ifRange` is given, `If-Range: ifRange`. A server that answers 200
    /// sends the whole part instead: the body then starts at 0. A body that
    /// is the whole part in one response is checked against the part's size
    /// and SHA-256; a partial one is checked frame by frame by the reader.
    ///
    /// - throws: ``TransportFailure``; a part that is gone is 410 with E508
    ///   (``TransportFailure/isSnapshotGone``).
    func snapshotPart(_ part: WireSnapshotPart, from offset: Int64, ifRange: String?) async throws -> SnapshotPartBody
    /// The preset dictionary `id` (SPEC.md §9.2), checked against its
    /// Adler-32, from the transport's cache when it holds it, else fetched
    /// with `GET /v2/dictionaries/{id}`.
    func presetDictionary(id: UInt32, language: String) async throws -> PresetDictionary
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
