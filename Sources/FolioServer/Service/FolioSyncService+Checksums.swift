import FolioWire
import Foundation

extension FolioSyncService {
    /// The checksums of the non-empty buckets (SPEC.md §7.3) of the articles
    /// matching the request's subscription (SPEC.md §6.4) and their approved
    /// comments, at the server's current head, which the response's cursor
    /// names. The request's cursor is only checked (it may be empty). The
    /// sums are the maintained ones: the cost is the number of buckets, not
    /// of articles.
    ///
    /// - Throws: ``FolioServerError`` with `cursorMalformed` or
    ///   `cursorEpochMismatch`; `badRequest` if
    ///   ``SyncServiceConfiguration/bucketWidth`` is not a power of two in
    ///   1024...2^24.
    public func checksums(_ request: WireChecksumRequest, subscription override: Subscription? = nil) async throws
        -> WireChecksumResponse
    {
        let subscription = override ?? Subscription(request.subscription)
        let epoch = try await storage.epoch()
        _ = try cursorSequence(Array(request.cursor), epoch: epoch)
        let width = Int64(configuration.bucketWidth)
        let maintained = ChecksumLayout.maintainedBucketWidth
        guard width >= maintained, width & (width - 1) == 0 else {
            throw FolioServerError(.badRequest, "bucket width \(width) is not a power of two of at least \(maintained)")
        }
        let (head, sums) = try await storage.withConsistentRead { reader in
            (try reader.head(), try reader.checksumBuckets(matching: subscription))
        }
        var response = WireChecksumResponse()
        response.cursor = Data(SyncCursor(epoch: epoch, sequence: head).encoded)
        response.bucketWidth = configuration.bucketWidth
        if width == maintained {
            // The maintained buckets are the answer's: no regrouping.
            response.buckets = sums.keys.sorted().compactMap { bucket in
                sums[bucket].map { Self.message(bucket: bucket, $0) }
            }
            return response
        }
        var buckets: BucketedChecksum
        do {
            buckets = try BucketedChecksum(width: width)
        } catch let error as FolioWireError {
            throw FolioServerError(wire: error)
        }
        let shift = Int64(width.trailingZeroBitCount - maintained.trailingZeroBitCount)
        for (bucket, sum) in sums {
            buckets.add(sum, toBucket: bucket >> shift)
        }
        response.buckets = buckets.messages
        return response
    }

    /// One bucket's sums as a message (SPEC.md §7.3).
    private static func message(bucket: Int64, _ sums: ArchiveChecksum) -> WireBucketSum {
        var message = WireBucketSum()
        message.bucket = bucket
        message.count = sums.count
        message.sum = sums.sum
        message.commentCount = sums.comments
        return message
    }
}
