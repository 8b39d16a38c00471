import FolioHTTPServer
import FolioServer
import FolioWire
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("HTTP: snapshot routes")
struct SnapshotRouteTests {
    /// The demo archive with its parts in memory, or in files in a directory.
    static func harness(onDisk: Bool) async throws -> HTTPHarness {
        var configuration = SyncServiceConfiguration()
        if onDisk { configuration.snapshotDirectory = try TemporaryDirectory.make().path }
        let service = try ServiceHarness.make(.sqliteInMemory, configuration: configuration)
        _ = try await service.importArticles(jsonLines: Fixtures.demoArticles())
        _ = try await service.importComments(jsonLines: Fixtures.demoComments())
        return try await HTTPHarness(service: service, configuration: HTTPServerConfiguration())
    }

    @Test("the manifest names parts that download whole, by range, and resume with If-Range", arguments: [false, true])
    func download(onDisk: Bool) async throws {
        let harness = try await Self.harness(onDisk: onDisk)
        try await harness.test { client in
            let manifest = try await client.execute(uri: "/v2/snapshots/latest", method: .get) { response in
                #expect(response.headers[.cacheControl] == "max-age=60")
                return try HTTPHarness.decode(WireSnapshotManifest.self, response.body)
            }
            let info = try #require(manifest.parts.first)
            #expect(Set(manifest.parts.map(\.language)) == ["en", "fa"])
            #expect(info.path.hasPrefix("parts/") && info.path.hasSuffix(".folio"))
            #expect(manifest.parts.reduce(0) { $0 + Int($1.articleCount) } == 32)
            let (whole, etag) = try await client.execute(uri: "/v2/snapshots/\(info.path)", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/vnd.folio.snapshot")
                #expect(response.headers[.cacheControl] == "public, max-age=31536000, immutable")
                return (Array(response.body.readableBytesView), response.headers[.eTag] ?? "")
            }
            #expect(Hashing.sha256(whole) == Array(info.sha256))
            #expect(etag == "\"sha256-\(Hashing.hex(Array(info.sha256)))\"")
            let tail = try await client.execute(
                uri: "/v2/snapshots/\(info.path)", method: .get, headers: [.range: "bytes=100-", .ifRange: etag]
            ) { response in
                #expect(response.status == .partialContent)
                #expect(response.headers[.contentRange] == "bytes 100-\(whole.count - 1)/\(whole.count)")
                return Array(response.body.readableBytesView)
            }
            #expect(tail == Array(whole[100...]))
            let stale = try await client.execute(
                uri: "/v2/snapshots/\(info.path)", method: .get, headers: [.range: "bytes=100-", .ifRange: "\"other\""]
            ) { $0.status }
            #expect(stale == .ok)
            let middle = try await client.execute(
                uri: "/v2/snapshots/\(info.path)", method: .get, headers: [.range: "bytes=10-19"]
            ) { response in
                #expect(response.headers[.contentRange] == "bytes 10-19/\(whole.count)")
                #expect(response.headers[.contentLength] == "10")
                return Array(response.body.readableBytesView)
            }
            #expect(middle == Array(whole[10...19]))
            let unsatisfiable = try await client.execute(
                uri: "/v2/snapshots/\(info.path)", method: .get, headers: [.range: "bytes=\(whole.count + 5)-"]
            ) { response in
                (response.status.code, response.headers[.contentRange], response.headers[.contentType],
                 try HTTPHarness.decode(WireErrorResponse.self, response.body).code)
            }
            #expect(unsatisfiable.0 == 416 && unsatisfiable.1 == "bytes */\(whole.count)")
            #expect(unsatisfiable.2 == FolioProtocol.frameContentType && unsatisfiable.3 == 510)
            // SPEC.md §12.1: a path no manifest listed is not found (410 E508 is
            // for a listed part deleted since; SnapshotTests covers it).
            let missing = "/v2/snapshots/parts/\(String(repeating: "ab", count: 32)).folio"
            let unknown = try await client.execute(uri: missing, method: .get) {
                ($0.status.code, try HTTPHarness.decode(WireErrorResponse.self, $0.body).code,
                 $0.headers[HTTPFields.Element.Name("Folio-Error") ?? .via])
            }
            #expect(unknown.0 == 404 && unknown.1 == 503 && unknown.2 == "503")
        }
    }

    @Test("byte ranges parse as RFC 9110 says", arguments: [
        ("bytes=0-", 10, Optional(0...9)), ("bytes=2-4", 10, Optional(2...4)), ("bytes=-3", 10, Optional(7...9)),
        ("bytes=5-100", 10, Optional(5...9)), ("bytes=10-", 10, nil), ("bytes=4-2", 10, nil),
        ("bytes=0-1,3-4", 10, nil), ("items=0-1", 10, nil), ("bytes=-0", 10, nil),
    ] as [(String, Int, ClosedRange<Int>?)])
    func ranges(header: String, total: Int, expected: ClosedRange<Int>?) {
        #expect(ByteRange.parse(header, total: total) == expected)
    }
}
