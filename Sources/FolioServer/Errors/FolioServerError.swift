import FolioWire

/// The one error type of `FolioServer`.
///
/// Every failure carries a ``Code``; the HTTP layer maps each code onto an
/// HTTP status and a SPEC.md §12 wire code through ``Code/wireCode``.
///
/// ```swift
/// do { try await service.approveComment(id: 7) }
/// catch let error as FolioServerError where error.code == .commentNotFound { … }
/// ```
public struct FolioServerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A failure category of the server.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The numeric code (1xxx: server errors, disjoint from SPEC.md §12 wire codes).
        public let rawValue: Int
        /// Creates a code from its number.
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// A printable name: `FS` and the number.
        public var description: String { "FS\(rawValue)" }
    }

    /// What went wrong.
    public let code: Code
    /// A human-readable explanation. It never contains commenter e-mail addresses.
    public let message: String

    /// Creates an error with a code and an explanation.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `FS<code>: <message>`.
    public var description: String { "\(code): \(message)" }

    /// Wraps an error of `FolioWire` (for example a malformed cursor).
    init(wire error: FolioWireError) {
        switch error.code {
        case .cursorMalformed: self.init(.cursorMalformed, error.message)
        case .cursorEpochMismatch: self.init(.cursorEpochMismatch, error.message)
        default: self.init(.badRequest, error.description)
        }
    }
}

extension FolioServerError.Code {
    /// 1001: the request is malformed in a way no other code names.
    public static let badRequest = Self(rawValue: 1001)
    /// 1002: an article is invalid (missing field, bad language, NUL, too long).
    public static let articleInvalid = Self(rawValue: 1002)
    /// 1003: no article with that id exists.
    public static let articleNotFound = Self(rawValue: 1003)
    /// 1004: no comment with that id exists.
    public static let commentNotFound = Self(rawValue: 1004)
    /// 1005: a line of an import file cannot be read.
    public static let importLineInvalid = Self(rawValue: 1005)
    /// 1006: the storage failed (I/O, corrupt database, constraint).
    public static let storageFailure = Self(rawValue: 1006)
    /// 1007: the cursor is not a valid encoding (wire code 401).
    public static let cursorMalformed = Self(rawValue: 1007)
    /// 1008: the cursor belongs to another server epoch (wire code 402).
    public static let cursorEpochMismatch = Self(rawValue: 1008)
    /// 1009: the cursor is older than the tombstone horizon (wire code 403).
    public static let cursorExpired = Self(rawValue: 1009)
    /// 1010: the client key is not 16...64 bytes.
    public static let clientKeyInvalid = Self(rawValue: 1010)
    /// 1011: no token, or a token the server does not know.
    public static let unauthorized = Self(rawValue: 1011)
    /// 1012: the token's role may not do this.
    public static let forbidden = Self(rawValue: 1012)
    /// 1013: the database was written by a newer server or another application.
    public static let databaseIncompatible = Self(rawValue: 1013)
    /// 1014: a comment is invalid (used by imports; pushes answer per comment).
    public static let commentInvalid = Self(rawValue: 1014)
    /// 1015: the snapshot part no longer exists (wire code 508, HTTP 410).
    public static let snapshotGone = Self(rawValue: 1015)
    /// 1016: a request holds more items than one request may (more than 100
    /// comments, more than 64 ranges): the client splits it (wire code 504, HTTP 413).
    public static let requestTooLarge = Self(rawValue: 1016)
    /// 1017: a snapshot part path no manifest of this server listed (wire code 503, HTTP 404).
    public static let snapshotPartUnknown = Self(rawValue: 1017)

    /// The SPEC.md §12 wire code that reports this failure to a client.
    public var wireCode: FolioWireError.Code {
        switch self {
        case .cursorMalformed: .cursorMalformed
        case .cursorEpochMismatch: .cursorEpochMismatch
        case .cursorExpired: .cursorExpired
        case .articleNotFound, .commentNotFound: .notFound
        case .snapshotGone: .snapshotGone
        case .requestTooLarge: .payloadTooLarge
        case .snapshotPartUnknown: .notFound
        case .storageFailure, .databaseIncompatible: .internalError
        default: .badRequest
        }
    }
}
