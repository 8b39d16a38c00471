import FolioWire

/// How a request failed, as a transport reports it to the sync logic.
///
/// Every failure falls in one class of SPEC.md §12.4: ``isFatal`` ones stop
/// both lanes of the sync; every other one is ``isTransient``: it backs off
/// and retries (the cursor codes E401 to E403 lead to a full comparison
/// first, and a push too large for the server is split).
public enum TransportFailure: Error, Sendable, Hashable {
    /// The request may or may not have reached the server: no answer in time.
    case timeout
    /// The server could not be reached; the request did not leave.
    case unreachable
    /// The server answered with an error status and, when it sent one, the
    /// SPEC.md §12 error code and its Retry-After in seconds.
    case server(status: Int, code: UInt32?, retryAfterSeconds: UInt32?)
    /// The server's bytes decoded, but break the protocol (a page that names
    /// an unknown kind, a repair that settles nothing): a server bug or a
    /// damaged answer, retried after a back-off.
    case malformed(String)
    /// The server's bytes could not be decoded: the SPEC.md §12.1 code the
    /// client found (E101 to E109, E201 to E208) and why.
    case undecodable(code: UInt32, reason: String)

    /// Codes that stop both lanes (SPEC.md §12.4).
    static let fatalCodes: Set<UInt32> = [501, 103, 509, 602]

    /// Whether retrying later may succeed (SPEC.md §12.4): everything that is
    /// not fatal. Network errors, timeouts, 5xx, 408, 429, a body that is not
    /// a valid frame (a captive portal, a damaged link: E101 to E109, E201 to
    /// E208), a superseded snapshot part (410, E508), and the 4xx codes the
    /// table does not name.
    public var isTransient: Bool { !isFatal }

    /// Whether the server refused the request as too large (413: E105, E504),
    /// so that a smaller one may pass (SPEC.md §12.4, class `request`).
    public var isTooLarge: Bool {
        if case .server(let status, let code, _) = self { return status == 413 || code == 105 || code == 504 }
        return false
    }

    /// Whether the sync must stop, uploads included, until something changes
    /// on this side (SPEC.md §12.4, class `fatal`): the server no longer
    /// speaks this version (426, E501), does not speak the frame's version
    /// (E103), refuses the media type (E509), or sent an invalid bucket
    /// width (E602).
    public var isFatal: Bool {
        switch self {
        case .timeout, .unreachable, .malformed: return false
        case .undecodable(let code, _): return Self.fatalCodes.contains(code)
        case .server(let status, let code, _): return status == 426 || code.map(Self.fatalCodes.contains) == true
        }
    }

    /// Whether a snapshot part is gone (410, E508): the client fetches the
    /// manifest again and goes on with what it has applied (SPEC.md §11).
    public var isSnapshotGone: Bool {
        if case .server(let status, let code, _) = self { return code == 508 || (status == 410 && code == nil) }
        return false
    }

    /// Whether the server no longer speaks this client's version (426, E501).
    public var isVersionUnsupported: Bool {
        if case .server(let status, let code, _) = self { return status == 426 || code == 501 }
        return false
    }

    /// The server's Retry-After, in milliseconds, when it gave one.
    public var retryAfterMilliseconds: Int64? {
        if case .server(_, _, let seconds?) = self { return Int64(seconds) * 1000 }
        return nil
    }

    /// The failure as the module's error.
    public var clientError: FolioClientError {
        switch self {
        case .timeout: FolioClientError(.timeout, "the server did not answer in time")
        case .unreachable: FolioClientError(.unreachable, "the server cannot be reached")
        case .server where isVersionUnsupported:
            FolioClientError(.unsupportedVersion,
                             "the server no longer speaks this client's protocol version; update the app")
        case .server(let status, let code, _):
            FolioClientError(.server, "the server answered \(status)" + (code.map { " (error \($0))" } ?? ""))
        case .malformed(let reason): FolioClientError(.malformedResponse, reason)
        case .undecodable(let code, let reason): FolioClientError(.malformedResponse, "E\(code): \(reason)")
        }
    }

    /// The failure of a wire error the client found decoding an answer.
    public init(_ error: FolioWireError) {
        self = .undecodable(code: UInt32(error.code.rawValue), reason: error.description)
    }
}
