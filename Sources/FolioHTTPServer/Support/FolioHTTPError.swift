import FolioServer
import FolioWire

/// The one error type of `FolioHTTPServer`: a SPEC.md §12 wire code, which
/// fixes the HTTP status, a message for the client, and an optional
/// `Retry-After`.
public struct FolioHTTPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The SPEC.md §12 code.
    public let code: FolioWireError.Code
    /// The HTTP status, agreeing with `code` (SPEC.md §12.2).
    public let status: Int
    /// A message that never contains another user's data.
    public let message: String
    /// Seconds to wait before retrying (429, 503); 0 if not given.
    public let retryAfterSeconds: UInt32

    /// The (status, code) pairs SPEC.md §12.1 allows beside its table: 401
    /// and 403 with E502 for tokens, 405 with E503 for a method a path does
    /// not take.
    static let statusesBesideTheTable: [(status: Int, code: Int)] = [(401, 502), (403, 502), (405, 503)]

    /// Creates an error; the status follows from the code (400 if the code
    /// has none). A `status` is used only when SPEC.md §12.1 allows it with
    /// this code (``statusesBesideTheTable``), so that every response's
    /// status and `Folio-Error` agree with the spec.
    public init(_ code: FolioWireError.Code, _ message: String, status: Int? = nil, retryAfterSeconds: UInt32 = 0) {
        self.code = code
        let allowed = status.map { status in
            status == code.httpStatus || Self.statusesBesideTheTable.contains { $0 == (status, code.rawValue) }
        } ?? false
        self.status = allowed ? (status ?? 400) : (code.httpStatus ?? 400)
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// `E<code> (<status>): <message>`.
    public var description: String { "E\(code.rawValue) (\(status)): \(message)" }

    /// 401: no token or an unknown token.
    static func unauthorized() -> Self {
        FolioHTTPError(.badRequest, "a valid bearer token is required", status: 401)
    }

    /// 403: the token's role may not use this route.
    static func forbidden() -> Self {
        FolioHTTPError(.badRequest, "this token may not use editor routes", status: 403)
    }

    /// Maps any error of the lower layers onto a client-facing error.
    static func from(_ error: any Error) -> Self {
        switch error {
        case let error as FolioHTTPError: return error
        case let error as FolioWireError: return FolioHTTPError(error.code, error.message)
        case let error as FolioServerError:
            let code = error.code.wireCode
            let message = code == .internalError ? "the server failed" : error.message
            return FolioHTTPError(code, message)
        default: return FolioHTTPError(.internalError, "the server failed")
        }
    }
}
