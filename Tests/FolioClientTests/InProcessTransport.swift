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

    /// One request for a snapshot part, as the transport saw it.
    struct PartRequest: Sendable, Equatable {
        var path: String
        var from: Int64
        var ifRange: String?
    }

    /// The preset dictionaries the server compresses snapshot parts with.
    private var dictionaries: [PresetDictionary] = []
    /// Every snapshot part asked for, in order.
    private(set) var partRequests: [PartRequest] = []
    /// The bytes of snapshot parts received, by path.
    private(set) var partBytes: [String: Int] = [:]
    private var cuts: [Int] = []
    private var rangesHonoured = true

    /// Serves snapshots whose parts are deflated with these dictionaries (SPEC.md §9.2).
    func useDictionaries(_ dictionaries: [PresetDictionary]) { self.dictionaries = dictionaries }

    /// Cuts the next snapshot part answered after `bytes` bytes of its body,
    /// as a connection dropped half-way would.
    func cutNextPart(after bytes: Int) { cuts.append(bytes) }

    /// Whether `Range` requests get a 206; when false the part comes whole (200).
    func honourRanges(_ value: Bool) { rangesHonoured = value }

    func snapshotManifest() async throws -> WireSnapshotManifest? {
        let dictionaries = self.dictionaries
        return try await perform("snapshot") { try await self.service.latestSnapshot(dictionaries: dictionaries).manifest }
    }

    func snapshotPart(_ part: WireSnapshotPart, from offset: Int64, ifRange: String?) async throws -> SnapshotPartBody {
        partRequests.append(PartRequest(path: part.path, from: offset, ifRange: ifRange))
        let honoured = rangesHonoured
        let (start, etag, bytes) = try await perform("part") { () async throws -> (Int64, String, [UInt8]) in
            let stored = try await self.service.snapshotPart(path: part.path)
            guard offset > 0, honoured, ifRange == nil || ifRange == stored.etag else { return (0, stored.etag, try stored.bytes) }
            return (offset, stored.etag, try stored.bytes(in: Int(offset)...(stored.size - 1)))
        }
        var body = bytes
        if !cuts.isEmpty { body = Array(body.prefix(cuts.removeFirst())) }
        received += Int64(body.count)
        partBytes[part.path, default: 0] += body.count
        return SnapshotPartBody(offset: start, bytes: body, etag: etag)
    }

    func presetDictionary(id: UInt32, language: String) async throws -> PresetDictionary {
        let dictionaries = self.dictionaries
        return try await perform("dictionary") { () async throws -> PresetDictionary in
            guard let dictionary = dictionaries.first(where: { $0.id == id }) else {
                throw TransportFailure.server(status: 404, code: 404, retryAfterSeconds: nil)
            }
            return dictionary
        }
    }

    static func subscription(_ wire: WireSubscription) -> FolioServer.Subscription {
        FolioServer.Subscription(languages: Set(wire.languages), regions: Set(wire.regions), topics: Set(wire.topics))
    }

    /// Performs a call whose answer is not one frame (a part, a dictionary);
    /// the caller counts its bytes.
    private func perform<T: Sendable>(_ name: String, _ body: @Sendable () async throws -> T) async throws -> T {
        calls.append(name)
        if offline || scheduledFailure(name) { throw TransportFailure.unreachable }
        if let index = faults.firstIndex(where: { $0.endpoint == name }) {
            if case .failure(let failure) = faults.remove(at: index).fault { throw failure }
            throw TransportFailure.unreachable
        }
        return try await call(body)
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
            case .cursorExpired, .snapshotGone: 410
            case .notFound: 404
            case .internalError: 500
            default: 400
            }
            throw TransportFailure.server(status: status, code: UInt32(code.rawValue), retryAfterSeconds: nil)
        }
    }
}
