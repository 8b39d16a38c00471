import FolioServer
import FolioTestSupport
import FolioWire
import Foundation
import Testing

@Suite("Storage: maintained checksums")
struct MaintainedChecksumTests {
    static let regions = [["afghanistan"], ["central-asia"], ["afghanistan", "pakistan"], ["iran"]]
    static let topics = [["economic"], ["security"], ["economic", "culture"]]

    @Test("maintained sums equal sums recomputed from scratch after a random mix of changes",
          arguments: [StorageKind.memory, .sqliteOnDisk], [UInt64(1), 2, 3])
    func randomMix(kind: StorageKind, seed: UInt64) async throws {
        let storage = try kind.make()
        var random = SplitMix64(seed: seed)
        var commentIDs: [Int64] = []
        var time: Int64 = 1
        var sawComments = false
        for step in 0..<300 {
            try await Self.randomChange(storage, step: step, time: time, commentIDs: &commentIDs, random: &random)
            time += 1
            if step % 50 == 49 {
                let audit = try await storage.checksumAudit()
                #expect(audit.isExact, "step \(step)")
                sawComments = sawComments || audit.maintained.total.comments > 0
            }
        }
        let audit = try await storage.checksumAudit()
        #expect(audit.isExact)
        #expect(!audit.maintained.totals.isEmpty)
        #expect(sawComments)
        // What an unfiltered reader is compared with: the archive total and
        // the buckets of all facets together (kept on their own, SPEC.md §15).
        let (total, buckets) = try await storage.withConsistentRead { reader in
            (try reader.checksumTotal(matching: .all), try reader.checksumBuckets(matching: .all))
        }
        #expect(total == audit.recomputed.total)
        var expected: [Int64: ArchiveChecksum] = [:]
        for (key, sums) in audit.recomputed.buckets {
            expected[key.bucket, default: .empty] = expected[key.bucket, default: .empty] + sums
        }
        #expect(buckets == expected.filter { !$0.value.isEmpty })
    }

    /// One random change: a publication, correction or republication with
    /// random tags, an unpublication, a comment, a moderation, or a purge.
    static func randomChange(
        _ storage: any ServerStorage, step: Int, time: Int64, commentIDs: inout [Int64], random: inout SplitMix64
    ) async throws {
        let id = Int64.random(in: 1...1_500, using: &random) | 1  // spans two buckets
        let existing = try await storage.article(id: id)
        switch Int.random(in: 0..<10, using: &random) {
        case 0...2:  // publish, correct (maybe with other tags), republish
            var content = existing?.content ?? Fixtures.article(id: id)
            content.regions = Self.regions.randomElement(using: &random) ?? []
            content.topics = Self.topics.randomElement(using: &random) ?? []
            content.language = Bool.random(using: &random) ? "en" : "fa"
            content.title = "Title \(id) at step \(step)"
            _ = try await storage.writeArticle(content, keepRevisions: 3)
        case 3:
            _ = try await storage.unpublishArticle(id: id, at: time)
        case 4...6:
            let status: ModerationStatus = [.pending, .approved, .approved].randomElement(using: &random) ?? .pending
            let record = NewCommentRecord(
                articleID: id, name: "Reader \(step)", email: "r\(step)@example.org", text: "Comment \(step)",
                createdAt: time, receivedAt: time, status: status, origin: .imported(importKey: "c\(step)"))
            if case .stored(let receipt) = try await storage.insertComment(record) {
                commentIDs.append(receipt.commentID)
            }
        case 7...8:  // approve, withdraw, reject
            if let comment = commentIDs.randomElement(using: &random) {
                let status = ModerationStatus.allCases.randomElement(using: &random) ?? .approved
                _ = try await storage.setCommentStatus(id: comment, to: status)
            }
        default:
            let head = try await storage.statistics().head
            _ = try await storage.purgeTombstones(before: head / 2)
        }
    }

    static let subscriptions = [
        Subscription(languages: ["fa"]), Subscription(languages: ["en"], regions: ["afghanistan"]),
        Subscription(topics: ["economic", "security"]), Subscription(regions: ["iran"], topics: ["culture"]),
        Subscription(languages: ["xx"]),
    ]

    /// Compares, for every subscription of ``subscriptions``, the sums read
    /// through the subscription cache with a recount from every row; returns
    /// how many non-empty buckets were compared.
    static func compareFilteredSums(_ storage: any ServerStorage, _ label: String) async throws -> Int {
        let recomputed = try await storage.checksumAudit().recomputed
        var compared = 0
        for subscription in subscriptions {
            let (total, buckets) = try await storage.withConsistentRead { reader in
                (try reader.checksumTotal(matching: subscription), try reader.checksumBuckets(matching: subscription))
            }
            var expected: [Int64: ArchiveChecksum] = [:]
            for (key, sums) in recomputed.buckets where key.facet.matches(subscription) {
                expected[key.bucket, default: .empty] = expected[key.bucket, default: .empty] + sums
            }
            expected = expected.filter { !$0.value.isEmpty }
            #expect(buckets == expected, "\(label), \(subscription)")
            #expect(total == expected.values.reduce(.empty, +), "\(label), \(subscription)")
            compared += expected.count
        }
        return compared
    }

    @Test("filtered sums read through the subscription cache equal a recount after every change",
          arguments: [StorageKind.sqliteInMemory, .sqliteOnDisk], [UInt64(4), 5])
    func filteredSumsAfterEveryChange(kind: StorageKind, seed: UInt64) async throws {
        let storage = try kind.make()
        var random = SplitMix64(seed: seed)
        var commentIDs: [Int64] = []
        var compared = 0
        for step in 0..<160 {
            try await Self.randomChange(storage, step: step, time: Int64(step + 1), commentIDs: &commentIDs, random: &random)
            compared += try await Self.compareFilteredSums(storage, "step \(step)")
        }
        #expect(compared > 500)
    }

    @Test("filtered sums equal a recount after changes in many buckets between two reads",
          arguments: [StorageKind.sqliteInMemory, .sqliteOnDisk], [UInt64(8)])
    func filteredSumsAfterManyBucketsChanged(kind: StorageKind, seed: UInt64) async throws {
        let storage = try kind.make()
        var random = SplitMix64(seed: seed)
        // 40 buckets, then rounds that change 1 and then 30 of them between
        // reads: the cache sums changed buckets one by one up to its limit
        // and in one aggregate read beyond it.
        for round in 0..<4 {
            let changed = round == 0 ? 40 : (round % 2 == 1 ? 1 : 30)
            for bucket in Array(0..<40).shuffled(using: &random).prefix(changed) {
                var content = Fixtures.article(id: Int64(bucket) * 1_024 + Int64.random(in: 1...3, using: &random))
                content.regions = Self.regions.randomElement(using: &random) ?? []
                content.topics = Self.topics.randomElement(using: &random) ?? []
                content.language = Bool.random(using: &random) ? "en" : "fa"
                content.title = "Round \(round)"
                _ = try await storage.writeArticle(content, keepRevisions: 2)
            }
            _ = try await Self.compareFilteredSums(storage, "round \(round)")
        }
    }

    @Test("an on-disk database opened again keeps exact sums", arguments: [UInt64(7)])
    func reopen(seed: UInt64) async throws {
        let path = try TemporaryDirectory.make().appendingPathComponent("server.sqlite").path
        do {
            let storage = try SQLiteStorage(path: path)
            for id in Int64(1)...20 { _ = try await storage.writeArticle(Fixtures.article(id: id), keepRevisions: 2) }
            _ = try await storage.insertComment(NewCommentRecord(
                articleID: 3, name: "A", email: "a@example.org", text: "T", createdAt: 1, receivedAt: 1,
                status: .approved, origin: .imported(importKey: "k")))
        }
        let storage = try SQLiteStorage(path: path)
        let audit = try await storage.checksumAudit()
        #expect(audit.isExact)
        #expect(audit.maintained.total.count == 20 && audit.maintained.total.comments == 1)
    }

    @Test("a republished article's comments come again in a later page, after the article", arguments: StorageKind.allCases)
    func republication(kind: StorageKind) async throws {
        let service = try ServiceHarness.make(kind)
        _ = try await service.publish(Fixtures.article(id: 1))
        _ = try await service.publish(Fixtures.article(id: 2))
        let record = NewCommentRecord(
            articleID: 1, name: "A", email: "a@example.org", text: "Well reported.", createdAt: 1, receivedAt: 1,
            status: .approved, origin: .imported(importKey: "k1"))
        guard case .stored(let receipt) = try await service.storage.insertComment(record) else {
            Issue.record("not stored")
            return
        }
        let first = try await service.pull(Fixtures.pull())
        #expect(first.comments.map(\.id) == [receipt.commentID])
        _ = try await service.unpublish(articleID: 1)
        let removed = try await service.pull(Fixtures.pull(cursor: first.cursor))
        #expect(ArchiveChecksum(removed.checkpoint.articles).comments == 0)
        _ = try await service.publish(Fixtures.article(id: 1))
        let again = try await service.pull(Fixtures.pull(cursor: removed.cursor))
        #expect(again.articles.map(\.id) == [1])
        #expect(again.comments.map(\.id) == [receipt.commentID])
        let comment = try #require(try await service.storage.comment(id: receipt.commentID))
        let article = try #require(try await service.storage.article(id: 1))
        #expect(comment.sequence > article.sequence)
        #expect(ArchiveChecksum(again.checkpoint.articles) == (try await ChecksumFixtures.recomputed(service.storage)))
        #expect(ArchiveChecksum(again.checkpoint.articles).comments == 1)
    }

    @Test("a filtered catch-up's last checkpoint equals the recomputed sum of the matching articles",
          arguments: StorageKind.allCases)
    func filteredCheckpoint(kind: StorageKind) async throws {
        let service = try await ServiceHarness.demo(kind)
        for subscription in [Subscription(languages: ["fa"]), Subscription(regions: ["afghanistan"]), Subscription(topics: ["nothing"])] {
            let pages = try await ServiceHarness.pullAll(service, subscription: subscription, max: 3)
            let last = try #require(pages.last)
            #expect(pages.dropLast().allSatisfy { !$0.hasCheckpoint })
            let expected = try await ChecksumFixtures.recomputed(service.storage, matching: subscription)
            #expect(ArchiveChecksum(last.checkpoint.articles) == expected)
            let received = pages.flatMap(\.articles).map(\.full)
            let ids = Set(received.map(\.id))
            let approved = pages.flatMap(\.comments).filter { $0.status == .approved && ids.contains($0.articleID) }
            #expect(ChecksumFixtures.checksum(articles: received, approvedComments: approved) == expected)
        }
    }
}
