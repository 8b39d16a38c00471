/// How far a first sync has applied one snapshot part (SPEC.md §11): the
/// end offset of the last frame applied, and the part's entity tag, with which
/// the rest of the part is asked for (`Range: bytes=N-`, `If-Range`).
///
/// ```swift
/// let progress = BootstrapPartProgress(path: part.path, appliedBytes: 524_288, etag: "\"sha256-abab…\"")
/// try store.apply(SyncBatch(cursor: nil, articles: group, bootstrapProgress: progress))
/// ```
public struct BootstrapPartProgress: Sendable, Hashable {
    /// The part's path in the manifest; paths name content, so a path means
    /// the same bytes in every manifest that lists it.
    public var path: String
    /// The bytes of the part applied so far: the end of the last frame applied.
    public var appliedBytes: Int64
    /// The strong entity tag the server sent with the part, if any.
    public var etag: String?

    /// Creates a progress record.
    public init(path: String, appliedBytes: Int64, etag: String? = nil) {
        self.path = path
        self.appliedBytes = appliedBytes
        self.etag = etag
    }
}
