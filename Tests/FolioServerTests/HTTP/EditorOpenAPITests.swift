@testable import FolioHTTPServer
import FolioServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `GET /v1/editor/openapi.json` and `Protocol/editor-openapi.json`: the
/// served bytes, the token exception, the routes named, and a rule the
/// document states that the server once broke.
@Suite("HTTP: the editor API's OpenAPI document")
struct EditorOpenAPITests {
    /// `Protocol/editor-openapi.json`, found from this file's place in the package.
    static func documentFile() throws -> Data {
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // HTTP
            .deletingLastPathComponent()  // FolioServerTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // the package
        return try Data(contentsOf: root.appendingPathComponent("Protocol/editor-openapi.json"))
    }

    @Test("GET /v1/editor/openapi.json answers 200 without a token with exactly Protocol/editor-openapi.json")
    func servedBytes() async throws {
        let file = try Self.documentFile()
        let harness = try await HTTPHarness.make()
        for token in [nil, "fst_" + String(repeating: "0", count: 64), harness.readerToken] {
            let (status, type, body) = try await harness.test { client in
                try await client.execute(uri: "/v1/editor/openapi.json", method: .get, headers: HTTPHarness.bearer(token)) {
                    ($0.status.code, $0.headers[.contentType], Data($0.body.readableBytesView))
                }
            }
            #expect(status == 200)
            #expect(type == "application/json")
            #expect(body == file, "the served document differs from Protocol/editor-openapi.json")
        }
        #expect(Data(EditorOpenAPI.json.utf8) == file)
    }

    @Test("only a GET of exactly /v1/editor/openapi.json skips the token check")
    func narrowException() async throws {
        let harness = try await HTTPHarness.make()
        let requests: [(HTTPRequest.Method, String)] = [
            (.post, "/v1/editor/openapi.json"), (.put, "/v1/editor/openapi.json"), (.delete, "/v1/editor/openapi.json"),
            (.get, "/V1/EDITOR/openapi.json"), (.get, "/v1/editor//openapi.json"), (.get, "/v1/editor/%6Fpenapi.json"),
            (.get, "/v1/editor/articles/../openapi.json"), (.get, "/v1/editor/articles/1001"), (.get, "/v1/editor/comments"),
        ]
        for (method, path) in requests {
            let status = try await harness.test { client in
                try await client.execute(uri: path, method: method) { $0.status.code }
            }
            #expect(status == 401, "\(method) \(path) without a token: \(status)")
        }
    }

    /// Article 5002's JSON with `updatedAt` replaced by `time`.
    static func article(updatedAt time: String) throws -> ByteBuffer {
        var object = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(Fixtures.article(id: 5002))) as? [String: Any])
        object["updatedAt"] = time
        return ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: object))
    }

    @Test("a time past 9999-12-31T23:59:59.999Z in UTC is refused with 400, as InputTime says, and reads keep working")
    func latestTime() async throws {
        let harness = try await HTTPHarness.make()
        let auth = HTTPHarness.bearer(harness.editorToken)
        let late = try Self.article(updatedAt: "9999-12-31T23:59:59-23:59")
        let latest = try Self.article(updatedAt: "9999-12-31T23:59:59.999Z")
        try await harness.test { client in
            let refused = try await client.execute(uri: "/v1/editor/articles/5002", method: .put, headers: auth, body: late) {
                ($0.status.code, $0.headers[HTTPFields.Element.Name("Folio-Error") ?? .via])
            }
            #expect(refused.0 == 400 && refused.1 == "502")
            let missing = try await client.execute(uri: "/v1/editor/articles/5002", method: .get, headers: auth) { $0.status.code }
            #expect(missing == 404)
            let stored = try await client.execute(uri: "/v1/editor/articles/5002", method: .put, headers: auth, body: latest) {
                $0.status.code
            }
            #expect(stored == 201)
            let read = try await client.execute(uri: "/v1/editor/articles/5002", method: .get, headers: auth) {
                ($0.status.code, String(buffer: $0.body))
            }
            #expect(read.0 == 200 && read.1.contains("\"updatedAt\":\"9999-12-31T23:59:59.999Z\""))
        }
    }

    @Test("the document is OpenAPI 3.1 and names every route EditorRoutes registers, and no other")
    func namesEveryRoute() async throws {
        let document = try JSONSerialization.jsonObject(with: try Self.documentFile()) as? [String: Any]
        let version = try #require(document?["openapi"] as? String)
        #expect(version.hasPrefix("3.1."), "openapi is \(version)")
        let paths = try #require(document?["paths"] as? [String: [String: Any]])
        let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]
        let documented = Set(paths.flatMap { path, item in
            item.keys.filter(methods.contains).map { "\($0.uppercased()) \(path)" }
        })

        let harness = try await HTTPHarness.make()
        let router = Router(context: FolioRequestContext.self)
        EditorRoutes(service: harness.service, configuration: HTTPServerConfiguration()).register(on: router)
        // RouterPath prints a capture `:id` as `{id}`, as OpenAPI spells it.
        let registered = Set(router.routes.map { "\($0.method.rawValue) \($0.path)" })
        #expect(registered.contains("GET /v1/editor/openapi.json"))
        #expect(registered.contains("PUT /v1/editor/articles/{id}"))
        #expect(documented == registered, "only registered: \(registered.subtracting(documented)); only documented: \(documented.subtracting(registered))")
    }
}
