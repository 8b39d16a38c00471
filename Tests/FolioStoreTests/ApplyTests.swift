import Foundation
import FolioWire
import GRDB
import Testing
@testable import FolioStore

@Suite struct ApplyTests {
    @Test(arguments: StoreKind.allCases)
    func batchInsertsArticlesAndRecordsChangeLogAndCursor(kind: StoreKind) throws {
        let store = try kind.makeStore()
        let summary = try store.apply(Fixtures.batch((1...3).map { Fixtures.article(id: $0) }, cursor: "c1"), now: 100)
        #expect(summary.articlesInserted == 3)
        #expect(summary.articlesUpdated == 0)
        #expect(try store.articleCount() == 3)
        let state = try store.syncState()
        #expect(state.cursor == Data("c1".utf8))
        #expect(state.epoch == "e1")
        #expect(state.lastSyncAt == 100)
        let entries = try store.changes(inBatch: summary.batchID)
        #expect(entries.map(\.entityID) == ["1", "2", "3"])
        #expect(entries.map(\.entity) == [.article, .article, .article])
        #expect(entries.map(\.operation) == [.insert, .insert, .insert])
    }

    @Test(arguments: StoreKind.allCases)
    func articleKeepsEveryField(kind: StoreKind) throws {
        let store = try kind.makeStore()
        var article = Fixtures.article(id: 7, language: "fa", title: "گزارش", regions: ["afghanistan", "iran"],
                                       topics: ["security", "social"], kind: .specialReport, related: [9, 8])
        article.body = "متن\0".replacingOccurrences(of: "\0", with: "") + "\n\nپاراگراف دوم"
        try store.apply(Fixtures.batch([article], cursor: "c1"))
        #expect(try store.article(id: 7) == article)
        #expect(try store.article(newsCode: article.newsCode) == article)
    }

    @Test(arguments: StoreKind.allCases)
    func newerRevisionUpdatesAndOlderIsSkipped(kind: StoreKind) throws {
        let store = try kind.makeStore()
        try store.apply(Fixtures.batch([Fixtures.article(id: 1, revision: 2, title: "Second")], cursor: "c1"))
        let older = try store.apply(Fixtures.batch([Fixtures.article(id: 1, revision: 1, title: "First")], cursor: "c2"))
        #expect(older.isEmpty)
        #expect(try store.article(id: 1)?.title == "Second")
        let newer = try store.apply(Fixtures.batch([Fixtures.article(id: 1, revision: 3, title: "Third")], cursor: "c3"))
        #expect(newer.articlesUpdated == 1)
        #expect(try store.article(id: 1)?.title == "Third")
        #expect(try store.search("third").map(\.article.id) == [1])
        #expect(try store.search("second").isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func sameBatchAppliedTwiceChangesNothingTheSecondTime(kind: StoreKind) throws {
        let store = try kind.makeStore()
        let batch = Fixtures.batch((1...5).map { Fixtures.article(id: $0) }, cursor: "c1")
        try store.apply(batch)
        let checksum = try store.syncState().checksum
        let again = try store.apply(batch)
        #expect(again.isEmpty)
        #expect(try store.syncState().checksum == checksum)
        #expect(try store.articleCount() == 5)
    }

    @Test(arguments: StoreKind.allCases)
    func failureMidBatchLeavesPreviousStateAndCursor(kind: StoreKind) throws {
        let store = try kind.makeStore()
        try store.apply(Fixtures.batch([Fixtures.article(id: 1)], cursor: "c1"))
        let before = try store.syncState()
        let bad = Fixtures.article(id: 3, title: "")   // an empty title breaks a rule
        let batch = Fixtures.batch([Fixtures.article(id: 1, revision: 2, title: "Changed"), Fixtures.article(id: 2), bad],
                                   cursor: "c2")
        #expect { try store.apply(batch) } throws: { ($0 as? FolioStoreError)?.code == .invalidInput }
        #expect(try store.syncState() == before)
        #expect(try store.articleCount() == 1)
        #expect(try store.article(id: 1)?.title == "Article 1")
        #expect(try store.search("changed").isEmpty)
        #expect(try store.recentBatches().count == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func removalLeavesTombstoneUntilHorizonPasses(kind: StoreKind) throws {
        let store = try kind.makeStore()
        try store.apply(Fixtures.batch([Fixtures.article(id: 1), Fixtures.article(id: 2)], cursor: "c1"))
        try store.apply(SyncBatch(epoch: "e1", cursor: Data("c2".utf8), comments: [
            Comment(id: 50, articleID: 1, name: "A", text: "Hi", createdAt: 1, status: .approved)]))
        let removal = ArticleRemoval(id: 1, revision: 2, sequence: 40, removedAt: 5)
        let summary = try store.apply(Fixtures.batch([], cursor: "c3", removals: [removal]))
        #expect(summary.articlesRemoved == 1)
        #expect(try store.article(id: 1) == nil)
        #expect(try store.comments(articleID: 1).isEmpty)
        #expect(try store.search("article").map(\.article.id) == [2])
        #expect(try store.tombstones() == [removal])
        try store.apply(SyncBatch(epoch: "e1", cursor: Data("c4".utf8), tombstoneHorizon: 39))
        #expect(try store.tombstones() == [removal])
        try store.apply(SyncBatch(epoch: "e1", cursor: Data("c5".utf8), tombstoneHorizon: 40))
        #expect(try store.tombstones().isEmpty)
        #expect(try store.syncState().tombstoneHorizon == 40)
    }

    @Test(arguments: StoreKind.allCases)
    func checksumIsSumOfItemsOfStoredArticles(kind: StoreKind) throws {
        let store = try kind.makeStore()
        try store.apply(Fixtures.batch((1...4).map { Fixtures.article(id: $0) }, cursor: "c1"))
        try store.apply(Fixtures.batch([Fixtures.article(id: 2, revision: 5)], cursor: "c2",
                                       removals: [ArticleRemoval(id: 3, revision: 2, sequence: 9, removedAt: 1)]))
        let expected = try ChecksumOracle.checksum(store)
        #expect(try store.articleRevisions().map(\.id) == [1, 2, 4])
        #expect(try store.syncState().checksum == expected)
        #expect(expected.count == 3)
        #expect(expected.sum != 0)
    }

    @Test(arguments: StoreKind.allCases)
    func batchOfAnotherEpochIsRejectedAndResetKeepsOutbox(kind: StoreKind) throws {
        let store = try kind.makeStore()
        try store.apply(Fixtures.batch([Fixtures.article(id: 1)], cursor: "c1"))
        let queued = try store.enqueueComment(Fixtures.comment)
        #expect { try store.apply(Fixtures.batch([Fixtures.article(id: 2)], cursor: "x", epoch: "e2")) } throws: {
            ($0 as? FolioStoreError)?.code == .batchRejected
        }
        let reset = try store.resetArchive(epoch: "e2")
        #expect(reset.articlesRemoved == 1)
        #expect(try store.articleCount() == 0)
        #expect(try store.syncState().cursor == nil)
        #expect(try store.syncState().checksum == .empty)
        #expect(try store.outbox().map(\.key) == [queued.key])
        try store.apply(Fixtures.batch([Fixtures.article(id: 2)], cursor: "y", epoch: "e2"))
        #expect(try store.search("article").map(\.article.id) == [2])
    }

    @Test(arguments: StoreKind.allCases)
    func ownCommentFromServerSettlesOutboxEntry(kind: StoreKind) throws {
        let store = try kind.makeStore()
        try store.apply(Fixtures.batch([Fixtures.article(id: 1)], cursor: "c1"))
        let queued = try store.enqueueComment(Fixtures.comment, now: 10)
        try store.markSending([queued.key], now: 11)
        try store.recordPushResults([.accepted(key: queued.key, serverID: 900, moderation: .pending)], now: 12)
        #expect(try store.comments(articleID: 1).map(\.display) == [.pending])
        let own = Comment(id: 900, articleID: 1, name: "Nilufar", text: "Useful analysis.", createdAt: 10,
                          status: .approved, idempotencyKey: queued.key)
        let summary = try store.apply(Fixtures.batch([], cursor: "c2", comments: [own]))
        #expect(summary.commentsInserted == 1)
        #expect(summary.outboxUpdated == 1)
        #expect(try store.outboxComment(key: queued.key)?.moderation == .approved)
        let shown = try store.comments(articleID: 1)
        #expect(shown.count == 1)
        #expect(shown.first?.display == .published)
        #expect(shown.first?.isOwn == true)
    }

    @Test(arguments: StoreKind.allCases)
    func latestArticlesFilterAndRelated(kind: StoreKind) throws {
        let store = try kind.makeStore()
        try store.apply(Fixtures.batch([
            Fixtures.article(id: 1, regions: ["afghanistan"], topics: ["security"], kind: .report, related: [3, 2]),
            Fixtures.article(id: 2, language: "fa", regions: ["iran"], topics: ["economic"]),
            Fixtures.article(id: 3, regions: ["afghanistan", "pakistan"], topics: ["political"], kind: .interview),
        ], cursor: "c1"))
        #expect(try store.latestArticles().map(\.id) == [3, 2, 1])
        #expect(try store.latestArticles(ArticleFilter(region: "afghanistan")).map(\.id) == [3, 1])
        #expect(try store.latestArticles(ArticleFilter(topic: "economic")).map(\.id) == [2])
        #expect(try store.latestArticles(ArticleFilter(kind: .report)).map(\.id) == [1])
        #expect(try store.latestArticles(ArticleFilter(language: "fa")).map(\.id) == [2])
        #expect(try store.latestArticles(limit: 1).map(\.id) == [3])
        #expect(try store.relatedArticles(of: 1).map(\.id) == [3, 2])
        #expect(throws: FolioStoreError.self) { try store.latestArticles(limit: 0) }
    }
}

@Suite struct ObservationTests {
    @Test(arguments: StoreKind.allCases)
    func observingLatestArticlesSeesEachAppliedBatch(kind: StoreKind) async throws {
        let store = try kind.makeStore()
        try store.apply(Fixtures.batch([Fixtures.article(id: 1)], cursor: "c1"))
        var iterator = store.observeLatestArticles(limit: 3).makeAsyncIterator()
        #expect(try await iterator.next()?.map(\.id) == [1])
        try store.apply(Fixtures.batch([Fixtures.article(id: 2), Fixtures.article(id: 3)], cursor: "c2"))
        #expect(try await iterator.next()?.map(\.id) == [3, 2, 1])
        try store.apply(Fixtures.batch([], cursor: "c3", removals: [ArticleRemoval(id: 3, revision: 2, sequence: 1, removedAt: 1)]))
        #expect(try await iterator.next()?.map(\.id) == [2, 1])
    }
}
