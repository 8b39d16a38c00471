import FolioServer
import FolioWire
import Foundation

enum Fixtures {
    /// The repository root (Tests/FolioServerTests/Support/ is three levels down).
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let demoDirectory = repositoryRoot.appendingPathComponent("Examples/demo")

    static func demoArticles() throws -> Data {
        try Data(contentsOf: demoDirectory.appendingPathComponent("articles.jsonl"))
    }

    static func demoComments() throws -> Data {
        try Data(contentsOf: demoDirectory.appendingPathComponent("comments.jsonl"))
    }

    static func article(
        id: Int64, language: String = "en", body: String? = nil, title: String? = nil,
        regions: [String] = ["central-asia"], topics: [String] = ["economic"]
    ) -> ArticleContent {
        ArticleContent(
            id: id, newsCode: 260_000 + id, language: language, title: title ?? "Title \(id)",
            lead: "Lead of article \(id).",
            body: body ?? String(repeating: "Paragraph about water sharing on the Amu Darya, article \(id). ", count: 40),
            author: "Nilufar Yusupova", source: "Tashkent Correspondent", publishedAt: 1_767_598_200_000,
            updatedAt: 1_767_598_200_000, regions: regions, topics: topics, kind: .report, readingMinutes: 2,
            related: [])
    }

    /// A UUIDv7-shaped idempotency key whose last byte is `seed`.
    static func key(_ seed: UInt8) -> [UInt8] {
        var bytes = [UInt8](repeating: 0x11, count: 16)
        bytes[6] = 0x70
        bytes[8] = 0x80
        bytes[15] = seed
        return bytes
    }

    static func clientKey(_ seed: UInt8) -> [UInt8] {
        [UInt8](repeating: seed, count: 32)
    }

    static func submission(
        key: [UInt8], articleID: Int64 = 1, text: String = "Thank you for this report.",
        email: String = "reader@example.org"
    ) -> WireCommentSubmission {
        var submission = WireCommentSubmission()
        submission.idempotencyKey = Data(key)
        submission.articleID = articleID
        submission.name = "Reader"
        submission.email = email
        submission.text = text
        submission.createdAt = 1_767_600_000_000
        return submission
    }

    static func push(client: [UInt8], _ submissions: [WireCommentSubmission]) -> WirePushRequest {
        var request = WirePushRequest()
        request.clientKey = Data(client)
        request.comments = submissions
        return request
    }

    static func pull(cursor: Data = Data(), client: [UInt8] = [], wait: UInt32 = 0, max: UInt32 = 0) -> WirePullRequest {
        var request = WirePullRequest()
        request.cursor = cursor
        request.clientKey = Data(client)
        request.waitSeconds = wait
        request.maxChanges = max
        return request
    }
}
