import Foundation

extension FolioWireError.Code {
    /// The HTTP status a server answers with for this code (SPEC.md §12.1),
    /// or nil for codes only a client detects (3xx deltas, 6xx checkpoints).
    public var httpStatus: Int? {
        switch rawValue {
        case 105, 203, 204, 504: 413
        case 101...109, 201...207, 401, 502: 400
        case 208, 507: 500
        case 402: 409
        case 403, 508: 410
        case 501: 426
        case 503: 404
        case 505: 429
        case 506: 503
        case 509: 415
        case 510: 416
        default: nil
        }
    }

    /// The code a client assumes for an error response whose code it does
    /// not know, from the HTTP status class (SPEC.md §12.1).
    public static func fallback(forHTTPStatus status: Int) -> Self {
        status >= 500 ? .internalError : .badRequest
    }
}

extension FolioWireError {
    /// The `ErrorResponse` message a server sends for this error (SPEC.md §12.2).
    ///
    /// - Parameters:
    ///   - retryAfterSeconds: for 505 and 506; 0 means not given.
    ///   - supportedVersions: for 501, the versions the server speaks.
    public func response(retryAfterSeconds: UInt32 = 0, supportedVersions: [UInt32] = []) -> WireErrorResponse {
        var response = WireErrorResponse()
        response.code = UInt32(clamping: code.rawValue)
        response.message = message
        response.retryAfterSeconds = retryAfterSeconds
        response.supportedVersions = supportedVersions
        return response
    }

    /// The error an `ErrorResponse` describes, as a client sees it.
    public init(response: WireErrorResponse) {
        self.init(Code(rawValue: Int(response.code)), response.message)
    }
}
