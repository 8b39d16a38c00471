import Foundation
import Testing
@testable import FolioStore

@Suite struct OutboxTests {
    func storeWithArticle(_ kind: StoreKind) throws -> FolioStore {
        let store = try kind.makeStore()
        try store.apply(Fixtures.batch([Fixtures.article(id: 1)], cursor: "c1"))
        return store
    }

    @Test(arguments: StoreKind.allCases)
    func queuedCommentCanBeEditedAndCancelledUntilSent(kind: StoreKind) throws {
        let store = try storeWithArticle(kind)
        let queued = try store.enqueueComment(Fixtures.comment, now: 1_000)
        #expect(queued.state == .queued)
        #expect(queued.attempts == 0)
        #expect(queued.nextAttemptAt == 1_000)
        let edited = try store.editQueuedComment(key: queued.key, name: "N.", email: "n@example.org", text: "Edited", now: 1_001)
        #expect(edited.text == "Edited")
        #expect(edited.key == queued.key)
        try store.cancelQueuedComment(key: queued.key)
        #expect(try store.outbox().isEmpty)
        #expect { try store.cancelQueuedComment(key: queued.key) } throws: { ($0 as? FolioStoreError)?.code == .notFound }
    }

    @Test(arguments: StoreKind.allCases)
    func sentCommentCanNoLongerChange(kind: StoreKind) throws {
        let store = try storeWithArticle(kind)
        let queued = try store.enqueueComment(Fixtures.comment)
        try store.markSending([queued.key])
        #expect { try store.editQueuedComment(key: queued.key, name: "x", email: "x@example.org", text: "y") } throws: {
            ($0 as? FolioStoreError)?.code == .outboxNotEditable
        }
        #expect { try store.cancelQueuedComment(key: queued.key) } throws: {
            ($0 as? FolioStoreError)?.code == .outboxNotEditable
        }
        #expect(try store.outboxComment(key: queued.key)?.attempts == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func dueCommentsFollowNextAttemptTimeAndResults(kind: StoreKind) throws {
        let store = try storeWithArticle(kind)
        let a = try store.enqueueComment(Fixtures.comment, now: 100)
        let b = try store.enqueueComment(Fixtures.comment, now: 200)
        let c = try store.enqueueComment(Fixtures.comment, now: 300)
        #expect(try store.dueComments(now: 250).map(\.key) == [a.key, b.key])
        try store.markSending([a.key, b.key, c.key], now: 300)
        let batch = try store.recordPushResults([
            .accepted(key: a.key, serverID: 7, moderation: .pending),
            .rejected(key: b.key, code: "comment.too_long", reason: "The comment is too long."),
            .retry(key: c.key, nextAttemptAt: 5_000),
        ], now: 301)
        #expect(try store.dueComments(now: 4_999).isEmpty)
        #expect(try store.dueComments(now: 5_000).map(\.key) == [c.key])
        #expect(try store.nextOutboxAttempt() == 5_000)
        #expect(try store.outbox(states: [.accepted]).map(\.serverID) == [7])
        let rejected = try #require(try store.outboxComment(key: b.key))
        #expect(rejected.state == .rejected)
        #expect(rejected.rejectCode == "comment.too_long")
        #expect(rejected.rejectReason == "The comment is too long.")
        #expect(try store.changes(inBatch: batch).count == 3)
        #expect(try store.recentBatches(limit: 1).first?.outboxUpdated == 3)
        let shown = try store.comments(articleID: 1)
        #expect(shown.map(\.display) == [.pending, .rejected, .pending])
        #expect(shown.map(\.isOwn) == [true, true, true])
    }

    @Test(arguments: StoreKind.allCases)
    func commentForUnknownArticleIsRefused(kind: StoreKind) throws {
        let store = try storeWithArticle(kind)
        var comment = Fixtures.comment
        comment.articleID = 99
        #expect { try store.enqueueComment(comment) } throws: { ($0 as? FolioStoreError)?.code == .notFound }
    }

    static let invalidComments: [(String, NewComment)] = [
        ("empty name", NewComment(articleID: 1, name: "  ", email: "a@example.org", text: "x")),
        ("long name", NewComment(articleID: 1, name: String(repeating: "n", count: 101), email: "a@example.org", text: "x")),
        ("no at sign", NewComment(articleID: 1, name: "A", email: "example.org", text: "x")),
        ("two at signs", NewComment(articleID: 1, name: "A", email: "a@b@example.org", text: "x")),
        ("no domain dot", NewComment(articleID: 1, name: "A", email: "a@localhost", text: "x")),
        ("space in email", NewComment(articleID: 1, name: "A", email: "a b@example.org", text: "x")),
        ("empty text", NewComment(articleID: 1, name: "A", email: "a@example.org", text: "\n ")),
        ("long text", NewComment(articleID: 1, name: "A", email: "a@example.org", text: String(repeating: "t", count: 4001))),
        ("long text in scalars", NewComment(articleID: 1, name: "A", email: "a@example.org", text: String(repeating: "e\u{301}", count: 2001))),
        ("NUL in text", NewComment(articleID: 1, name: "A", email: "a@example.org", text: "a\u{0}b")),
        ("bad article", NewComment(articleID: 0, name: "A", email: "a@example.org", text: "x")),
        ("escape in name", NewComment(articleID: 1, name: "A\u{1B}]0;x\u{7}", email: "a@example.org", text: "x")),
        ("carriage return in text", NewComment(articleID: 1, name: "A", email: "a@example.org", text: "a\rb")),
        ("zero-width only text", NewComment(articleID: 1, name: "A", email: "a@example.org", text: "\u{200B}\u{FEFF}")),
        ("bracketed email", NewComment(articleID: 1, name: "A", email: "<a@example.org>", text: "x")),
    ]

    @Test(arguments: invalidComments)
    func commentOverTheLimitsIsRefusedAndNothingIsQueued(label: String, comment: NewComment) throws {
        let store = try storeWithArticle(.inMemory)
        #expect(throws: FolioStoreError.self, "\(label)") { try store.enqueueComment(comment) }
        #expect(try store.outbox().isEmpty)
    }

    @Test func commentAtTheLimitsIsAccepted() throws {
        let store = try storeWithArticle(.inMemory)
        let comment = NewComment(articleID: 1, name: String(repeating: "ن", count: 100),
                                 email: String(repeating: "a", count: 242) + "@example.org",
                                 text: String(repeating: "ت", count: 4000))
        let queued = try store.enqueueComment(comment)
        #expect(try store.outboxComment(key: queued.key)?.text == comment.text)
    }

    @Test func version7KeysCarryTimeVersionAndVariant() {
        let key = UUID.version7(unixMilliseconds: 0x0190_1234_5678)
        let bytes = withUnsafeBytes(of: key.uuid) { Array($0) }
        #expect(Array(bytes[0..<6]) == [0x01, 0x90, 0x12, 0x34, 0x56, 0x78])
        #expect(bytes[6] >> 4 == 7)
        #expect(bytes[8] >> 6 == 0b10)
        let later = UUID.version7(unixMilliseconds: 0x0190_1234_5679)
        #expect(key.uuidString.lowercased() < later.uuidString.lowercased())
        #expect(key != UUID.version7(unixMilliseconds: 0x0190_1234_5678))
    }
}
