import Foundation
import FolioStore
import FolioWire
import Testing
@testable import FolioClient

@Suite struct PushPlannerTests {
    static let planner = PushPlanner(backoff: Backoff(baseMilliseconds: 1_000, capMilliseconds: 8_000, jitter: 1...1))

    /// Three comments in the outbox of a fresh store, marked as sent once.
    static func sentComments() throws -> (FolioStore, [OutboxComment]) {
        let store = try FolioStore.inMemory()
        try store.apply(SyncBatch(epoch: "e", cursor: Data([1]), articles: [Article(
            id: 1, newsCode: 1, language: "en", title: "T", lead: "", body: "", author: "", source: "",
            publishedAt: 0, updatedAt: 0, regions: [], topics: [], kind: .article, readingMinutes: 1, related: [], revision: 1)]))
        for index in 0..<3 {
            try store.enqueueComment(NewComment(articleID: 1, name: "R\(index)", email: "r\(index)@example.org", text: "Text \(index)"), now: 100 + Int64(index))
        }
        let due = try store.dueComments(now: 1_000)
        try store.markSending(due.map(\.key), now: 1_000)
        return (store, try store.outbox())
    }

    @Test func requestCarriesEveryFieldAndTheKeyBytes() throws {
        let (_, sent) = try Self.sentComments()
        let request = Self.planner.request(for: sent, clientKey: Data(repeating: 7, count: 16))
        #expect(request.clientKey == Data(repeating: 7, count: 16))
        #expect(request.comments.map(\.name) == ["R0", "R1", "R2"])
        #expect(request.comments.map(\.email) == ["r0@example.org", "r1@example.org", "r2@example.org"])
        #expect(request.comments.map(\.createdAt) == [100, 101, 102])
        #expect(request.comments.map(\.idempotencyKey.count) == [16, 16, 16])
        #expect(request.comments[0].idempotencyKey == sent[0].key.bytes)
        #expect(UUID(uuidString: sent[0].key.uuidString) == sent[0].key)
    }

    @Test func aRateLimitedCommentStaysQueuedUntilTheServersRetryTime() throws {
        let (store, sent) = try Self.sentComments()
        var response = WirePushResponse()
        response.results = sent.map { comment in
            var result = WireCommentResult()
            result.idempotencyKey = comment.key.bytes
            var rejected = WireCommentRejected()
            rejected.reason = .rateLimited
            rejected.retryAfterSeconds = 30
            result.rejected = rejected
            return result
        }
        let results = Self.planner.results(for: sent, outcome: .success(response), now: 5_000, random: { 0.5 })
        #expect(results == sent.map { .retry(key: $0.key, nextAttemptAt: 35_000) })
        try store.recordPushResults(results, now: 5_000)
        #expect(try store.outbox().map(\.state) == [.sending, .sending, .sending])
        #expect(try store.dueComments(now: 34_999).isEmpty)
        #expect(try store.dueComments(now: 35_000).count == 3)
    }

    @Test func perItemResultsAcceptRejectAndRetryTheMissingOne() throws {
        let (store, sent) = try Self.sentComments()
        var response = WirePushResponse()
        var accepted = WireCommentResult()
        accepted.idempotencyKey = sent[0].key.bytes
        var acceptedOutcome = WireCommentAccepted()
        acceptedOutcome.commentID = 41
        acceptedOutcome.status = .pending
        accepted.accepted = acceptedOutcome
        var rejected = WireCommentResult()
        rejected.idempotencyKey = sent[2].key.bytes
        var rejectedOutcome = WireCommentRejected()
        rejectedOutcome.reason = .tooLong
        rejected.rejected = rejectedOutcome
        response.results = [rejected, accepted]
        let results = Self.planner.results(for: sent, outcome: .success(response), now: 5_000, random: { 0.5 })
        #expect(results == [
            .accepted(key: sent[0].key, serverID: 41, moderation: .pending),
            .retry(key: sent[1].key, nextAttemptAt: 6_000),
            .rejected(key: sent[2].key, code: "comment.too_long", reason: "The comment is too long."),
        ])
        try store.recordPushResults(results, now: 5_000)
        #expect(try store.outbox().map(\.state) == [.accepted, .sending, .rejected])
        #expect(try store.dueComments(now: 5_999).isEmpty)
        #expect(try store.dueComments(now: 6_000).map(\.key) == [sent[1].key])
    }

    @Test(arguments: [
        (TransportFailure.timeout, 6_000),
        (.unreachable, 6_000),
        (.server(status: 503, code: nil, retryAfterSeconds: nil), 6_000),
        (.server(status: 429, code: 505, retryAfterSeconds: 30), 35_000),
        (.server(status: 426, code: 501, retryAfterSeconds: nil), 13_000),
        (.malformed("junk"), 6_000),
        (.server(status: 400, code: 502, retryAfterSeconds: nil), 6_000),
    ] as [(TransportFailure, Int64)])
    func failedPushRetriesEveryCommentWithTheSameKey(failure: TransportFailure, nextAttemptAt: Int64) throws {
        let (_, sent) = try Self.sentComments()
        let results = Self.planner.results(for: sent, outcome: .failure(failure), now: 5_000, random: { 0.5 })
        #expect(results == sent.map { .retry(key: $0.key, nextAttemptAt: nextAttemptAt) })
    }

    @Test func backoffGrowsWithEachCommentsOwnAttempts() throws {
        let (store, sent) = try Self.sentComments()
        var now: Int64 = 5_000
        var delays: [Int64] = []
        for _ in 0..<5 {
            let current = try store.outbox()
            let results = Self.planner.results(for: [current[0]], outcome: .failure(.timeout), now: now, random: { 0 })
            guard case .retry(_, let next) = results[0] else { Issue.record("expected a retry"); return }
            delays.append(next - now)
            try store.recordPushResults(results, now: now)
            now = next
            try store.markSending([sent[0].key], now: now)
        }
        #expect(delays == [1_000, 2_000, 4_000, 8_000, 8_000])
        #expect(try store.outboxComment(key: sent[0].key)?.attempts == 6)
        #expect(try store.outboxComment(key: sent[1].key)?.attempts == 1, "other comments keep their own count")
    }

    @Test(arguments: [
        (WireCommentRejectReason.invalid, "comment.invalid"), (.tooLong, "comment.too_long"),
        (.unknownArticle, "comment.unknown_article"), (.commentsClosed, "comment.comments_closed"),
        (.keyReused, "comment.key_reused"), (.badKey, "comment.bad_key"), (.unspecified, "comment.rejected"),
        (.UNRECOGNIZED(99), "comment.rejected"),
    ] as [(WireCommentRejectReason, String)])
    func everyRejectReasonHasAStableCode(reason: WireCommentRejectReason, code: String) {
        #expect(PushPlanner.reasonCode(reason) == code)
        #expect(!PushPlanner.reasonText(reason).isEmpty)
    }
}
