import Foundation
import FolioStore
import FolioWire
import GRDB
import Testing

/// What a store carries (SPEC.md §6.4): narrowing drops what no longer
/// matches at once, in one transaction, and remembers which languages' parts
/// the store still holds (SPEC.md §11).
@Suite struct SubscriptionTests {
    static func article(id: Int64, language: String, region: String) -> Article {
        Fixtures.article(id: id, language: language, regions: [region])
    }

    static func comment(id: Int64, articleID: Int64) -> StoreComment {
        StoreComment(id: id, articleID: articleID, name: "Reader", text: "Comment \(id).", createdAt: 1, status: .approved)
    }

    @Test("narrowing drops unmatched articles with their comments, logs them and fixes the checksum",
          arguments: StoreKind.allCases)
    func narrowing(kind: StoreKind) throws {
        let store = try kind.makeStore()
        let articles = [
            Self.article(id: 1, language: "en", region: "afghanistan"), Self.article(id: 2, language: "fa", region: "iran"),
            Self.article(id: 3, language: "fa", region: "afghanistan"), Self.article(id: 4, language: "en", region: "iran"),
        ]
        var batch = Fixtures.batch(articles, cursor: "c1")
        batch.comments = [Self.comment(id: 10, articleID: 1), Self.comment(id: 11, articleID: 3)]
        try store.apply(batch)
        #expect(try store.heldLanguages() == .all)

        let persian = try #require(try store.setSubscription(SyncSubscription(languages: ["fa"])))
        #expect(persian.kind == "reset" && persian.articlesRemoved == 2)
        #expect(try store.articleCount() == 2)
        #expect(try store.article(id: 1) == nil)
        #expect(try store.heldLanguages() == .only(["fa"]))
        var expected = ArchiveChecksum()
        for article in articles.filter({ $0.language == "fa" }) { expected.addArticle(article.checksumItem) }
        expected.addComment(Self.comment(id: 11, articleID: 3).checksumItem)
        #expect(try store.syncState().checksum == expected)

        let afghan = try #require(try store.setSubscription(SyncSubscription(languages: ["fa"], regions: ["afghanistan"])))
        #expect(afghan.articlesRemoved == 1)
        #expect(try store.article(id: 3) != nil)
        // Wider again: nothing to drop; the next sync fetches the rest.
        #expect(try store.setSubscription(.all) == nil)
        #expect(try store.heldLanguages() == .only(["fa"]))
        #expect(try store.subscription() == .all)
    }

    @Test(arguments: StoreKind.allCases)
    func subscriptionIsKeptAndValidated(kind: StoreKind) throws {
        let store = try kind.makeStore()
        #expect(try store.subscription() == .all)
        let fa = SyncSubscription(languages: ["fa", "fa"], regions: ["iran", "afghanistan"])
        try store.setSubscription(fa)
        #expect(try store.subscription() == SyncSubscription(languages: ["fa"], regions: ["afghanistan", "iran"]))
        #expect(throws: FolioStoreError.self) { try store.setSubscription(SyncSubscription(regions: ["Central Asia"])) }
        #expect(throws: FolioStoreError.self) { try store.setSubscription(SyncSubscription(languages: ["persian"])) }
        try store.setSubscription(.all)
        #expect(try store.subscription() == .all)
    }

    @Test func storeFromBeforeHeldLanguagesHoldsTheLanguagesOfItsSubscription() throws {
        let persian = try OldStoreFile.make(migrations: 10) { db in
            try db.execute(sql: """
                UPDATE sync_state SET subscription = '{"languages":["fa"],"regions":[],"topics":[]}' WHERE id = 1
                """)
        }
        #expect(try FolioStore(path: persian).heldLanguages() == .only(["fa"]))
        let regional = try OldStoreFile.make(migrations: 10) { db in
            try db.execute(sql: """
                UPDATE sync_state SET subscription = '{"languages":[],"regions":["iran"],"topics":[]}' WHERE id = 1
                """)
        }
        #expect(try FolioStore(path: regional).heldLanguages() == .all)
        #expect(try FolioStore(path: try OldStoreFile.make(migrations: 10)).heldLanguages() == .all)
    }
}
