import Foundation
import GRDB
import Testing
@testable import FolioStore

/// A batch validated and folded away from the writer (`PreparedBatch`)
/// applies exactly as the batch itself.
@Suite struct PreparedBatchTests {
    @Test(arguments: StoreKind.allCases)
    func anArticleTwiceInOneBatchIsIndexedByTheTextItWasSavedWith(kind: StoreKind) throws {
        let store = try kind.makeStore()
        let first = Fixtures.article(id: 1, revision: 1, title: "Alpha dispatch")
        let second = Fixtures.article(id: 1, revision: 2, title: "Beta dispatch")
        try store.apply(try PreparedBatch(Fixtures.batch([first, second, Fixtures.article(id: 2)], cursor: "c1")))
        #expect(try store.article(id: 1)?.title == "Beta dispatch")
        #expect(try store.search("beta").map(\.article.id) == [1])
        #expect(try store.search("alpha").isEmpty)
        try store.write { db in
            // FTS5 checks that the index matches what was inserted and deleted.
            try db.execute(sql: "INSERT INTO article_search (article_search, rank) VALUES ('integrity-check', 0)")
        }
    }

    @Test func aRowThatBreaksARuleIsRefusedBeforeTheWriter() throws {
        var article = Fixtures.article(id: 3)
        article.body = "text with a \0 inside"
        #expect(throws: FolioStoreError.self) { try PreparedBatch(Fixtures.batch([article], cursor: "c1")) }
    }
}
