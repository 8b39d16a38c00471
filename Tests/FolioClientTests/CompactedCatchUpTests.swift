import Foundation
import FolioClient
import FolioServer
import FolioStore
import FolioWire
import Testing

/// A catch-up of several pages over articles changed more than once while
/// the reader was away (SPEC.md §7.1, §8.1): pages send each article's newest
/// state only, so the reader still holds the revision it had when its last
/// catch-up ended, and every patch must be against that revision.
@Suite struct CompactedCatchUpTests {
    typealias Support = SyncEngineTests

    @Test func articleCorrectedBeforeAndAfterAPageBoundaryArrivesAsAPatchTheReaderCanApply() async throws {
        let service = try await Support.demoService()
        let transport = InProcessTransport(service: service)
        let store = try FolioStore.inMemory()
        _ = try await Support.engine(store, transport).sync()
        let articles = try await SubscriptionChangeTests.articles(service, language: "en")
        let twice = articles[0]
        let others = Array(articles.dropFirst().prefix(12))
        // Corrected once, then a dozen other corrections, then corrected again:
        // the first correction's sequence lies inside the first page of the
        // reader's catch-up, the article's newest change in a later one.
        var first = twice
        first.body += " A first correction adds this sentence about the water of the Amu Darya."
        _ = try await service.publish(first)
        for var other in others {
            other.title += " (updated)"
            _ = try await service.publish(other)
        }
        var second = first
        second.body += " A second correction adds this one about the Syr Darya."
        _ = try await service.publish(second)

        let report = try await Support.engine(store, transport, maxChanges: 5).sync()

        #expect(report.pages >= 3)
        #expect(report.repairs == 0, "every patch applied: the checkpoint matched without a repair")
        #expect(report.deltaBodies >= 1, "the twice-corrected body came as a delta against the held revision")
        #expect(try store.article(id: twice.id)?.body == second.body)
        #expect(try store.syncState().checksum == (try await Support.serverChecksum(service)))
        let calls = await transport.calls
        #expect(!calls.contains("repair"), "\(calls)")
    }
}
