import Foundation
import FolioWire
import Testing
@testable import FolioStore

/// `search-queries.json` (SPEC.md §13.3, §16 item 9): the store, searching
/// with SQLite FTS5, finds exactly the articles that the rules of §13 alone
/// say match each whole query.
@Suite struct SearchQueryVectorTests {
    static let file = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Protocol/vectors/search-queries.json")

    @Test("the store finds exactly the articles each whole query of the vectors names", arguments: StoreKind.allCases)
    func storeFindsTheVectorsArticles(kind: StoreKind) throws {
        let vector = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.file)) as? [String: Any])
        #expect(vector["version"] as? Int == SearchFolding.version)
        let articles = try #require(vector["articles"] as? [[String: Any]])
        let queries = try #require(vector["queries"] as? [[String: Any]])
        let store = try kind.makeStore()
        try store.apply(Fixtures.batch(articles.map { entry in
            Fixtures.article(
                id: Int64(entry["id"] as? Int ?? 0), title: entry["title"] as? String,
                lead: entry["lead"] as? String ?? "", body: entry["body"] as? String ?? "")
        }, cursor: "c1"))
        #expect(queries.count > 30)
        for entry in queries {
            let query = try #require(entry["query"] as? String)
            let expected = Set((entry["ids"] as? [Int] ?? []).map(Int64.init))
            let found = Set(try store.search(query, limit: 200).map(\.article.id))
            #expect(found == expected, "query \(query.debugDescription)")
            #expect(SearchFolding.tokens(query).prefix(16).map { $0 } == entry["tokens"] as? [String])
        }
    }
}
