import FolioWire
import Foundation
import Metrics

extension FolioSyncService {
    /// Stores queued comments (SPEC.md §10.1), each exactly once per
    /// (client key, idempotency key), and answers one result per submission
    /// in request order (SPEC.md §10.2). Accepted and refused keys are both
    /// remembered (SPEC.md §10.3): a retry with the same key and body gets the
    /// first reply; the same key with another body is refused with
    /// `COMMENT_REJECT_REASON_KEY_REUSED`. New comments are pending.
    ///
    /// - Throws: ``FolioServerError/Code/clientKeyInvalid`` for a missing or
    ///   malformed client key, ``FolioServerError/Code/badRequest`` for too
    ///   many submissions.
    ///
    /// - parameter admission: the sender's comment budgets, asked once for
    ///   each submission that is not a replay (nil: no budget).
    public func push(_ request: WirePushRequest, admission: (any CommentAdmission)? = nil) async throws
        -> WirePushResponse
    {
        guard let clientKeyHash = try Self.clientKeyHash(Array(request.clientKey), required: true) else {
            throw FolioServerError(.clientKeyInvalid, "client_key is required")
        }
        guard request.comments.count <= configuration.maxCommentsPerPush else {
            throw FolioServerError(.requestTooLarge, "at most \(configuration.maxCommentsPerPush) comments per push: split the request")
        }
        var response = WirePushResponse()
        var stored = false
        for submission in request.comments {
            let result = try await store(submission, clientKeyHash: clientKeyHash, admission: admission)
            if case .accepted? = result.outcome { stored = true }
            response.results.append(result)
        }
        if stored { await notifier.notify() }
        return response
    }

    private func store(
        _ submission: WireCommentSubmission, clientKeyHash: [UInt8], admission: (any CommentAdmission)?
    ) async throws -> WireCommentResult {
        var result = WireCommentResult()
        result.idempotencyKey = submission.idempotencyKey
        let key = Array(submission.idempotencyKey)
        guard CommentValidator.isUUIDv7(key) else {
            return Self.refusal(result, PushRejection(reason: WireCommentRejectReason.badKey.rawValue,
                                                      message: "idempotency_key must be a 16-byte UUIDv7"))
        }
        let bodyHash = Self.bodyHash(submission)
        // SPEC.md §10.3: a remembered key answers its first reply, or KEY_REUSED.
        if let record = try await storage.pushRecord(idempotencyKey: key) {
            return Self.replay(record, bodyHash: bodyHash, result: result)
        }
        // Every submission that is not a replay counts toward the budgets,
        // valid or not; a budget refusal is not remembered: the same key is
        // simply sent again later.
        if let admission, let wait = await admission.admitOne() {
            Counter(label: "folio_comments_pushed_total", dimensions: [("outcome", "rate_limited")]).increment()
            var rejected = WireCommentRejected()
            rejected.reason = .rateLimited
            rejected.message = "too many comments: send this one again in \(wait) s"
            rejected.retryAfterSeconds = wait
            var limited = result
            limited.rejected = rejected
            return limited
        }
        var problem = CommentValidator.problem(name: submission.name, email: submission.email, text: submission.text)
        let receivedAt = now()
        if problem == nil, submission.createdAt < 0 {
            problem = CommentValidator.Problem(reason: .invalid, message: "created_at must not be negative")
        }
        if problem == nil, submission.createdAt > receivedAt + CommentRules.maxFutureMilliseconds {
            problem = CommentValidator.Problem(reason: .invalid, message: "created_at is more than 24 hours in the future")
        }
        if let problem {
            return try await remember(PushRejection(reason: problem.reason.rawValue, message: problem.message),
                                      clientKeyHash: clientKeyHash, key: key, bodyHash: bodyHash, result: result)
        }
        let record = NewCommentRecord(
            articleID: submission.articleID, name: submission.name, email: submission.email, text: submission.text,
            createdAt: submission.createdAt, receivedAt: receivedAt, status: .pending,
            origin: .push(clientKeyHash: clientKeyHash, idempotencyKey: key, bodyHash: bodyHash))
        switch try await storage.insertComment(record) {
        case .stored(let first):
            Counter(label: "folio_comments_pushed_total", dimensions: [("outcome", "stored")]).increment()
            return Self.acceptance(result, first)
        case .replayed(let first):
            Counter(label: "folio_comments_pushed_total", dimensions: [("outcome", "replayed")]).increment()
            return Self.acceptance(result, first)
        case .keyReused:
            guard let record = try await storage.pushRecord(idempotencyKey: key) else {
                return Self.refusal(result, PushRejection(reason: WireCommentRejectReason.keyReused.rawValue,
                                                          message: "idempotency_key was used before with a different comment"))
            }
            return Self.replay(record, bodyHash: bodyHash, result: result)
        case .unknownArticle:
            return try await remember(
                PushRejection(reason: WireCommentRejectReason.unknownArticle.rawValue,
                              message: "article \(submission.articleID) is not published"),
                clientKeyHash: clientKeyHash, key: key, bodyHash: bodyHash, result: result)
        }
    }

    private func remember(
        _ rejection: PushRejection, clientKeyHash: [UInt8], key: [UInt8], bodyHash: [UInt8], result: WireCommentResult
    ) async throws -> WireCommentResult {
        let record = try await storage.recordRejection(
            rejection, clientKeyHash: clientKeyHash, idempotencyKey: key, bodyHash: bodyHash, at: now())
        return Self.replay(record, bodyHash: bodyHash, result: result)
    }

    private static func replay(_ record: PushRecord, bodyHash: [UInt8], result: WireCommentResult) -> WireCommentResult {
        guard record.bodyHash == bodyHash else {
            return refusal(result, PushRejection(reason: WireCommentRejectReason.keyReused.rawValue,
                                                 message: "idempotency_key was used before with a different comment"))
        }
        switch record.reply {
        case .accepted(let receipt): return acceptance(result, receipt)
        case .rejected(let rejection): return refusal(result, rejection)
        }
    }

    private static func acceptance(_ result: WireCommentResult, _ receipt: CommentReceipt) -> WireCommentResult {
        var accepted = WireCommentAccepted()
        accepted.commentID = receipt.commentID
        accepted.status = receipt.status.wire
        var result = result
        result.accepted = accepted
        return result
    }

    private static func refusal(_ result: WireCommentResult, _ rejection: PushRejection) -> WireCommentResult {
        var rejected = WireCommentRejected()
        rejected.reason = WireCommentRejectReason(rawValue: rejection.reason) ?? .invalid
        rejected.message = rejection.message
        var result = result
        result.rejected = rejected
        Counter(label: "folio_comments_pushed_total", dimensions: [("outcome", "rejected")]).increment()
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
