import Foundation
import FolioClient
import FolioServer
import FolioStore
import FolioWire
import Testing

/// A reader who changes what the store carries (SPEC.md §6.4): a wider
/// subscription fetches the snapshot parts of the languages the store lacks
/// (SPEC.md §11), not every article through repair; a narrower one drops
/// what no longer matches at once, offline, and never downloads again what
/// the store keeps.
@Suite struct SubscriptionChangeTests {
    typealias Support = SyncEngineTests

    /// The demo service's articles of `language`.
    static func articles(_ service: FolioSyncService, language: String) async throws -> [ArticleContent] {
        try await service.storage.withConsistentRead { reader in
            try reader.articleHeaders(from: 1, through: Int64.max, limit: 1_000).compactMap { header in
                try reader.article(id: header.id).flatMap { $0.isRemoved || $0.content.language != language ? nil : $0.content }
            }
        }
    }

    @Test func widenedPersianReaderFetchesOnlyTheEnglishPartsAndRepairsNothing() async throws {
        let service = try await Support.demoService()
        let transport = InProcessTransport(service: service)
        let store = try FolioStore.inMemory()
        try store.setSubscription(SyncSubscription(languages: ["fa"]))
        _ = try await BootstrapTests.engine(store, transport).sync()
        #expect(try store.heldLanguages() == .only(["fa"]))
        let persianParts = await transport.partRequests.count

        try store.setSubscription(.all)
        let report = try await BootstrapTests.engine(store, transport).sync()

        let manifest = try await service.latestSnapshot().manifest
        let english = manifest.parts.filter { $0.language == "en" }.map(\.path)
        #expect(!english.isEmpty)
        #expect(await transport.partRequests.dropFirst(persianParts).map(\.path) == english)
        let calls = await transport.calls
        #expect(!calls.contains("repair") && !calls.contains("checksums"), "\(calls)")
        #expect(report.inserted == (try await Self.articles(service, language: "en")).count)
        #expect(try store.syncState().checksum == (try await Support.serverChecksum(service)))
        #expect(try store.heldLanguages() == .all)
        #expect(try store.appliedBootstrapParts().isEmpty)
    }

    @Test func widenedReaderAheadOfTheSnapshotCatchesUpWhatChangedSinceItWithoutRepair() async throws {
        let service = try await Support.demoService()
        let transport = InProcessTransport(service: service)
        let store = try FolioStore.inMemory()
        try store.setSubscription(SyncSubscription(languages: ["fa"]))
        _ = try await BootstrapTests.engine(store, transport).sync()
        // After the snapshot was built (it is kept for a minute): an English
        // correction, an unpublication and a publication; the Persian reader
        // pulls past them.
        let english = try await Self.articles(service, language: "en")
        var corrected = english[0]
        corrected.title = "Corrected after the snapshot"
        _ = try await service.publish(corrected)
        _ = try await service.unpublish(articleID: english[1].id)
        var added = english[2]
        added.id = 9_000
        _ = try await service.publish(added)
        _ = try await BootstrapTests.engine(store, transport).sync()

        try store.setSubscription(.all)
        let report = try await BootstrapTests.engine(store, transport).sync()

        #expect(report.repairs == 0)
        let calls = await transport.calls
        #expect(!calls.contains("repair") && !calls.contains("checksums"), "\(calls)")
        #expect(try store.syncState().checksum == (try await Support.serverChecksum(service)))
        #expect(try store.article(id: english[0].id)?.title == "Corrected after the snapshot")
        #expect(try store.article(id: english[1].id) == nil)
        #expect(try store.article(id: 9_000) != nil)
    }

    @Test func narrowedReaderDropsArticlesAtOnceKeepsTheOutboxAndDownloadsNothingAgain() async throws {
        let service = try await Support.demoService()
        let transport = InProcessTransport(service: service)
        let store = try FolioStore.inMemory()
        _ = try await BootstrapTests.engine(store, transport).sync()
        let english = try await Self.articles(service, language: "en")
        let queued = try store.enqueueComment(NewComment(
            articleID: english[0].id, name: "Reader", email: "reader@example.org", text: "Written offline."))

        let dropped = try #require(try store.setSubscription(SyncSubscription(languages: ["fa"])))
        #expect(dropped.kind == "reset" && dropped.articlesRemoved == english.count)
        #expect(try store.latestArticles(ArticleFilter(language: "en")).isEmpty)
        #expect(try store.outbox().map(\.key) == [queued.key])
        #expect(try store.heldLanguages() == .only(["fa"]))
        #expect(try store.syncState().checksum
            == (try await Support.serverChecksum(service, subscription: .init(languages: ["fa"]))))

        let pulledBefore = await transport.bytesReceived()
        let report = try await BootstrapTests.engine(store, transport).sync()
        let calls = await transport.calls
        #expect(!calls.contains("repair") && !calls.contains("checksums"), "\(calls)")
        #expect(report.inserted == 0 && report.updated == 0)
        #expect(await transport.bytesReceived() - pulledBefore < 2_000)
        // Setting the same subscription again changes nothing.
        #expect(try store.setSubscription(SyncSubscription(languages: ["fa"])) == nil)
    }
}
