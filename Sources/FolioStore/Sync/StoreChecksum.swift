/// The checksum of the stored articles (SPEC.md §7): a wrapping sum of one
/// 64-bit hash per article over its id and revision.
enum StoreChecksum {
    /// TEMPORARY until FolioWire's ArchiveChecksum lands: SplitMix64 finaliser over id and revision.
    static func itemHash(id: Int64, revision: Int64) -> UInt64 {
        var z = UInt64(bitPattern: id) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(bitPattern: revision)
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
