import FolioWire

/// The frames of one downloaded and verified snapshot part (SPEC.md §11),
/// decoded one `SnapshotChunk` at a time, so that a client never holds a
/// whole part's articles in memory at once.
public struct SnapshotChunkReader: Sendable {
    private var decoder: FrameDecoder
    private let codec: FrameCodec

    /// Creates a reader over a part's bytes.
    ///
    /// - parameters:
    ///   - bytes: the part file, already checked against its size and SHA-256.
    ///   - codec: decodes the frames, holding the preset dictionaries they may
    ///     name, within its limits (SPEC.md §9.3).
    public init(bytes: [UInt8], codec: FrameCodec) {
        decoder = FrameDecoder(limits: codec.limits)
        decoder.append(bytes)
        self.codec = codec
    }

    /// Whether every byte of the part has been decoded.
    public var isAtEnd: Bool { decoder.bufferedByteCount == 0 }

    /// The next chunk, or `nil` after the last one.
    ///
    /// - throws: ``TransportFailure/undecodable(code:reason:)`` for a frame
    ///   that breaks SPEC.md §5.2 or §9, or bytes left over after the last frame.
    public mutating func next() throws -> WireSnapshotChunk? {
        do {
            guard let frame = try decoder.nextFrame() else {
                try decoder.finish()
                return nil
            }
            return try codec.decode(WireSnapshotChunk.self, from: frame)
        } catch let error as FolioWireError {
            throw TransportFailure(error)
        }
    }
}
