import FolioTestSupport
import Foundation

/// A seeded archive in the import format of Examples/demo/articles.jsonl,
/// large enough that a first sync takes many pages.
enum LargeArchive {
    static let words = ["water", "border", "trade", "council", "province", "railway", "harvest", "election",
                        "corridor", "security", "tariff", "energy", "migration", "customs", "dialogue", "market"]

    static func write(count: Int, to url: URL) throws {
        var generator = SplitMix64(seed: 42)
        var lines: [String] = []
        lines.reserveCapacity(count)
        for index in 0..<count {
            let id = 10_000 + index
            let body = (0..<60).map { _ in
                (0..<10).map { _ in words[Int(generator.next() % UInt64(words.count))] }.joined(separator: " ") + "."
            }.joined(separator: " ")
            let object: [String: Any] = [
                "id": id, "newsCode": 500_000 + index, "language": index % 3 == 0 ? "fa" : "en",
                "title": "Report \(id) on \(words[index % words.count])", "lead": "A lead for report \(id).",
                "body": body, "author": "Desk", "source": "Folio Desk",
                "publishedAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-01T00:00:00Z",
                "regions": ["central-asia"], "topics": ["economic"], "kind": "report",
                "readingMinutes": 3, "related": [],
            ]
            lines.append(String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
    }
}
