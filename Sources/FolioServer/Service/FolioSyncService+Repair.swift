import FolioWire
import Foundation

extension FolioSyncService {
    /// Answers a repair (SPEC.md §7.4) for a prefix of the requested ranges:
    /// the live matching articles there, complete, with their approved
    /// comments and the requesting client's own comments, all from one read
    /// at the head the response's cursor names.
    ///
    /// Each response is bounded (``SyncServiceConfiguration/maxRepairArticles``,
    /// ``SyncServiceConfiguration/maxRepairBytes``,
    /// ``SyncServiceConfiguration/maxRepairExaminedRows``) and holds at least
    /// one article when one is there; `more_available` says that the client
    /// asks again for what remains.
    ///
    /// - Throws: ``FolioServerError/Code/badRequest`` unless the ranges are
    ///   ascending, disjoint, at most ``SyncServiceConfiguration/maxRepairRanges``
    ///   and each has first <= last; `clientKeyInvalid` for a client key
    ///   outside 16...64 bytes; the cursor errors.
    public func repair(_ request: WireRepairRequest, subscription override: Subscription? = nil) async throws
        -> WireRepairResponse
    {
        let subscription = override ?? Subscription(request.subscription)
        let epoch = try await storage.epoch()
        _ = try cursorSequence(Array(request.cursor), epoch: epoch)
        let clientKeyHash = try Self.clientKeyHash(Array(request.clientKey), required: false)
        guard request.ranges.count <= configuration.maxRepairRanges else {
            throw FolioServerError(.requestTooLarge, "at most \(configuration.maxRepairRanges) ranges per repair: split the request")
        }
        guard request.ranges.allSatisfy({ $0.first <= $0.last }) else {
            throw FolioServerError(.badRequest, "range first must not exceed last")
        }
        guard zip(request.ranges, request.ranges.dropFirst()).allSatisfy({ $0.last < $1.first }) else {
            throw FolioServerError(.badRequest, "ranges must be ascending and disjoint")
        }
        let pager = RepairPager(
            ranges: request.ranges.map { $0.first...$0.last }, subscription: subscription,
            clientKeyHash: clientKeyHash, limits: RepairPager.Limits(configuration))
        let page = try await storage.withConsistentRead { reader in try pager.read(reader) }
        var response = WireRepairResponse()
        response.cursor = Data(SyncCursor(epoch: epoch, sequence: page.head).encoded)
        response.ranges = page.settled.map { range in
            var wire = WireIdRange()
            wire.first = range.lowerBound
            wire.last = range.upperBound
            return wire
        }
        response.articles = page.articles
        response.comments = page.comments
        response.moreAvailable = page.moreAvailable
        return response
    }
}
