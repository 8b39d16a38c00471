import FolioServer
import FolioWire
import Foundation
import Hummingbird

/// The editor JSON API under `/v1/editor/` (token role `editor`, enforced by
/// ``AuthMiddleware``):
///
/// | Method and path | Body | Answer |
/// |---|---|---|
/// | `PUT /v1/editor/articles/{id}` | article JSON (import format) | publish or correct |
/// | `DELETE /v1/editor/articles/{id}` | none | unpublish |
/// | `GET /v1/editor/articles/{id}` | none | the article JSON |
/// | `GET /v1/editor/comments?status=pending&after=0&limit=100` | none | comments with e-mail |
/// | `POST /v1/editor/comments/{id}/approve` and `/reject` | none | the comment |
/// | `GET /v1/editor/openapi.json` (public, holds no data) | none | this table as OpenAPI 3.1 (``EditorOpenAPI``) |
/// | `GET /moderation` (public, holds no data) | none | an HTML page that calls the API above |
struct EditorRoutes: Sendable {
    let service: FolioSyncService
    let configuration: HTTPServerConfiguration

    func register(on router: Router<FolioRequestContext>) {
        let editor = router.group("/v1/editor")
        editor.put("/articles/:id") { request, context in try await put(request, context) }
        editor.delete("/articles/:id") { _, context in
            JSONResponses.encode(ArticleWriteResult(try await service.unpublish(articleID: try Self.id(context))))
        }
        editor.get("/articles/:id") { _, context in
            guard let article = try await service.storage.article(id: try Self.id(context)) else {
                throw FolioHTTPError(.notFound, "no such article")
            }
            return JSONResponses.encode(article.content)
        }
        editor.get("/comments") { request, _ in
            let query = request.uri.queryParameters
            var status: ModerationStatus?
            if let text = query.get("status") {
                guard let parsed = ModerationStatus(rawValue: text) else {
                    throw FolioHTTPError(.badRequest, "status must be pending, approved or rejected")
                }
                status = parsed
            }
            let after = query.get("after").flatMap { Int64($0) } ?? 0
            let limit = query.get("limit").flatMap { Int($0) } ?? 100
            let comments = try await service.comments(status: status, afterID: after, limit: limit)
            return JSONResponses.encode(comments.map(EditorComment.init))
        }
        editor.post("/comments/:id/approve") { _, context in
            JSONResponses.encode(EditorComment(try await service.moderate(commentID: try Self.id(context), to: .approved)))
        }
        editor.post("/comments/:id/reject") { _, context in
            JSONResponses.encode(EditorComment(try await service.moderate(commentID: try Self.id(context), to: .rejected)))
        }
        // Protocol/editor-openapi.json; AuthMiddleware lets a GET of exactly this path through.
        editor.get("/openapi.json") { _, _ in EditorOpenAPI.response() }
        // The page holds no data and a browser cannot attach a bearer token to a
        // navigation, so it is served outside /v1/editor; its script sends the token.
        router.get("/moderation") { _, _ in ModerationPage.response() }
    }

    private func put(_ request: Request, _ context: FolioRequestContext) async throws -> Response {
        let id = try Self.id(context)
        try BodyLimit.check(request, limit: configuration.maxEditorRequestBytes)
        let bytes = try await BodyLimit.collect(request, limit: configuration.maxEditorRequestBytes)
        if let key = JSONLines.duplicateField(in: bytes) {
            throw FolioHTTPError(.badRequest, "article JSON: field \(key) appears twice")
        }
        let content: ArticleContent
        do {
            content = try JSONDecoder().decode(ArticleContent.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw FolioHTTPError(.badRequest, "article JSON: \(JSONLines.describe(error))")
        } catch {
            throw FolioHTTPError(.badRequest, "article JSON cannot be read")
        }
        guard content.id == id else { throw FolioHTTPError(.badRequest, "the path id and the article id differ") }
        let outcome = try await service.publish(content)
        if case .published = outcome { return JSONResponses.encode(ArticleWriteResult(outcome), status: .created) }
        return JSONResponses.encode(ArticleWriteResult(outcome))
    }

    /// The positive `:id` of the path; 400 otherwise.
    static func id(_ context: FolioRequestContext) throws -> Int64 {
        guard let text = context.parameters.get("id"), let id = Int64(text), id > 0 else {
            throw FolioHTTPError(.badRequest, "the id must be a positive integer")
        }
        return id
    }
}
