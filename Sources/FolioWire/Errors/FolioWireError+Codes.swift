// The numbered codes of SPEC.md §12. Numbers never change meaning; new codes
// get new numbers. 1xx framing, 2xx compression, 3xx deltas, 4xx cursors,
// 5xx request-level errors a server returns, 6xx checkpoints.
extension FolioWireError.Code {
    // MARK: Framing (SPEC.md §5.2)

    /// 101: the bytes end before the frame header or payload is complete.
    public static let frameTruncated = Self(rawValue: 101)
    /// 102: the first four bytes are not the frame magic `FOLW`.
    public static let frameBadMagic = Self(rawValue: 102)
    /// 103: the frame's protocol version is not one this decoder speaks.
    public static let frameUnsupportedVersion = Self(rawValue: 103)
    /// 104: the frame's message type is unknown, or not the one expected.
    public static let frameUnknownType = Self(rawValue: 104)
    /// 105: the payload length exceeds the maximum frame size.
    public static let frameTooLarge = Self(rawValue: 105)
    /// 106: reserved flag bits or the reserved byte are set, or a dictionary
    /// is named by an uncompressed frame.
    public static let frameBadFlags = Self(rawValue: 106)
    /// 107: bytes follow the frame where exactly one frame was expected.
    public static let frameTrailingBytes = Self(rawValue: 107)
    /// 108: the payload is not a valid Protocol Buffers encoding of the
    /// message type.
    public static let messageMalformed = Self(rawValue: 108)
    /// 109: the payload's CRC-32 differs from the one in the frame header:
    /// bytes were damaged on the way (SPEC.md §5.2).
    public static let frameChecksumMismatch = Self(rawValue: 109)

    // MARK: Compression (SPEC.md §9)

    /// 201: the zlib stream is corrupt (bad header, bad data, bad Adler-32).
    public static let inflateCorrupt = Self(rawValue: 201)
    /// 202: the zlib stream ends before its end marker and checksum.
    public static let inflateTruncated = Self(rawValue: 202)
    /// 203: inflating produced more than the maximum inflated size.
    public static let inflateTooLarge = Self(rawValue: 203)
    /// 204: inflating produced more bytes per consumed byte than allowed.
    public static let inflateRatioExceeded = Self(rawValue: 204)
    /// 205: bytes follow the end of the zlib stream inside the payload.
    public static let inflateTrailingData = Self(rawValue: 205)
    /// 206: the frame names a dictionary the receiver does not hold.
    public static let dictionaryUnknown = Self(rawValue: 206)
    /// 207: the zlib stream's dictionary id differs from the frame's, or the
    /// dictionary bytes do not have the announced id.
    public static let dictionaryMismatch = Self(rawValue: 207)
    /// 208: zlib could not be initialised or failed to compress.
    public static let zlibFailure = Self(rawValue: 208)

    // MARK: Deltas (SPEC.md §8.2)

    /// 301: the delta is not well formed (bad magic, bad op, out of range).
    public static let deltaMalformed = Self(rawValue: 301)
    /// 302: the base text is not the one the delta was made against.
    public static let deltaBaseMismatch = Self(rawValue: 302)
    /// 303: the delta's target is larger than the limit.
    public static let deltaTooLarge = Self(rawValue: 303)
    /// 304: the produced text does not have the announced CRC-32.
    public static let deltaTargetMismatch = Self(rawValue: 304)

    // MARK: Cursors (SPEC.md §7.1)

    /// 401: the cursor is not a valid cursor encoding.
    public static let cursorMalformed = Self(rawValue: 401)
    /// 402: the cursor belongs to another server epoch (HTTP 409).
    public static let cursorEpochMismatch = Self(rawValue: 402)
    /// 403: the cursor is older than the server's tombstone horizon, so the
    /// server cannot list every unpublication since it (HTTP 410).
    public static let cursorExpired = Self(rawValue: 403)

    // MARK: Request-level errors returned by a server (SPEC.md §12.2)

    /// 501: the server does not speak the client's protocol version (HTTP 426).
    public static let versionUnsupported = Self(rawValue: 501)
    /// 502: the request is malformed in a way no other code names (HTTP 400).
    public static let badRequest = Self(rawValue: 502)
    /// 503: the named dictionary, snapshot part or path does not exist (HTTP 404).
    public static let notFound = Self(rawValue: 503)
    /// 504: the request body exceeds the server's limit (HTTP 413).
    public static let payloadTooLarge = Self(rawValue: 504)
    /// 505: the client sends too often; honour `retry_after_seconds` (HTTP 429).
    public static let rateLimited = Self(rawValue: 505)
    /// 506: the server is temporarily unavailable (HTTP 503).
    public static let unavailable = Self(rawValue: 506)
    /// 507: the server failed (HTTP 500).
    public static let internalError = Self(rawValue: 507)
    /// 508: the snapshot was superseded; fetch the manifest again (HTTP 410).
    public static let snapshotGone = Self(rawValue: 508)
    /// 509: the request used a content type other than the frame type (HTTP 415).
    public static let unsupportedMediaType = Self(rawValue: 509)
    /// 510: a `Range` that starts beyond the end of a snapshot part
    /// (SPEC.md §11): read the part again from its start.
    public static let rangeNotSatisfiable = Self(rawValue: 510)

    // MARK: Checkpoints (SPEC.md §7.2)

    /// 601: the client's state does not match the checkpoint (client-side;
    /// triggers repair, SPEC.md §7.4).
    public static let checkpointMismatch = Self(rawValue: 601)
    /// 602: a bucket width is not a power of two in 1...2^24.
    public static let bucketWidthInvalid = Self(rawValue: 602)
}
