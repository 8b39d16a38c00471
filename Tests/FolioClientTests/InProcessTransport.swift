import FolioClient
import FolioServer
import FolioWire
import Foundation

/// A transport that calls a `FolioSyncService` in process, and can be told to
/// fail: offline, timing out before or after the server acted, or answering
/// with an error status. It counts the bytes of each response as a deflated
/// frame, as the HTTP transport would receive them.
actor InProcessTransport: SyncTransport {
    enum Fault: Sendable {
        /// The request never reaches the server.
        case unreachable
        /// The server acts on the request, but the answer is lost.
        case timeoutAfterServerActed
        /// The server answers with this failure without acting.
        case failure(TransportFailure)
    }

    let service: FolioSyncService
    private var faults: [(endpoint: String, fault: Fault)] = []
    private(set) var offline = false
    private(set) var calls: [String] = []
    private var received: Int64 = 0

    init(service: FolioSyncService) {
        self.service = service
    }

    func setOffline(_ value: Bool) { offline = value }
    private var failingCalls: Set<String> = []

    /// Makes the `call`-th call to `endpoint` (counting from 1) unreachable.
    func fail(call: Int, on endpoint: String) { failingCalls.insert("\(endpoint)#\(call)") }

    private func scheduledFailure(_ name: String) -> Bool {
        failingCalls.contains("\(name)#\(calls.filter { $0 == name }.count)")
    }

    /// Makes the next call to `endpoint` fail with `fault`.
    func inject(_ fault: Fault, on endpoint: String) { faults.append((endpoint, fault)) }

    func bytesReceived() async -> Int64 { received }

    func info() async throws -> WireServerInfo {
        try await perform("info") { WireServerInfo() }
    }

    func pull(_ request: WirePullRequest) async throws -> WirePullResponse {
        try await perform("pull") { try await self.service.pull(request, subscription: Self.subscription(request.subscription)) }
    }

    func push(_ request: WirePushRequest) async throws -> WirePushResponse {
        try await perform("push") { try await self.service.push(request) }
    }

    func checksums(_ request: WireChecksumRequest) async throws -> WireChecksumResponse {
        try await perform("checksums") {
            try await self.service.checksums(request, subscription: Self.subscription(request.subscription))
        }
    }

    func repair(_ request: WireRepairRequest) async throws -> WireRepairResponse {
        try await perform("repair") {
            try await self.service.repair(request, subscription: Self.subscription(request.subscription))
        }
    }

    func snapshotManifest() async throws -> WireSnapshotManifest? {
        try await perform("snapshot") { try await self.service.latestSnapshot().manifest }
    }

    func snapshotPart(_ part: WireSnapshotPart, dictionary: UInt32) async throws -> SnapshotChunkReader {
        let bytes = try await perform("part") { try await self.service.snapshotPart(path: part.path).bytes }
        return SnapshotChunkReader(bytes: bytes, codec: FrameCodec())
    }

    static func subscription(_ wire: WireSubscription) -> FolioServer.Subscription {
        FolioServer.Subscription(languages: Set(wire.languages), regions: Set(wire.regions), topics: Set(wire.topics))
    }

    private func perform(_ name: String, _ body: @Sendable () async throws -> [UInt8]) async throws -> [UInt8] {
        calls.append(name)
        if offline || scheduledFailure(name) { throw TransportFailure.unreachable }
        if let index = faults.firstIndex(where: { $0.endpoint == name }) {
            if case .failure(let failure) = faults.remove(at: index).fault { throw failure }
            throw TransportFailure.unreachable
        }
        let bytes = try await call(body)
        received += Int64(bytes.count)
        return bytes
    }

    private func perform<M: FrameMessage>(_ name: String, _ body: @Sendable () async throws -> M) async throws -> M {
        calls.append(name)
        if offline || scheduledFailure(name) { throw TransportFailure.unreachable }
        let fault = faults.firstIndex { $0.endpoint == name }.map { faults.remove(at: $0).fault }
        switch fault {
        case .unreachable?:
            throw TransportFailure.unreachable
        case .failure(let failure)?:
            throw failure
        case .timeoutAfterServerActed?:
            _ = try await call(body)
            throw TransportFailure.timeout
        case nil:
            let response = try await call(body)
            received += Int64(try FrameCodec().encode(response, compression: .deflate(dictionary: nil)).count)
            return response
        }
    }

    /// Maps the service's errors to what an HTTP transport would report.
    private func call<M: Sendable>(_ body: @Sendable () async throws -> M) async throws -> M {
        do {
            return try await body()
        } catch let error as FolioServerError {
            let code = error.code.wireCode
            let status: Int = switch code {
            case .cursorEpochMismatch: 409
            case .cursorExpired: 410
            case .notFound: 404
            case .internalError: 500
            default: 400
            }
            throw TransportFailure.server(status: status, code: UInt32(code.rawValue), retryAfterSeconds: nil)
        }
    }
}
