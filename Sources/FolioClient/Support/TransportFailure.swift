/// How a request failed, as a transport reports it to the sync logic.
public enum TransportFailure: Error, Sendable, Hashable {
    /// The request may or may not have reached the server: no answer in time.
    case timeout
    /// The server could not be reached; the request did not leave.
    case unreachable
    /// The server answered with an error status and, when it sent one, the
    /// SPEC.md §12 error code and its Retry-After in seconds.
    case server(status: Int, code: UInt32?, retryAfterSeconds: UInt32?)
    /// The server's bytes could not be decoded.
    case malformed(String)

    /// Whether retrying later may succeed.
    public var isTransient: Bool {
        switch self {
        case .timeout, .unreachable: true
        case .server(let status, _, _): status == 408 || status == 425 || status == 429 || status >= 500
        case .malformed: false
        }
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
        case .server(let status, let code, _):
            FolioClientError(.server, "the server answered \(status)" + (code.map { " (error \($0))" } ?? ""))
        case .malformed(let reason): FolioClientError(.malformedResponse, reason)
        }
    }
}
