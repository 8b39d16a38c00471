import FolioHTTPServer
import FolioServer
import FolioWire
import Foundation
import Hummingbird
import HummingbirdTesting
import SwiftProtobuf
import Testing

@Suite("HTTP: protocol routes")
struct SyncRouteTests {
    static let folioError = HTTPFields.Element.Name("Folio-Error") ?? .via
    static let folioProtocol = HTTPFields.Element.Name("Folio-Protocol") ?? .via

    @Test("pull answers a PullResponse frame with the demo archive and protocol headers")
    func pull() async throws {
        let harness = try await HTTPHarness.make()
        let (status, headers, response) = try await harness.test { client in
            try await client.execute(
                uri: "/v2/pull?", method: .post, headers: HTTPHarness.frameHeaders(),
                body: try HTTPHarness.frame(Fixtures.pull())
            ) { ($0.status.code, $0.headers, try HTTPHarness.decode(WirePullResponse.self, $0.body)) }
        }
        #expect(status == 200)
        #expect(headers[.contentType] == FolioProtocol.frameContentType)
        #expect(headers[Self.folioProtocol] == "2")
        #expect(response.articles.count == 32)
        #expect(!response.moreAvailable)
    }

    @Test("pull honours the subscription query parameters")
    func subscription() async throws {
        let harness = try await HTTPHarness.make()
        let response = try await harness.test { client in
            try await client.execute(
                uri: "/v2/pull?language=fa", method: .post, headers: HTTPHarness.frameHeaders(),
                body: try HTTPHarness.frame(Fixtures.pull())
            ) { try HTTPHarness.decode(WirePullResponse.self, $0.body) }
        }
        #expect(!response.articles.isEmpty)
        #expect(response.articles.allSatisfy { $0.full.language == "fa" })
    }

    @Test("push stores a comment once and a retry gets the same reply")
    func push() async throws {
        let harness = try await HTTPHarness.make()
        let request = Fixtures.push(client: Fixtures.clientKey(4), [Fixtures.submission(key: Fixtures.key(4), articleID: 1001)])
        let replies = try await harness.test { client in
            var replies: [WirePushResponse] = []
            for _ in 0..<2 {
                replies.append(try await client.execute(
                    uri: "/v2/push", method: .post, headers: HTTPHarness.frameHeaders(), body: try HTTPHarness.frame(request)
                ) { try HTTPHarness.decode(WirePushResponse.self, $0.body) })
            }
            return replies
        }
        #expect(replies.count == 2 && replies[0] == replies[1])
        #expect(try await harness.service.comments(status: .pending, limit: 1_000).filter { $0.email == "reader@example.org" }.count == 1)
    }

    enum BadRequest: String, CaseIterable {
        case wrongContentType, tooLarge, notAFrame, wrongMessageType, badCursor, foreignEpoch, unknownPath
        case versionHeaderMismatch, versionHeaderMissing, tooManyRanges

        var expected: (status: Int, code: Int) {
            switch self {
            case .wrongContentType: (415, 509)
            case .tooLarge: (413, 504)
            case .notAFrame: (400, 102)
            case .wrongMessageType: (400, 104)
            case .badCursor: (400, 401)
            case .foreignEpoch: (409, 402)
            case .unknownPath: (404, 503)
            case .versionHeaderMismatch, .versionHeaderMissing: (400, 103)
            case .tooManyRanges: (413, 504)
            }
        }
    }

    @Test("failures answer their SPEC.md §12 status, Folio-Error and ErrorResponse frame", arguments: BadRequest.allCases)
    func failures(bad: BadRequest) async throws {
        var configuration = HTTPServerConfiguration()
        configuration.maxFrameRequestBytes = 1_000
        let harness = try await HTTPHarness.make(configuration: configuration)
        var headers = HTTPHarness.frameHeaders()
        var path = "/v2/pull"
        var body = try HTTPHarness.frame(Fixtures.pull())
        switch bad {
        case .wrongContentType: headers[.contentType] = "application/json"
        case .tooLarge: body = ByteBuffer(bytes: [UInt8](repeating: 0x46, count: 2_000))
        case .notAFrame: body = ByteBuffer(string: "<html>captive portal</html>")
        case .wrongMessageType: body = try HTTPHarness.frame(WireChecksumRequest())
        case .badCursor: body = try HTTPHarness.frame(Fixtures.pull(cursor: Data([1, 2, 3])))
        case .foreignEpoch: body = try HTTPHarness.frame(Fixtures.pull(cursor: Data(SyncCursor(epoch: 1, sequence: 1).encoded)))
        case .unknownPath: path = "/v2/nothing-here"
        case .versionHeaderMismatch: headers[HTTPHarness.versionHeader] = "1"
        case .versionHeaderMissing: headers[HTTPHarness.versionHeader] = nil
        case .tooManyRanges:
            path = "/v2/repair"
            var repair = WireRepairRequest()
            repair.ranges = (0..<65).map { index in
                var range = WireIdRange()
                range.first = Int64(index) * 10 + 1
                range.last = range.first
                return range
            }
            body = try HTTPHarness.frame(repair)
        }
        let requestHeaders = headers
        let requestPath = path
        let requestBody = body
        let (status, code, frame) = try await harness.test { client in
            try await client.execute(uri: requestPath, method: .post, headers: requestHeaders, body: requestBody) {
                ($0.status.code, $0.headers[Self.folioError], try HTTPHarness.decode(WireErrorResponse.self, $0.body))
            }
        }
        #expect(status == bad.expected.status)
        #expect(code == String(bad.expected.code))
        #expect(frame.code == UInt32(bad.expected.code))
    }

    @Test("comment budgets count new comments only: replays never count, and a comment over budget gets its own RATE_LIMITED result (SPEC.md §10.2)")
    func rateLimitPerItem() async throws {
        var configuration = HTTPServerConfiguration()
        configuration.commentsPerClient = 3
        configuration.rateWindow = .seconds(2)
        let harness = try await HTTPHarness.make(configuration: configuration)
        let client5 = Fixtures.clientKey(5)
        let first = Fixtures.push(client: client5, (UInt8(1)...3).map { Fixtures.submission(key: Fixtures.key($0), articleID: 1001) })
        // The three again (replays) and a fourth: only the fourth is over budget.
        let second = Fixtures.push(client: client5, (UInt8(1)...4).map { Fixtures.submission(key: Fixtures.key($0), articleID: 1001) })
        let replies = try await harness.test { client in
            var replies: [(Int, WirePushResponse)] = []
            for request in [first, second] {
                replies.append(try await client.execute(
                    uri: "/v2/push", method: .post, headers: HTTPHarness.frameHeaders(), body: try HTTPHarness.frame(request)
                ) { ($0.status.code, try HTTPHarness.decode(WirePushResponse.self, $0.body)) })
            }
            return replies
        }
        #expect(replies.map(\.0) == [200, 200])
        let (accepted, again) = (replies[0].1.results, replies[1].1.results)
        #expect(accepted.count == 3 && accepted.allSatisfy { $0.accepted.commentID > 0 })
        #expect(Array(again.prefix(3)) == accepted)
        let limited = again[3]
        #expect(limited.idempotencyKey == Data(Fixtures.key(4)))
        #expect(limited.rejected.reason == .rateLimited)
        #expect((1...2).contains(limited.rejected.retryAfterSeconds))
        // A refused comment is not remembered: once the window has passed,
        // the same key is stored.
        try await Task.sleep(for: .seconds(Int(limited.rejected.retryAfterSeconds)) + .milliseconds(100))
        let later = try await harness.test { client in
            try await client.execute(
                uri: "/v2/push", method: .post, headers: HTTPHarness.frameHeaders(),
                body: try HTTPHarness.frame(Fixtures.push(client: client5, [Fixtures.submission(key: Fixtures.key(4), articleID: 1001)]))
            ) { try HTTPHarness.decode(WirePushResponse.self, $0.body) }
        }
        #expect(later.results.first?.accepted.commentID ?? 0 > 0)
        #expect(try await harness.service.comments(status: .pending, limit: 1_000).filter { $0.email == "reader@example.org" }.count == 4)
    }

    @Test("info announces the limits, and dictionaries are served immutable by id")
    func infoAndDictionaries() async throws {
        var configuration = HTTPServerConfiguration()
        let dictionary = try PresetDictionary(bytes: Array("the of and to in Afghanistan Central Asia".utf8), language: "en", version: 1)
        configuration.dictionaries = [dictionary]
        let harness = try await HTTPHarness.make(configuration: configuration)
        try await harness.test { client in
            let info = try await client.execute(uri: "/v2/info", method: .get) {
                try HTTPHarness.decode(WireServerInfo.self, $0.body)
            }
            #expect(info.protocolVersions == [2])
            #expect(info.dictionaries.map(\.id) == [dictionary.id])
            #expect(info.maxWaitSeconds == 60)
            try await client.execute(uri: "/v2/dictionaries/\(dictionary.id)", method: .get) { response in
                #expect(response.status == .ok)
                #expect(Array(response.body.readableBytesView) == dictionary.bytes)
                #expect(response.headers[.eTag] == "\"\(dictionary.id)\"")
            }
            try await client.execute(uri: "/v2/dictionaries/12345", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test("a page is compressed with the held dictionary of the language that carries most of its text (SPEC.md §9.2)",
          arguments: [("fa", [0, 1], 1), ("en", [0, 1], 0), ("fa", [1, 0], 1), ("en", [1, 0], 0), ("fa", [0], 0)])
    func pageDictionaryFollowsLanguage(language: String, held: [Int], expected: Int) async throws {
        let dictionaries = [
            try PresetDictionary(bytes: Array("the of and to in Afghanistan Central Asia report".utf8), language: "en", version: 1),
            try PresetDictionary(bytes: Array("افغانستان کابل آسیای مرکزی گزارش دولت".utf8), language: "fa", version: 1),
        ]
        var configuration = HTTPServerConfiguration()
        configuration.dictionaries = dictionaries
        let harness = try await HTTPHarness.make(configuration: configuration)
        var pull = Fixtures.pull()
        pull.dictionaries = held.map { dictionaries[$0].id }
        let request = pull
        let frame = try await harness.test { client in
            try await client.execute(
                uri: "/v2/pull?language=\(language)", method: .post, headers: HTTPHarness.frameHeaders(),
                body: try HTTPHarness.frame(request)
            ) { try Frame.decodeSingle(Array($0.body.readableBytesView)) }
        }
        #expect(frame.isCompressed)
        #expect(frame.dictionaryID == dictionaries[expected].id)
        let page = try FrameCodec(dictionaries: dictionaries).decode(WirePullResponse.self, from: frame)
        #expect(!page.articles.isEmpty && page.articles.allSatisfy { $0.full.language == language })
    }

    @Test("a version-1 request is answered 426 with E501 and a version-1 ErrorResponse frame (SPEC.md §5.3)",
          arguments: [("GET", "/v1/info"), ("POST", "/v1/pull"), ("POST", "/v1/checksums"), ("GET", "/v1/snapshots/latest"),
                      ("GET", "/V1//dictionaries/5")])
    func legacyVersion(method: String, path: String) async throws {
        let harness = try await HTTPHarness.make()
        let (status, code, version, body) = try await harness.test { client in
            try await client.execute(
                uri: path, method: HTTPRequest.Method(method) ?? .get, headers: HTTPHarness.frameHeaders(),
                body: try HTTPHarness.frame(Fixtures.pull())
            ) { ($0.status.code, $0.headers[Self.folioError], $0.headers[Self.folioProtocol], Array($0.body.readableBytesView)) }
        }
        #expect(status == 426)
        #expect(code == "501")
        #expect(version == "1")
        // The frozen version-1 frame: 16-byte header, version byte 1, type 12.
        #expect(Array(body.prefix(6)) == [0x46, 0x4F, 0x4C, 0x57, 1, 12])
        let frame = try Frame.decodeVersion1(body)
        let error = try WireErrorResponse(serializedBytes: frame.payload)
        #expect(error.code == 501)
        #expect(error.supportedVersions == [2])
    }

    @Test("the editor API stays at /v1/editor and version-2 responses carry Folio-Protocol: 2")
    func editorStaysAtVersion1() async throws {
        let harness = try await HTTPHarness.make()
        let token = harness.editorToken
        let (editorStatus, infoVersion) = try await harness.test { client in
            let editor = try await client.execute(
                uri: "/v1/editor/comments?status=pending", method: .get, headers: HTTPHarness.bearer(token)) { $0.status.code }
            let info = try await client.execute(uri: "/v2/info", method: .get) { $0.headers[Self.folioProtocol] }
            return (editor, info)
        }
        #expect(editorStatus == 200)
        #expect(infoVersion == "2")
    }
}
