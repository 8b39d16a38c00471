/// The one error type of `FolioClient`.
///
/// Codes map onto SPEC.md §12 where the server named the failure, and onto
/// client-side conditions otherwise. Match an error by its ``code``.
public struct FolioClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A failure category. Raw values are stable and appear in the CLI's output.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The server could not be reached (DNS, refused connection, no network).
        case unreachable = "client.unreachable"
        /// The server did not answer in time; the outcome of the request is unknown.
        case timeout = "client.timeout"
        /// The server answered with an error status.
        case server = "client.server"
        /// The server speaks no protocol version this client speaks.
        case unsupportedVersion = "client.unsupported_version"
        /// The server's bytes could not be decoded.
        case malformedResponse = "client.malformed_response"
        /// The local state still differs from the server's after the bounded repair.
        case checksumMismatch = "client.checksum_mismatch"
        /// The local store failed.
        case store = "client.store"
        /// Another sync of the same store is already running.
        case busy = "client.busy"
    }

    /// What went wrong.
    public let code: Code
    /// A human-readable explanation.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `client.code: message`.
    public var description: String { "\(code.rawValue): \(message)" }
}
