import FolioServer
import FolioWire
import Testing

@Suite("Storage: articles, sequence and compaction")
struct ArticleStorageTests {
    @Test("publishing assigns revision 1 and the next sequence; identical content changes nothing", arguments: StorageKind.allCases)
    func publishAndRepublish(kind: StorageKind) async throws {
        let storage = try kind.make()
        let first = try await storage.writeArticle(Fixtures.article(id: 1), keepRevisions: 4)
        guard case .published(let stored) = first else {
            Issue.record("expected published, got \(first)")
            return
        }
        #expect(stored.revision == 1)
        #expect(stored.sequence == 1)
        let again = try await storage.writeArticle(Fixtures.article(id: 1), keepRevisions: 4)
        #expect(again == .unchanged(stored))
        let batch = try await storage.changes(after: 0, limit: 10)
        #expect(batch.head == 1)
        let expected = ChecksumFixtures.checksum(articles: [ChecksumFixtures.wire(Fixtures.article(id: 1), revision: 1)])
        #expect(try await ChecksumFixtures.maintained(storage) == expected)
    }

    @Test("a correction takes a new revision and sequence and replaces the checksum item", arguments: StorageKind.allCases)
    func correction(kind: StorageKind) async throws {
        let storage = try kind.make()
        _ = try await storage.writeArticle(Fixtures.article(id: 1), keepRevisions: 4)
        _ = try await storage.writeArticle(Fixtures.article(id: 2), keepRevisions: 4)
        let outcome = try await storage.writeArticle(Fixtures.article(id: 1, title: "Corrected"), keepRevisions: 4)
        guard case .corrected(let stored) = outcome else {
            Issue.record("expected corrected, got \(outcome)")
            return
        }
        #expect(stored.revision == 2)
        #expect(stored.sequence == 3)
        let expected = ChecksumFixtures.checksum(articles: [
            ChecksumFixtures.wire(Fixtures.article(id: 1, title: "Corrected"), revision: 2),
            ChecksumFixtures.wire(Fixtures.article(id: 2), revision: 1),
        ])
        let batch = try await storage.changes(after: 0, limit: 10)
        #expect(try await ChecksumFixtures.maintained(storage) == expected)
        // Compaction: article 1 appears once, at its latest sequence, after article 2.
        #expect(batch.rows.map(\.sequence) == [2, 3])
    }

    @Test("unpublishing makes a tombstone that leaves the checksum", arguments: StorageKind.allCases)
    func unpublish(kind: StorageKind) async throws {
        let storage = try kind.make()
        _ = try await storage.writeArticle(Fixtures.article(id: 1), keepRevisions: 4)
        let outcome = try await storage.unpublishArticle(id: 1, at: 42)
        guard case .unpublished(let tombstone)? = outcome else {
            Issue.record("expected unpublished, got \(String(describing: outcome))")
            return
        }
        #expect(tombstone.removedAt == 42)
        #expect(tombstone.revision == 2)
        #expect(try await storage.unpublishArticle(id: 1, at: 43) == .unchanged(tombstone))
        #expect(try await storage.unpublishArticle(id: 99, at: 43) == nil)
        let batch = try await storage.changes(after: 0, limit: 10)
        #expect(try await ChecksumFixtures.maintained(storage) == .empty)
        #expect(batch.rows == [.article(tombstone)])
        // Republishing brings it back at a new revision.
        let back = try await storage.writeArticle(Fixtures.article(id: 1), keepRevisions: 4)
        #expect(back.article.revision == 3)
        #expect(back.article.removedAt == nil)
        if case .published = back {} else { Issue.record("expected published, got \(back)") }
    }

    @Test("changes are paged in sequence order with hasMore", arguments: StorageKind.allCases)
    func paging(kind: StorageKind) async throws {
        let storage = try kind.make()
        for id in 1...5 { _ = try await storage.writeArticle(Fixtures.article(id: Int64(id)), keepRevisions: 4) }
        let first = try await storage.changes(after: 0, limit: 2)
        #expect(first.rows.map(\.sequence) == [1, 2])
        #expect(first.hasMore)
        let last = try await storage.changes(after: 4, limit: 2)
        #expect(last.rows.map(\.sequence) == [5])
        #expect(!last.hasMore)
        let none = try await storage.changes(after: 5, limit: 2)
        #expect(none.rows.isEmpty && !none.hasMore && none.head == 5)
    }

    @Test("only the newest revisions are kept, and lookups find what a cursor holds", arguments: StorageKind.allCases)
    func revisions(kind: StorageKind) async throws {
        let storage = try kind.make()
        for step in 1...5 {
            _ = try await storage.writeArticle(Fixtures.article(id: 7, title: "Take \(step)"), keepRevisions: 2)
        }
        // Sequences 1...5 made revisions 1...5; only 4 and 5 remain.
        #expect(try await storage.revision(articleID: 7, atOrBefore: 3) == nil)
        #expect(try await storage.revision(articleID: 7, atOrBefore: 4)?.content.title == "Take 4")
        #expect(try await storage.revision(articleID: 7, atOrBefore: 99)?.revision == 5)
        #expect(try await storage.statistics().retainedRevisions == 2)
    }

    /// Invalid articles, named so that test output stays short.
    enum InvalidArticle: String, CaseIterable {
        case zeroID, unknownLanguage, nulInBody, emptyTitle, badRegionSlug, oversizedBody

        var content: ArticleContent {
            switch self {
            case .zeroID: Fixtures.article(id: 0)
            case .unknownLanguage: Fixtures.article(id: 1, language: "de")
            case .nulInBody: Fixtures.article(id: 1, body: "NUL \u{0} inside")
            case .emptyTitle: Fixtures.article(id: 1, title: "")
            case .badRegionSlug: Fixtures.article(id: 1, regions: ["Central Asia"])
            case .oversizedBody: Fixtures.article(id: 1, body: String(repeating: "x", count: FieldLimits.maxBodyBytes + 1))
            }
        }
    }

    @Test("invalid articles are refused before anything is stored", arguments: InvalidArticle.allCases)
    func invalid(article: InvalidArticle) async throws {
        for kind in StorageKind.allCases {
            let storage = try kind.make()
            await #expect(throws: FolioServerError.self) {
                _ = try await storage.writeArticle(article.content, keepRevisions: 2)
            }
            #expect(try await storage.statistics().head == 0)
        }
    }

    @Test("purging tombstones raises the horizon and keeps live articles", arguments: StorageKind.allCases)
    func purge(kind: StorageKind) async throws {
        let storage = try kind.make()
        _ = try await storage.writeArticle(Fixtures.article(id: 1), keepRevisions: 2)
        _ = try await storage.writeArticle(Fixtures.article(id: 2), keepRevisions: 2)
        _ = try await storage.unpublishArticle(id: 1, at: 5)
        #expect(try await storage.purgeTombstones(before: 4) == 1)
        let batch = try await storage.changes(after: 0, limit: 10)
        #expect(batch.tombstoneHorizon == 4)
        #expect(batch.rows.count == 1)
        #expect(try await storage.article(id: 1) == nil)
    }

    @Test("compaction removes only tombstones older than 180 days", arguments: StorageKind.allCases)
    func compaction(kind: StorageKind) async throws {
        let day: Int64 = 86_400_000
        let clock = Clock()
        let service = FolioSyncService(storage: try kind.make(), now: { clock.value })
        for id in 1...3 { _ = try await service.publish(Fixtures.article(id: Int64(id))) }
        clock.value = 10 * day
        _ = try await service.unpublish(articleID: 1)
        clock.value = 100 * day
        _ = try await service.unpublish(articleID: 2)
        clock.value = 150 * day
        #expect(try await service.compactTombstones() == 0)
        clock.value = 200 * day
        #expect(try await service.compactTombstones() == 1)
        #expect(try await service.storage.article(id: 1) == nil)
        #expect(try await service.storage.article(id: 2)?.isRemoved == true)
        #expect(try await service.storage.changes(after: 0, limit: 10).tombstoneHorizon == 5)
    }

    /// A settable wall clock for the service. `@unchecked Sendable`: tests set
    /// it only between awaited calls, never concurrently.
    final class Clock: @unchecked Sendable {
        var value: Int64 = 0
    }

    @Test("a consistent read lists article rows of a range by id with LIMIT, tombstones included, without content",
          arguments: StorageKind.allCases)
    func headers(kind: StorageKind) async throws {
        let storage = try kind.make()
        for id in [1, 5, 300, 301] { _ = try await storage.writeArticle(Fixtures.article(id: Int64(id)), keepRevisions: 2) }
        _ = try await storage.unpublishArticle(id: 5, at: 1)
        let (head, all, limited, wide) = try await storage.withConsistentRead { reader in
            (try reader.head(), try reader.articleHeaders(from: 1, through: 400, limit: 10),
             try reader.articleHeaders(from: 2, through: 400, limit: 2),
             try reader.articleHeaders(from: 302, through: Int64.max, limit: 4_096))
        }
        #expect(head == 5)
        #expect(all.map(\.id) == [1, 5, 300, 301])
        #expect(all.map(\.isLive) == [true, false, true, true])
        #expect(all.first?.facet == ChecksumFacet(Fixtures.article(id: 1)))
        #expect(limited.map(\.id) == [5, 300])
        #expect(wide.isEmpty)
    }
}
