import FolioHTTPServer
import FolioServer
import FolioWire
import Foundation
import Hummingbird
import HummingbirdTesting
import SwiftProtobuf

/// A router over the demo archive with one editor and one reader token.
struct HTTPHarness {
    let service: FolioSyncService
    let registry = PrometheusRegistry()
    let editorToken: String
    let readerToken: String
    let router: Router<FolioRequestContext>

    static func make(configuration: HTTPServerConfiguration = HTTPServerConfiguration()) async throws -> HTTPHarness {
        let service = try await ServiceHarness.demo(.sqliteInMemory)
        return try await HTTPHarness(service: service, configuration: configuration)
    }

    init(service: FolioSyncService, configuration: HTTPServerConfiguration) async throws {
        self.service = service
        editorToken = try await service.createToken(role: .editor)
        readerToken = try await service.createToken(role: .reader)
        router = FolioHTTPServer.router(service: service, configuration: configuration, registry: registry)
    }

    func test<Value: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        try await Application(router: router).test(.router, body)
    }

    static func frameHeaders(token: String? = nil) -> HTTPFields {
        var headers: HTTPFields = [.contentType: FolioProtocol.frameContentType]
        headers[versionHeader] = String(FolioProtocol.version)
        if let token { headers[.authorization] = "Bearer \(token)" }
        return headers
    }

    /// `Folio-Protocol` (SPEC.md §5.3).
    static let versionHeader = HTTPFields.Element.Name(FolioProtocol.versionHeader) ?? .via

    static func bearer(_ token: String?) -> HTTPFields {
        guard let token else { return [:] }
        return [.authorization: "Bearer \(token)"]
    }

    static func frame<M: FrameMessage>(_ message: M) throws -> ByteBuffer {
        ByteBuffer(bytes: try FrameCodec().encode(message))
    }

    static func decode<M: FrameMessage>(_ type: M.Type, _ body: ByteBuffer) throws -> M {
        try FrameCodec().decode(M.self, fromBody: Array(body.readableBytesView))
    }
}
