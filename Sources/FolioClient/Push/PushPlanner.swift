import FolioStore
import FolioWire
import Foundation

/// The upload lane's decisions, without I/O (SPEC.md §10, §14.2): which comments to
/// send, and what a push's outcome means for each of them.
///
/// Uploads run on their own path: a failing push never blocks a pull. Each
/// comment retries on its own schedule, with its own attempt count, and
/// always with the same idempotency key, so a timeout ("outcome unknown")
/// followed by a retry stores the comment once.
public struct PushPlanner: Sendable {
    /// The backoff between attempts of one comment.
    public var backoff: Backoff
    /// The most comments in one push request.
    public var batchSize: Int

    /// Creates a planner.
    public init(backoff: Backoff = Backoff(), batchSize: Int = 100) {
        self.backoff = backoff
        self.batchSize = max(1, batchSize)
    }

    /// The request that sends `comments`, which the caller took from
    /// ``FolioStore/dueComments(now:limit:)`` and marked as sending.
    public func request(for comments: [OutboxComment], clientKey: Data) -> WirePushRequest {
        var request = WirePushRequest()
        request.clientKey = clientKey
        request.comments = comments.map { comment in
            var submission = WireCommentSubmission()
            submission.idempotencyKey = comment.key.bytes
            submission.articleID = comment.articleID
            submission.name = comment.name
            submission.email = comment.email
            submission.text = comment.text
            submission.createdAt = comment.createdAt
            return submission
        }
        return request
    }

    /// What the outcome of a push means for each comment it carried.
    ///
    /// - parameters:
    ///   - sent: the comments of the request, with the attempt counts after
    ///     this attempt.
    ///   - outcome: the server's response, or how the request failed.
    ///   - now: the current time in Unix milliseconds.
    ///   - random: draws a number in 0..<1 for the jitter of each retry.
    /// - returns: one result for each sent comment, in order.
    public func results(
        for sent: [OutboxComment], outcome: Result<WirePushResponse, TransportFailure>, now: Int64,
        random: () -> Double
    ) -> [OutboxResult] {
        switch outcome {
        case .success(let response):
            var byKey: [Data: WireCommentResult] = [:]
            for result in response.results where byKey[result.idempotencyKey] == nil {
                byKey[result.idempotencyKey] = result
            }
            return sent.map { comment in
                switch byKey[comment.key.bytes]?.outcome {
                case .accepted(let accepted)?:
                    return .accepted(key: comment.key, serverID: accepted.commentID,
                                     moderation: ModerationStatus(accepted.status))
                case .rejected(let rejected)? where rejected.reason == .rateLimited:
                    // Over the server's comment budget (SPEC.md §10.2): not
                    // refused, only early; the same key goes again later.
                    return retry(comment, now: now, minimumDelay: Int64(max(1, rejected.retryAfterSeconds)) * 1_000,
                                 random: random)
                case .rejected(let rejected)?:
                    return .rejected(key: comment.key, code: Self.reasonCode(rejected.reason),
                                     reason: rejected.message.isEmpty ? Self.reasonText(rejected.reason) : rejected.message)
                case nil:
                    // The server left this comment out: treat it as not answered.
                    return retry(comment, now: now, minimumDelay: 0, random: random)
                }
            }
        case .failure(let failure):
            // Whatever the failure, the outcome of each comment is unknown or
            // the request never arrived: retry with the same keys. A request-
            // level 4xx (an unsupported version, say) is not the comment's
            // fault either, so it waits the longest backoff instead of being
            // rejected.
            let minimum = failure.retryAfterMilliseconds ?? (failure.isTransient ? 0 : backoff.capMilliseconds)
            return sent.map { retry($0, now: now, minimumDelay: minimum, random: random) }
        }
    }

    private func retry(_ comment: OutboxComment, now: Int64, minimumDelay: Int64, random: () -> Double) -> OutboxResult {
        let delay = max(minimumDelay, backoff.delay(afterFailures: max(1, comment.attempts), random: random()))
        return .retry(key: comment.key, nextAttemptAt: now + delay)
    }

    /// The stable reason code a rejected comment shows (SPEC.md §10.2).
    static func reasonCode(_ reason: WireCommentRejectReason) -> String {
        switch reason {
        case .invalid: "comment.invalid"
        case .tooLong: "comment.too_long"
        case .unknownArticle: "comment.unknown_article"
        case .commentsClosed: "comment.comments_closed"
        case .keyReused: "comment.key_reused"
        case .badKey: "comment.bad_key"
        case .rateLimited: "comment.rate_limited"
        case .unspecified, .UNRECOGNIZED: "comment.rejected"
        }
    }

    static func reasonText(_ reason: WireCommentRejectReason) -> String {
        switch reason {
        case .invalid: "The comment is missing a name or text, or the email address is not valid."
        case .tooLong: "The comment is too long."
        case .unknownArticle: "The article no longer exists."
        case .commentsClosed: "Comments on this article are closed."
        case .keyReused: "The comment was changed after it was first sent."
        case .badKey: "The comment's key is not valid."
        case .rateLimited: "Too many comments were sent; this one will be sent again later."
        case .unspecified, .UNRECOGNIZED: "The server refused the comment."
        }
    }
}

extension ModerationStatus {
    /// The store's status for a wire status; an unknown value reads as pending.
    public init(_ wire: WireCommentStatus) {
        switch wire {
        case .approved: self = .approved
        case .rejected: self = .rejected
        case .pending, .unspecified, .UNRECOGNIZED: self = .pending
        }
    }
}

extension UUID {
    /// The 16 bytes of the UUID, as the wire carries idempotency keys.
    public var bytes: Data {
        withUnsafeBytes(of: uuid) { Data($0) }
    }
}
