import FolioServer
import Hummingbird

/// Bearer-token authorisation (`Authorization: Bearer <token>`).
///
/// - Editor routes (`/v1/editor/…`, decided on the normalised path, so that
///   no spelling of the path skips the check): 401 without a valid token,
///   403 for a reader token.
/// - Sync routes (`/v2/…`): public unless ``HTTPServerConfiguration/requireTokenForSync``;
///   a token that is sent must be valid (401 otherwise).
/// - `/health`, `/metrics` and the data-free `/moderation` page: public.
/// - `GET /v1/editor/openapi.json` (``EditorOpenAPI``), the editor API's
///   description: public, but only a `GET` of exactly that path as sent, so
///   that no other spelling or method of an editor path skips the check.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = FolioRequestContext
    let service: FolioSyncService
    let requireTokenForSync: Bool

    func handle(
        _ request: Request, context: FolioRequestContext,
        next: (Request, FolioRequestContext) async throws -> Response
    ) async throws -> Response {
        let path = PathNormalizer.normalize(request.uri.path)
        if path == "/health" || path == "/metrics" || path == "/moderation" { return try await next(request, context) }
        if request.method == .get, request.uri.path == EditorOpenAPI.path { return try await next(request, context) }
        var context = context
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer",
                  let role = try await service.verifyToken(String(parts[1]))
            else { throw FolioHTTPError.unauthorized() }
            context.role = role
        }
        if PathNormalizer.isEditor(path) {
            guard let role = context.role else { throw FolioHTTPError.unauthorized() }
            guard role == .editor else { throw FolioHTTPError.forbidden() }
        } else if requireTokenForSync, PathNormalizer.isProtocol(path), context.role == nil {
            throw FolioHTTPError.unauthorized()
        }
        return try await next(request, context)
    }
}
