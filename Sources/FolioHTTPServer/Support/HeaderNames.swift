import FolioWire
import Hummingbird

/// Header names of the HTTP binding (SPEC.md §5.1). The literals are valid
/// field names, so the fallbacks never apply; they exist only to avoid `!`.
enum HeaderNames {
    static let folioProtocol = HTTPFields.Element.Name(FolioProtocol.versionHeader) ?? .via
    static let folioError = HTTPFields.Element.Name(FolioProtocol.errorHeader) ?? .via
    static let requestID = HTTPFields.Element.Name("Folio-Request-Id") ?? .via
    /// Read only from trusted proxies (``ClientAddress``).
    static let forwardedFor = HTTPFields.Element.Name("X-Forwarded-For") ?? .via
}
