import Foundation
import FolioWire
import GRDB
import Testing
@testable import FolioStore

/// A child process writes to a store on disk and is killed with SIGKILL in
/// the middle; the store, reopened, holds everything that was reported saved
/// and nothing half-written.
@Suite(.serialized) struct CrashSafetyTests {
    @Test(arguments: [7, 40, 113])
    func outboxKeepsEveryCommentReportedSaved(killAfter: Int) throws {
        let path = try TemporaryDirectory.make().appendingPathComponent("outbox.sqlite").path
        let child = try ChildProcess(builtProduct: "FolioStoreProbe", arguments: ["outbox", path])
        #expect(child.readLines(1) == ["ready"])
        let seen = child.readLines(killAfter)
        #expect(seen.count == killAfter)
        let reported = seen + child.kill()

        let store = try FolioStore(path: path)
        let stored = Set(try store.outbox().map { $0.key.uuidString.lowercased() })
        #expect(Set(reported).isSubset(of: stored), "a comment reported saved was lost")
        #expect(stored.count <= reported.count + 1, "at most the comment being written when killed is unreported")
        #expect(try store.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") } == "ok")
        if let shell = try sqliteShell(path, "PRAGMA integrity_check; SELECT count(*) FROM outbox;") {
            #expect(shell == "ok\n\(stored.count)")
        }
    }

    @Test(arguments: [3, 11])
    func batchesAreAppliedWholeOrNotAtAll(killAfter: Int) throws {
        let path = try TemporaryDirectory.make().appendingPathComponent("apply.sqlite").path
        let child = try ChildProcess(builtProduct: "FolioStoreProbe", arguments: ["apply", path])
        #expect(child.readLines(1) == ["ready"])
        let reported = child.readLines(killAfter) + child.kill()
        let lastReported = try #require(reported.last.flatMap { Int64($0) })

        let store = try FolioStore(path: path)
        let state = try store.syncState()
        let page = try #require(state.cursor.flatMap { Int64(String(decoding: $0, as: UTF8.self)) })
        #expect(page == lastReported || page == lastReported + 1)
        #expect(try store.articleCount() == Int(page) * 50)
        let revisions = try store.articleRevisions()
        #expect(revisions.filter { $0.revision == page }.count == (page > 1 ? 100 : 50))
        #expect(revisions.allSatisfy { $0.revision <= page } == true)
        #expect(state.checksum == (try ChecksumOracle.checksum(store)))
        #expect(state.checksum.count == UInt64(page * 50))
        #expect(try store.search("title").count == 20)
        try store.write { db in
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
            try db.execute(sql: "INSERT INTO article_search (article_search) VALUES ('integrity-check')")
        }
        if let shell = try sqliteShell(path, "PRAGMA integrity_check; SELECT count(*) FROM article;") {
            #expect(shell == "ok\n\(page * 50)")
        }
    }
}
