import FolioWire
import SwiftProtobuf

/// Settles a prefix of a repair request's ranges from one consistent read
/// (SPEC.md §7.4), within bounds that keep every response inside a frame
/// and the work of every request bounded, whatever the ranges:
///
/// - at most ``Limits/maxArticles`` articles and about ``Limits/maxBytes``
///   of encoded `Article` and `Comment` messages, but always at least one
///   article when one is there (an article is never split);
/// - at most ``Limits/maxExaminedRows`` article rows read, matching or not,
///   so ranges like `[1, 2^62]` cost bounded work and memory. Rows are read
///   in small batches with `LIMIT`; buckets without a matching article are
///   skipped from their maintained sums, unread.
///
/// The settled ranges are the requested ones up to the last id decided, the
/// last one possibly cut short.
struct RepairPager: Sendable {
    /// The bounds of one response.
    struct Limits: Sendable, Hashable {
        var maxArticles: Int
        var maxBytes: Int
        var maxExaminedRows: Int

        init(maxArticles: Int, maxBytes: Int, maxExaminedRows: Int) {
            self.maxArticles = max(1, maxArticles)
            self.maxBytes = max(1, maxBytes)
            self.maxExaminedRows = max(1, maxExaminedRows)
        }

        init(_ configuration: SyncServiceConfiguration) {
            self.init(
                maxArticles: configuration.maxRepairArticles, maxBytes: configuration.maxRepairBytes,
                maxExaminedRows: configuration.maxRepairExaminedRows)
        }
    }

    /// One response's worth.
    struct Page: Sendable {
        var head: UInt64
        var settled: [ClosedRange<Int64>]
        var articles: [WireArticle] = []
        var comments: [WireComment] = []
        var moreAvailable = false
    }

    /// Rows read per query.
    static let batchRows = 256

    let ranges: [ClosedRange<Int64>]
    let subscription: Subscription
    let clientKeyHash: [UInt8]?
    let limits: Limits

    /// Reads the page. `reader` must be one consistent read.
    ///
    /// Buckets (``ChecksumLayout/maintainedBucketWidth``) whose maintained
    /// sums hold no article of the subscription are settled without reading
    /// their rows, so a subscription that matches little or nothing costs
    /// the number of buckets, not of articles.
    func read(_ reader: any ArchiveReader) throws -> Page {
        var page = Page(head: try reader.head(), settled: [])
        let occupied = try reader.checksumBuckets(matching: subscription).keys.sorted()
        let width = ChecksumLayout.maintainedBucketWidth
        var bytes = 0
        var examined = 0
        for range in ranges {
            var next = range.lowerBound
            while let bucket = Self.first(in: occupied, atLeast: ChecksumLayout.bucket(of: next)) {
                next = max(next, bucket * width)
                if next > range.upperBound { break }
                let end = min(range.upperBound, bucket * width + (width - 1))
                let limit = min(Self.batchRows, limits.maxExaminedRows - examined)
                let headers = try reader.articleHeaders(from: next, through: end, limit: limit)
                for header in headers {
                    if let (article, comments, size) = try wanted(header, reader: reader) {
                        if !page.articles.isEmpty,
                           page.articles.count >= limits.maxArticles || bytes + size > limits.maxBytes {
                            // Stop before this article: everything below it is settled.
                            if header.id > range.lowerBound { page.settled.append(range.lowerBound...(header.id - 1)) }
                            return finish(page)
                        }
                        page.articles.append(article)
                        page.comments += comments
                        bytes += size
                    }
                    examined += 1
                    if examined >= limits.maxExaminedRows {
                        page.settled.append(range.lowerBound...header.id)
                        return finish(page)
                    }
                }
                if headers.count == limit, let last = headers.last, last.id < end {
                    next = last.id + 1
                } else if end < range.upperBound {
                    next = end + 1
                } else {
                    break
                }
            }
            page.settled.append(range)
        }
        return finish(page)
    }

    /// The first of the ascending `buckets` that is at least `bucket`.
    static func first(in buckets: [Int64], atLeast bucket: Int64) -> Int64? {
        var low = 0
        var high = buckets.count
        while low < high {
            let middle = (low + high) / 2
            if buckets[middle] < bucket { low = middle + 1 } else { high = middle }
        }
        return low < buckets.count ? buckets[low] : nil
    }

    private func finish(_ page: Page) -> Page {
        var page = page
        page.moreAvailable = page.settled != ranges
        return page
    }

    /// The article of `header` with its comments and encoded size, if the
    /// client needs it: live and matching the subscription.
    private func wanted(_ header: ArticleHeader, reader: any ArchiveReader) throws
        -> (WireArticle, [WireComment], Int)?
    {
        guard header.isLive else { return nil }
        if let facet = header.facet, !facet.matches(subscription) { return nil }
        guard let stored = try reader.article(id: header.id), !stored.isRemoved, subscription.matches(stored.content)
        else { return nil }
        let article = stored.content.wire(revision: stored.revision)
        var size = try (article.serializedBytes() as [UInt8]).count
        var comments: [WireComment] = []
        for comment in try reader.comments(ofArticle: header.id) {
            let view: WireComment
            if let clientKeyHash, comment.clientKeyHash == clientKeyHash {
                view = comment.ownWire
            } else if comment.status == .approved {
                view = comment.publicWire
            } else {
                continue
            }
            size += try (view.serializedBytes() as [UInt8]).count
            comments.append(view)
        }
        return (article, comments, size)
    }
}
