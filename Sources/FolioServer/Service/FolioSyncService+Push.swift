import FolioWire
import Foundation
import Metrics

extension FolioSyncService {
    /// Stores queued comments (SPEC.md §10.1), each exactly once per
    /// (client key, idempotency key), and answers one result per submission
    /// in request order (SPEC.md §10.2). A retry with the same key and body
    /// gets the first reply; the same key with another body is refused with
    /// `COMMENT_REJECT_REASON_KEY_REUSED`. New comments are pending.
    ///
    /// - Throws: ``FolioServerError/Code/clientKeyInvalid`` for a missing or
    ///   malformed client key, ``FolioServerError/Code/badRequest`` for too
    ///   many submissions.
    public func push(_ request: WirePushRequest) async throws -> WirePushResponse {
        guard let clientKeyHash = try Self.clientKeyHash(Array(request.clientKey), required: true) else {
            throw FolioServerError(.clientKeyInvalid, "client_key is required")
        }
        guard request.comments.count <= configuration.maxCommentsPerPush else {
            throw FolioServerError(.badRequest, "at most \(configuration.maxCommentsPerPush) comments per push")
        }
        var response = WirePushResponse()
        var stored = false
        for submission in request.comments {
            let result = try await store(submission, clientKeyHash: clientKeyHash)
            if case .accepted? = result.outcome { stored = true }
            response.results.append(result)
        }
        if stored { await notifier.notify() }
        return response
    }

    private func store(_ submission: WireCommentSubmission, clientKeyHash: [UInt8]) async throws -> WireCommentResult {
        var result = WireCommentResult()
        result.idempotencyKey = submission.idempotencyKey
        let key = Array(submission.idempotencyKey)
        func reject(_ reason: WireCommentRejectReason, _ message: String) -> WireCommentResult {
            var rejected = WireCommentRejected()
            rejected.reason = reason
            rejected.message = message
            var refused = result
            refused.rejected = rejected
            Counter(label: "folio_comments_pushed_total", dimensions: [("outcome", "rejected")]).increment()
            return refused
        }
        guard CommentValidator.isUUIDv7(key) else {
            return reject(.badKey, "idempotency_key must be a 16-byte UUIDv7")
        }
        if let problem = CommentValidator.problem(name: submission.name, email: submission.email, text: submission.text) {
            return reject(problem.reason, problem.message)
        }
        guard submission.createdAt >= 0 else { return reject(.invalid, "created_at must not be negative") }
        let record = NewCommentRecord(
            articleID: submission.articleID, name: submission.name, email: submission.email, text: submission.text,
            createdAt: submission.createdAt, receivedAt: now(), status: .pending,
            origin: .push(clientKeyHash: clientKeyHash, idempotencyKey: key, bodyHash: Self.bodyHash(submission)))
        let receipt: CommentReceipt
        switch try await storage.insertComment(record) {
        case .stored(let first):
            receipt = first
            Counter(label: "folio_comments_pushed_total", dimensions: [("outcome", "stored")]).increment()
        case .replayed(let first):
            receipt = first
            Counter(label: "folio_comments_pushed_total", dimensions: [("outcome", "replayed")]).increment()
        case .keyReused:
            return reject(.keyReused, "idempotency_key was used before with a different comment")
        case .unknownArticle:
            return reject(.unknownArticle, "article \(submission.articleID) is not published")
        }
        var accepted = WireCommentAccepted()
        accepted.commentID = receipt.commentID
        accepted.status = receipt.status.wire
        result.accepted = accepted
        return result
    }

    /// SHA-256 of the canonical body of a submission: the domain string
    /// `folio-comment-v1`, article id and created_at as 8 bytes big-endian,
    /// then name, e-mail and text, each as a 4-byte big-endian length and its
    /// UTF-8. The idempotency key is not part of the body.
    static func bodyHash(_ submission: WireCommentSubmission) -> [UInt8] {
        var bytes = Array("folio-comment-v1".utf8)
        for value in [submission.articleID, submission.createdAt] {
            withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
        }
        for field in [submission.name, submission.email, submission.text] {
            let utf8 = Array(field.utf8)
            withUnsafeBytes(of: UInt32(utf8.count).bigEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: utf8)
        }
        return Hashing.sha256(bytes)
    }
}
