import FolioServer
import Foundation
import Testing

@Suite("Import of JSON-lines files")
struct ImportTests {
    @Test("the demo archive imports, and importing it again changes nothing", arguments: StorageKind.allCases)
    func demoTwice(kind: StorageKind) async throws {
        let service = try ServiceHarness.make(kind)
        let first = try await service.importArticles(jsonLines: Fixtures.demoArticles())
        #expect(first.read == 32 && first.added == 32)
        let comments = try await service.importComments(jsonLines: Fixtures.demoComments())
        #expect(comments.read == 40 && comments.added == 40)
        let head = try await service.storage.statistics().head
        let again = try await service.importArticles(jsonLines: Fixtures.demoArticles())
        #expect(again.unchanged == 32 && again.added == 0 && again.corrected == 0)
        let commentsAgain = try await service.importComments(jsonLines: Fixtures.demoComments())
        #expect(commentsAgain.unchanged == 40 && commentsAgain.added == 0)
        #expect(try await service.storage.statistics().head == head)
    }

    @Test("a changed line is a correction", arguments: StorageKind.allCases)
    func correction(kind: StorageKind) async throws {
        let service = try ServiceHarness.make(kind)
        let encoder = JSONEncoder()
        var article = Fixtures.article(id: 5)
        _ = try await service.importArticles(jsonLines: try encoder.encode(article))
        article.title = "Corrected title"
        let summary = try await service.importArticles(jsonLines: try encoder.encode(article))
        #expect(summary.corrected == 1)
        #expect(try await service.storage.article(id: 5)?.revision == 2)
    }

    @Test("bad lines are refused with their line number, and nothing is written", arguments: [
        ("{\"id\": 1}\n", "line 1: missing field"),
        ("\n\nnot json\n", "line 3: not valid JSON"),
        ("{\"id\": 1, \"newsCode\": 1, \"language\": \"en\", \"title\": \"t\", \"lead\": \"l\", \"body\": \"b\", \"author\": \"a\", \"source\": \"s\", \"publishedAt\": \"yesterday\", \"updatedAt\": \"2026-01-05T07:30:00Z\", \"regions\": [], \"topics\": [], \"kind\": \"report\", \"readingMinutes\": 1}\n", "line 1: bad value at publishedAt"),
        ("{\"id\": 1, \"newsCode\": 1, \"language\": \"en\", \"title\": \"t\", \"lead\": \"l\", \"body\": \"b\", \"author\": \"a\", \"source\": \"s\", \"publishedAt\": \"2026-01-05T07:30:00Z\", \"updatedAt\": \"2026-01-05T07:30:00Z\", \"regions\": [], \"topics\": [], \"kind\": \"essay\", \"readingMinutes\": 1}\n", "line 1: bad value at kind"),
        ("{\"id\": 1, \"newsCode\": 1, \"language\": \"en\", \"title\": \"t\", \"lead\": \"l\", \"body\": \"b\", \"author\": \"a\", \"source\": \"s\", \"publishedAt\": \"2026-01-05T07:30:00Z\", \"updatedAt\": \"2026-01-05T07:30:00Z\", \"regions\": [], \"topics\": [], \"kind\": \"report\", \"readingMinutes\": -1}\n", "line 1: bad value at readingMinutes: readingMinutes must be from 0 to 4294967295"),
        ("{\"id\": 1, \"title\": \"A\", \"\\u0074itle\": \"B\"}\n", "line 1: field title appears twice"),
    ])
    func badLines(text: String, expected: String) async throws {
        let service = try ServiceHarness.make(.memory)
        do {
            _ = try await service.importArticles(jsonLines: Data(text.utf8))
            Issue.record("import must fail")
        } catch let error as FolioServerError {
            #expect(error.code == .importLineInvalid)
            #expect(error.message.hasPrefix(expected), "\(error.message)")
        }
        #expect(try await service.storage.statistics().head == 0)
    }

    @Test("ArticleContent JSON round-trips through the import format")
    func roundTrip() throws {
        let article = Fixtures.article(id: 9)
        let decoded = try JSONDecoder().decode(ArticleContent.self, from: JSONEncoder().encode(article))
        #expect(decoded == article)
    }
}
