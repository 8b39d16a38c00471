import FolioServer
import FolioWire
import Foundation
import FolioTestSupport
import Testing

@Suite("End to end: kill -9 loses no committed comment", .serialized)
struct CrashTests {
    static func push(_ server: ServerProcess, seed: UInt8) async throws -> (WirePushRequest, WirePushResponse?) {
        let request = Fixtures.push(
            client: Fixtures.clientKey(seed),
            [Fixtures.submission(key: Fixtures.key(seed), articleID: 1001, text: "Comment number \(seed).")])
        do {
            let answer = try await server.request(
                "POST", "/v2/push", body: Data(try FrameCodec().encode(request)), headers: EndToEndTests.frameHeaders)
            guard answer.status == 200 else { return (request, nil) }
            return (request, try EndToEndTests.decode(WirePushResponse.self, answer.body))
        } catch {
            return (request, nil)
        }
    }

    @Test("every comment the server accepted before SIGKILL is stored, and a retry gets the same reply")
    func killDuringPushes() async throws {
        let directory = try TemporaryDirectory.make()
        let database = directory.appendingPathComponent("crash.sqlite").path
        let articles = Fixtures.demoDirectory.appendingPathComponent("articles.jsonl").path
        #expect(try await Binaries.run("folio-server", ["import", articles, "--db", database]).status == 0)
        let server = try await ServerProcess.start(database: database)
        let results = try await withThrowingTaskGroup(of: (WirePushRequest, WirePushResponse?).self) { group in
            for seed in UInt8(1)...60 {
                group.addTask { try await Self.push(server, seed: seed) }
            }
            var results: [(WirePushRequest, WirePushResponse?)] = []
            for try await result in group {
                results.append(result)
                if results.count == 20 { server.crash() }
            }
            return results
        }
        let accepted = results.compactMap { request, response -> (WirePushRequest, Int64)? in
            guard case .accepted(let accepted)? = response?.results.first?.outcome else { return nil }
            return (request, accepted.commentID)
        }
        #expect(accepted.count >= 20)
        let storage = try SQLiteStorage(path: database)
        for (request, id) in accepted {
            let stored = try await storage.comment(id: id)
            #expect(stored?.idempotencyKey == request.comments.first.map { Array($0.idempotencyKey) })
            #expect(stored?.text == request.comments.first?.text)
        }
        // After a restart, retrying every push answers the first reply for the ones accepted
        // and stores the others exactly once.
        let again = try await ServerProcess.start(database: database)
        defer { _ = again.stop() }
        for (request, response) in results {
            let retry = try await again.request(
                "POST", "/v2/push", body: Data(try FrameCodec().encode(request)), headers: EndToEndTests.frameHeaders)
            let reply = try EndToEndTests.decode(WirePushResponse.self, retry.body)
            if let response, case .accepted? = response.results.first?.outcome { #expect(reply == response) }
        }
        let stats = try await storage.statistics()
        #expect(stats.commentsByStatus[.pending] == 60)
    }
}
