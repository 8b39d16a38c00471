import FolioHTTPServer
import FolioServer
import FolioWire
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("HTTP: auth matrix over every route and role")
struct AuthMatrixTests {
    enum Role: String, CaseIterable {
        case none, invalid, reader, editor
    }

    enum Access {
        case publicRoute, syncRoute, editorRoute
    }

    struct Route: Sendable, CustomStringConvertible {
        var method: HTTPRequest.Method
        var path: String
        var access: Access
        var body: @Sendable () throws -> ByteBuffer?
        var frame: Bool
        var description: String { "\(method.rawValue) \(path)" }
    }

    static let articleJSON: @Sendable () throws -> ByteBuffer? = {
        ByteBuffer(bytes: try JSONEncoder().encode(Fixtures.article(id: 4242)))
    }

    static let routes: [Route] = [
        Route(method: .get, path: "/health", access: .publicRoute, body: { nil }, frame: false),
        Route(method: .get, path: "/metrics", access: .publicRoute, body: { nil }, frame: false),
        Route(method: .get, path: "/v2/info", access: .syncRoute, body: { nil }, frame: false),
        Route(method: .post, path: "/v2/pull", access: .syncRoute, body: { try HTTPHarness.frame(Fixtures.pull()) }, frame: true),
        Route(method: .post, path: "/v2/push", access: .syncRoute, body: {
            try HTTPHarness.frame(Fixtures.push(
                client: Fixtures.clientKey(1), [Fixtures.submission(key: Fixtures.key(1), articleID: 1001)]))
        }, frame: true),
        Route(method: .post, path: "/v2/checksums", access: .syncRoute, body: { try HTTPHarness.frame(WireChecksumRequest()) }, frame: true),
        Route(method: .post, path: "/v2/repair", access: .syncRoute, body: { try HTTPHarness.frame(WireRepairRequest()) }, frame: true),
        Route(method: .get, path: "/v2/snapshots/latest", access: .syncRoute, body: { nil }, frame: false),
        Route(method: .get, path: "/v1/editor/comments", access: .editorRoute, body: { nil }, frame: false),
        Route(method: .get, path: "/v1/editor/comments?status=pending", access: .editorRoute, body: { nil }, frame: false),
        Route(method: .post, path: "/v1/editor/comments/1/approve", access: .editorRoute, body: { nil }, frame: false),
        Route(method: .post, path: "/v1/editor/comments/2/reject", access: .editorRoute, body: { nil }, frame: false),
        Route(method: .get, path: "/v1/editor/articles/1001", access: .editorRoute, body: { nil }, frame: false),
        Route(method: .put, path: "/v1/editor/articles/4242", access: .editorRoute, body: articleJSON, frame: false),
        Route(method: .delete, path: "/v1/editor/articles/1002", access: .editorRoute, body: { nil }, frame: false),
        Route(method: .get, path: "/moderation", access: .publicRoute, body: { nil }, frame: false),
    ]

    static func expected(_ access: Access, _ role: Role) -> Set<Int> {
        switch (access, role) {
        case (.publicRoute, _): [200]
        case (.syncRoute, .invalid): [401]
        case (.syncRoute, _): [200]
        case (.editorRoute, .none), (.editorRoute, .invalid): [401]
        case (.editorRoute, .reader): [403]
        case (.editorRoute, .editor): [200, 201]
        }
    }

    @Test("each route answers each role as the policy says", arguments: routes, Role.allCases)
    func matrix(route: Route, role: Role) async throws {
        let harness = try await HTTPHarness.make()
        let token: String? = switch role {
        case .none: nil
        case .invalid: "fst_" + String(repeating: "0", count: 64)
        case .reader: harness.readerToken
        case .editor: harness.editorToken
        }
        var headers = HTTPHarness.bearer(token)
        if route.frame {
            headers[.contentType] = FolioProtocol.frameContentType
            headers[HTTPHarness.versionHeader] = String(FolioProtocol.version)
        }
        let body = try route.body()
        let requestHeaders = headers
        let status = try await harness.test { client in
            try await client.execute(uri: route.path, method: route.method, headers: requestHeaders, body: body) { $0.status.code }
        }
        #expect(Self.expected(route.access, role).contains(status), "\(route) as \(role): \(status)")
    }

    @Test("sync routes need a token when configured so", arguments: [Role.none, .invalid, .reader, .editor])
    func tokenRequiredForSync(role: Role) async throws {
        var configuration = HTTPServerConfiguration()
        configuration.requireTokenForSync = true
        let harness = try await HTTPHarness.make(configuration: configuration)
        let token: String? = role == .reader ? harness.readerToken : role == .editor ? harness.editorToken : role == .invalid ? "nope" : nil
        let (status, folioError) = try await harness.test { client in
            try await client.execute(
                uri: "/v2/pull", method: .post, headers: HTTPHarness.frameHeaders(token: token),
                body: try HTTPHarness.frame(Fixtures.pull())
            ) { ($0.status.code, $0.headers[HTTPFields.Element.Name("Folio-Error") ?? .via]) }
        }
        #expect(status == (role == .reader || role == .editor ? 200 : 401))
        if status == 401 { #expect(folioError == "502") }
    }

    @Test("no spelling of an editor path gets past the token check", arguments: [
        "/v2//editor/comments", "/V1/EDITOR/comments", "/v2/%65ditor/comments", "/v2/pull/../editor/comments",
        "/v2/./editor/comments", "/v1/editor/comments/", "/v1/editor%2Fcomments", "//v1/editor/comments",
    ])
    func pathTricks(path: String) async throws {
        let harness = try await HTTPHarness.make()
        for token in [nil, harness.readerToken] {
            for method in [HTTPRequest.Method.get, .post, .head] {
                let (status, body) = try await harness.test { client in
                    try await client.execute(uri: path, method: method, headers: HTTPHarness.bearer(token)) {
                        ($0.status.code, String(buffer: $0.body))
                    }
                }
                #expect(!(200..<300).contains(status), "\(method) \(path) with \(token == nil ? "no token" : "reader"): \(status)")
                #expect(!body.contains("@example"), "\(path) leaked an address")
            }
        }
    }
}
