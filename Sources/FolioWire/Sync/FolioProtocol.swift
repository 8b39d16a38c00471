/// Constants of the HTTP binding and defaults named by SPEC.md §5 to §10.
public enum FolioProtocol {
    /// The protocol version of this implementation (SPEC.md §5.3).
    public static let version: UInt32 = 2
    /// The media type of frame bodies (SPEC.md §5.1).
    public static let frameContentType = "application/vnd.folio.frame"
    /// The request and response header carrying the protocol version.
    public static let versionHeader = "Folio-Protocol"
    /// The response header carrying the SPEC.md §12 code of an error.
    public static let errorHeader = "Folio-Error"

    /// The endpoint paths of SPEC.md §5.1.
    public enum Path {
        /// `GET`: ``WireServerInfo``.
        public static let info = "/v2/info"
        /// `POST`: ``WirePullRequest`` → ``WirePullResponse``.
        public static let pull = "/v2/pull"
        /// `POST`: ``WirePushRequest`` → ``WirePushResponse``.
        public static let push = "/v2/push"
        /// `POST`: ``WireChecksumRequest`` → ``WireChecksumResponse``.
        public static let checksums = "/v2/checksums"
        /// `POST`: ``WireRepairRequest`` → ``WireRepairResponse``.
        public static let repair = "/v2/repair"
        /// `GET`: the latest ``WireSnapshotManifest``.
        public static let snapshotManifest = "/v2/snapshots/latest"
        /// `GET` + part path: a snapshot file.
        public static let snapshotsPrefix = "/v2/snapshots/"
        /// The prefix of the dictionary paths; the decimal id follows it.
        public static let dictionariesPrefix = "/v2/dictionaries/"
        /// `GET /v2/dictionaries/{id}`: the raw bytes of a preset dictionary.
        public static func dictionary(id: UInt32) -> String { dictionariesPrefix + String(id) }
    }

    /// Recommended long-poll bound a server announces (SPEC.md §6.3).
    public static let defaultMaxWaitSeconds: UInt32 = 60
    /// The absolute long-poll bound (SPEC.md §6.3).
    public static let maxWaitSecondsCeiling: UInt32 = 300
    /// Recommended server cap on changes per page (SPEC.md §6.1).
    public static let defaultMaxChanges: UInt32 = 500
    /// Recommended bucket width (SPEC.md §7.3).
    public static let defaultBucketWidth: Int64 = 1024
    /// Most comments in one push (SPEC.md §10.1).
    public static let maxCommentsPerPush = 100
    /// Longest comment text in characters (SPEC.md §10.2).
    public static let maxCommentTextCharacters = 4000
    /// Longest commenter name in characters (SPEC.md §10.2).
    public static let maxCommentNameCharacters = 100
    /// Minimum tombstone retention in days (SPEC.md §8.4).
    public static let tombstoneHorizonDays = 180
    /// Client key length bounds in bytes (SPEC.md §10.4).
    public static let clientKeyLengths = 16...64
}
