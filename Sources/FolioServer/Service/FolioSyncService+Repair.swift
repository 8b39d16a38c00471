import FolioWire
import Foundation

extension FolioSyncService {
    /// The checksums of the non-empty buckets of live articles (SPEC.md §7.3)
    /// of the articles matching the request's subscription (SPEC.md §6.4),
    /// at the server's current cursor, which the response carries: a client
    /// whose cursor differs pulls first.
    public func checksums(_ request: WireChecksumRequest, subscription override: Subscription? = nil) async throws
        -> WireChecksumResponse
    {
        let subscription = override ?? Subscription(request.subscription)
        let epoch = try await storage.epoch()
        _ = try cursorSequence(Array(request.cursor), epoch: epoch)
        let (head, keys) = try await storage.liveArticleKeys()
        var buckets: BucketedChecksum
        do {
            buckets = try BucketedChecksum(width: Int64(configuration.bucketWidth))
        } catch let error as FolioWireError {
            throw FolioServerError(wire: error)
        }
        for key in keys where subscription.matches(key) {
            buckets.insert(id: key.id, revision: key.revision)
        }
        var response = WireChecksumResponse()
        response.cursor = Data(SyncCursor(epoch: epoch, sequence: head).encoded)
        response.bucketWidth = configuration.bucketWidth
        response.buckets = buckets.messages
        return response
    }

    /// The complete set of live articles in the requested id ranges (SPEC.md
    /// §7.4), with the cursor at which that set holds.
    ///
    /// - Throws: ``FolioServerError/Code/badRequest`` for too many or inverted
    ///   ranges, or when the ranges hold more than
    ///   ``SyncServiceConfiguration/maxRepairArticles`` articles.
    public func repair(_ request: WireRepairRequest, subscription override: Subscription? = nil) async throws
        -> WireRepairResponse
    {
        let subscription = override ?? Subscription(request.subscription)
        let epoch = try await storage.epoch()
        _ = try cursorSequence(Array(request.cursor), epoch: epoch)
        guard request.ranges.count <= configuration.maxRepairRanges else {
            throw FolioServerError(.badRequest, "at most \(configuration.maxRepairRanges) ranges")
        }
        guard request.ranges.allSatisfy({ $0.first <= $0.last }) else {
            throw FolioServerError(.badRequest, "range first must not exceed last")
        }
        let (head, articles) = try await storage.liveArticles(in: request.ranges.map { $0.first...$0.last })
        let wanted = articles.filter { subscription.matches($0.content) }
        guard wanted.count <= configuration.maxRepairArticles else {
            throw FolioServerError(.badRequest, "ranges hold more than \(configuration.maxRepairArticles) articles")
        }
        var response = WireRepairResponse()
        response.cursor = Data(SyncCursor(epoch: epoch, sequence: head).encoded)
        response.ranges = request.ranges
        response.articles = wanted.map { $0.content.wire(revision: $0.revision) }
        return response
    }
}
