import Foundation
import GRDB
import Testing
@testable import FolioStore

/// After many small writes the search index has merges pending; finishing
/// them leaves every search answer as it was.
@Suite struct SearchMaintenanceTests {
    @Test(arguments: StoreKind.allCases)
    func pendingMergesFinishAndSearchAnswersTheSame(kind: StoreKind) throws {
        let store = try kind.makeStore()
        for page in 0..<60 {
            let articles = (1...5).map { offset in
                Fixtures.article(id: Int64(page * 5 + offset), title: "Dispatch \(page) from Kabul and Herat")
            }
            try store.apply(Fixtures.batch(articles, cursor: "c\(page)"))
        }
        let before = try store.search("kabul", limit: 200).map(\.article.id)
        #expect(before.count == 200)
        #expect(try store.finishSearchIndexMerges() > 0)
        #expect(try store.finishSearchIndexMerges() == 0, "nothing is left to merge")
        #expect(try store.search("kabul", limit: 200).map(\.article.id) == before)
        try store.write { db in
            try db.execute(sql: "INSERT INTO article_search (article_search, rank) VALUES ('integrity-check', 0)")
        }
    }
}
