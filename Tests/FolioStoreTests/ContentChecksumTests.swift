import Foundation
import FolioWire
import GRDB
import Testing
@testable import FolioStore

/// The protocol 2 checksum (SPEC.md §7.2) kept by the store: every article
/// field and the approved comments, exact through every kind of change.
@Suite struct ContentChecksumTests {
    static func comment(_ id: Int64, article: Int64, status: ModerationStatus = .approved, text: String? = nil,
                        key: UUID? = nil) -> StoreComment {
        StoreComment(id: id, articleID: article, name: "Reader \(id)", text: text ?? "Comment \(id).",
                createdAt: 1_767_225_600_000 + id, status: status, idempotencyKey: key)
    }

    @Test(arguments: StoreKind.allCases)
    func checksumStaysExactThroughArticleAndCommentChanges(kind: StoreKind) throws {
        let store = try kind.makeStore()
        func check(_ label: String) throws {
            #expect(try store.syncState().checksum == ChecksumOracle.checksum(store), "\(label)")
            #expect(try store.bucketChecksums(width: 1024).total == store.syncState().checksum, "\(label)")
        }
        try store.apply(Fixtures.batch((1...4).map { Fixtures.article(id: $0) }, cursor: "c1",
                                       comments: [Self.comment(10, article: 1), Self.comment(11, article: 1),
                                                  Self.comment(12, article: 2, status: .pending, key: UUID()),
                                                  Self.comment(13, article: 99)]))
        try check("inserted")
        #expect(try store.syncState().checksum.comments == 2, "pending and orphan comments do not count")
        #expect(try store.commentCount() == 3, "a comment of an article not held is not stored")

        // An edit of any field changes the item.
        var edited = Fixtures.article(id: 2, revision: 2)
        edited.author = "Another desk"
        edited.regions = ["iran", "central-asia"]
        try store.apply(Fixtures.batch([edited], cursor: "c2",
                                       comments: [Self.comment(12, article: 2, status: .approved),
                                                  Self.comment(10, article: 1, text: "Edited by the moderator.")]))
        try check("edited")
        #expect(try store.syncState().checksum.comments == 3)

        var withdrawn = Fixtures.batch([], cursor: "c3")
        withdrawn.removedCommentIDs = [11]
        withdrawn.comments = [Self.comment(12, article: 2, status: .rejected)]
        try store.apply(withdrawn)
        try check("withdrawn and rejected")
        #expect(try store.syncState().checksum.comments == 1)

        try store.apply(Fixtures.batch([], cursor: "c4",
                                       removals: [ArticleRemoval(id: 1, revision: 2, sequence: 5, removedAt: 1)]))
        try check("tombstoned with its comments")
        #expect(try store.syncState().checksum == ArchiveChecksum(count: 3, sum: store.syncState().checksum.sum))

        try store.replaceRanges([3...4], with: [Fixtures.article(id: 4, revision: 3)],
                                comments: [Self.comment(20, article: 4)], cursor: nil)
        try check("repaired")
        try store.resetArchive(epoch: "e2")
        #expect(try store.syncState().checksum == .empty)
    }

    @Test(arguments: StoreKind.allCases)
    func alreadyAppliedChangesAreIgnored(kind: StoreKind) throws {
        let store = try kind.makeStore()
        try store.apply(Fixtures.batch([Fixtures.article(id: 1, revision: 3, title: "Held")], cursor: "c1"))
        let checksum = try store.syncState().checksum
        let same = try store.apply(Fixtures.batch([Fixtures.article(id: 1, revision: 3, title: "Other")], cursor: "c2",
                                                  removals: [ArticleRemoval(id: 1, revision: 3, sequence: 2, removedAt: 0)]))
        #expect(same.isEmpty)
        #expect(try store.article(id: 1)?.title == "Held")
        #expect(try store.syncState().checksum == checksum)
    }

    @Test(arguments: StoreKind.allCases)
    func corruptedTitleMakesItsBucketDifferAndRepairRestoresIt(kind: StoreKind) throws {
        let store = try kind.makeStore()
        let articles = [1, 2, 1030].map { Fixtures.article(id: $0) }
        try store.apply(Fixtures.batch(articles, cursor: "c1"))
        let server = try ChecksumOracle.buckets(articles, comments: [])
        #expect(try store.bucketChecksums(width: 1024).differingBuckets(from: server.buckets).isEmpty)

        // Damage written behind the store's back.
        try store.write { db in try db.execute(sql: "UPDATE article SET title = 'Artic1e 1030' WHERE id = 1030") }
        let local = try store.bucketChecksums(width: 1024)
        #expect(local.differingBuckets(from: server.buckets) == [1])
        #expect(try store.syncState().checksum != server.total, "the next checkpoint sees it too")

        try store.replaceRanges([1024...2047], with: [articles[2]], cursor: nil)
        #expect(try store.article(id: 1030)?.title == "Article 1030")
        #expect(try store.bucketChecksums(width: 1024).differingBuckets(from: server.buckets).isEmpty)
        #expect(try store.syncState().checksum == server.total)
    }

    @Test(arguments: StoreKind.allCases)
    func missingApprovedCommentMakesItsBucketDiffer(kind: StoreKind) throws {
        let store = try kind.makeStore()
        let articles = [5, 2050].map { Fixtures.article(id: $0) }
        let comments = [Self.comment(1, article: 5), Self.comment(2, article: 2050), Self.comment(3, article: 2050)]
        try store.apply(Fixtures.batch(articles, cursor: "c1", comments: Array(comments.prefix(2))))
        let server = try ChecksumOracle.buckets(articles, comments: comments)
        #expect(try store.bucketChecksums(width: 1024).differingBuckets(from: server.buckets) == [2])

        let summary = try store.replaceRanges([2048...3071], with: [articles[1]], comments: [comments[1], comments[2]],
                                              cursor: nil)
        #expect(summary.articlesUpdated == 0, "the article held is not rewritten")
        #expect(try store.bucketChecksums(width: 1024).differingBuckets(from: server.buckets).isEmpty)
        #expect(try store.syncState().checksum == server.total)
        #expect(try store.comments(articleID: 2050).count == 2)
    }

    @Test(arguments: StoreKind.allCases)
    func repairKeepsCommentsOfRewrittenArticlesAndSettlesOwnComments(kind: StoreKind) throws {
        let store = try kind.makeStore()
        let comments = (1...4).map { Self.comment($0, article: 7) }
        try store.apply(Fixtures.batch([Fixtures.article(id: 7), Fixtures.article(id: 8)], cursor: "c1",
                                       comments: comments))
        let queued = try store.enqueueComment(NewComment(articleID: 7, name: "Nilufar", email: "n@example.org",
                                                         text: "Mine."))
        let untouched = try store.enqueueComment(NewComment(articleID: 8, name: "Nilufar", email: "n@example.org",
                                                            text: "Not sent yet."))
        #expect(try store.comments(articleID: 7).count == 5, "four approved and the queued own one")

        let own = Self.comment(9, article: 7, status: .pending, text: "Mine.", key: queued.key)
        try store.replaceRanges([0...1023], with: [Fixtures.article(id: 7, revision: 2, title: "Rewritten")],
                                comments: comments.dropLast() + [own], cursor: nil)
        #expect(try store.article(id: 7)?.title == "Rewritten")
        let shown = try store.comments(articleID: 7)
        #expect(shown.count == 4, "three approved ones kept, one withdrawn, the own one settled: \(shown)")
        #expect(try store.outboxComment(key: queued.key)?.state == .accepted)
        #expect(try store.outboxComment(key: queued.key)?.serverID == 9)
        #expect(try store.outboxComment(key: untouched.key)?.state == .queued, "the outbox is otherwise untouched")
        #expect(try store.syncState().checksum == ChecksumOracle.checksum(store))
        #expect(try store.syncState().checksum.comments == 3)
    }

    @Test func storeFromBeforeContentChecksumsFillsItemsOnOpen() throws {
        let path = try OldStoreFile.make(migrations: 8, body: "b") { db in
            for id in 1...3 {
                try db.execute(sql: "INSERT INTO article_region (article_id, position, region) VALUES (?, 0, 'iran')",
                               arguments: [id])
            }
            try db.execute(sql: """
                INSERT INTO comment (id, article_id, name, text, created_at, status) VALUES
                    (1, 1, 'A', 'x', 5, 'approved'), (2, 1, 'B', 'y', 6, 'pending')
                """)
            try db.execute(sql: "UPDATE sync_state SET checksum = 42, article_count = 3 WHERE id = 1")
        }
        let store = try FolioStore(path: path)
        let checksum = try store.syncState().checksum
        #expect(checksum == (try ChecksumOracle.checksum(store)))
        #expect(checksum.count == 3)
        #expect(checksum.comments == 1)
        #expect(try store.bucketChecksums(width: 1024).total == checksum)
    }
}
