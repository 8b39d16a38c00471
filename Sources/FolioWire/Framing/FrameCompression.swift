/// How an encoder writes a frame's payload (SPEC.md §9.1).
public enum FrameCompression: Sendable, Hashable {
    /// The payload is the plain Protocol Buffers encoding.
    case none
    /// The payload is a zlib stream, with a preset dictionary or without.
    case deflate(dictionary: PresetDictionary?)
}
