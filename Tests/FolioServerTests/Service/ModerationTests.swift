import FolioServer
import FolioWire
import Foundation
import SwiftProtobuf
import Testing

@Suite("Service: moderation and what each client sees")
struct ModerationTests {
    static let author = Fixtures.clientKey(7)
    static let stranger = Fixtures.clientKey(8)

    /// Publishes article 1, pushes one comment from `author`, returns its id.
    static func setUp(_ kind: StorageKind) async throws -> (FolioSyncService, Int64) {
        let service = try ServiceHarness.make(kind)
        _ = try await service.publish(Fixtures.article(id: 1))
        let response = try await service.push(Fixtures.push(
            client: author, [Fixtures.submission(key: Fixtures.key(1), email: "author@example.org")]))
        let id = try #require(response.results.first.flatMap(PushTests.accepted)?.commentID)
        return (service, id)
    }

    @Test("a pending comment reaches only its author's client, with e-mail and status", arguments: StorageKind.allCases)
    func pending(kind: StorageKind) async throws {
        let (service, id) = try await Self.setUp(kind)
        let own = try await service.pull(Fixtures.pull(client: Self.author))
        #expect(own.comments.map(\.id) == [id])
        #expect(own.comments.first?.status == .pending)
        #expect(own.comments.first?.email == "author@example.org")
        #expect(own.comments.first?.idempotencyKey == Data(Fixtures.key(1)))
        let other = try await service.pull(Fixtures.pull(client: Self.stranger))
        #expect(other.comments.isEmpty)
        let anonymous = try await service.pull(Fixtures.pull())
        #expect(anonymous.comments.isEmpty)
    }

    @Test("an approved comment reaches every reader without e-mail", arguments: StorageKind.allCases)
    func approved(kind: StorageKind) async throws {
        let (service, id) = try await Self.setUp(kind)
        let before = try await service.pull(Fixtures.pull(client: Self.stranger))
        let comment = try await service.moderate(commentID: id, to: .approved)
        #expect(comment.status == .approved)
        let after = try await service.pull(Fixtures.pull(cursor: before.cursor, client: Self.stranger))
        #expect(after.comments.map(\.id) == [id])
        #expect(after.comments.first?.email == "")
        #expect(after.comments.first?.idempotencyKey.isEmpty == true)
        #expect(after.comments.first?.status == .approved)
    }

    @Test("rejecting an approved comment removes it from readers and tells its author", arguments: StorageKind.allCases)
    func rejectedAfterApproval(kind: StorageKind) async throws {
        let (service, id) = try await Self.setUp(kind)
        _ = try await service.moderate(commentID: id, to: .approved)
        let reader = try await service.pull(Fixtures.pull(client: Self.stranger))
        let author = try await service.pull(Fixtures.pull(client: Self.author))
        _ = try await service.moderate(commentID: id, to: .rejected)
        let readerNext = try await service.pull(Fixtures.pull(cursor: reader.cursor, client: Self.stranger))
        #expect(readerNext.comments.map(\.removed) == [true])
        #expect(readerNext.comments.first?.text == "")
        let authorNext = try await service.pull(Fixtures.pull(cursor: author.cursor, client: Self.author))
        #expect(authorNext.comments.first?.status == .rejected)
        // A new reader never hears of it.
        #expect(try await service.pull(Fixtures.pull(client: Self.stranger)).comments.isEmpty)
    }

    @Test("moderating an unknown comment fails with commentNotFound")
    func unknown() async throws {
        let service = try ServiceHarness.make(.memory)
        do {
            _ = try await service.moderate(commentID: 42, to: .approved)
            Issue.record("expected commentNotFound")
        } catch let error as FolioServerError {
            #expect(error.code == .commentNotFound)
        }
    }

    @Test("no pull by another client ever carries a commenter's e-mail address", arguments: StorageKind.allCases)
    func emailsNeverLeak(kind: StorageKind) async throws {
        let service = try await ServiceHarness.demo(kind)
        _ = try await service.push(Fixtures.push(
            client: Self.author, [Fixtures.submission(key: Fixtures.key(1), articleID: 1001, email: "author@example.org")]))
        for comment in try await service.comments(status: nil, limit: 1_000) {
            _ = try await service.moderate(commentID: comment.id, to: .approved)
        }
        let emails = try await service.comments(status: nil, limit: 1_000).map(\.email)
        #expect(emails.count == 41)
        for pages in [
            try await ServiceHarness.pullAll(service, client: Self.stranger),
            try await ServiceHarness.pullAll(service),
            try await ServiceHarness.pullAll(service, max: 3),
        ] {
            let bytes = try pages.flatMap { try $0.serializedBytes() as [UInt8] }
            let text = String(decoding: bytes, as: UTF8.self)
            let leaked = emails.filter { text.contains($0) }
            #expect(leaked.isEmpty, "a pull carries \(leaked.count) addresses")
            #expect(pages.flatMap(\.comments).count == 41)
        }
        // The scan does find an address where one belongs: the author's own pull.
        let own = try await ServiceHarness.pullAll(service, client: Self.author)
        let ownText = String(decoding: try own.flatMap { try $0.serializedBytes() as [UInt8] }, as: UTF8.self)
        #expect(ownText.contains("author@example.org"))
    }

    @Test("tokens verify by role and only their hash is stored", arguments: TokenRole.allCases)
    func tokens(role: TokenRole) async throws {
        let service = try ServiceHarness.make(.sqliteInMemory)
        let token = try await service.createToken(role: role, label: "test")
        #expect(token.hasPrefix("fst_") && token.count == 68)
        #expect(try await service.verifyToken(token) == role)
        #expect(try await service.verifyToken(token + "x") == nil)
        #expect(try await service.verifyToken("") == nil)
        let record = try await service.storage.token(hash: Hashing.sha256(Array(token.utf8)))
        #expect(record?.role == role)
    }
}
