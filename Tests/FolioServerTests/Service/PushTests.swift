import FolioServer
import FolioWire
import Foundation
import Testing

@Suite("Service: push and idempotency")
struct PushTests {
    static func accepted(_ result: WireCommentResult) -> WireCommentAccepted? {
        if case .accepted(let accepted)? = result.outcome { return accepted }
        return nil
    }

    static func rejection(_ result: WireCommentResult) -> WireCommentRejectReason? {
        if case .rejected(let rejected)? = result.outcome { return rejected.reason }
        return nil
    }

    @Test("a pushed comment is pending; a retry gets the first reply; another body under the key is refused", arguments: StorageKind.allCases)
    func retry(kind: StorageKind) async throws {
        let service = try ServiceHarness.make(kind)
        _ = try await service.publish(Fixtures.article(id: 1))
        let request = Fixtures.push(client: Fixtures.clientKey(1), [Fixtures.submission(key: Fixtures.key(1))])
        let first = try await service.push(request)
        let firstResult = try #require(first.results.first)
        let accepted = try #require(Self.accepted(firstResult))
        #expect(accepted.status == .pending)
        #expect(first.results.first?.idempotencyKey == Data(Fixtures.key(1)))
        #expect(try await service.push(request) == first)
        let other = Fixtures.push(
            client: Fixtures.clientKey(1), [Fixtures.submission(key: Fixtures.key(1), text: "A different comment.")])
        let otherResult = try await service.push(other).results.first
        #expect(Self.rejection(try #require(otherResult)) == .keyReused)
        #expect(try await service.comments(status: nil).count == 1)
    }

    @Test("an idempotency key is global: a reinstalled app's new client key resending its outbox stores nothing twice (SPEC.md §10.3)",
          arguments: StorageKind.allCases)
    func keysAreGlobal(kind: StorageKind) async throws {
        let service = try ServiceHarness.make(kind)
        _ = try await service.publish(Fixtures.article(id: 1))
        let before = Fixtures.push(client: Fixtures.clientKey(1), [
            Fixtures.submission(key: Fixtures.key(1)), Fixtures.submission(key: Fixtures.key(2), articleID: 999),
        ])
        let first = try await service.push(before)
        // The same outbox from a backup, sent with the new install's client key.
        let after = Fixtures.push(client: Fixtures.clientKey(2), before.comments)
        #expect(try await service.push(after) == first)
        let changed = Fixtures.push(client: Fixtures.clientKey(2), [Fixtures.submission(key: Fixtures.key(1), text: "Edited.")])
        #expect(Self.rejection(try #require(try await service.push(changed).results.first)) == .keyReused)
        #expect(try await service.comments(status: nil).count == 1)
    }

    @Test("the same key pushed concurrently by 10 client keys stores one comment", arguments: StorageKind.allCases)
    func concurrentPushesFromManyClientKeys(kind: StorageKind) async throws {
        let service = try ServiceHarness.make(kind)
        _ = try await service.publish(Fixtures.article(id: 1))
        let responses = try await withThrowingTaskGroup(of: WirePushResponse.self) { group in
            for client in UInt8(1)...10 {
                let request = Fixtures.push(client: Fixtures.clientKey(client), [Fixtures.submission(key: Fixtures.key(9))])
                group.addTask { try await service.push(request) }
            }
            var all: [WirePushResponse] = []
            for try await response in group { all.append(response) }
            return all
        }
        #expect(Set(responses).count == 1)
        #expect(try await service.comments(status: nil).count == 1)
    }

    @Test("the same key pushed 20 times concurrently stores one comment", arguments: StorageKind.allCases)
    func concurrentPushes(kind: StorageKind) async throws {
        let service = try ServiceHarness.make(kind)
        _ = try await service.publish(Fixtures.article(id: 1))
        let request = Fixtures.push(client: Fixtures.clientKey(3), [Fixtures.submission(key: Fixtures.key(9))])
        let responses = try await withThrowingTaskGroup(of: WirePushResponse.self) { group in
            for _ in 0..<20 { group.addTask { try await service.push(request) } }
            var all: [WirePushResponse] = []
            for try await response in group { all.append(response) }
            return all
        }
        #expect(responses.count == 20)
        #expect(Set(responses.compactMap { $0.results.first.flatMap(Self.accepted)?.commentID }).count == 1)
        #expect(Set(responses).count == 1)
        #expect(try await service.comments(status: nil).count == 1)
    }

    enum BadSubmission: String, CaseIterable {
        case shortKey, uuidV4Key, emptyName, emptyText, nulText, badEmail, longText, unknownArticle
        case ideographicSpaceName, bracketedEmail, dotlessDomain, spaceInEmail, twoAts, email255Bytes, longName
        case escapeInName, carriageReturnInText, bellInText, c1InName, zeroWidthOnlyText, bidiOnlyName, futureCreatedAt

        var submission: WireCommentSubmission {
            var submission = Fixtures.submission(key: Fixtures.key(1))
            switch self {
            case .shortKey: submission.idempotencyKey = Data([1, 2, 3])
            case .uuidV4Key:
                var key = Fixtures.key(1)
                key[6] = 0x40
                submission.idempotencyKey = Data(key)
            case .emptyName: submission.name = "  "
            case .emptyText: submission.text = ""
            case .nulText: submission.text = "bad\u{0}text"
            case .badEmail: submission.email = "not-an-address"
            case .longText: submission.text = String(repeating: "x", count: FieldLimits.maxCommentCharacters + 1)
            case .unknownArticle: submission.articleID = 404
            case .ideographicSpaceName: submission.name = "\u{3000}\u{A0}"
            case .bracketedEmail: submission.email = "<reader@example.org>"
            case .dotlessDomain: submission.email = "reader@localhost"
            case .spaceInEmail: submission.email = "a reader@example.org"
            case .twoAts: submission.email = "reader@news@example.org"
            case .email255Bytes: submission.email = String(repeating: "r", count: 255 - 12) + "@example.org"
            case .longName: submission.name = String(repeating: "ن", count: FieldLimits.maxNameCharacters + 1)
            case .escapeInName: submission.name = "Eve\u{1B}]0;owned\u{07}"
            case .carriageReturnInText: submission.text = "fine\rhidden"
            case .bellInText: submission.text = "ring\u{07}"
            case .c1InName: submission.name = "Eve\u{9B}2J"
            case .zeroWidthOnlyText: submission.text = "\u{200B}\u{200C}\u{FEFF}"
            case .bidiOnlyName: submission.name = "\u{202E}\u{2066}\u{200F}"
            case .futureCreatedAt: submission.createdAt = 4_102_444_800_000  // 2100
            }
            return submission
        }

        var reason: WireCommentRejectReason {
            switch self {
            case .shortKey, .uuidV4Key: .badKey
            case .longText, .email255Bytes, .longName: .tooLong
            case .unknownArticle: .unknownArticle
            default: .invalid
            }
        }
    }

    @Test("invalid submissions are refused with the right reason and nothing is stored", arguments: BadSubmission.allCases)
    func invalid(bad: BadSubmission) async throws {
        let service = try ServiceHarness.make(.sqliteInMemory)
        _ = try await service.publish(Fixtures.article(id: 1))
        let response = try await service.push(Fixtures.push(client: Fixtures.clientKey(1), [bad.submission]))
        #expect(response.results.count == 1)
        #expect(Self.rejection(try #require(response.results.first)) == bad.reason)
        #expect(try await service.comments(status: nil).isEmpty)
    }

    @Test("limits are inclusive: a 254-byte address, a 100-character name and a 4,000-character text are accepted",
          arguments: StorageKind.allCases)
    func limitsAreInclusive(kind: StorageKind) async throws {
        let service = try ServiceHarness.make(kind)
        _ = try await service.publish(Fixtures.article(id: 1))
        var submission = Fixtures.submission(
            key: Fixtures.key(1), text: String(repeating: "م", count: FieldLimits.maxCommentCharacters),
            email: String(repeating: "r", count: 254 - 12) + "@example.org")
        submission.name = String(repeating: "ن", count: FieldLimits.maxNameCharacters)
        let result = try #require(try await service.push(Fixtures.push(client: Fixtures.clientKey(1), [submission])).results.first)
        #expect(Self.accepted(result) != nil)
    }

    @Test("a text keeps its line feeds and tabs (SPEC.md §10.2)", arguments: StorageKind.allCases)
    func lineBreaksInTextsAreKept(kind: StorageKind) async throws {
        let service = try ServiceHarness.make(kind)
        _ = try await service.publish(Fixtures.article(id: 1))
        let submission = Fixtures.submission(key: Fixtures.key(1), text: "First line.\n\tSecond, indented.")
        let result = try #require(try await service.push(Fixtures.push(client: Fixtures.clientKey(1), [submission])).results.first)
        #expect(Self.accepted(result) != nil)
        #expect(try await service.comments(status: nil).first?.text == "First line.\n\tSecond, indented.")
    }

    @Test("the same key twice in one push: the second is a replay of the first (SPEC.md §10.2)", arguments: StorageKind.allCases)
    func sameKeyTwiceInOnePush(kind: StorageKind) async throws {
        let service = try ServiceHarness.make(kind)
        _ = try await service.publish(Fixtures.article(id: 1))
        let same = Fixtures.submission(key: Fixtures.key(1))
        let changed = Fixtures.submission(key: Fixtures.key(1), text: "Another text.")
        let results = try await service.push(Fixtures.push(client: Fixtures.clientKey(1), [same, same, changed])).results
        #expect(results.count == 3)
        #expect(results[0] == results[1] && Self.accepted(results[0]) != nil)
        #expect(Self.rejection(results[2]) == .keyReused)
        #expect(try await service.comments(status: nil).count == 1)
    }

    @Test("a refused key is remembered: a retry gets the same refusal, another body KEY_REUSED", arguments: StorageKind.allCases)
    func refusalRemembered(kind: StorageKind) async throws {
        let service = try ServiceHarness.make(kind)
        let unknown = Fixtures.push(client: Fixtures.clientKey(1), [Fixtures.submission(key: Fixtures.key(1), articleID: 77)])
        let first = try await service.push(unknown)
        #expect(Self.rejection(try #require(first.results.first)) == .unknownArticle)
        // Even once article 77 exists, the same key and body get the first reply.
        _ = try await service.publish(Fixtures.article(id: 77))
        #expect(try await service.push(unknown) == first)
        let changed = Fixtures.push(
            client: Fixtures.clientKey(1), [Fixtures.submission(key: Fixtures.key(1), articleID: 77, text: "Edited.")])
        let reused = try await service.push(changed).results.first
        #expect(Self.rejection(try #require(reused)) == .keyReused)
        #expect(try await service.comments(status: nil).isEmpty)
        // An invalid comment is remembered too.
        let empty = Fixtures.push(client: Fixtures.clientKey(1), [Fixtures.submission(key: Fixtures.key(2), text: " ")])
        let invalid = try await service.push(empty)
        #expect(Self.rejection(try #require(invalid.results.first)) == .invalid)
        #expect(try await service.push(empty) == invalid)
    }

    @Test("results come back in request order, one per submission")
    func order() async throws {
        let service = try ServiceHarness.make(.memory)
        _ = try await service.publish(Fixtures.article(id: 1))
        let submissions = [
            Fixtures.submission(key: Fixtures.key(1)),
            Fixtures.submission(key: Fixtures.key(2), articleID: 77),
            Fixtures.submission(key: Fixtures.key(3), text: "Another one."),
        ]
        let response = try await service.push(Fixtures.push(client: Fixtures.clientKey(1), submissions))
        #expect(response.results.map(\.idempotencyKey) == submissions.map(\.idempotencyKey))
        #expect(response.results.map { Self.accepted($0) != nil } == [true, false, true])
    }

    @Test("a push without a valid client key is refused", arguments: [[UInt8](), [UInt8](repeating: 1, count: 15), [UInt8](repeating: 1, count: 65)])
    func clientKey(key: [UInt8]) async throws {
        let service = try ServiceHarness.make(.memory)
        do {
            _ = try await service.push(Fixtures.push(client: key, [Fixtures.submission(key: Fixtures.key(1))]))
            Issue.record("expected clientKeyInvalid")
        } catch let error as FolioServerError {
            #expect(error.code == .clientKeyInvalid)
        }
    }
}
