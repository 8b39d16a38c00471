import FolioServer
import FolioWire
import Foundation
import Testing

@Suite("Service: checksums and repair")
struct RepairTests {
    @Test("bucket checksums add up to the checkpoint", arguments: StorageKind.allCases)
    func buckets(kind: StorageKind) async throws {
        let service = try await ServiceHarness.demo(kind)
        let pages = try await ServiceHarness.pullAll(service)
        var request = WireChecksumRequest()
        request.cursor = try #require(pages.last?.cursor)
        let response = try await service.checksums(request)
        #expect(response.cursor == request.cursor)
        let total = BucketedChecksum.buckets(from: response.buckets).values.reduce(ArchiveChecksum.empty, +)
        #expect(total == ArchiveChecksum(try #require(pages.last).checkpoint.articles))
        #expect(response.bucketWidth == 1_024)
    }

    @Test("repair returns the complete set of live articles in the ranges", arguments: StorageKind.allCases)
    func repair(kind: StorageKind) async throws {
        let service = try await ServiceHarness.demo(kind)
        _ = try await service.unpublish(articleID: 1003)
        var request = WireRepairRequest()
        var range = WireIdRange()
        range.first = 1001
        range.last = 1005
        request.ranges = [range]
        let response = try await service.repair(request)
        #expect(response.articles.map(\.id) == [1001, 1002, 1004, 1005])
        #expect(response.ranges == [range])
        let cursor = try SyncCursor(decoding: Array(response.cursor))
        #expect(cursor.sequence == (try await service.storage.statistics().head))
    }

    @Test("inverted ranges are refused")
    func inverted() async throws {
        let service = try ServiceHarness.make(.memory)
        var request = WireRepairRequest()
        var range = WireIdRange()
        range.first = 10
        range.last = 1
        request.ranges = [range]
        await #expect(throws: FolioServerError.self) { _ = try await service.repair(request) }
    }
}
