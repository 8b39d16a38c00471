import FolioWire
import Foundation
import FolioTestSupport
import Testing

@Suite("End to end: the real folio-server binary", .serialized)
struct EndToEndTests {
    static let frameHeaders = ["Content-Type": FolioProtocol.frameContentType, "Folio-Protocol": "2"]

    static func decode<M: FrameMessage>(_ type: M.Type, _ data: Data) throws -> M {
        try FrameCodec().decode(M.self, fromBody: Array(data))
    }

    @Test("serve on a free loopback port, import, pull, push, moderate from the shell, pull again, stop")
    func fullCycle() async throws {
        let directory = try TemporaryDirectory.make()
        let database = directory.appendingPathComponent("e2e.sqlite").path
        let articles = Fixtures.demoDirectory.appendingPathComponent("articles.jsonl").path
        // The database exists before the server starts; the import then runs beside the running server.
        #expect(try await Binaries.run("folio-server", ["token", "create", "--role", "editor", "--db", database]).status == 0)
        let server = try await ServerProcess.start(database: database)
        var stopped = false
        defer { if !stopped { _ = server.stop() } }

        let health = try await server.request("GET", "/health")
        #expect(health.status == 200)
        #expect(health.headers["folio-protocol"] == "2")

        let imported = try await Binaries.run("folio-server", ["import", articles, "--db", database])
        #expect(imported.status == 0)
        #expect(imported.stdout == "read 32, added 32, corrected 0, unchanged 0\n")
        #expect(try await Binaries.run("folio-server", ["import", articles, "--db", database]).stdout == "read 32, added 0, corrected 0, unchanged 32\n")

        let pull = try await server.request(
            "POST", "/v2/pull", body: Data(try FrameCodec().encode(Fixtures.pull())), headers: Self.frameHeaders)
        #expect(pull.status == 200)
        let page = try Self.decode(WirePullResponse.self, pull.body)
        #expect(page.articles.count == 32)
        #expect(page.checkpoint.articles.count == 32)

        let author = Fixtures.clientKey(0x2A)
        let pushRequest = Fixtures.push(
            client: author, [Fixtures.submission(key: Fixtures.key(7), articleID: 1001, email: "e2e@example.org")])
        let push = try await server.request(
            "POST", "/v2/push", body: Data(try FrameCodec().encode(pushRequest)), headers: Self.frameHeaders)
        #expect(push.status == 200)
        let pushed = try Self.decode(WirePushResponse.self, push.body)
        guard case .accepted(let accepted)? = pushed.results.first?.outcome else {
            Issue.record("push was not accepted")
            return
        }
        let retry = try await server.request(
            "POST", "/v2/push", body: Data(try FrameCodec().encode(pushRequest)), headers: Self.frameHeaders)
        #expect(try Self.decode(WirePushResponse.self, retry.body) == pushed)

        let listed = try await Binaries.run("folio-server", ["comments", "list", "--status", "pending", "--json", "--db", database])
        #expect(listed.stdout.contains("\"email\":\"e2e@example.org\""))
        #expect(listed.stdout.split(separator: "\n").count == 1)
        #expect(try await Binaries.run("folio-server", ["comments", "approve", String(accepted.commentID), "--db", database]).status == 0)

        let reader = try await server.request(
            "POST", "/v2/pull", body: Data(try FrameCodec().encode(Fixtures.pull(cursor: page.cursor, client: Fixtures.clientKey(1)))),
            headers: Self.frameHeaders)
        let readerPage = try Self.decode(WirePullResponse.self, reader.body)
        #expect(readerPage.comments.map(\.id) == [accepted.commentID])
        #expect(readerPage.comments.first?.email == "")
        #expect(readerPage.comments.first?.status == .approved)

        let editor = try await server.request("GET", "/v1/editor/comments")
        #expect(editor.status == 401)

        #expect(server.stop() == 0)
        stopped = true
    }
}
