import FolioWire

/// Reads a body that must hold exactly one frame, fed in pieces: the way a
/// client reads an HTTP response (SPEC.md §5.2). Equivalent to
/// `Frame.decodeSingle` for any split of the bytes.
struct BodyReader {
    var decoder: FrameDecoder
    var frame: Frame?

    init(limits: FrameLimits) { decoder = FrameDecoder(limits: limits) }

    mutating func feed(_ bytes: some Sequence<UInt8>) throws {
        decoder.append(bytes)
        if frame == nil { frame = try decoder.nextFrame() }
        if frame != nil, decoder.bufferedByteCount > 0 {
            throw FolioWireError(.frameTrailingBytes, "bytes follow the frame")
        }
    }

    func finish() throws -> Frame {
        guard let frame else { throw FolioWireError(.frameTruncated, "body ends inside the frame") }
        return frame
    }

    /// Feeds `bytes` in pieces of the given sizes (cycled), then finishes.
    static func read(_ bytes: [UInt8], pieces: [Int], limits: FrameLimits) throws -> Frame {
        var reader = BodyReader(limits: limits)
        var offset = 0
        var step = 0
        while offset < bytes.count {
            let size = max(1, pieces[step % pieces.count])
            try reader.feed(bytes[offset..<min(bytes.count, offset + size)])
            offset += size
            step += 1
        }
        return try reader.finish()
    }
}
