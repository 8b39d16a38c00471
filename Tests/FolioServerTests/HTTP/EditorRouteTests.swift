import FolioHTTPServer
import FolioServer
import FolioWire
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("HTTP: editor API, operations, and what readers can see")
struct EditorRouteTests {
    struct Comment: Decodable {
        var id: Int64
        var email: String
        var status: String
    }

    struct WriteResult: Decodable {
        var outcome: String
        var revision: Int64
    }

    @Test("editors publish, correct, read and unpublish articles")
    func articles() async throws {
        let harness = try await HTTPHarness.make()
        let auth = HTTPHarness.bearer(harness.editorToken)
        let original = Fixtures.article(id: 5000)
        var corrected = original
        corrected.title = "Corrected"
        let article = corrected
        try await harness.test { client in
            let first = try await client.execute(
                uri: "/v1/editor/articles/5000", method: .put, headers: auth,
                body: ByteBuffer(bytes: try JSONEncoder().encode(original))
            ) { ($0.status.code, try JSONDecoder().decode(WriteResult.self, from: Data($0.body.readableBytesView))) }
            #expect(first.0 == 201 && first.1.outcome == "published" && first.1.revision == 1)
            let second = try await client.execute(
                uri: "/v1/editor/articles/5000", method: .put, headers: auth,
                body: ByteBuffer(bytes: try JSONEncoder().encode(article))
            ) { try JSONDecoder().decode(WriteResult.self, from: Data($0.body.readableBytesView)) }
            #expect(second.outcome == "corrected" && second.revision == 2)
            let read = try await client.execute(uri: "/v1/editor/articles/5000", method: .get, headers: auth) {
                try JSONDecoder().decode(ArticleContent.self, from: Data($0.body.readableBytesView))
            }
            #expect(read == article)
            let mismatch = try await client.execute(
                uri: "/v1/editor/articles/5001", method: .put, headers: auth,
                body: ByteBuffer(bytes: try JSONEncoder().encode(article))
            ) { $0.status.code }
            #expect(mismatch == 400)
            let gone = try await client.execute(uri: "/v1/editor/articles/5000", method: .delete, headers: auth) {
                try JSONDecoder().decode(WriteResult.self, from: Data($0.body.readableBytesView))
            }
            #expect(gone.outcome == "unpublished")
            let invalid = try await client.execute(
                uri: "/v1/editor/articles/5000", method: .put, headers: auth, body: ByteBuffer(string: "{\"id\": 5000}")
            ) { $0.status.code }
            #expect(invalid == 400)
        }
    }

    @Test("a field named twice, a negative reading time, news code or related id get a 400 that names the field",
          arguments: [
              ("title", #""title":"A","title":"B""#, "field title appears twice"),
              ("readingMinutes", #""readingMinutes":-1"#, "readingMinutes must be from 0 to 4294967295"),
              ("newsCode", #""newsCode":-3"#, "newsCode must not be negative"),
              ("related", #""related":[-7]"#, "related ids must be positive"),
          ])
    func badFieldsAreNamed(field: String, replacement: String, message: String) async throws {
        let harness = try await HTTPHarness.make()
        let auth = HTTPHarness.bearer(harness.editorToken)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var json = String(decoding: try encoder.encode(Fixtures.article(id: 5001)), as: UTF8.self)
        // Replace the field's "key":value pair (values of these fields hold no comma or bracket).
        let pattern = try Regex("\"\(field)\":(\\[[^\\]]*\\]|[^,}]*)")
        json = json.replacing(pattern, with: replacement)
        let body = json
        let (status, text) = try await harness.test { client in
            try await client.execute(uri: "/v1/editor/articles/5001", method: .put, headers: auth,
                                     body: ByteBuffer(string: body)) { ($0.status.code, String(buffer: $0.body)) }
        }
        #expect(status == 400)
        #expect(text.contains(message), "\(text)")
    }

    @Test("editors list pending comments with e-mail and moderate them")
    func moderation() async throws {
        let harness = try await HTTPHarness.make()
        let auth = HTTPHarness.bearer(harness.editorToken)
        try await harness.test { client in
            let pending = try await client.execute(uri: "/v1/editor/comments?status=pending", method: .get, headers: auth) {
                try JSONDecoder().decode([Comment].self, from: Data($0.body.readableBytesView))
            }
            #expect(!pending.isEmpty)
            #expect(pending.allSatisfy { $0.status == "pending" && $0.email.contains("@") })
            let id = try #require(pending.first?.id)
            let approved = try await client.execute(uri: "/v1/editor/comments/\(id)/approve", method: .post, headers: auth) {
                try JSONDecoder().decode(Comment.self, from: Data($0.body.readableBytesView))
            }
            #expect(approved.status == "approved")
            let missing = try await client.execute(uri: "/v1/editor/comments/999999/reject", method: .post, headers: auth) {
                $0.status.code
            }
            #expect(missing == 404)
            let badStatus = try await client.execute(uri: "/v1/editor/comments?status=spam", method: .get, headers: auth) {
                $0.status.code
            }
            #expect(badStatus == 400)
        }
    }

    @Test("health and metrics answer, and metrics count requests and comments by status")
    func operations() async throws {
        let harness = try await HTTPHarness.make()
        try await harness.test { client in
            #expect(try await client.execute(uri: "/health", method: .get) { $0.status } == .ok)
            _ = try await client.execute(
                uri: "/v2/pull", method: .post, headers: HTTPHarness.frameHeaders(), body: try HTTPHarness.frame(Fixtures.pull()))
            let text = try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
            #expect(text.contains("# TYPE folio_http_requests_total counter"))
            #expect(text.contains("folio_http_requests_total{method=\"POST\",route=\"/v2/pull\",status=\"200\"} 1"))
            #expect(text.contains("folio_comments{status=\"pending\"}"))
            #expect(text.contains("folio_change_log_rows 72"))
            #expect(text.contains("folio_http_bytes_out_total"))
        }
    }

    /// The bytes to scan: the inflated payloads of the frames, anything else as it is.
    static func plainBytes(_ body: [UInt8]) throws -> [UInt8] {
        guard body.starts(with: Frame.magic) else { return body }
        var decoder = FrameDecoder()
        decoder.append(body)
        var plain: [UInt8] = []
        while let frame = try decoder.nextFrame() { plain += try FrameCodec().plainPayload(of: frame) }
        return plain
    }

    @Test("no response a reader can get carries a commenter's e-mail address or another client's idempotency key")
    func readerResponsesHaveNoEmail() async throws {
        let harness = try await HTTPHarness.make()
        // Another reader's comments, pushed with their keys, then approved.
        let authorKeys = (UInt8(21)...23).map { Fixtures.key($0) }
        _ = try await harness.service.push(Fixtures.push(client: Fixtures.clientKey(7), authorKeys.map {
            Fixtures.submission(key: $0, articleID: 1001, email: "author\($0[15])@example.org")
        }))
        for comment in try await harness.service.comments(status: nil, limit: 1_000) {
            _ = try await harness.service.moderate(commentID: comment.id, to: .approved)
        }
        let emails = try await harness.service.comments(status: nil, limit: 1_000).map(\.email)
        #expect(emails.count == 43)
        var repair = WireRepairRequest()
        var range = WireIdRange()
        range.first = 0
        range.last = 1_000_000
        repair.ranges = [range]
        let requests: [(HTTPRequest.Method, String, ByteBuffer?)] = [
            (.post, "/v2/pull", try HTTPHarness.frame(Fixtures.pull())),
            (.post, "/v2/pull", try HTTPHarness.frame(Fixtures.pull(client: Fixtures.clientKey(9)))),
            (.post, "/v2/pull", try HTTPHarness.frame(Fixtures.pull(max: 1))),
            (.post, "/v2/pull?language=en", try HTTPHarness.frame(Fixtures.pull())),
            (.post, "/v2/checksums", try HTTPHarness.frame(WireChecksumRequest())),
            (.post, "/v2/repair", try HTTPHarness.frame(repair)),
            (.post, "/v2/push", try HTTPHarness.frame(Fixtures.push(
                client: Fixtures.clientKey(9), [Fixtures.submission(key: Fixtures.key(1), articleID: 404)]))),
            (.get, "/v2/info", nil), (.get, "/health", nil), (.get, "/metrics", nil),
            (.get, "/v1/editor/comments", nil), (.get, "/moderation", nil),
            (.post, "/v2/pull", ByteBuffer(string: "garbage")),
        ]
        for token in [nil, harness.readerToken] {
            let raw = try await harness.test { client in
                var bodies: [[UInt8]] = []
                let manifest = try await client.execute(uri: "/v2/snapshots/latest", method: .get) {
                    try HTTPHarness.decode(WireSnapshotManifest.self, $0.body)
                }
                var all = requests
                all.append((.get, "/v2/snapshots/latest", nil))
                all += manifest.parts.map { (.get, "/v2/snapshots/\($0.path)", nil) }
                for (method, path, body) in all {
                    var headers = HTTPHarness.frameHeaders(token: token)
                    if body == nil { headers[.contentType] = nil }
                    bodies.append(try await client.execute(uri: path, method: method, headers: headers, body: body) {
                        try Self.plainBytes(Array($0.body.readableBytesView))
                    })
                }
                return bodies
            }
            #expect(raw.count > requests.count + 1)
            let everything = raw.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
            #expect(everything.contains("Bakhtiyor T."), "approved comments must reach readers")
            let leaked = emails.filter { everything.contains($0) }
            #expect(leaked.isEmpty, "\(leaked.count) addresses reached a reader")
            let bytes = Data(raw.joined(separator: [0x0A]))
            let keysLeaked = authorKeys.filter { key in
                bytes.range(of: Data(key)) != nil || everything.contains(Data(key).base64EncodedString())
            }
            #expect(keysLeaked.isEmpty, "\(keysLeaked.count) of another client's idempotency keys reached a reader")
        }
    }
}
