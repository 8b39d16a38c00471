/// One frame: a 16-byte header and a payload (SPEC.md §5.2).
///
/// ```text
/// offset size field
///      0    4 magic "FOLW" (46 4F 4C 57)
///      4    1 protocol version (1)
///      5    1 message type (FrameType)
///      6    1 flags: bit 0 = payload is a zlib stream; bits 1-7 zero
///      7    1 reserved, zero
///      8    4 dictionary id, big-endian (0 = none; non-zero only if compressed)
///     12    4 payload length in bytes, big-endian
///     16    n payload
/// ```
public struct Frame: Sendable, Hashable {
    /// The four magic bytes `FOLW`.
    public static let magic: [UInt8] = [0x46, 0x4F, 0x4C, 0x57]
    /// The size of the header in bytes.
    public static let headerSize = 16
    /// The protocol version this implementation writes and reads.
    public static let version: UInt8 = 1
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
        out.append(contentsOf: payload)
        return out
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
