/// An order-independent checksum of what a reader holds: articles with every
/// field and their approved comments (SPEC.md §7.2).
///
/// The checksum of a set is the number of articles, the wrapping sum of the
/// items of its articles and approved comments (``ChecksumItem``), and the
/// number of those comments, so a store maintains it in O(1) per change:
///
/// ```swift
/// var sum = ArchiveChecksum()
/// sum.addArticle(ChecksumItem.article(wireArticle))
/// sum.addComment(ChecksumItem.comment(wireComment))
/// ```
public struct ArchiveChecksum: Sendable, Hashable {
    /// The number of articles.
    public var count: UInt64
    /// The wrapping sum of the article and comment items.
    public var sum: UInt64
    /// The number of approved comments.
    public var comments: UInt64

    /// Creates a checksum from its parts (for example read from a message).
    public init(count: UInt64 = 0, sum: UInt64 = 0, comments: UInt64 = 0) {
        self.count = count
        self.sum = sum
        self.comments = comments
    }

    /// The checksum of the empty set.
    public static let empty = ArchiveChecksum()

    /// True if the set is empty.
    public var isEmpty: Bool { self == .empty }

    /// Adds an article's item (``ChecksumItem/article(_:)``).
    public mutating func addArticle(_ item: UInt64) {
        count &+= 1
        sum &+= item
    }

    /// Removes an article's item that was added before.
    public mutating func removeArticle(_ item: UInt64) {
        count &-= 1
        sum &-= item
    }

    /// Adds an approved comment's item (``ChecksumItem/comment(_:)``).
    public mutating func addComment(_ item: UInt64) {
        comments &+= 1
        sum &+= item
    }

    /// Removes an approved comment's item that was added before.
    public mutating func removeComment(_ item: UInt64) {
        comments &-= 1
        sum &-= item
    }

    /// The checksum of the union of two disjoint sets.
    public static func + (lhs: ArchiveChecksum, rhs: ArchiveChecksum) -> ArchiveChecksum {
        ArchiveChecksum(count: lhs.count &+ rhs.count, sum: lhs.sum &+ rhs.sum, comments: lhs.comments &+ rhs.comments)
    }

    /// The checksum of `lhs` without the subset `rhs`.
    public static func - (lhs: ArchiveChecksum, rhs: ArchiveChecksum) -> ArchiveChecksum {
        ArchiveChecksum(count: lhs.count &- rhs.count, sum: lhs.sum &- rhs.sum, comments: lhs.comments &- rhs.comments)
    }

    /// The message form.
    public var message: WireArchiveSum {
        var message = WireArchiveSum()
        message.count = count
        message.sum = sum
        message.commentCount = comments
        return message
    }

    /// Reads the message form.
    public init(_ message: WireArchiveSum) {
        self.init(count: message.count, sum: message.sum, comments: message.commentCount)
    }
}
