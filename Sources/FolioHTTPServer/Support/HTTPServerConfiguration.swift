import FolioWire

/// Limits and switches of the HTTP layer. Every limit is documented here.
public struct HTTPServerConfiguration: Sendable {
    /// Largest request body on the sync routes, refused with 413 (E504)
    /// before it is buffered when `Content-Length` says so. Default 1 MiB.
    public var maxFrameRequestBytes: Int = 1 << 20
    /// Largest editor JSON body. Default 2 MiB (an article body is at most 1 MiB).
    public var maxEditorRequestBytes: Int = 2 << 20
    /// Limits for decoding request frames (SPEC.md §5.2, §9.3).
    public var frameLimits = FrameLimits(maxFrameBytes: 1 << 20, inflate: .default)
    /// Response payloads larger than this are deflated (SPEC.md §9.1: SHOULD
    /// above 256 bytes). Default 256 bytes.
    public var compressResponsesFrom: Int = 257
    /// Preset dictionaries served and used for responses (SPEC.md §9.2).
    public var dictionaries: [PresetDictionary] = []
    /// If true, the sync routes also need a token (any role); by default they are public.
    public var requireTokenForSync = false
    /// Comments one client key may push per window (then a per-item
    /// `RATE_LIMITED` result, SPEC.md §10.2). Default 30.
    public var commentsPerClient: Int = 30
    /// Comments one address (an IPv6 address by its /64) may push per
    /// window. Default 600: every reader behind one carrier-grade NAT shares
    /// an IPv4 address, so this is sized for a crowd, about one comment a
    /// second over the default 10-minute window; the per-client-key budget
    /// is what stops a single sender.
    public var commentsPerAddress: Int = 600
    /// The rate-limit window. Default 10 minutes.
    public var rateWindow: Duration = .seconds(600)
    /// Pull requests per budget window, per client address and per client
    /// key (SPEC.md §5.4; then 429, E505, `Retry-After`). Default 600.
    public var pullsPerMinute: Int = 600
    /// Checksum requests per budget window, per client address. Default 30.
    public var checksumsPerMinute: Int = 30
    /// Repair requests per budget window, per client address and per client key. Default 1200.
    public var repairsPerMinute: Int = 1_200
    /// The window of the request budgets. Default 60 seconds.
    public var budgetWindow: Duration = .seconds(60)
    /// Most keys (addresses, client keys) each budget tracks; past it, expired
    /// windows are dropped, then the oldest. Default 100,000.
    public var budgetMaxTrackedKeys: Int = 100_000
    /// Reverse proxies whose `X-Forwarded-For` is believed: a request from
    /// one of these addresses counts against the client address the proxy
    /// reports. Default none: the peer's address counts, whatever it sends.
    public var trustedProxies: Set<String> = []

    /// The defaults.
    public init() {}
}
