import FolioWire
import Foundation

/// One distinct combination of the tags a subscription filters on
/// (SPEC.md §6.4): a language and the sets of regions and topics.
///
/// Storage keeps the SPEC.md §7.2 sums per facet and bucket, so the
/// checksum of the articles matching a ``Subscription`` is the sum over the
/// matching facets: its cost grows with the number of facets and buckets,
/// not with the number of articles (SPEC.md §7.3).
public struct ChecksumFacet: Sendable, Hashable, Comparable {
    /// `"en"` or `"fa"`.
    public var language: String
    /// Region slugs, sorted, without repeats.
    public var regions: [String]
    /// Topic slugs, sorted, without repeats.
    public var topics: [String]

    /// The facet of an article with these tags (order and repeats do not matter).
    public init(language: String, regions: [String], topics: [String]) {
        self.language = language
        self.regions = Array(Set(regions)).sorted()
        self.topics = Array(Set(topics)).sorted()
    }

    /// The facet of `content`.
    public init(_ content: ArticleContent) {
        self.init(language: content.language, regions: content.regions, topics: content.topics)
    }

    /// True if articles of this facet belong to `subscription`.
    public func matches(_ subscription: Subscription) -> Bool {
        subscription.matches(language: language, regions: regions, topics: topics)
    }

    /// Orders by language, then regions, then topics.
    public static func < (lhs: ChecksumFacet, rhs: ChecksumFacet) -> Bool {
        (lhs.language, lhs.regions.joined(separator: "\u{1F}"), lhs.topics.joined(separator: "\u{1F}"))
            < (rhs.language, rhs.regions.joined(separator: "\u{1F}"), rhs.topics.joined(separator: "\u{1F}"))
    }

    /// The canonical text of a tag list as storage keeps it: a JSON array of
    /// the sorted, distinct values.
    static func canonicalText(_ values: [String]) throws -> String {
        let data = try JSONEncoder().encode(values)
        guard let text = String(data: data, encoding: .utf8) else {
            throw FolioServerError(.storageFailure, "facet JSON is not UTF-8")
        }
        return text
    }

    /// Reads a tag list written by ``canonicalText(_:)``.
    static func values(fromCanonicalText text: String) throws -> [String] {
        do {
            return try JSONDecoder().decode([String].self, from: Data(text.utf8))
        } catch {
            throw FolioServerError(.storageFailure, "stored facet JSON cannot be read")
        }
    }
}

/// Where storage keeps checksums: the bucket width of its maintained sums.
public enum ChecksumLayout {
    /// The width of the buckets storage maintains (SPEC.md §7.3's
    /// recommended 1024). A service may answer with any wider power of two
    /// (up to 2^24): its buckets are sums of these.
    public static let maintainedBucketWidth: Int64 = 1_024

    /// The maintained bucket of an article id.
    static func bucket(of id: Int64) -> Int64 {
        id >> Int64(maintainedBucketWidth.trailingZeroBitCount)
    }
}

/// The checksum sums storage holds: per (facet, maintained bucket) and per
/// facet. Empty entries are absent.
public struct ChecksumState: Sendable, Hashable {
    /// One maintained bucket of one facet.
    public struct BucketKey: Sendable, Hashable {
        /// The facet.
        public var facet: ChecksumFacet
        /// The bucket at ``ChecksumLayout/maintainedBucketWidth``.
        public var bucket: Int64

        /// Creates a key.
        public init(facet: ChecksumFacet, bucket: Int64) {
            self.facet = facet
            self.bucket = bucket
        }
    }

    /// The sums per facet and bucket.
    public var buckets: [BucketKey: ArchiveChecksum]
    /// The sums per facet.
    public var totals: [ChecksumFacet: ArchiveChecksum]

    /// Creates a state.
    public init(buckets: [BucketKey: ArchiveChecksum] = [:], totals: [ChecksumFacet: ArchiveChecksum] = [:]) {
        self.buckets = buckets
        self.totals = totals
    }

    /// The checksum over every facet.
    public var total: ArchiveChecksum { totals.values.reduce(.empty, +) }

    /// Adds `delta` to a bucket and to its facet's total, dropping entries that become empty.
    mutating func add(_ delta: ArchiveChecksum, facet: ChecksumFacet, bucket: Int64) {
        let key = BucketKey(facet: facet, bucket: bucket)
        let sum = buckets[key, default: .empty] + delta
        buckets[key] = sum.isEmpty ? nil : sum
        let total = totals[facet, default: .empty] + delta
        totals[facet] = total.isEmpty ? nil : total
    }
}

/// The maintained sums next to sums recomputed from every row, read in one
/// consistent read (``ServerStorage/checksumAudit()``): for tests and
/// operators, never for requests (its cost grows with the archive).
public struct ChecksumAudit: Sendable, Hashable {
    /// What storage maintains with each change.
    public var maintained: ChecksumState
    /// What the rows add up to now.
    public var recomputed: ChecksumState

    /// True if the two agree exactly.
    public var isExact: Bool { maintained == recomputed }
}

extension ArchiveChecksum {
    /// The checksum of one article alone.
    static func article(_ item: UInt64) -> ArchiveChecksum {
        var sum = ArchiveChecksum.empty
        sum.addArticle(item)
        return sum
    }

    /// The checksum of one approved comment alone.
    static func comment(_ item: UInt64) -> ArchiveChecksum {
        var sum = ArchiveChecksum.empty
        sum.addComment(item)
        return sum
    }

    /// The negation: adding it removes `self`.
    var negated: ArchiveChecksum { .empty - self }
}

extension StoredArticle {
    /// The SPEC.md §7.2 item of the article at its revision.
    var checksumItem: UInt64 { ChecksumItem.article(content.wire(revision: revision)) }
}

extension StoredComment {
    /// The SPEC.md §7.2 item of the comment's public fields (counted only while approved).
    var checksumItem: UInt64 {
        ChecksumItem.comment(id: id, articleID: articleID, name: name, text: text, createdAt: createdAt)
    }
}
