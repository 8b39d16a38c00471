/// The bytes of a snapshot part as one response brought them (SPEC.md §11):
/// the whole part (200) or its tail from a requested offset (206).
public struct SnapshotPartBody: Sendable {
    /// Where `bytes` start in the part: the requested offset for a 206, 0
    /// when the server sent the part from its start.
    public var offset: Int64
    /// The bytes received; they may stop short of the part's end when the
    /// response was cut, and then end inside a frame.
    public var bytes: [UInt8]
    /// The part's strong entity tag, for `If-Range` when resuming.
    public var etag: String?

    /// Creates a body.
    public init(offset: Int64, bytes: [UInt8], etag: String?) {
        self.offset = offset
        self.bytes = bytes
        self.etag = etag
    }
}
