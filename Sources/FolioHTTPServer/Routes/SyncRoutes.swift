import FolioServer
import FolioWire
import Foundation
import Hummingbird

/// The protocol routes of SPEC.md §5.1 (frames in, frames out), under
/// `/v2/` (``FolioProtocol/Path``). Requests under `/v1/` other than the
/// editor API are answered by ``LegacyVersion`` (426, E501).
struct SyncRoutes: Sendable {
    let service: FolioSyncService
    let io: FrameIO
    let configuration: HTTPServerConfiguration
    let clientLimiter: RateLimiter
    let addressLimiter: RateLimiter
    /// The request budgets of SPEC.md §5.4.
    let budgets: RequestBudgets

    /// `/v2/dictionaries/:id`, from ``FolioProtocol/Path/dictionary(id:)``
    /// (FolioWire has no prefix constant for it).
    static let dictionaryRoute = FolioProtocol.Path.dictionariesPrefix + ":id"

    func register(on router: Router<FolioRequestContext>) {
        router.get(RouterPath(FolioProtocol.Path.info)) { _, _ in try info() }
        router.post(RouterPath(FolioProtocol.Path.pull)) { request, context in
            try await budgets.charge(.pull, address: address(request, context))
            let pull = try await io.decode(WirePullRequest.self, from: request)
            try await budgets.charge(.pull, clientKey: pull.clientKey)
            let response = try await service.pull(pull, subscription: Self.subscription(from: request))
            return try io.response(response, clientDictionaries: pull.dictionaries)
        }
        router.post(RouterPath(FolioProtocol.Path.push)) { request, context in
            let push = try await io.decode(WirePushRequest.self, from: request)
            let admission = PushAdmission(
                clientLimiter: clientLimiter, addressLimiter: addressLimiter,
                clientKey: Hashing.hex(Hashing.sha256(Array(push.clientKey))), address: address(request, context))
            return try io.response(try await service.push(push, admission: admission))
        }
        router.post(RouterPath(FolioProtocol.Path.checksums)) { request, context in
            try await budgets.charge(.checksums, address: address(request, context))
            let checksums = try await io.decode(WireChecksumRequest.self, from: request)
            return try io.response(try await service.checksums(checksums, subscription: Self.subscription(from: request)))
        }
        router.post(RouterPath(FolioProtocol.Path.repair)) { request, context in
            try await budgets.charge(.repair, address: address(request, context))
            let repair = try await io.decode(WireRepairRequest.self, from: request)
            try await budgets.charge(.repair, clientKey: repair.clientKey)
            return try io.response(try await service.repair(repair, subscription: Self.subscription(from: request)))
        }
        router.get(RouterPath(Self.dictionaryRoute)) { _, context in try dictionary(context) }
    }

    /// The address the request's limits and budgets count against (``ClientAddress``).
    private func address(_ request: Request, _ context: FolioRequestContext) -> String? {
        ClientAddress.resolve(
            peer: context.remoteAddress, forwardedFor: request.headers[values: HeaderNames.forwardedFor],
            trustedProxies: configuration.trustedProxies
        ).map(ClientAddress.limitKey)
    }

    private func info() throws -> Response {
        var info = WireServerInfo()
        info.protocolVersions = [FolioProtocol.version]
        info.dictionaries = configuration.dictionaries.map(\.info)
        info.maxFrameBytes = UInt32(clamping: configuration.frameLimits.maxFrameBytes)
        info.maxWaitSeconds = service.configuration.maxWaitSeconds
        info.bucketWidth = service.configuration.bucketWidth
        return try io.response(info)
    }

    /// `GET /v2/dictionaries/{id}` (SPEC.md §9.2): raw bytes, immutable.
    private func dictionary(_ context: FolioRequestContext) throws -> Response {
        guard let text = context.parameters.get("id"), let id = UInt32(text),
              let dictionary = configuration.dictionaries.first(where: { $0.id == id })
        else { throw FolioHTTPError(.notFound, "no such dictionary") }
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/octet-stream", .eTag: "\"\(id)\"",
                .cacheControl: "public, max-age=31536000, immutable",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: dictionary.bytes)))
    }

    /// A subscription given as query parameters
    /// (`?language=fa&region=afghanistan&topic=security`, repeatable) overrides
    /// the one in the request message (SPEC.md §6.4), for clients and tools
    /// that cannot set it; nil when there are none.
    static func subscription(from request: Request) -> Subscription? {
        let query = request.uri.queryParameters
        let languages: [String] = query.getAll("language").map { String($0) }
        let regions: [String] = query.getAll("region").map { String($0) }
        let topics: [String] = query.getAll("topic").map { String($0) }
        guard !languages.isEmpty || !regions.isEmpty || !topics.isEmpty else { return nil }
        return Subscription(languages: Set(languages), regions: Set(regions), topics: Set(topics))
    }
}
