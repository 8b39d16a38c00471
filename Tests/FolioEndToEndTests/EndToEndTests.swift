import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import FolioServer
import FolioStore
import FolioTestSupport
import FolioWire
import Testing

/// The reader's side end to end: the real `folio` and `ReaderApp` binaries
/// against the real `folio-server` binary on a loopback port.
@Suite(.serialized) struct EndToEndTests {
    struct Report: Decodable {
        var inserted: Int
        var updated: Int
        var removed: Int
        var pages: Int
        var bytes: Int64
        var deltaBodies: Int
        var commentsAccepted: Int
        var commentsWaiting: Int
        var repairs: Int
    }

    static func sync(_ server: String, db: String, _ extra: [String] = []) async throws -> Report {
        let result = try await Binaries.run("folio", ["sync", "--server", server, "--db", db, "--json"] + extra)
        guard result.status == 0 else { throw EndToEndError("folio sync failed: \(result.stderr)") }
        return try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
    }


    @Test func firstSyncOfTheDemoArchiveThenReadAndSearch() async throws {
        let directory = try Binaries.temporaryDirectory()
        let serverDB = directory.appendingPathComponent("server.sqlite").path
        let server = try await ServerProcess.start(database: serverDB, demo: true)
        defer { server.stop() }
        let db = directory.appendingPathComponent("reader.sqlite").path

        let report = try await Self.sync(server.url, db: db)
        #expect(report.inserted == 32)
        #expect(report.bytes > 0)
        #expect(try FolioStore(path: db).syncState().checksum == (try await ArchiveScaleTests.serverChecksum(server)))

        let text = try await Binaries.run("folio", ["sync", "--server", server.url, "--db", db])
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("Synced: 0 new, 0 updated, 0 removed; 1 pages, "))
        let search = try await Binaries.run("folio", ["search", "كابل", "--language", "fa", "--db", db])
        #expect(search.status == 0)
        #expect(search.stdout.contains("[کابل]") || search.stdout.contains("[كابل]"))
        let status = try await Binaries.run("folio", ["status", "--db", db])
        #expect(status.stdout.contains("Articles:  32\n"))
        #expect(status.stdout.contains("Server:    \(server.url)\n"))
    }

    @Test func correctionOnTheServerArrivesAsABodyDelta() async throws {
        let directory = try Binaries.temporaryDirectory()
        let serverDB = directory.appendingPathComponent("server.sqlite").path
        let server = try await ServerProcess.start(database: serverDB, demo: true)
        defer { server.stop() }
        let db = directory.appendingPathComponent("reader.sqlite").path
        _ = try await Self.sync(server.url, db: db)

        // The editor corrects one sentence of article 1001.
        let lines = try String(contentsOf: Binaries.repository.appendingPathComponent("Examples/demo/articles.jsonl"), encoding: .utf8)
        let line = try #require(lines.split(separator: "\n").first { $0.hasPrefix("{\"id\": 1001,") })
        var object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let body = try #require(object["body"] as? String)
        let sentence = try #require(body.components(separatedBy: ". ").dropFirst(3).first)
        object["body"] = body.replacingOccurrences(of: sentence, with: "A corrected sentence gives the revised figure of 2.6 billion cubic metres")
        object["updatedAt"] = "2026-11-25T10:00:00Z"
        let file = directory.appendingPathComponent("correction.jsonl")
        try JSONSerialization.data(withJSONObject: object).write(to: file)
        let imported = try await Binaries.run("folio-server", ["import", file.path, "--db", serverDB])
        #expect(imported.status == 0, "\(imported.stderr)")

        let report = try await Self.sync(server.url, db: db)
        #expect(report.updated == 1)
        #expect(report.deltaBodies == 1)
        #expect(report.bytes < Int64(body.utf8.count) / 4, "the correction cost \(report.bytes) bytes for a \(body.utf8.count)-byte body")
        #expect(try FolioStore(path: db).article(id: 1001)?.body == object["body"] as? String)
        #expect(try FolioStore(path: db).syncState().checksum == (try await ArchiveScaleTests.serverChecksum(server)))
    }

    @Test func commentQueuedWhileTheServerIsDownIsSentModeratedAndSeenWithoutEmail() async throws {
        let directory = try Binaries.temporaryDirectory()
        let serverDB = directory.appendingPathComponent("server.sqlite").path
        var server = try await ServerProcess.start(database: serverDB, demo: true)
        let author = directory.appendingPathComponent("author.sqlite").path
        let reader = directory.appendingPathComponent("reader.sqlite").path
        _ = try await Self.sync(server.url, db: author)
        let port = server.port
        server.stop()

        let queued = try await Binaries.run("folio", ["comment", "1003", "--name", "Parisa", "--email", "parisa@example.org",
                                                "--text", "Written with no network.", "--db", author])
        #expect(queued.status == 0)
        let offline = try await Binaries.run("folio", ["sync", "--server", "http://127.0.0.1:\(port)", "--db", author])
        #expect(offline.status != 0)
        #expect(offline.stderr.contains("cannot reach http://127.0.0.1:\(port); queued comments stay in the outbox"))
        let waiting = try await Binaries.run("folio", ["outbox", "--db", author])
        #expect(waiting.stdout.contains("Parisa: Written with no network."))

        server = try await ServerProcess.start(database: serverDB, port: port)
        defer { server.stop() }
        try await Task.sleep(for: .seconds(1.2))   // the comment's first backoff (at most 1 s, SPEC.md §12.3)
        let sent = try await Self.sync(server.url, db: author)
        #expect(sent.commentsAccepted == 1)

        let pending = try await Binaries.run("folio-server", ["comments", "list", "--status", "pending", "--json", "--db", serverDB])
        let ids = pending.stdout.split(separator: "\n").compactMap { line -> Int64? in
            guard line.contains("Written with no network.") else { return nil }
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return (object?["id"] as? NSNumber)?.int64Value
        }
        let id = try #require(ids.first, "pending comments: \(pending.stdout)")
        #expect(try await Binaries.run("folio-server", ["comments", "approve", String(id), "--db", serverDB]).status == 0)

        _ = try await Self.sync(server.url, db: reader)
        let read = try await Binaries.run("folio", ["read", "1003", "--json", "--db", reader])
        #expect(read.stdout.contains("Written with no network."))
        #expect(!read.stdout.contains("parisa@example.org"))
        for suffix in ["", "-wal"] {
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: reader + suffix))) ?? Data()
            #expect(bytes.range(of: Data("parisa@example.org".utf8)) == nil, "the email reached another reader's store")
        }

        _ = try await Self.sync(server.url, db: author)
        let outbox = try await Binaries.run("folio", ["outbox", "--db", author])
        #expect(outbox.stdout.contains("accepted (approved)"))
    }

    @Test func clientKilledDuringAFirstSyncResumesAndEndsWithTheServersChecksum() async throws {
        let directory = try Binaries.temporaryDirectory()
        let serverDB = directory.appendingPathComponent("server.sqlite").path
        let archive = directory.appendingPathComponent("archive.jsonl")
        try LargeArchive.write(count: 1_500, to: archive)
        #expect(try await Binaries.run("folio-server", ["import", archive.path, "--db", serverDB]).status == 0)
        let server = try await ServerProcess.start(database: serverDB)
        defer { server.stop() }
        let db = directory.appendingPathComponent("reader.sqlite").path

        let process = Process()
        process.executableURL = try Binaries.url("folio")
        process.arguments = ["sync", "--server", server.url, "--db", db]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var held = 0
        for _ in 0..<9_600 where held == 0 {  // up to 4 min: the whole suite runs beside it on 2 cores
            try await Task.sleep(for: .milliseconds(25))
            held = (try? FolioStore(path: db).articleCount()) ?? 0
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let atKill = try FolioStore(path: db).articleCount()
        #expect(atKill > 0)
        #expect(atKill < 1_500, "killed before the end")

        let resumed = try await Self.sync(server.url, db: db)
        #expect(resumed.inserted == 1_500 - atKill, "resumes from the last applied page, not from zero")
        let store = try FolioStore(path: db)
        #expect(try store.articleCount() == 1_500)
        #expect(try store.syncState().checksum == (try await ArchiveScaleTests.serverChecksum(server)))
    }

    @Test func readerAppExampleRunsAgainstARealServer() async throws {
        let directory = try Binaries.temporaryDirectory()
        let server = try await ServerProcess.start(database: directory.appendingPathComponent("server.sqlite").path, demo: true)
        defer { server.stop() }
        let result = try await Binaries.run("ReaderApp", [server.url, directory.appendingPathComponent("reader.sqlite").path])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("synced: 32 new, 0 updated, 0 removed"))
        #expect(lines.contains("sync 100%"))
        #expect(lines.contains { $0.hasPrefix("search water: ") && $0 != "search water: 0 results" })
        #expect(lines.contains { $0.hasPrefix("search كابل: ") && $0 != "search كابل: 0 results" })
        #expect(lines.contains { $0.hasPrefix("queued comment ") })
        #expect(lines.last == "comments sent: 1 accepted; outbox state: accepted, moderation: pending")
    }

    @Test func watchingClientReceivesAnArticlePublishedThroughTheEditorAPI() async throws {
        let directory = try Binaries.temporaryDirectory()
        let serverDB = directory.appendingPathComponent("server.sqlite").path
        let token = try await Binaries.run("folio-server", ["token", "create", "--role", "editor", "--db", serverDB])
        #expect(token.status == 0)
        let server = try await ServerProcess.start(database: serverDB, demo: true)
        defer { server.stop() }
        let db = directory.appendingPathComponent("reader.sqlite").path
        _ = try await Self.sync(server.url, db: db)

        let watcher = Process()
        watcher.executableURL = try Binaries.url("folio")
        watcher.arguments = ["sync", "--watch", "--server", server.url, "--db", db]
        watcher.standardOutput = FileHandle.nullDevice
        watcher.standardError = FileHandle.nullDevice
        try watcher.run()
        defer { watcher.terminate(); watcher.waitUntilExit() }
        try await Task.sleep(for: .seconds(1))   // the watcher is now in a long poll

        let article: [String: Any] = [
            "id": 2001, "newsCode": 262001, "language": "en", "title": "Breaking: border crossing reopens",
            "lead": "Traders return to Torkham.", "body": "The crossing reopened at dawn.", "author": "Desk",
            "source": "Folio Desk", "publishedAt": "2026-11-29T08:00:00Z", "updatedAt": "2026-11-29T08:00:00Z",
            "regions": ["pakistan", "afghanistan"], "topics": ["economic"], "kind": "article", "readingMinutes": 1,
            "related": [],
        ]
        var request = URLRequest(url: try #require(URL(string: "\(server.url)/v1/editor/articles/2001")))
        request.httpMethod = "PUT"
        request.setValue("Bearer \(token.stdout.trimmingCharacters(in: .whitespacesAndNewlines))", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: article)
        let published = ContinuousClock.now
        let (_, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 201)

        var arrived: Duration?
        for _ in 0..<200 where arrived == nil {
            if (try? FolioStore(path: db).article(id: 2001)) != nil { arrived = ContinuousClock.now - published }
            else { try await Task.sleep(for: .milliseconds(50)) }
        }
        // Delivery must come from the open long poll (25 s), not a later poll:
        // the loop above gives up after about 10 s. folio-bench measures latency.
        let latency = try #require(arrived, "the article never reached the watching client")
        print("watch latency: \(latency)")
    }

    @Test(arguments: [60, 250])
    func serverKilledWhileCommentsAreFlushedStoresEachExactlyOnce(killAfterMilliseconds: Int) async throws {
        let directory = try Binaries.temporaryDirectory()
        let serverDB = directory.appendingPathComponent("server.sqlite").path
        let limits = ["--comments-per-client", "1000", "--comments-per-address", "1000"]
        var server = try await ServerProcess.start(database: serverDB, demo: true, arguments: limits)
        let db = directory.appendingPathComponent("reader.sqlite").path
        _ = try await Self.sync(server.url, db: db)
        let store = try FolioStore(path: db)
        for index in 0..<300 {
            try store.enqueueComment(NewComment(articleID: 1001 + Int64(index % 32), name: "Reader \(index)",
                                                email: "r\(index)@example.org", text: "Flush \(killAfterMilliseconds)-\(index)"))
        }
        let port = server.port

        // Flush, and kill the server in the middle of it.
        let flushing = Process()
        flushing.executableURL = try Binaries.url("folio")
        flushing.arguments = ["sync", "--server", server.url, "--db", db]
        flushing.standardOutput = FileHandle.nullDevice
        flushing.standardError = FileHandle.nullDevice
        try flushing.run()
        try await Task.sleep(for: .milliseconds(killAfterMilliseconds))
        server.crash()
        try await Binaries.offload { flushing.waitUntilExit() }

        // Back up: sync until the outbox has settled. Each failed attempt
        // doubles a comment's backoff (1 s, 2 s, 4 s…), and with the whole
        // suite beside it on 2 cores a restarted server can fail a few
        // attempts, so this waits up to a minute; it ends at once when settled.
        server = try await ServerProcess.start(database: serverDB, port: port, arguments: limits)
        defer { server.stop() }
        for _ in 0..<60 {
            if try store.outbox(states: [.queued, .sending]).isEmpty { break }
            try await Task.sleep(for: .seconds(1))
            _ = try? await Self.sync(server.url, db: db)
        }
        #expect(try store.outbox(states: [.accepted]).count == 300)
        let listed = try await Binaries.run("folio-server", ["comments", "list", "--status", "pending", "--json", "--limit", "10000", "--db", serverDB])
        let mine = listed.stdout.split(separator: "\n").filter { $0.contains("\"Flush \(killAfterMilliseconds)-") }
        #expect(mine.count == 300, "every queued comment is stored exactly once")
        #expect(Set(mine.map { String($0) }).count == mine.count)
    }
}
