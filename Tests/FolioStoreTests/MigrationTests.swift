import Foundation
import FolioWire
import GRDB
import Synchronization
import Testing
@testable import FolioStore

@Suite struct MigrationTests {
    @Test(arguments: StoreKind.allCases)
    func emptyStoreHasSchemaAndEmptyState(kind: StoreKind) throws {
        let store = try kind.makeStore()
        let state = try store.syncState()
        #expect(state.epoch == nil)
        #expect(state.cursor == nil)
        #expect(state.checksum == .empty)
        #expect(try store.articleCount() == 0)
        #expect(try store.outbox().isEmpty)
        let tables = try store.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        for table in ["article", "article_region", "article_topic", "article_related", "article_tombstone",
                      "comment", "outbox", "sync_state", "sync_batch", "change_log", "dictionary", "article_search"] {
            #expect(tables.contains(table), "missing table \(table)")
        }
        let applicationID = try store.read { db in try Int32.fetchOne(db, sql: "PRAGMA application_id") }
        #expect(applicationID == StoreMigrations.applicationID)
    }

    @Test("several connections opening one new store file at the same moment all open it (as `folio sync` and another process may)")
    func concurrentOpensOfANewStore() throws {
        for round in 0..<12 {
            let path = try TemporaryDirectory.make().appendingPathComponent("new-\(round).sqlite").path
            let failures = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 6) { _ in
                do {
                    _ = try FolioStore(path: path).articleCount()
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            #expect(failures.withLock { $0 }.isEmpty, "round \(round)")
        }
    }

    @Test func migrationsAreAppliedInOrderAndOnlyOnce() throws {
        let path = try TemporaryDirectory.make().appendingPathComponent("s.sqlite").path
        _ = try FolioStore(path: path)
        let reopened = try FolioStore(path: path)
        let applied = try reopened.read { db in try StoreMigrations.migrator.appliedIdentifiers(db) }
        #expect(applied == Set(StoreMigrations.all.map(\.0)))
    }

    @Test func onDiskStoreUsesWriteAheadLog() throws {
        let store = try StoreKind.onDisk.makeStore()
        let mode = try store.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    @Test func fileThatIsNotSQLiteIsRejected() throws {
        let url = try TemporaryDirectory.make().appendingPathComponent("junk.sqlite")
        try Data(repeating: 0x42, count: 8192).write(to: url)
        #expect { try FolioStore(path: url.path) } throws: { ($0 as? FolioStoreError)?.code == .notADatabase }
    }

    @Test func databaseOfAnotherApplicationIsRejected() throws {
        let path = try TemporaryDirectory.make().appendingPathComponent("other.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)") }
        try queue.close()
        #expect { try FolioStore(path: path) } throws: { ($0 as? FolioStoreError)?.code == .foreignDatabase }
    }

    @Test func storeFromNewerFolioIsRejected() throws {
        let path = try TemporaryDirectory.make().appendingPathComponent("newer.sqlite").path
        _ = try FolioStore(path: path)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('2099-01-01.1-future')") }
        try queue.close()
        #expect { try FolioStore(path: path) } throws: { ($0 as? FolioStoreError)?.code == .newerSchema }
    }
}

@Suite struct SearchIndexVersionTests {
    @Test func indexBuiltWithOtherFoldingRulesIsRebuiltOnOpen() throws {
        let path = try TemporaryDirectory.make().appendingPathComponent("fold.sqlite").path
        do {
            let store = try FolioStore(path: path)
            try store.apply(Fixtures.batch([Fixtures.article(id: 1, title: "Kabul water talks")], cursor: "c1"))
            // Simulate an index built by older rules: empty it and mark it version 0.
            try store.write { db in
                try db.execute(sql: "INSERT INTO article_search (article_search) VALUES ('delete-all')")
                try db.execute(sql: "UPDATE search_meta SET folding_version = 0")
            }
            #expect(try store.search("kabul").isEmpty)
        }
        let reopened = try FolioStore(path: path)
        #expect(try reopened.search("kabul").map(\.article.id) == [1])
    }
}

@Suite struct ArticleCountTests {
    /// Stores written before migration 8 learn their count when they open.
    @Test func storeFromBeforeTheCountColumnLearnsItsCountOnOpen() throws {
        let path = try OldStoreFile.make(migrations: 7)
        #expect(try FolioStore(path: path).syncState().checksum.count == 3)
    }

    @Test(arguments: StoreKind.allCases)
    func storedCountFollowsInsertsRemovalsRepairsAndResets(kind: StoreKind) throws {
        let store = try kind.makeStore()
        func matches() throws -> Bool { try store.syncState().checksum.count == UInt64(try store.articleCount()) }
        try store.apply(Fixtures.batch((1...6).map { Fixtures.article(id: $0) }, cursor: "c1"))
        #expect(try store.syncState().checksum.count == 6)
        var batch = Fixtures.batch([Fixtures.article(id: 2, revision: 2)], cursor: "c2")
        batch.removals = [ArticleRemoval(id: 3, revision: 2, sequence: 1, removedAt: 0),
                          ArticleRemoval(id: 99, revision: 1, sequence: 2, removedAt: 0)]
        try store.apply(batch)
        #expect(try store.syncState().checksum.count == 5)
        #expect(try matches())
        try store.replaceRanges([4...5], with: [Fixtures.article(id: 5)], cursor: nil)
        #expect(try store.syncState().checksum.count == 4)
        #expect(try matches())
        try store.resetArchive(epoch: "e2")
        #expect(try store.syncState().checksum.count == 0)
    }
}
