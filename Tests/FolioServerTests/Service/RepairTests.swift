import FolioServer
import FolioWire
import Foundation
import SwiftProtobuf
import Testing

@Suite("Service: checksums and repair")
struct RepairTests {
    static func range(_ first: Int64, _ last: Int64) -> WireIdRange {
        var range = WireIdRange()
        range.first = first
        range.last = last
        return range
    }

    static func request(_ ranges: [WireIdRange], subscription: Subscription = .all, client: [UInt8] = [])
        -> WireRepairRequest
    {
        var request = WireRepairRequest()
        request.ranges = ranges
        request.subscription.languages = subscription.languages.sorted()
        request.subscription.regions = subscription.regions.sorted()
        request.subscription.topics = subscription.topics.sorted()
        request.clientKey = Data(client)
        return request
    }

    /// What remains of `requested` after a response settled a prefix of it.
    static func remaining(_ requested: [WireIdRange], settled: [WireIdRange]) -> [WireIdRange] {
        guard let last = settled.last else { return requested }
        return requested.compactMap { range in
            if range.last <= last.last { return nil }
            return range.first > last.last ? range : Self.range(last.last + 1, range.last)
        }
    }

    /// Asks until every range is settled; checks that each response settles a
    /// non-empty prefix of what was asked and fits in a frame.
    static func repairAll(
        _ service: FolioSyncService, _ ranges: [WireIdRange], subscription: Subscription = .all,
        client: [UInt8] = [], maxPages: Int = 10_000
    ) async throws -> [WireRepairResponse] {
        var pages: [WireRepairResponse] = []
        var asked = ranges
        while !asked.isEmpty, pages.count < maxPages {
            let response = try await service.repair(request(asked, subscription: subscription, client: client))
            #expect(!response.ranges.isEmpty)
            #expect(response.ranges.dropLast() == asked.prefix(response.ranges.count - 1))
            #expect(response.ranges.last?.first == asked[response.ranges.count - 1].first)
            #expect(try FrameCodec().encode(response).count <= FrameLimits.default.maxFrameBytes)
            let rest = remaining(asked, settled: response.ranges)
            #expect(response.moreAvailable == !rest.isEmpty)
            pages.append(response)
            asked = rest
        }
        #expect(asked.isEmpty, "the repair did not finish")
        return pages
    }

    @Test("bucket checksums add up to the last page's checkpoint and are read at the head", arguments: StorageKind.allCases)
    func buckets(kind: StorageKind) async throws {
        let service = try await ServiceHarness.demo(kind)
        let pages = try await ServiceHarness.pullAll(service)
        var request = WireChecksumRequest()
        request.cursor = try #require(pages.last?.cursor)
        let response = try await service.checksums(request)
        #expect(response.cursor == request.cursor)
        let total = BucketedChecksum.buckets(from: response.buckets).values.reduce(ArchiveChecksum.empty, +)
        #expect(total == ArchiveChecksum(try #require(pages.last).checkpoint.articles))
        #expect(total.comments > 0)
        #expect(response.bucketWidth == 1_024)
        // An empty cursor is allowed and names the same head.
        #expect(try await service.checksums(WireChecksumRequest()).cursor == request.cursor)
    }

    @Test("repair returns the live articles of the ranges with approved comments and the client's own",
          arguments: StorageKind.allCases)
    func repair(kind: StorageKind) async throws {
        let service = try await ServiceHarness.demo(kind)
        _ = try await service.unpublish(articleID: 1003)
        let client = Fixtures.clientKey(3)
        _ = try await service.push(Fixtures.push(client: client, [Fixtures.submission(key: Fixtures.key(1), articleID: 1001)]))
        _ = try await service.push(
            Fixtures.push(client: Fixtures.clientKey(4), [Fixtures.submission(key: Fixtures.key(2), articleID: 1001)]))
        let response = try await service.repair(Self.request([Self.range(1001, 1005)], client: client))
        #expect(response.articles.map(\.id) == [1001, 1002, 1004, 1005])
        #expect(response.ranges == [Self.range(1001, 1005)])
        #expect(!response.moreAvailable)
        let cursor = try SyncCursor(decoding: Array(response.cursor))
        #expect(cursor.sequence == (try await service.storage.statistics().head))
        let own = response.comments.filter { !$0.idempotencyKey.isEmpty }
        #expect(own.count == 1 && own.first?.status == .pending && own.first?.email == "reader@example.org")
        let others = response.comments.filter { $0.idempotencyKey.isEmpty }
        #expect(others.allSatisfy { $0.status == .approved && $0.email.isEmpty })
        let approved = try await service.comments(status: .approved, limit: 1_000)
            .filter { [1001, 1002, 1004, 1005].contains($0.articleID) }
        #expect(Set(others.map(\.id)) == Set(approved.map(\.id)))
    }

    @Test("a full bucket of 1,024 articles of 12 KB is repaired in pages that fit a frame and together hold all")
    func fullBucket() async throws {
        let service = try ServiceHarness.make(.sqliteInMemory)
        let body = String(repeating: "A long report on the water of the Amu Darya and the Syr Darya. ", count: 200)
        #expect(body.utf8.count > 12_000)
        for id in Int64(1_024)...2_047 { _ = try await service.publish(Fixtures.article(id: id, body: body)) }
        let pages = try await Self.repairAll(service, [Self.range(1_024, 2_047)])
        #expect(pages.count > 1)
        #expect(pages.allSatisfy { $0.articles.count <= 500 })
        let ids = pages.flatMap(\.articles).map(\.id)
        #expect(ids == Array(Int64(1_024)...2_047))
    }

    @Test("wide ranges cost bounded pages; buckets without a matching article are settled unread",
          arguments: [StorageKind.memory, .sqliteInMemory])
    func boundedWork(kind: StorageKind) async throws {
        var configuration = SyncServiceConfiguration()
        configuration.maxRepairExaminedRows = 16
        let service = try ServiceHarness.make(kind, configuration: configuration)
        for id in Int64(1)...100 { _ = try await service.publish(Fixtures.article(id: id)) }
        for id in Int64(5_000)...5_002 {
            var persian = Fixtures.article(id: id)
            persian.language = "fa"
            _ = try await service.publish(persian)
        }
        let step: Int64 = 1 << 55
        let many = (0..<Int64(64)).map { Self.range($0 * step + 1, ($0 + 1) * step) }
        // Nothing matches: one response settles everything, whatever the ranges.
        let nothing = Subscription(languages: ["xx"])
        for ranges in [[Self.range(1, 1 << 62)], many] {
            let pages = try await Self.repairAll(service, ranges, subscription: nothing)
            #expect(pages.count == 1 && pages[0].articles.isEmpty && !pages[0].moreAvailable)
        }
        // Persian lives in bucket 4 only: the 100 English rows are never examined.
        let persian = try await Self.repairAll(service, [Self.range(1, 1 << 62)], subscription: Subscription(languages: ["fa"]))
        #expect(persian.count == 1)
        #expect(persian.flatMap(\.articles).map(\.id) == [5_000, 5_001, 5_002])
        // English fills bucket 0: at most 16 rows examined per response.
        let english = try await Self.repairAll(service, many, subscription: Subscription(languages: ["en"]))
        #expect(english.count == 7)
        #expect(english.flatMap(\.articles).map(\.id) == Array(Int64(1)...100))
    }

    @Test("an empty range of [1, 2^62] is settled at once")
    func emptyWideRange() async throws {
        let service = try ServiceHarness.make(.sqliteInMemory)
        let response = try await service.repair(Self.request([Self.range(1, 1 << 62)]))
        #expect(response.ranges == [Self.range(1, 1 << 62)] && !response.moreAvailable && response.articles.isEmpty)
    }

    @Test("a repair request with no ranges settles nothing and returns nothing (SPEC.md §7.4)", arguments: StorageKind.allCases)
    func noRanges(kind: StorageKind) async throws {
        let service = try ServiceHarness.make(kind)
        _ = try await service.publish(Fixtures.article(id: 1))
        let response = try await service.repair(Self.request([]))
        #expect(response.ranges.isEmpty && response.articles.isEmpty && response.comments.isEmpty && !response.moreAvailable)
    }

    @Test("overlapping, descending, inverted or too many ranges are refused", arguments: [
        [range(10, 1)], [range(1, 10), range(5, 20)], [range(20, 30), range(1, 10)],
        (0..<65).map { range(Int64($0) * 10, Int64($0) * 10 + 5) },
    ])
    func refused(ranges: [WireIdRange]) async throws {
        let service = try ServiceHarness.make(.memory)
        await #expect(throws: FolioServerError.self) { _ = try await service.repair(Self.request(ranges)) }
    }
}
