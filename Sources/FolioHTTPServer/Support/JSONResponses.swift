import FolioServer
import FolioWire
import Foundation
import Hummingbird

/// JSON bodies of the editor API and of `/health`.
enum JSONResponses {
    static func encode(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `{"code": 502, "message": "…"}` with the status and `Folio-Error`.
    static func error(_ error: FolioHTTPError) -> Response {
        var response = encode(ErrorBody(code: error.code.rawValue, message: error.message),
                              status: HTTPResponse.Status(code: error.status))
        response.headers[HeaderNames.folioError] = String(error.code.rawValue)
        if error.retryAfterSeconds > 0 { response.headers[.retryAfter] = String(error.retryAfterSeconds) }
        return response
    }

    struct ErrorBody: Encodable {
        var code: Int
        var message: String
    }
}

/// A comment as editors see it, e-mail included: the JSON of the editor API
/// and of `folio-server comments list --json`.
public struct EditorComment: Codable, Sendable {
    /// The server's comment id.
    public var id: Int64
    /// The article it is about.
    public var articleId: Int64
    /// The commenter's name.
    public var name: String
    /// The commenter's email address (editors only).
    public var email: String
    /// The comment.
    public var text: String
    /// When the commenter wrote it, ISO 8601.
    public var createdAt: String
    /// When the server received it, ISO 8601.
    public var receivedAt: String
    /// Its moderation status.
    public var status: ModerationStatus

    /// The editor's view of a stored comment.
    public init(_ comment: StoredComment) {
        id = comment.id
        articleId = comment.articleID
        name = comment.name
        email = comment.email
        text = comment.text
        createdAt = Timestamp.iso8601(fromMilliseconds: comment.createdAt)
        receivedAt = Timestamp.iso8601(fromMilliseconds: comment.receivedAt)
        status = comment.status
    }
}

/// The result of an editor's article write.
struct ArticleWriteResult: Codable, Sendable {
    var outcome: String
    var id: Int64
    var revision: Int64
    var sequence: UInt64
    var unpublished: Bool

    init(_ outcome: ArticleWriteOutcome) {
        switch outcome {
        case .published: self.outcome = "published"
        case .corrected: self.outcome = "corrected"
        case .unpublished: self.outcome = "unpublished"
        case .unchanged: self.outcome = "unchanged"
        }
        id = outcome.article.id
        revision = outcome.article.revision
        sequence = outcome.article.sequence
        unpublished = outcome.article.isRemoved
    }
}
