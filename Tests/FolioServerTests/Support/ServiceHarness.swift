import FolioServer
import FolioWire
import Foundation

/// A service over a fresh storage with the demo archive or a few articles.
enum ServiceHarness {
    static func make(_ kind: StorageKind, configuration: SyncServiceConfiguration = SyncServiceConfiguration()) throws
        -> FolioSyncService
    {
        var configuration = configuration
        configuration.pollInterval = .milliseconds(50)
        return FolioSyncService(storage: try kind.make(), configuration: configuration)
    }

    static func demo(_ kind: StorageKind) async throws -> FolioSyncService {
        let service = try make(kind)
        _ = try await service.importArticles(jsonLines: Fixtures.demoArticles())
        _ = try await service.importComments(jsonLines: Fixtures.demoComments())
        return service
    }

    /// Pulls until `more_available` is false; returns every page.
    static func pullAll(
        _ service: FolioSyncService, from cursor: Data = Data(), client: [UInt8] = [],
        subscription: Subscription = .all, max: UInt32 = 0
    ) async throws -> [WirePullResponse] {
        var pages: [WirePullResponse] = []
        var cursor = cursor
        repeat {
            let page = try await service.pull(Fixtures.pull(cursor: cursor, client: client, max: max), subscription: subscription)
            pages.append(page)
            cursor = page.cursor
        } while pages.last?.moreAvailable == true && pages.count < 1_000
        return pages
    }
}
