import Foundation
import FolioWire
import Testing
@testable import FolioStore

@Suite struct RepairTests {
    static func storeWithSix(_ kind: StoreKind) throws -> FolioStore {
        let store = try kind.makeStore()
        try store.apply(Fixtures.batch((1...6).map { Fixtures.article(id: $0) }, cursor: "c1"))
        return store
    }

    static func recomputed(_ store: FolioStore) throws -> ArchiveChecksum {
        try ChecksumOracle.checksum(store)
    }

    @Test(arguments: StoreKind.allCases)
    func repairReplacesExactlyTheRangesItNames(kind: StoreKind) throws {
        let store = try Self.storeWithSix(kind)
        let summary = try store.replaceRanges([1...2, 5...7], with: [
            Fixtures.article(id: 1, revision: 3, title: "Repaired"),
            Fixtures.article(id: 6),                 // unchanged (same item): not rewritten
            Fixtures.article(id: 7, title: "Missed publication"),
        ], cursor: Data("r1".utf8))
        #expect(try store.articleRevisions().map(\.id) == [1, 3, 4, 6, 7])
        #expect(try store.article(id: 1)?.title == "Repaired")
        #expect(summary.articlesUpdated == 1)
        #expect(summary.articlesInserted == 1)
        #expect(summary.articlesRemoved == 2)
        #expect(try store.syncState().cursor == Data("r1".utf8))
        #expect(try store.syncState().checksum == Self.recomputed(store))
        #expect(try store.search("repaired").map(\.article.id) == [1])
        #expect(try store.search("missed").map(\.article.id) == [7])
    }

    @Test func repairMayLowerARevisionAfterAServerRestore() throws {
        let store = try Self.storeWithSix(.inMemory)
        try store.apply(Fixtures.batch([Fixtures.article(id: 2, revision: 9, title: "Newer than the backup")], cursor: "c2"))
        try store.replaceRanges([2...2], with: [Fixtures.article(id: 2, revision: 4, title: "From the backup")], cursor: nil)
        #expect(try store.article(id: 2)?.revision == 4)
        #expect(try store.search("backup").map(\.article.id) == [2])
        #expect(try store.search("newer").isEmpty)
        #expect(try store.syncState().cursor == Data("c2".utf8))
        #expect(try store.syncState().checksum == Self.recomputed(store))
    }

    @Test func repairRefusesArticlesOutsideItsRanges() throws {
        let store = try Self.storeWithSix(.inMemory)
        let before = try store.syncState()
        #expect { try store.replaceRanges([1...2], with: [Fixtures.article(id: 3)], cursor: nil) } throws: {
            ($0 as? FolioStoreError)?.code == .invalidInput
        }
        #expect(try store.syncState() == before)
    }

    @Test(arguments: StoreKind.allCases)
    func bucketChecksumsAddUpToTheArchiveChecksum(kind: StoreKind) throws {
        let store = try kind.makeStore()
        try store.apply(Fixtures.batch([1, 2, 1030, 5000].map { Fixtures.article(id: $0) }, cursor: "c1"))
        let buckets = try store.bucketChecksums(width: 1024)
        #expect(buckets.buckets.keys.sorted() == [0, 1, 4])
        #expect(buckets.total == (try store.syncState().checksum))
        #expect(throws: FolioStoreError.self) { try store.bucketChecksums(width: 1000) }
    }

    @Test(arguments: StoreKind.allCases)
    func bootstrapPartsAreRememberedUntilTheSnapshotCursorIsStored(kind: StoreKind) throws {
        let store = try kind.makeStore()
        try store.apply(SyncBatch(cursor: nil, articles: [Fixtures.article(id: 1)], bootstrapPart: "s1/p1"))
        try store.apply(SyncBatch(cursor: nil, articles: [Fixtures.article(id: 2)], bootstrapPart: "s1/p2"))
        #expect(try store.appliedBootstrapParts() == ["s1/p1", "s1/p2"])
        #expect(try store.syncState().cursor == nil)
        try store.apply(SyncBatch(cursor: Data("snap".utf8), articles: [Fixtures.article(id: 3)], bootstrapPart: "s1/p3"))
        #expect(try store.appliedBootstrapParts().isEmpty)
        #expect(try store.syncState().cursor == Data("snap".utf8))
        #expect(try store.articleCount() == 3)
    }
}

@Suite struct ClientKeyTests {
    @Test func clientKeyIsMadeOnceAndKept() throws {
        let path = try TemporaryDirectory.make().appendingPathComponent("key.sqlite").path
        let key = try FolioStore(path: path).clientKey()
        #expect(key.count == 32)
        #expect(try FolioStore(path: path).clientKey() == key)
        #expect(try FolioStore.inMemory().clientKey() != key)
    }
}

@Suite struct SyncLockTests {
    @Test(arguments: StoreKind.allCases)
    func onlyOneSyncHoldsAStoreAtATime(kind: StoreKind) throws {
        let store = try kind.makeStore()
        let first = try #require(try store.tryLockForSync())
        // A second store object on the same file stands for another process.
        let other = try store.path.map { try FolioStore(path: $0) } ?? store
        #expect(try other.tryLockForSync() == nil)
        first.release()
        let again = try #require(try other.tryLockForSync())
        again.release()
    }
}
