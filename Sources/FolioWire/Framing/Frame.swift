/// One frame: a 20-byte header and a payload (SPEC.md §5.2).
///
/// ```text
/// offset size field
///      0    4 magic "FOLW" (46 4F 4C 57)
///      4    1 protocol version (2)
///      5    1 message type (FrameType)
///      6    1 flags: bit 0 = payload is a zlib stream; bits 1-7 zero
///      7    1 reserved, zero
///      8    4 dictionary id, big-endian (0 = none; non-zero only if compressed)
///     12    4 payload length in bytes, big-endian
///     16    4 CRC-32 of the payload as it travels, big-endian
///     20    n payload
/// ```
///
/// Version 1 frames (16-byte header, no CRC) survive only in the frozen
/// E501 answer of SPEC.md §5.3: ``encodedVersion1()`` writes one and
/// ``decodeVersion1(_:limits:)`` reads one.
public struct Frame: Sendable, Hashable {
    /// The four magic bytes `FOLW`.
    public static let magic: [UInt8] = [0x46, 0x4F, 0x4C, 0x57]
    /// The size of the header in bytes.
    public static let headerSize = 20
    /// The size of a version 1 header (SPEC.md §5.3): no CRC-32.
    public static let version1HeaderSize = 16
    /// The protocol version this implementation writes and reads.
    public static let version: UInt8 = 2
    /// Flag bit 0: the payload is a zlib stream.
    static let compressedFlag: UInt8 = 0x01

    /// The message type of the payload.
    public var type: FrameType
    /// True if ``payload`` is a zlib stream (SPEC.md §9.1).
    public var isCompressed: Bool
    /// The preset dictionary id, 0 for none (SPEC.md §9.2).
    public var dictionaryID: UInt32
    /// The payload bytes as they travel (compressed if ``isCompressed``).
    public var payload: [UInt8]

    /// Creates a frame. A non-zero `dictionaryID` requires `isCompressed`.
    public init(type: FrameType, isCompressed: Bool, dictionaryID: UInt32, payload: [UInt8]) {
        self.type = type
        self.isCompressed = isCompressed
        self.dictionaryID = dictionaryID
        self.payload = payload
    }

    /// The header and payload as bytes.
    public func encoded() -> [UInt8] {
        var out = Self.magic
        out.reserveCapacity(Self.headerSize + payload.count)
        out.append(Self.version)
        out.append(type.rawValue)
        out.append(isCompressed ? Self.compressedFlag : 0)
        out.append(0)
        ByteWriter.appendBigEndian(UInt64(dictionaryID), width: 4, to: &out)
        ByteWriter.appendBigEndian(UInt64(payload.count), width: 4, to: &out)
        ByteWriter.appendBigEndian(UInt64(ZlibChecksum.crc32(payload)), width: 4, to: &out)
        out.append(contentsOf: payload)
        return out
    }

    /// The version 1 bytes of this frame (SPEC.md §5.3): what a server that
    /// no longer speaks version 1 sends, as the body of its 426 answer, to a
    /// version 1 client. Used for nothing else.
    public func encodedVersion1() -> [UInt8] {
        var out = Self.magic
        out.append(1)
        out.append(type.rawValue)
        out.append(isCompressed ? Self.compressedFlag : 0)
        out.append(0)
        ByteWriter.appendBigEndian(UInt64(dictionaryID), width: 4, to: &out)
        ByteWriter.appendBigEndian(UInt64(payload.count), width: 4, to: &out)
        out.append(contentsOf: payload)
        return out
    }

    /// Reads a body holding one version 1 frame: the frozen answer to a
    /// request of a version the server no longer speaks (SPEC.md §5.3).
    ///
    /// - Throws: 102 without the magic, 103 unless the version byte is 1, and
    ///   the other header checks of SPEC.md §5.2 (101, 104 to 107).
    public static func decodeVersion1(_ bytes: [UInt8], limits: FrameLimits = .default) throws -> Frame {
        for (index, byte) in bytes.prefix(magic.count).enumerated() where byte != magic[index] {
            throw FolioWireError(.frameBadMagic, "frame does not start with FOLW")
        }
        guard bytes.count >= version1HeaderSize else {
            throw FolioWireError(.frameTruncated, "body ends inside the frame header")
        }
        guard bytes[4] == 1 else {
            throw FolioWireError(.frameUnsupportedVersion, "frame version \(bytes[4]) is not 1")
        }
        // Rewrite the header as version 2 (the same fields plus the CRC of
        // what arrived), so that the remaining checks are the decoder's own.
        let payload = bytes[version1HeaderSize...]
        var upgraded = Array(bytes[0..<version1HeaderSize])
        upgraded[4] = version
        ByteWriter.appendBigEndian(UInt64(ZlibChecksum.crc32(payload)), width: 4, to: &upgraded)
        upgraded.append(contentsOf: payload)
        return try decodeSingle(upgraded, limits: limits)
    }

    /// Decodes a body that holds exactly one frame.
    ///
    /// - Throws: the header errors of ``FrameDecoder``, 101 if the body ends
    ///   early, 107 if bytes follow the frame.
    public static func decodeSingle(_ bytes: [UInt8], limits: FrameLimits = .default) throws -> Frame {
        var decoder = FrameDecoder(limits: limits)
        decoder.append(bytes)
        guard let frame = try decoder.nextFrame() else {
            throw FolioWireError(.frameTruncated, "body ends before the frame is complete")
        }
        guard decoder.bufferedByteCount == 0 else {
            throw FolioWireError(.frameTrailingBytes, "bytes follow the frame")
        }
        return frame
    }
}
