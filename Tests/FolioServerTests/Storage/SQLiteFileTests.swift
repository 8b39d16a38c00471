import FolioServer
import Foundation
import Testing

@Suite("SQLite driver on disk")
struct SQLiteFileTests {
    @Test("a reopened database keeps its epoch, articles, comments and sequence")
    func reopen() async throws {
        let path = try TemporaryDirectory.make().appendingPathComponent("server.sqlite").path
        let epoch: UInt64
        do {
            let storage = try SQLiteStorage(path: path)
            epoch = try await storage.epoch()
            _ = try await storage.writeArticle(Fixtures.article(id: 1), keepRevisions: 2)
            _ = try await storage.insertComment(CommentStorageTests.record())
        }
        let again = try SQLiteStorage(path: path)
        #expect(try await again.epoch() == epoch)
        #expect(epoch != 0)
        let stats = try await again.statistics()
        #expect(stats.head == 2)
        #expect(stats.liveArticles == 1)
        #expect(stats.commentsByStatus[.pending] == 1)
    }

    @Test("two databases get different epochs")
    func epochs() async throws {
        let first = try await SQLiteStorage().epoch()
        let second = try await SQLiteStorage().epoch()
        #expect(first != second)
    }

    @Test("a file that is not a folio-server database is refused")
    func foreign() throws {
        let directory = try TemporaryDirectory.make()
        let text = directory.appendingPathComponent("notes.txt")
        try Data("not a database at all, just some text that is long enough".utf8).write(to: text)
        #expect(throws: FolioServerError.self) { _ = try SQLiteStorage(path: text.path) }
    }
}
