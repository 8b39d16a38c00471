import FolioServer
import Testing

@Suite("Storage: comments, idempotency records and tokens")
struct CommentStorageTests {
    static func record(
        key: UInt8 = 1, body: String = "Hello", client: UInt8 = 9, article: Int64 = 1
    ) -> NewCommentRecord {
        NewCommentRecord(
            articleID: article, name: "Reader", email: "r@example.org", text: body, createdAt: 10, receivedAt: 20,
            status: .pending,
            origin: .push(
                clientKeyHash: Fixtures.clientKey(client), idempotencyKey: Fixtures.key(key),
                bodyHash: Array(body.utf8)))
    }

    @Test("a pushed comment is stored once; a retry replays; another body is refused", arguments: StorageKind.allCases)
    func exactlyOnce(kind: StorageKind) async throws {
        let storage = try kind.make()
        _ = try await storage.writeArticle(Fixtures.article(id: 1), keepRevisions: 2)
        let first = try await storage.insertComment(Self.record())
        guard case .stored(let receipt) = first else {
            Issue.record("expected stored, got \(first)")
            return
        }
        #expect(receipt.status == .pending)
        #expect(try await storage.insertComment(Self.record()) == .replayed(receipt))
        #expect(try await storage.insertComment(Self.record(body: "Other")) == .keyReused)
        // Keys are global (SPEC.md §10.3): the same key and body from another
        // client key (a reinstalled app) is the same comment.
        #expect(try await storage.insertComment(Self.record(client: 8)) == .replayed(receipt))
        #expect(try await storage.insertComment(Self.record(key: 2, article: 77)) == .unknownArticle)
        #expect(try await storage.statistics().commentsByStatus[.pending] == 1)
        let stored = try await storage.comment(id: receipt.commentID)
        #expect(stored?.email == "r@example.org")
        #expect(stored?.idempotencyKey == Fixtures.key(1))
    }

    @Test("20 concurrent inserts with one key store one comment", arguments: StorageKind.allCases)
    func concurrent(kind: StorageKind) async throws {
        let storage = try kind.make()
        _ = try await storage.writeArticle(Fixtures.article(id: 1), keepRevisions: 2)
        let outcomes = try await withThrowingTaskGroup(of: CommentInsertOutcome.self) { group in
            for _ in 0..<20 { group.addTask { try await storage.insertComment(Self.record()) } }
            var all: [CommentInsertOutcome] = []
            for try await outcome in group { all.append(outcome) }
            return all
        }
        let stored = outcomes.filter { if case .stored = $0 { true } else { false } }
        #expect(stored.count == 1)
        #expect(Set(outcomes.map { outcome -> Int64? in
            switch outcome {
            case .stored(let receipt), .replayed(let receipt): receipt.commentID
            default: nil
            }
        }).count == 1)
        #expect(try await storage.comments(status: nil, afterID: 0, limit: 100).count == 1)
    }

    @Test("moderation takes a sequence only when the status changes", arguments: StorageKind.allCases)
    func moderation(kind: StorageKind) async throws {
        let storage = try kind.make()
        _ = try await storage.writeArticle(Fixtures.article(id: 1), keepRevisions: 2)
        guard case .stored(let receipt) = try await storage.insertComment(Self.record()) else {
            Issue.record("not stored")
            return
        }
        let approved = try await storage.setCommentStatus(id: receipt.commentID, to: .approved)
        #expect(approved?.sequence == 3)
        #expect(approved?.wasApproved == true)
        #expect(try await storage.setCommentStatus(id: receipt.commentID, to: .approved)?.sequence == 3)
        let rejected = try await storage.setCommentStatus(id: receipt.commentID, to: .rejected)
        #expect(rejected?.sequence == 4 && rejected?.wasApproved == true)
        #expect(try await storage.setCommentStatus(id: 999, to: .approved) == nil)
        #expect(try await storage.comments(status: .rejected, afterID: 0, limit: 10).map(\.id) == [receipt.commentID])
        #expect(try await storage.comments(status: .pending, afterID: 0, limit: 10).isEmpty)
        let batch = try await storage.changes(after: 2, limit: 10)
        #expect(batch.rows.map(\.sequence) == [4])
    }

    @Test("imported comments are deduplicated by import key", arguments: StorageKind.allCases)
    func imported(kind: StorageKind) async throws {
        let storage = try kind.make()
        _ = try await storage.writeArticle(Fixtures.article(id: 1), keepRevisions: 2)
        let record = NewCommentRecord(
            articleID: 1, name: "A", email: "a@example.org", text: "T", createdAt: 1, receivedAt: 2,
            status: .approved, origin: .imported(importKey: "k1"))
        guard case .stored(let receipt) = try await storage.insertComment(record) else {
            Issue.record("not stored")
            return
        }
        #expect(receipt.status == .approved)
        #expect(try await storage.insertComment(record) == .replayed(receipt))
        #expect(try await storage.comment(id: receipt.commentID)?.wasApproved == true)
    }

    @Test("tokens are found by hash only", arguments: StorageKind.allCases)
    func tokens(kind: StorageKind) async throws {
        let storage = try kind.make()
        let record = TokenRecord(hash: Array(repeating: 7, count: 32), role: .editor, label: "ops", createdAt: 5)
        try await storage.storeToken(record)
        #expect(try await storage.token(hash: Array(repeating: 7, count: 32)) == record)
        #expect(try await storage.token(hash: Array(repeating: 8, count: 32)) == nil)
    }
}
