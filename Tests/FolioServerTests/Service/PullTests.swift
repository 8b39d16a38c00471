import FolioServer
import FolioWire
import Foundation
import SwiftProtobuf
import Testing

@Suite("Service: pull")
struct PullTests {
    @Test("only the last page of a catch-up carries a checkpoint, at the head", arguments: StorageKind.allCases)
    func checkpointOnlyOnLastPage(kind: StorageKind) async throws {
        let service = try ServiceHarness.make(kind)
        for id in 1...4 { _ = try await service.publish(Fixtures.article(id: Int64(id))) }
        let base = try await service.pull(Fixtures.pull())
        #expect(base.hasCheckpoint && !base.moreAvailable)
        _ = try await service.publish(Fixtures.article(id: 5))
        _ = try await service.publish(Fixtures.article(id: 2, title: "Corrected"))
        _ = try await service.unpublish(articleID: 3)
        let pages = try await ServiceHarness.pullAll(service, from: base.cursor, max: 1)
        #expect(pages.count == 3)
        #expect(pages.dropLast().allSatisfy { $0.moreAvailable && !$0.hasCheckpoint })
        let last = try #require(pages.last)
        #expect(last.hasCheckpoint && !last.moreAvailable)
        #expect(try SyncCursor(decoding: Array(last.cursor)).sequence == (try await service.storage.statistics().head))
        #expect(ArchiveChecksum(last.checkpoint.articles) == (try await ChecksumFixtures.recomputed(service.storage)))
    }

    @Test("another reader's 1,500 pending comments do not cut a page short", arguments: [StorageKind.sqliteInMemory, .sqliteOnDisk])
    func othersPendingCommentsDoNotCutPages(kind: StorageKind) async throws {
        let service = try ServiceHarness.make(kind)
        for id in 1...10 { _ = try await service.publish(Fixtures.article(id: Int64(id))) }
        let base = try await service.pull(Fixtures.pull())
        for index in 0..<1_500 {
            _ = try await service.storage.insertComment(NewCommentRecord(
                articleID: 1, name: "Reader", email: "r@example.org", text: "Pending \(index)", createdAt: 10, receivedAt: 20,
                status: .pending, origin: .push(clientKeyHash: Array(repeating: 7, count: 32),
                                                idempotencyKey: Fixtures.key(UInt8(index % 200)) + [UInt8(index / 200)],
                                                bodyHash: [UInt8(index % 256)])))
        }
        for id in 11...20 { _ = try await service.publish(Fixtures.article(id: Int64(id))) }
        // One page of at most 500 changes holds the 10 new articles: the
        // 1,500 comments it may not see are not read (they used to fill the
        // page's reads and cut it short).
        let page = try await service.pull(Fixtures.pull(cursor: base.cursor, client: Fixtures.clientKey(9), max: 500))
        #expect(page.articles.map(\.id) == Array(11...20))
        #expect(page.comments.isEmpty && !page.moreAvailable && page.hasCheckpoint)
    }

    @Test("a new client gets every live article once, a checkpoint that matches, and no tombstones", arguments: StorageKind.allCases)
    func bootstrap(kind: StorageKind) async throws {
        let service = try await ServiceHarness.demo(kind)
        _ = try await service.unpublish(articleID: 1001)
        let pages = try await ServiceHarness.pullAll(service)
        let changes = pages.flatMap(\.articles)
        #expect(changes.count == 31)
        #expect(Set(changes.map(\.id)).count == 31)
        #expect(!changes.contains { $0.id == 1001 })
        var articles: [WireArticle] = []
        for change in changes {
            guard case .full(let article)? = change.change else {
                Issue.record("a new client must get full articles")
                continue
            }
            articles.append(article)
        }
        let approved = pages.flatMap(\.comments).filter { $0.status == .approved && articles.map(\.id).contains($0.articleID) }
        #expect(!approved.isEmpty)
        let sum = ChecksumFixtures.checksum(articles: articles, approvedComments: approved)
        let last = try #require(pages.last)
        #expect(last.hasCheckpoint)
        #expect(ArchiveChecksum(last.checkpoint.articles) == sum)
        #expect(!last.moreAvailable)
    }

    @Test("the cursor is a valid SPEC.md §7.1 cursor of the server's epoch at its head", arguments: StorageKind.allCases)
    func cursor(kind: StorageKind) async throws {
        let service = try await ServiceHarness.demo(kind)
        let page = try await service.pull(Fixtures.pull())
        let cursor = try SyncCursor(decoding: Array(page.cursor))
        #expect(cursor.epoch == (try await service.storage.epoch()))
        #expect(cursor.sequence == (try await service.storage.statistics().head))
    }

    @Test("pages are cut by count and by bytes, and together hold everything", arguments: [
        (UInt32(5), 512 << 10), (UInt32(0), 4 << 10), (UInt32(1), 1),
    ])
    func paging(maxChanges: UInt32, maxBytes: Int) async throws {
        var configuration = SyncServiceConfiguration()
        configuration.maxPageBytes = maxBytes
        let service = try ServiceHarness.make(.sqliteInMemory, configuration: configuration)
        _ = try await service.importArticles(jsonLines: Fixtures.demoArticles())
        let pages = try await ServiceHarness.pullAll(service, max: maxChanges)
        #expect(pages.count > 1)
        #expect(pages.flatMap(\.articles).count == 32)
        #expect(pages.dropLast().allSatisfy { $0.moreAvailable })
        // Only the last page carries a checkpoint: what the client holds then.
        #expect(pages.dropLast().allSatisfy { !$0.hasCheckpoint })
        let held = ChecksumFixtures.checksum(articles: pages.flatMap(\.articles).map(\.full))
        #expect(ArchiveChecksum(try #require(pages.last).checkpoint.articles) == held)
        for page in pages.dropLast() {
            let bytes = page.articles.reduce(0) { total, change in
                total + ((try? change.serializedBytes() as [UInt8])?.count ?? 0)
            }
            #expect(page.articles.count == 1 || bytes <= maxBytes)
        }
    }

    @Test("a corrected article reaches a client as a patch whose delta rebuilds the new body", arguments: StorageKind.allCases)
    func correctionAsDelta(kind: StorageKind) async throws {
        let service = try ServiceHarness.make(kind)
        let original = Fixtures.article(id: 1)
        _ = try await service.publish(original)
        let first = try await service.pull(Fixtures.pull())
        var corrected = original
        corrected.body = original.body.replacingOccurrences(of: "article 1.", with: "article one (corrected).")
        corrected.title = "New title"
        _ = try await service.publish(corrected)
        let second = try await service.pull(Fixtures.pull(cursor: first.cursor))
        let change = try #require(second.articles.first)
        #expect(change.baseRevision == 1 && change.revision == 2)
        guard case .patch(let patch)? = change.change, case .bodyDelta(let delta)? = patch.bodyChange else {
            Issue.record("expected a patch with a body delta, got \(String(describing: change.change))")
            return
        }
        #expect(patch.title == "New title")
        #expect(!patch.hasLead && !patch.hasRegions)
        #expect(delta.count < corrected.body.utf8.count)
        #expect(try BodyDelta.apply(Array(delta), to: original.body) == corrected.body)
    }

    @Test("an unpublished article reaches a client that held it as a tombstone", arguments: StorageKind.allCases)
    func tombstone(kind: StorageKind) async throws {
        let service = try await ServiceHarness.demo(kind)
        let pages = try await ServiceHarness.pullAll(service)
        let cursor = try #require(pages.last?.cursor)
        _ = try await service.unpublish(articleID: 1002)
        let next = try await service.pull(Fixtures.pull(cursor: cursor))
        #expect(next.articles.count == 1)
        guard case .tombstone? = next.articles.first?.change else {
            Issue.record("expected a tombstone")
            return
        }
        #expect(next.articles.first?.id == 1002)
        #expect(ArchiveChecksum(next.checkpoint.articles).count == 31)
    }

    @Test("a subscription to one language gets only that language and a matching checkpoint", arguments: ["en", "fa"])
    func subscription(language: String) async throws {
        let service = try await ServiceHarness.demo(.sqliteInMemory)
        let subscription = Subscription(languages: [language])
        let pages = try await ServiceHarness.pullAll(service, subscription: subscription)
        let articles = pages.flatMap(\.articles).map(\.full)
        #expect(!articles.isEmpty)
        #expect(articles.allSatisfy { $0.language == language })
        let ids = Set(articles.map(\.id))
        let approved = pages.flatMap(\.comments).filter { $0.status == .approved && ids.contains($0.articleID) }
        let sum = ChecksumFixtures.checksum(articles: articles, approvedComments: approved)
        #expect(ArchiveChecksum(try #require(pages.last).checkpoint.articles) == sum)
        #expect(pages.flatMap(\.comments).allSatisfy { ids.contains($0.articleID) })
    }

    @Test("the request's Subscription message filters pages, and every page's checkpoint matches", arguments: StorageKind.allCases)
    func wireSubscription(kind: StorageKind) async throws {
        let service = try await ServiceHarness.demo(kind)
        var request = Fixtures.pull()
        request.subscription.regions = ["afghanistan"]
        var held: [Int64: Int64] = [:]
        var cursor = Data()
        var pages = 0
        func pullAll(max: UInt32) async throws {
            request.maxChanges = max
            repeat {
                request.cursor = cursor
                let page = try await service.pull(request)
                for change in page.articles {
                    if case .tombstone? = change.change { held[change.id] = nil } else { held[change.id] = change.revision }
                }
                #expect(page.articles.allSatisfy { change in
                    if case .full(let article)? = change.change { return article.regions.contains("afghanistan") }
                    return true
                })
                #expect(page.hasCheckpoint == !page.moreAvailable, "page \(pages)")
                if !page.moreAvailable {
                    // The last page's checkpoint is the checksum of the matching
                    // articles (and approved comments), recomputed from scratch.
                    let expected = try await ChecksumFixtures.recomputed(
                        service.storage, matching: Subscription(request.subscription))
                    #expect(ArchiveChecksum(page.checkpoint.articles) == expected)
                    #expect(Int(ArchiveChecksum(page.checkpoint.articles).count) == held.count)
                }
                cursor = page.cursor
                pages += 1
                if !page.moreAvailable { break }
            } while pages < 100
        }
        try await pullAll(max: 0)
        #expect(held[1001] != nil)
        // After the client is in step: one article leaves the subscription,
        // one is corrected, three new ones arrive; caught up one change per page.
        var leaving = try #require(try await service.storage.article(id: 1001)).content
        leaving.regions = ["pakistan"]
        _ = try await service.publish(leaving)
        var corrected = try #require(try await service.storage.article(id: 1002)).content
        corrected.title += " (corrected)"
        _ = try await service.publish(corrected)
        for id in 2001...2003 { _ = try await service.publish(Fixtures.article(id: Int64(id), regions: ["afghanistan"])) }
        pages = 0
        try await pullAll(max: 1)
        #expect(pages > 3)
        #expect(held[1001] == nil)
        #expect(held[2003] == 1)
    }

    @Test("malformed and foreign cursors are refused with their codes", arguments: [
        ([UInt8](repeating: 1, count: 5), FolioServerError.Code.cursorMalformed),
        (SyncCursor(epoch: 12_345, sequence: 1).encoded, FolioServerError.Code.cursorEpochMismatch),
    ])
    func badCursor(bytes: [UInt8], code: FolioServerError.Code) async throws {
        let service = try ServiceHarness.make(.memory)
        do {
            _ = try await service.pull(Fixtures.pull(cursor: Data(bytes)))
            Issue.record("expected \(code)")
        } catch let error as FolioServerError {
            #expect(error.code == code)
        }
    }

    @Test("a cursor ahead of the server is refused")
    func aheadCursor() async throws {
        let service = try ServiceHarness.make(.memory)
        let epoch = try await service.storage.epoch()
        await #expect(throws: FolioServerError.self) {
            _ = try await service.pull(Fixtures.pull(cursor: Data(SyncCursor(epoch: epoch, sequence: 99).encoded)))
        }
    }

    @Test("a cursor below the tombstone horizon must bootstrap again")
    func expiredCursor() async throws {
        let service = try ServiceHarness.make(.sqliteInMemory)
        _ = try await service.publish(Fixtures.article(id: 1))
        let first = try await service.pull(Fixtures.pull())
        _ = try await service.publish(Fixtures.article(id: 2))
        _ = try await service.unpublish(articleID: 2)
        _ = try await service.storage.purgeTombstones(before: 3)
        do {
            _ = try await service.pull(Fixtures.pull(cursor: first.cursor))
            Issue.record("expected cursorExpired")
        } catch let error as FolioServerError {
            #expect(error.code == .cursorExpired)
        }
    }

    @Test("a long poll returns as soon as something is published")
    func longPollWakes() async throws {
        let service = try ServiceHarness.make(.sqliteInMemory)
        _ = try await service.publish(Fixtures.article(id: 1))
        let first = try await service.pull(Fixtures.pull())
        let start = ContinuousClock.now
        async let waiting = service.pull(Fixtures.pull(cursor: first.cursor, wait: 20))
        try await Task.sleep(for: .milliseconds(200))
        _ = try await service.publish(Fixtures.article(id: 2))
        let page = try await waiting
        #expect(page.articles.map(\.id) == [2])
        #expect(ContinuousClock.now - start < .seconds(60))
    }

    @Test("a long poll with nothing new returns an empty page after its wait")
    func longPollTimesOut() async throws {
        let service = try ServiceHarness.make(.memory)
        let first = try await service.pull(Fixtures.pull())
        let start = ContinuousClock.now
        let page = try await service.pull(Fixtures.pull(cursor: first.cursor, wait: 1))
        let elapsed = ContinuousClock.now - start
        #expect(page.articles.isEmpty && page.comments.isEmpty)
        #expect(page.cursor == first.cursor)
        // The lower bound is the behaviour (it waited); the upper one only says it
        // ended at all, generously, since the test suite loads both cores.
        #expect(elapsed >= .milliseconds(900) && elapsed < .seconds(60))
    }
}
