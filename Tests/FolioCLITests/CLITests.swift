import Foundation
import FolioStore
import FolioTestSupport
import Testing

/// Runs the real `folio` binary on a seeded store and checks its whole output.
@Suite struct CLITests {
    static let base: Int64 = 1_767_600_000_000   // 2026-01-05 08:00 UTC

    /// A store file with three articles and one approved comment.
    static func seededStore() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("folio-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("folio.sqlite").path
        let store = try FolioStore(path: path)
        let articles = [
            Article(id: 1001, newsCode: 240101, language: "en", title: "Water talks on the Amu Darya",
                    lead: "Five states meet in Tashkent.", body: "Delegates discussed water quotas.\n\nThe railway was not on the agenda.",
                    author: "Aziza Karimova", source: "Folio Desk", publishedAt: base, updatedAt: base,
                    regions: ["central-asia"], topics: ["economic", "political"], kind: .report, readingMinutes: 2,
                    related: [1002], revision: 1),
            Article(id: 1002, newsCode: 240102, language: "fa", title: "امنیت در کابل",
                    lead: "گزارشی از کابل.", body: "در کابل گفته می‌شود که بازار آرام است.",
                    author: "مریم احمدی", source: "دفتر کابل", publishedAt: base + 86_400_000, updatedAt: base + 90_000_000,
                    regions: ["afghanistan"], topics: ["security"], kind: .article, readingMinutes: 1,
                    related: [], revision: 1),
            Article(id: 1003, newsCode: 240103, language: "en", title: "Interview: trade through Karachi",
                    lead: "A port economist on transit.", body: "Q: What changed?\n\nA: Tariffs fell.",
                    author: "Omar Siddiqui", source: "Karachi Bureau", publishedAt: base + 172_800_000, updatedAt: base + 172_800_000,
                    regions: ["pakistan"], topics: ["economic"], kind: .interview, readingMinutes: 1,
                    related: [], revision: 1),
        ]
        try store.apply(SyncBatch(epoch: "e1", cursor: Data([1, 2, 3]), articles: articles, comments: [
            Comment(id: 7, articleID: 1001, name: "Dilnoza", text: "Long overdue.", createdAt: base + 3_600_000, status: .approved),
        ]), now: base + 200_000_000)
        return path
    }

    @Test func listPrintsLatestFirst() async throws {
        let db = try Self.seededStore()
        let result = try await Binaries.run("folio", ["list", "--db", db])
        #expect(result.status == 0)
        #expect(result.stdout == """
              1003  2026-01-07  interview      en  Interview: trade through Karachi
              1002  2026-01-06  article        fa  امنیت در کابل
              1001  2026-01-05  report         en  Water talks on the Amu Darya

            """)
    }

    @Test(arguments: [
        (["--region", "afghanistan"], [1002]),
        (["--topic", "economic"], [1003, 1001]),
        (["--kind", "report"], [1001]),
        (["--language", "en", "--limit", "1"], [1003]),
    ] as [([String], [Int64])])
    func listFiltersAsJSON(arguments: [String], expected: [Int64]) async throws {
        let db = try Self.seededStore()
        let result = try await Binaries.run("folio", ["list", "--db", db, "--json"] + arguments)
        #expect(result.status == 0)
        let decoded = try JSONDecoder().decode([ArticleSummary].self, from: Data(result.stdout.utf8))
        #expect(decoded.map(\.id) == expected)
    }

    @Test("read and outbox print control characters and bidi overrides of stored text as visible escapes, never raw")
    func hostileTextIsEscaped() async throws {
        let db = try Self.seededStore()
        // As an older server could have sent them: an OSC window title, a bell,
        // a screen clear, a carriage return and a right-to-left override.
        let store = try FolioStore(path: db)
        try store.apply(SyncBatch(epoch: "e1", cursor: Data([1, 2, 4]), articles: [], comments: [
            Comment(id: 8, articleID: 1001, name: "Eve\u{1B}]0;owned\u{07}", text: "fine\r\u{1B}[2Jhidden \u{202E}txet",
                    createdAt: Self.base + 7_200_000, status: .approved),
        ]), now: Self.base + 200_000_000)
        let result = try await Binaries.run("folio", ["read", "1001", "--db", db])
        #expect(result.status == 0)
        let controls = result.stdout.unicodeScalars.filter {
            ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) || (0x202A...0x202E).contains($0.value)
        }
        #expect(controls.isEmpty, "raw controls printed: \(controls.map { String($0.value, radix: 16) })")
        #expect(result.stdout.contains("Eve\\u{1B}]0;owned\\u{7}"))
        #expect(result.stdout.contains("fine\\u{D}\\u{1B}[2Jhidden \\u{202E}txet"))
    }

    @Test func readPrintsArticleRelatedAndComments() async throws {
        let db = try Self.seededStore()
        let result = try await Binaries.run("folio", ["read", "1001", "--db", db])
        #expect(result.status == 0)
        #expect(result.stdout == """
            Water talks on the Amu Darya
            ============================
            Five states meet in Tashkent.

            By Aziza Karimova · Folio Desk · 2026-01-05 08:00 UTC · report · 2 min · news code 240101
            Regions: central-asia · Topics: economic, political

            Delegates discussed water quotas.

            The railway was not on the agenda.

            Related:
              1002  2026-01-06  article        fa  امنیت در کابل

            Comments (1):
              Dilnoza · 2026-01-05 09:00 UTC
                Long overdue.

            """)
    }

    @Test func searchFoldsArabicKafAndShowsSnippet() async throws {
        let db = try Self.seededStore()
        let result = try await Binaries.run("folio", ["search", "كابل", "میشود", "--db", db])
        #expect(result.status == 0)
        #expect(result.stdout == """
              1002  2026-01-06  article        fa  امنیت در کابل
                    در [کابل] گفته [می‌شود] که بازار آرام است.

            """)
    }

    @Test func commentIsQueuedShownAsPendingAndListedInOutbox() async throws {
        let db = try Self.seededStore()
        let queued = try await Binaries.run("folio", ["comment", "1003", "--name", "Farid", "--email", "farid@example.org",
                                                 "--text", "Tariffs matter.", "--db", db, "--json"])
        #expect(queued.status == 0)
        let entry = try JSONDecoder().decode(OutboxComment.self, from: Data(queued.stdout.utf8))
        #expect(entry.state == .queued)
        #expect(entry.text == "Tariffs matter.")
        let read = try await Binaries.run("folio", ["read", "1003", "--db", db])
        #expect(read.stdout.hasSuffix("""
            Comments (1):
              Farid · \(Self.formatted(entry.createdAt)) [pending]
                Tariffs matter.

            """))
        let outbox = try await Binaries.run("folio", ["outbox", "--db", db])
        #expect(outbox.stdout == """
            \(entry.key.uuidString.lowercased())  article 1003  \(Self.formatted(entry.createdAt))  queued
                Farid: Tariffs matter.

            """)
    }

    @Test func statusReportsCountsAndCursor() async throws {
        let db = try Self.seededStore()
        let result = try await Binaries.run("folio", ["status", "--db", db, "--json"])
        #expect(result.status == 0)
        struct Status: Decodable { var articles: Int; var comments: Int; var cursor: String?; var epoch: String?; var lastSyncAt: Int64? }
        let status = try JSONDecoder().decode(Status.self, from: Data(result.stdout.utf8))
        #expect(status.articles == 3)
        #expect(status.comments == 1)
        #expect(status.cursor == "010203")
        #expect(status.epoch == "e1")
        #expect(status.lastSyncAt == Self.base + 200_000_000)
        let text = try await Binaries.run("folio", ["status", "--db", db])
        #expect(text.stdout.contains("Last sync: 2026-01-07 15:33 UTC\n"))
        #expect(text.stdout.contains("Articles:  3\n"))
        #expect(text.stdout.contains("Outbox:    0 queued, 0 sending, 0 accepted, 0 rejected\n"))
    }

    @Test(arguments: [
        (["list", "--db", "/nonexistent/folio.sqlite"], "Error: no store at /nonexistent/folio.sqlite; run `folio sync --server URL` first, or pass --db"),
        (["read", "999"], "Error: no article 999 in the store"),
        (["comment", "999", "--name", "A", "--email", "a@example.org", "--text", "x"], "Error: store.not_found: no article 999 in the store"),
        (["comment", "1001", "--name", "A", "--email", "nope", "--text", "x"], "Error: store.invalid_input: email must be an address like name@example.org, at most 254 bytes"),
        (["search", "!!"], "Error: store.empty_query: the query holds no word to search for"),
    ] as [([String], String)])
    func errorsPrintOneLineAndExitNonZero(arguments: [String], message: String) async throws {
        let db = try Self.seededStore()
        let withDB = arguments.contains("--db") ? arguments : arguments + ["--db", db]
        let result = try await Binaries.run("folio", withDB)
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == message + "\n")
    }

    @Test(arguments: ["ftp://example.org", "not a url", "http://"])
    func syncWithAWrongServerURLIsRefusedBeforeAnythingHappens(server: String) async throws {
        let db = FileManager.default.temporaryDirectory.appendingPathComponent("never-\(UUID().uuidString).sqlite").path
        let result = try await Binaries.run("folio", ["sync", "--server", server, "--db", db])
        #expect(result.status != 0)
        #expect(result.stderr.hasPrefix("Error: --server must be an http or https URL, such as http://127.0.0.1:8080\n"))
        #expect(!FileManager.default.fileExists(atPath: db), "no store is created for a bad command")
    }

    @Test func syncWithNoServerListeningSaysSoInOneLine() async throws {
        let db = try Self.seededStore()
        let result = try await Binaries.run("folio", ["sync", "--server", "http://127.0.0.1:9", "--db", db])
        #expect(result.status != 0)
        #expect(result.stderr == "Error: client.unreachable: cannot reach http://127.0.0.1:9; queued comments stay in the outbox\n")
    }

    @Test func foreignDatabaseFileIsAClearError() async throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("junk-\(UUID().uuidString).sqlite")
        try Data("this is not a database, just text padded out to a page".utf8).write(to: url)
        let result = try await Binaries.run("folio", ["status", "--db", url.path])
        #expect(result.status != 0)
        #expect(result.stderr.hasPrefix("Error: store.not_a_database: the file is not a Folio store or is damaged"))
        #expect(result.stderr.filter { $0 == "\n" }.count == 1)
    }

    static func formatted(_ unixMilliseconds: Int64) -> String {
        let date = Date(timeIntervalSince1970: Double(unixMilliseconds) / 1000)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return formatter.string(from: date)
    }
}
