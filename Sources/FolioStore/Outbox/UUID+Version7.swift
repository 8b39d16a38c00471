import Foundation

extension UUID {
    /// A version 7 UUID (RFC 9562 §5.7): 48 bits of Unix milliseconds, then
    /// 74 random bits. Keys made later sort after keys made earlier.
    ///
    /// - parameter unixMilliseconds: the time to embed.
    public static func version7(unixMilliseconds: Int64) -> UUID {
        var generator = SystemRandomNumberGenerator()
        return version7(unixMilliseconds: unixMilliseconds, using: &generator)
    }

    /// A version 7 UUID whose random bits come from `generator`.
    public static func version7<G: RandomNumberGenerator>(unixMilliseconds: Int64, using generator: inout G) -> UUID {
        let millis = UInt64(clamping: unixMilliseconds) & 0xFFFF_FFFF_FFFF
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 {
            bytes[index] = UInt8(truncatingIfNeeded: millis >> (8 * (5 - index)))
        }
        let random = generator.next() as UInt64
        let random2 = generator.next() as UInt64
        for index in 6..<16 {
            let source = index < 14 ? random : random2
            bytes[index] = UInt8(truncatingIfNeeded: source >> (8 * (index % 8)))
        }
        bytes[6] = 0x70 | (bytes[6] & 0x0F)   // version 7
        bytes[8] = 0x80 | (bytes[8] & 0x3F)   // RFC 9562 variant
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    /// The key as the store writes it: lowercase, with hyphens.
    var storeString: String { uuidString.lowercased() }
}
