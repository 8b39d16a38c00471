/// Checks on comment idempotency keys: 16-byte UUIDv7 (SPEC.md §10.1).
public enum IdempotencyKey {
    /// True if `bytes` is a 16-byte UUID with version nibble 7 (byte 6) and
    /// RFC 9562 variant bits `10` (byte 8).
    public static func isValid<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        let key = Array(bytes)
        return key.count == 16 && key[6] >> 4 == 7 && key[8] >> 6 == 0b10
    }

    /// A UUIDv7 from a Unix millisecond time and 10 random bytes (SPEC.md §10.1).
    public static func make(unixMilliseconds: UInt64, random: [UInt8]) -> [UInt8] {
        var key: [UInt8] = []
        ByteWriter.appendBigEndian(unixMilliseconds, width: 6, to: &key)
        var tail = random + [UInt8](repeating: 0, count: max(0, 10 - random.count))
        tail[0] = 0x70 | (tail[0] & 0x0F)
        tail[2] = 0x80 | (tail[2] & 0x3F)
        return key + tail.prefix(10)
    }
}
