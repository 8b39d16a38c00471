import FolioWire

/// How the sync engine reaches a server: one method per endpoint of SPEC.md
/// §5–§11, in protocol messages. The URLSession transport speaks HTTP and
/// frames; tests use a transport that calls a `FolioSyncService` in process.
///
/// Every method throws ``TransportFailure`` when the request fails, so that the
/// engine can tell a timeout (outcome unknown) from a refusal.
public protocol SyncTransport: Sendable {
    /// `GET /v1/info` (SPEC.md §5.3).
    func info() async throws -> WireServerInfo
    /// `POST /v1/pull` (SPEC.md §6.1).
    func pull(_ request: WirePullRequest) async throws -> WirePullResponse
    /// `POST /v1/push` (SPEC.md §10.1).
    func push(_ request: WirePushRequest) async throws -> WirePushResponse
    /// `POST /v1/checksums` (SPEC.md §7.3).
    func checksums(_ request: WireChecksumRequest) async throws -> WireChecksumResponse
    /// `POST /v1/repair` (SPEC.md §7.4).
    func repair(_ request: WireRepairRequest) async throws -> WireRepairResponse
    /// The response bytes received so far, as they came over the wire
    /// (compressed frames, without HTTP headers), for progress and reports.
    func bytesReceived() async -> Int64
}

/// Wraps any error a transport throws as a ``TransportFailure``.
func transportFailure(_ error: any Error) -> TransportFailure {
    if let failure = error as? TransportFailure { return failure }
    if let error = error as? FolioWireError { return .malformed(error.description) }
    return .malformed("\(error)")
}
