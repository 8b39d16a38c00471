/// Per-bucket ``ArchiveChecksum``s over id ranges, so that a client and a
/// server find the ranges where they differ (SPEC.md §7.3).
///
/// Bucket `b` holds the ids `b * width ... b * width + width - 1`;
/// `bucket(of: id) = floor(id / width)`.
public struct BucketedChecksum: Sendable, Hashable {
    /// The width of each bucket: a power of two in 1...2^24.
    public let width: Int64
    /// The checksum of each non-empty bucket, by bucket number.
    public private(set) var buckets: [Int64: ArchiveChecksum] = [:]

    /// Creates an empty bucketed checksum; 602 if `width` is invalid.
    public init(width: Int64) throws {
        guard width > 0, width <= 1 << 24, width & (width - 1) == 0 else {
            throw FolioWireError(.bucketWidthInvalid, "bucket width must be a power of two in 1...2^24")
        }
        self.width = width
    }

    /// The bucket that holds `id`: floor(id / width).
    public func bucket(of id: Int64) -> Int64 {
        id >> Int64(width.trailingZeroBitCount)
    }

    /// The inclusive id range of `bucket`.
    public func idRange(ofBucket bucket: Int64) -> ClosedRange<Int64> {
        let first = bucket &* width
        return first...(first &+ (width - 1))
    }

    /// The checksum over all buckets.
    public var total: ArchiveChecksum {
        buckets.values.reduce(ArchiveChecksum.empty, +)
    }

    /// Adds an article's item to the bucket of `id`.
    public mutating func addArticle(id: Int64, item: UInt64) {
        buckets[bucket(of: id), default: .empty].addArticle(item)
    }

    /// Adds an approved comment's item to the bucket of its article.
    public mutating func addComment(articleID: Int64, item: UInt64) {
        buckets[bucket(of: articleID), default: .empty].addComment(item)
    }

    /// Adds a whole checksum to a bucket.
    public mutating func add(_ checksum: ArchiveChecksum, toBucket key: Int64) {
        let sum = buckets[key, default: .empty] + checksum
        buckets[key] = sum.isEmpty ? nil : sum
    }

    /// The buckets whose checksums differ between `self` and `other`
    /// (including buckets present on one side only), ascending.
    public func differingBuckets(from other: [Int64: ArchiveChecksum]) -> [Int64] {
        let keys = Set(buckets.keys).union(other.keys)
        return keys.filter { (buckets[$0] ?? .empty) != (other[$0] ?? .empty) }.sorted()
    }

    /// The message form of the non-empty buckets, ascending.
    public var messages: [WireBucketSum] {
        buckets.keys.sorted().map { key in
            var message = WireBucketSum()
            message.bucket = key
            message.count = buckets[key]?.count ?? 0
            message.sum = buckets[key]?.sum ?? 0
            message.commentCount = buckets[key]?.comments ?? 0
            return message
        }
    }

    /// Reads bucket messages into a map for ``differingBuckets(from:)``.
    public static func buckets(from messages: [WireBucketSum]) -> [Int64: ArchiveChecksum] {
        var map: [Int64: ArchiveChecksum] = [:]
        for message in messages {
            map[message.bucket, default: .empty] = map[message.bucket, default: .empty]
                + ArchiveChecksum(count: message.count, sum: message.sum, comments: message.commentCount)
        }
        return map
    }
}
