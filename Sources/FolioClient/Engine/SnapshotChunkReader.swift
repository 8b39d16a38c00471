import FolioWire

/// The frames of a snapshot part's bytes (SPEC.md §11), decoded one
/// `SnapshotChunk` at a time, so that a client never holds a whole part's
/// articles in memory at once. It knows where each frame ends in the part,
/// so that the bootstrap can record how far it has applied.
public struct SnapshotChunkReader: Sendable {
    private var decoder: FrameDecoder
    private let codec: FrameCodec
    private let end: Int64

    /// The part's offset just after the last frame read (at first, where
    /// the bytes start).
    public private(set) var offset: Int64

    /// Creates a reader over bytes of a part.
    ///
    /// - parameters:
    ///   - bytes: the bytes received; every frame is checked by its CRC-32
    ///     (SPEC.md §5.2), and a whole part also by its SHA-256 (transport).
    ///   - offset: where `bytes` start in the part.
    ///   - codec: decodes the frames, holding the preset dictionary they name,
    ///     within its limits (SPEC.md §9.3).
    public init(bytes: [UInt8], offset: Int64 = 0, codec: FrameCodec) {
        decoder = FrameDecoder(limits: codec.limits)
        decoder.append(bytes)
        self.codec = codec
        self.offset = offset
        end = offset + Int64(bytes.count)
    }

    /// Whether every byte received has been decoded.
    public var isAtEnd: Bool { decoder.bufferedByteCount == 0 }

    /// Where the bytes received end in the part.
    public var endOffset: Int64 { end }

    /// The next chunk, or `nil` when no whole frame is left: at the end of
    /// the bytes, or inside a frame the response was cut in (``isAtEnd`` is
    /// then false).
    ///
    /// - throws: ``TransportFailure/undecodable(code:reason:)`` for a frame
    ///   that breaks SPEC.md §5.2 or §9.
    public mutating func next() throws -> WireSnapshotChunk? {
        do {
            guard let frame = try decoder.nextFrame() else { return nil }
            offset = end - Int64(decoder.bufferedByteCount)
            return try codec.decode(WireSnapshotChunk.self, from: frame)
        } catch let error as FolioWireError {
            throw TransportFailure(error)
        }
    }
}
