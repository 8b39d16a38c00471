/// The fast path of ``SearchFolding/fold(_:)``: a table of what each common
/// scalar folds to on its own, used when the whole text is made of scalars
/// whose folding does not depend on their neighbours.
///
/// Folding (SPEC.md §13.1) is decompose, remove, map, lowercase, compose.
/// For most scalars it is a function of the scalar alone: a letter with a
/// canonical decomposition loses its marks (step 2 removes every Latin and
/// Arabic combining mark), and what is left is a starter that composes with
/// nothing, because no remaining mark follows it. The steps become context
/// dependent only through:
/// - combining marks that survive step 2 (they reorder, and compose in step 5);
/// - starters that compose with a preceding starter (Hangul jamo, some Indic
///   vowel signs);
/// - the final-sigma rule of lowercasing (U+03A3).
///
/// The table holds, for every scalar below U+0800, in General Punctuation
/// (U+2000–U+206F) and U+FEFF, the output of ``SearchFolding/referenceFold(_:)``
/// on that scalar alone, when the scalar is a starter (or is removed by step
/// 2), its output is made only of starters, and it is not U+03A3. The other
/// scalars of those ranges, and every scalar outside them, send the whole text
/// to the reference path; so `fold` and `referenceFold` agree on every text.
struct FoldingTable: Sendable {
    /// The shared table, built on first use from the reference folding
    /// (about 2,000 single-scalar folds).
    static let shared = FoldingTable()

    /// UTF-8 bytes of every entry, one after another.
    private let bytes: [UInt8]
    /// Per slot: `offset << 8 | length` into `bytes`, or `UInt32.max` when the
    /// scalar needs the reference path.
    private let slots: [UInt32]

    private static let punctuation: ClosedRange<UInt32> = 0x2000...0x206F
    private static let slotCount = 0x0800 + punctuation.count + 1

    init() {
        var bytes: [UInt8] = []
        var slots = [UInt32](repeating: .max, count: Self.slotCount)
        let candidates = Array(0x0080..<0x0800) + Array(Self.punctuation) + [0xFEFF]
        for value in candidates {
            guard let scalar = Unicode.Scalar(value), let slot = Self.slot(of: value) else { continue }
            let isStarter = scalar.properties.canonicalCombiningClass == .notReordered
            guard value != 0x03A3, isStarter || SearchFolding.isIgnorable(scalar) else { continue }
            let folded = SearchFolding.referenceFold(String(scalar))
            guard folded.unicodeScalars.allSatisfy({ $0.properties.canonicalCombiningClass == .notReordered }) else {
                continue
            }
            let utf8 = Array(folded.utf8)
            guard utf8.count < 256 else { continue }
            slots[slot] = UInt32(bytes.count) << 8 | UInt32(utf8.count)
            bytes += utf8
        }
        self.bytes = bytes
        self.slots = slots
    }

    /// The table slot of a scalar value, or `nil` outside the table's ranges.
    private static func slot(of value: UInt32) -> Int? {
        if value < 0x0800 { return Int(value) }
        if punctuation.contains(value) { return 0x0800 + Int(value - punctuation.lowerBound) }
        if value == 0xFEFF { return slotCount - 1 }
        return nil
    }

    /// The folded text, or `nil` when some scalar needs the reference path.
    func fold(_ text: String) -> String? {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                let byte = UInt8(truncatingIfNeeded: value)
                output.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
                continue
            }
            guard let slot = Self.slot(of: value) else { return nil }
            let entry = slots[slot]
            if entry == .max { return nil }
            let offset = Int(entry >> 8)
            let length = Int(entry & 0xFF)
            if length > 0 { output.append(contentsOf: bytes[offset..<(offset + length)]) }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
