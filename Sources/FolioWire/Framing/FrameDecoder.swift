/// An incremental frame decoder: feed bytes as they arrive, take frames out
/// (SPEC.md §5.2). It validates each header as soon as its bytes are present
/// and never buffers more than one header plus ``FrameLimits/maxFrameBytes``
/// of payload beyond what the caller appended.
///
/// ```swift
/// var decoder = FrameDecoder()
/// decoder.append(chunk)
/// while let frame = try decoder.nextFrame() { … }
/// try decoder.finish()   // at end of input
/// ```
public struct FrameDecoder: Sendable {
    /// The limits enforced on every header.
    public let limits: FrameLimits
    private var buffer: [UInt8] = []
    private var start = 0

    /// Creates a decoder with `limits`.
    public init(limits: FrameLimits = .default) {
        self.limits = limits
    }

    /// Bytes appended but not yet returned as part of a frame.
    public var bufferedByteCount: Int { buffer.count - start }

    /// Appends received bytes.
    public mutating func append<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        if start > 0, start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// Returns the next complete frame, or nil if more bytes are needed.
    ///
    /// - Throws: 102 bad magic, 103 unsupported version, 104 unknown type,
    ///   106 bad flags, 105 payload length above the limit. After a throw the
    ///   decoder's state is unspecified; discard it.
    public mutating func nextFrame() throws -> Frame? {
        let available = bufferedByteCount
        let magicCount = min(available, Frame.magic.count)
        for index in 0..<magicCount where buffer[start + index] != Frame.magic[index] {
            throw FolioWireError(.frameBadMagic, "frame does not start with FOLW")
        }
        guard available >= Frame.headerSize else { return nil }
        var reader = ByteReader(Array(buffer[start..<(start + Frame.headerSize)]), truncation: .frameTruncated)
        _ = try reader.readBytes(4)
        let version = try reader.readByte()
        guard version == Frame.version else {
            throw FolioWireError(.frameUnsupportedVersion, "frame version \(version) is not \(Frame.version)")
        }
        let typeByte = try reader.readByte()
        guard let type = FrameType(rawValue: typeByte) else {
            throw FolioWireError(.frameUnknownType, "unknown frame type \(typeByte)")
        }
        let flags = try reader.readByte()
        let reserved = try reader.readByte()
        guard flags & ~Frame.compressedFlag == 0, reserved == 0 else {
            throw FolioWireError(.frameBadFlags, "reserved frame bits are set")
        }
        let isCompressed = flags & Frame.compressedFlag != 0
        let dictionaryID = try reader.readUInt32()
        guard dictionaryID == 0 || isCompressed else {
            throw FolioWireError(.frameBadFlags, "uncompressed frame names a dictionary")
        }
        let length = Int(try reader.readUInt32())
        guard length <= limits.maxFrameBytes else {
            throw FolioWireError(.frameTooLarge, "payload length exceeds \(limits.maxFrameBytes) bytes")
        }
        let crc = try reader.readUInt32()
        guard available >= Frame.headerSize + length else { return nil }
        let payloadStart = start + Frame.headerSize
        let payload = Array(buffer[payloadStart..<(payloadStart + length)])
        guard ZlibChecksum.crc32(payload) == crc else {
            throw FolioWireError(.frameChecksumMismatch, "the payload's CRC-32 differs from the frame header's")
        }
        start = payloadStart + length
        return Frame(type: type, isCompressed: isCompressed, dictionaryID: dictionaryID, payload: payload)
    }

    /// Call at the end of input: throws 101 if a partial frame is buffered.
    public func finish() throws {
        guard bufferedByteCount == 0 else {
            throw FolioWireError(.frameTruncated, "input ends inside a frame")
        }
    }
}
