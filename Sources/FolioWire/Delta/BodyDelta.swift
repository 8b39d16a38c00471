/// Copy/insert deltas between two article bodies (SPEC.md §8.2).
///
/// A delta is made against the UTF-8 bytes of the body of the revision the
/// client holds, and carries the lengths and CRC-32s of base and target so
/// that applying it to the wrong base, or a corrupted delta, is detected.
///
/// ```text
/// "FD" 0x01 | varint base_len | u32 crc32(base) | varint target_len | u32 crc32(target) | op*
/// op = 0x01 varint offset varint length    COPY base[offset ..< offset+length]
///    | 0x02 varint length bytes[length]    INSERT
/// ```
public enum BodyDelta {
    /// The three leading bytes `F`, `D`, version 1.
    public static let magic: [UInt8] = [0x46, 0x44, 0x01]
    static let copyOp: UInt8 = 0x01
    static let insertOp: UInt8 = 0x02

    /// Makes a delta that turns `base` into `target` (SPEC.md §8.2). The
    /// encoder is not normative; any valid op sequence is acceptable.
    public static func make(base: [UInt8], target: [UInt8]) -> [UInt8] {
        var out = magic
        ByteWriter.appendVarint(UInt64(base.count), to: &out)
        ByteWriter.appendBigEndian(UInt64(ZlibChecksum.crc32(base)), width: 4, to: &out)
        ByteWriter.appendVarint(UInt64(target.count), to: &out)
        ByteWriter.appendBigEndian(UInt64(ZlibChecksum.crc32(target)), width: 4, to: &out)
        for op in DeltaMatcher(base: base).ops(for: target) {
            switch op {
            case .copy(let offset, let length):
                out.append(copyOp)
                ByteWriter.appendVarint(UInt64(offset), to: &out)
                ByteWriter.appendVarint(UInt64(length), to: &out)
            case .insert(let range):
                out.append(insertOp)
                ByteWriter.appendVarint(UInt64(range.count), to: &out)
                out.append(contentsOf: target[range])
            }
        }
        return out
    }

    /// Makes a delta between the UTF-8 encodings of two strings.
    public static func make(base: String, target: String) -> [UInt8] {
        make(base: Array(base.utf8), target: Array(target.utf8))
    }

    /// Applies `delta` to `base` (SPEC.md §8.2).
    ///
    /// - Parameter maxTargetBytes: the largest result accepted; SPEC.md
    ///   default 4 MiB. Checked against the announced length before any
    ///   output is built, so memory stays bounded.
    /// - Throws: 301 malformed, 302 wrong base, 303 too large, 304 the
    ///   result's CRC-32 differs.
    public static func apply(_ delta: [UInt8], to base: [UInt8], maxTargetBytes: Int = 4 << 20) throws -> [UInt8] {
        var reader = ByteReader(delta, truncation: .deltaMalformed)
        guard Array(try reader.readBytes(magic.count)) == magic else {
            throw FolioWireError(.deltaMalformed, "delta does not start with FD 01")
        }
        let baseLength = try reader.readVarint(malformed: .deltaMalformed)
        let baseCRC = try reader.readUInt32()
        guard baseLength == UInt64(base.count), baseCRC == ZlibChecksum.crc32(base) else {
            throw FolioWireError(.deltaBaseMismatch, "delta was made against another base")
        }
        let targetLength = try reader.readVarint(malformed: .deltaMalformed)
        let targetCRC = try reader.readUInt32()
        guard targetLength <= UInt64(max(0, maxTargetBytes)) else {
            throw FolioWireError(.deltaTooLarge, "delta target exceeds \(maxTargetBytes) bytes")
        }
        let expected = Int(targetLength)
        var out: [UInt8] = []
        out.reserveCapacity(expected)
        while reader.remaining > 0 {
            let op = try reader.readByte()
            switch op {
            case copyOp:
                let offset = try reader.readVarint(malformed: .deltaMalformed)
                let length = try reader.readVarint(malformed: .deltaMalformed)
                guard length > 0, offset <= UInt64(base.count), length <= UInt64(base.count) - offset,
                      length <= UInt64(expected - out.count) else {
                    throw FolioWireError(.deltaMalformed, "copy out of range")
                }
                out.append(contentsOf: base[Int(offset)..<Int(offset + length)])
            case insertOp:
                let length = try reader.readVarint(malformed: .deltaMalformed)
                guard length > 0, length <= UInt64(expected - out.count) else {
                    throw FolioWireError(.deltaMalformed, "insert out of range")
                }
                out.append(contentsOf: try reader.readBytes(Int(length)))
            default:
                throw FolioWireError(.deltaMalformed, "unknown delta op \(op)")
            }
        }
        guard out.count == expected else {
            throw FolioWireError(.deltaMalformed, "delta produces \(out.count) of \(expected) bytes")
        }
        guard ZlibChecksum.crc32(out) == targetCRC else {
            throw FolioWireError(.deltaTargetMismatch, "result does not have the announced CRC-32")
        }
        return out
    }

    /// Applies `delta` to the UTF-8 of `base` and decodes the result as
    /// UTF-8; 304 if the result is not valid UTF-8.
    public static func apply(_ delta: [UInt8], to base: String, maxTargetBytes: Int = 4 << 20) throws -> String {
        let bytes = try apply(delta, to: Array(base.utf8), maxTargetBytes: maxTargetBytes)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw FolioWireError(.deltaTargetMismatch, "result is not valid UTF-8")
        }
        return text
    }
}
