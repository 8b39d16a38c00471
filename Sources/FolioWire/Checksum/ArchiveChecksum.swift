/// An order-independent checksum of a set of (article id, revision) pairs
/// (SPEC.md §7.2).
///
/// `itemHash(id, revision) = fmix64(fnv1a64(id as 8 bytes BE ‖ revision as 8 bytes BE))`
/// and the checksum of a set is its size and the sum of its item hashes
/// modulo 2^64, so a store maintains it in O(1) per change:
///
/// ```swift
/// var sum = ArchiveChecksum()
/// sum.insert(id: 42, revision: 3)
/// sum.replace(id: 42, oldRevision: 3, newRevision: 4)
/// ```
public struct ArchiveChecksum: Sendable, Hashable {
    /// The number of items.
    public var count: UInt64
    /// The wrapping sum of the item hashes.
    public var sum: UInt64

    /// Creates a checksum from its parts (for example read from a message).
    public init(count: UInt64 = 0, sum: UInt64 = 0) {
        self.count = count
        self.sum = sum
    }

    /// The checksum of the empty set.
    public static let empty = ArchiveChecksum()

    /// The hash of one item (SPEC.md §7.2).
    public static func itemHash(id: Int64, revision: Int64) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for word in [UInt64(bitPattern: id), UInt64(bitPattern: revision)] {
            for shift in stride(from: 56, through: 0, by: -8) {
                hash = (hash ^ (word >> UInt64(shift) & 0xFF)) &* 0x0000_0100_0000_01B3
            }
        }
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        hash = hash &* 0xc4ce_b9fe_1a85_ec53
        hash ^= hash >> 33
        return hash
    }

    /// Adds an item.
    public mutating func insert(id: Int64, revision: Int64) {
        count &+= 1
        sum &+= Self.itemHash(id: id, revision: revision)
    }

    /// Removes an item that was added before.
    public mutating func remove(id: Int64, revision: Int64) {
        count &-= 1
        sum &-= Self.itemHash(id: id, revision: revision)
    }

    /// Replaces the revision of an item.
    public mutating func replace(id: Int64, oldRevision: Int64, newRevision: Int64) {
        remove(id: id, revision: oldRevision)
        insert(id: id, revision: newRevision)
    }

    /// The checksum of the union of two disjoint sets.
    public static func + (lhs: ArchiveChecksum, rhs: ArchiveChecksum) -> ArchiveChecksum {
        ArchiveChecksum(count: lhs.count &+ rhs.count, sum: lhs.sum &+ rhs.sum)
    }

    /// The message form.
    public var message: WireArchiveSum {
        var message = WireArchiveSum()
        message.count = count
        message.sum = sum
        return message
    }

    /// Reads the message form.
    public init(_ message: WireArchiveSum) {
        self.init(count: message.count, sum: message.sum)
    }
}
