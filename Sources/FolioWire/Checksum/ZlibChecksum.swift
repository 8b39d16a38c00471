import CZlib

/// CRC-32 (ISO 3309, as in zlib and gzip) and Adler-32 (RFC 1950), the two
/// checksums the protocol names (SPEC.md §7.1, §8.2, §9.2).
public enum ZlibChecksum {
    /// CRC-32 of `bytes` (initial value 0), e.g. `crc32("123456789") == 0xCBF43926`.
    public static func crc32<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt32 {
        let array = Array(bytes)
        return array.withUnsafeBufferPointer { buffer in
            UInt32(truncatingIfNeeded: CZlib.crc32(0, buffer.baseAddress, uInt(buffer.count)))
        }
    }

    /// Adler-32 of `bytes` (initial value 1), the zlib dictionary id of SPEC.md §9.2.
    public static func adler32<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt32 {
        let array = Array(bytes)
        return array.withUnsafeBufferPointer { buffer in
            UInt32(truncatingIfNeeded: CZlib.adler32(1, buffer.baseAddress, uInt(buffer.count)))
        }
    }
}
