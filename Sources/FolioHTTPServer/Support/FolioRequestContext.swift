import FolioServer
import Hummingbird

/// The request context of the Folio routes: Hummingbird's core storage,
/// the caller's address (for rate limits) and the role of its token.
public struct FolioRequestContext: RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The peer's IP address, if known.
    public var remoteAddress: String?
    /// The role of the request's valid bearer token, set by the auth middleware.
    public var role: TokenRole?

    /// Creates a context for a request arriving on a channel.
    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Bodies decoded by Hummingbird's JSON decoder are bounded by the
    /// editor limit; frame routes collect their bodies with their own limit.
    public var maxUploadSize: Int { 2 << 20 }
}
