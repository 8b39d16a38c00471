/// A bounds-checked reader over a byte array. Every read either returns a
/// value or throws the error the caller chose; it never traps.
struct ByteReader {
    private let bytes: [UInt8]
    /// The index of the next unread byte.
    private(set) var offset: Int
    /// The error code thrown when the input ends early.
    let truncation: FolioWireError.Code

    init(_ bytes: [UInt8], truncation: FolioWireError.Code) {
        self.bytes = bytes
        self.offset = 0
        self.truncation = truncation
    }

    /// Bytes not read yet.
    var remaining: Int { bytes.count - offset }

    mutating func readByte() throws -> UInt8 {
        guard offset < bytes.count else { throw FolioWireError(truncation, "input ends early") }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// Reads a big-endian unsigned integer of `width` bytes (at most 8).
    mutating func readBigEndian(width: Int) throws -> UInt64 {
        guard remaining >= width else { throw FolioWireError(truncation, "input ends early") }
        var value: UInt64 = 0
        for index in offset..<(offset + width) { value = value << 8 | UInt64(bytes[index]) }
        offset += width
        return value
    }

    mutating func readUInt32() throws -> UInt32 { UInt32(truncatingIfNeeded: try readBigEndian(width: 4)) }

    mutating func readUInt64() throws -> UInt64 { try readBigEndian(width: 8) }

    /// Reads an unsigned LEB128 varint of at most 9 bytes (63 bits), SPEC.md §8.2.
    mutating func readVarint(malformed: FolioWireError.Code) throws -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<9 {
            let byte = try readByte()
            value |= UInt64(byte & 0x7F) << (7 * UInt64(index))
            if byte & 0x80 == 0 { return value }
        }
        throw FolioWireError(malformed, "varint longer than 9 bytes")
    }

    mutating func readBytes(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, remaining >= count else { throw FolioWireError(truncation, "input ends early") }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }
}

/// Big-endian and varint writers used by the encoders.
enum ByteWriter {
    static func appendBigEndian(_ value: UInt64, width: Int, to out: inout [UInt8]) {
        for shift in stride(from: (width - 1) * 8, through: 0, by: -8) {
            out.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }

    /// Appends an unsigned LEB128 varint, SPEC.md §8.2.
    static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        out.append(UInt8(rest))
    }
}
