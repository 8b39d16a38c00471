import FolioStore
import FolioWire
import Foundation

extension DownloadLane {
    /// The most ranges one repair request asks for (SPEC.md §7.4).
    static let maxRangesPerRepair = 64

    /// Fetches the server's bucket sums and compares them with the store's
    /// (SPEC.md §7.3). A full comparison (§7.1) sends an empty cursor; when
    /// nothing differs, it stores the server's cursor at once.
    ///
    /// - returns: the comparison, whose `remaining` ranges differ.
    func compare(full: Bool) async throws -> Comparison {
        var request = WireChecksumRequest()
        if let subscription { request.subscription = subscription }
        if !full {
            request.cursor = try storeCall { try store.syncState().cursor } ?? Data()
        }
        let response = try await transport.checksums(request)
        let width = Int64(response.bucketWidth)
        guard width > 0, width <= 1 << 24, width & (width - 1) == 0 else {
            // SPEC.md §12.4: an invalid bucket width is fatal (E602).
            throw TransportFailure.undecodable(code: 602, reason: "bucket width \(width) is not a power of two in 1...2^24")
        }
        let local = try storeCall { try store.bucketChecksums(width: width) }
        let server = BucketedChecksum.buckets(from: response.buckets)
        let ranges = Self.mergedRanges(local.differingBuckets(from: server).map(local.idRange(ofBucket:)))
        if ranges.isEmpty, full {
            try storeCall { try store.replaceRanges([], with: [], cursor: response.cursor, now: clock.now()) }
        }
        return Comparison(cursor: response.cursor, width: width, server: server, isFull: full, remaining: ranges)
    }

    /// Repairs the ranges that remain in `context`, one response at a time
    /// (SPEC.md §7.4): each response settles a prefix of what was asked and
    /// is applied in its own transaction, and the lane asks again for what
    /// remains. `context.remaining` follows, so that a repair interrupted by
    /// a failure resumes where it stopped. The cursor does not move, except
    /// after a full comparison, whose cursor is stored once all is settled.
    ///
    /// - returns: whether the store's bucket sums now equal the server's.
    func repair(_ context: inout Comparison, tally: inout Tally) async throws -> Bool {
        tally.progress.phase = .repairing
        while !context.remaining.isEmpty {
            let asked = Array(context.remaining.prefix(Self.maxRangesPerRepair))
            var request = WireRepairRequest()
            request.cursor = context.cursor
            request.clientKey = clientKey
            if let subscription { request.subscription = subscription }
            request.ranges = asked.map { range in
                var wire = WireIdRange()
                wire.first = range.lowerBound
                wire.last = range.upperBound
                return wire
            }
            let response = try await transport.repair(request)
            let settled = try Self.settledRanges(response, asked: asked)
            let articles = try response.articles.map(Article.init)
            let comments = try response.comments.map(Comment.init)
            let summary = try storeCall {
                do {
                    return try store.replaceRanges(settled, with: articles, comments: comments, cursor: nil,
                                                   now: clock.now())
                } catch let error as FolioStoreError where error.code == .invalidInput {
                    throw FolioClientError(.malformedResponse, "the repair response: \(error.message)")
                }
            }
            context.remaining = Self.subtracting(settled, from: context.remaining)
            tally.report.add(summary)
            tally.held += summary.articlesInserted - summary.articlesRemoved
            tally.appliedSincePrune = tally.appliedSincePrune || !summary.isEmpty
            tally.progress.articles += summary.articlesInserted + summary.articlesUpdated
            tally.progress.bytes = await transport.bytesReceived() - tally.startBytes
            tally.report.bytes = tally.progress.bytes
            if !summary.isEmpty { emit(.applied(summary)) }
            emit(.progress(tally.progress))
        }
        if context.isFull {
            // SPEC.md §7.4: the one case where a repair moves the cursor.
            let cursor = context.cursor
            try storeCall { try store.replaceRanges([], with: [], cursor: cursor, now: clock.now()) }
            context.isFull = false
        }
        let local = try storeCall { try store.bucketChecksums(width: context.width) }
        return local.differingBuckets(from: context.server).isEmpty
    }

    /// The ranges a repair response settles, checked against what was asked:
    /// at least one, each non-empty and within an asked range.
    ///
    /// - throws: ``TransportFailure/malformed(_:)`` otherwise.
    static func settledRanges(_ response: WireRepairResponse, asked: [ClosedRange<Int64>]) throws -> [ClosedRange<Int64>] {
        guard !response.ranges.isEmpty else {
            throw TransportFailure.malformed("a repair response settles no range")
        }
        return try response.ranges.map { wire in
            guard wire.first <= wire.last,
                  asked.contains(where: { $0.contains(wire.first) && $0.contains(wire.last) }) else {
                throw TransportFailure.malformed("a repair response settles \(wire.first)...\(wire.last), which was not asked")
            }
            return wire.first...wire.last
        }
    }

    /// `ranges` without the ids of `settled`, in order.
    static func subtracting(_ settled: [ClosedRange<Int64>], from ranges: [ClosedRange<Int64>]) -> [ClosedRange<Int64>] {
        var result = ranges
        for cut in settled {
            result = result.flatMap { range -> [ClosedRange<Int64>] in
                guard range.overlaps(cut) else { return [range] }
                var pieces: [ClosedRange<Int64>] = []
                if range.lowerBound < cut.lowerBound { pieces.append(range.lowerBound...(cut.lowerBound - 1)) }
                if range.upperBound > cut.upperBound { pieces.append((cut.upperBound + 1)...range.upperBound) }
                return pieces
            }
        }
        return result
    }
}
