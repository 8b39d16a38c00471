/// The (non-normative) encoder behind ``BodyDelta/make(base:target:)``:
/// common prefix and suffix, then greedy matching of 16-byte blocks of the
/// base found by hash in the middle (SPEC.md §8.2, "Making deltas").
struct DeltaMatcher {
    /// A step of a delta.
    enum Op: Equatable {
        case copy(offset: Int, length: Int)
        case insert(Range<Int>)
    }

    /// The length of the blocks the matcher indexes.
    static let blockSize = 16
    let base: [UInt8]

    /// The ops that turn ``base`` into `target`.
    func ops(for target: [UInt8]) -> [Op] {
        var prefix = 0
        let limit = min(base.count, target.count)
        while prefix < limit, base[prefix] == target[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < limit - prefix, base[base.count - 1 - suffix] == target[target.count - 1 - suffix] {
            suffix += 1
        }
        var ops: [Op] = []
        if prefix > 0 { ops.append(.copy(offset: 0, length: prefix)) }
        ops += middleOps(target: target, from: prefix, to: target.count - suffix)
        if suffix > 0 { ops.append(.copy(offset: base.count - suffix, length: suffix)) }
        return ops
    }

    private func middleOps(target: [UInt8], from lower: Int, to upper: Int) -> [Op] {
        let size = Self.blockSize
        guard upper - lower >= size, base.count >= size else {
            return lower < upper ? [.insert(lower..<upper)] : []
        }
        var index: [UInt64: Int] = [:]
        do {
            for position in stride(from: 0, through: base.count - size, by: 1) {
                let key = Self.hash(base, position)
                if index[key] == nil { index[key] = position }
            }
        }
        var ops: [Op] = []
        var pending = lower
        var cursor = lower
        while cursor + size <= upper {
            if let found = index[Self.hash(target, cursor)],
               base[found..<(found + size)] == target[cursor..<(cursor + size)] {
                var length = size
                while cursor + length < upper, found + length < base.count,
                      base[found + length] == target[cursor + length] { length += 1 }
                if pending < cursor { ops.append(.insert(pending..<cursor)) }
                ops.append(.copy(offset: found, length: length))
                cursor += length
                pending = cursor
            } else {
                cursor += 1
            }
        }
        if pending < upper { ops.append(.insert(pending..<upper)) }
        return ops
    }

    /// FNV-1a over the block at `position`.
    private static func hash(_ bytes: [UInt8], _ position: Int) -> UInt64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for offset in position..<(position + blockSize) {
            value = (value ^ UInt64(bytes[offset])) &* 0x0000_0100_0000_01B3
        }
        return value
    }
}
