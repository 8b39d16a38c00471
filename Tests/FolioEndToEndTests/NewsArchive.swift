import FolioTestSupport
import Foundation

/// A seeded archive of news-like articles in the import format of
/// Examples/demo/articles.jsonl: dense ids, about 70 % English and 30 %
/// Persian, bodies of about `bodyBytes` drawn from a Zipf-like vocabulary of
/// 3,000 made-up words per language, so that zlib shrinks them about 2.5 to 3
/// times, as it does real news (text that repeats would hide the size of a
/// repair or a page).
struct NewsArchive {
    static let regions = ["central-asia", "afghanistan", "pakistan", "iran", "tajikistan", "uzbekistan"]
    static let topics = ["political", "security", "economic", "social"]
    static let kinds = ["article", "report", "interview", "special-report"]

    /// Words per language, made once from a fixed seed.
    static let english = vocabulary(letters: Array("etaoinshrdlucmfwypvbgk"), seed: 1)
    static let persian = vocabulary(letters: Array("اینمردهوبتکسلزگیشجقفخپحچطعصضذثغظژآ"), seed: 2)

    let bodyBytes: Int

    init(bodyBytes: Int = 6_000) {
        self.bodyBytes = bodyBytes
    }

    static func vocabulary(letters: [Character], seed: UInt64) -> [String] {
        var generator = SplitMix64(seed: seed)
        return (0..<3_000).map { _ in
            String((0..<(2 + Int(generator.next() % 8))).map { _ in letters[Int(generator.next() % UInt64(letters.count))] })
        }
    }

    /// The language of article `id`: `fa` for 3 ids in 10.
    static func language(of id: Int64) -> String { id % 10 < 3 ? "fa" : "en" }

    /// Article `id` as an import object; `edition` > 0 rewrites its title and
    /// its first sentence, as a correction would.
    func article(id: Int64, edition: Int = 0) -> [String: Any] {
        var generator = SplitMix64(seed: UInt64(bitPattern: id) &* 0x9E37_79B9)
        let language = Self.language(of: id)
        let words = language == "fa" ? Self.persian : Self.english
        func sentence(_ generator: inout SplitMix64) -> String {
            let count = 8 + Int(generator.next() % 14)
            return (0..<count).map { _ in
                // Zipf-like: small indices are far more frequent.
                let uniform = Double(generator.next() % 1_000_000) / 1_000_000
                return words[min(words.count - 1, Int(pow(Double(words.count), uniform)) - 1)]
            }.joined(separator: " ") + "."
        }
        var sentences: [String] = []
        var length = 0
        while length < bodyBytes {
            let next = sentence(&generator)
            length += next.utf8.count + 1
            sentences.append(next)
        }
        var title = "Report \(id): " + sentence(&generator)
        if edition > 0 {
            var editing = SplitMix64(seed: UInt64(bitPattern: id) &+ UInt64(edition) &* 0xC0FFEE)
            sentences[0] = "Correction \(edition): " + sentence(&editing)
            title = "Report \(id) (corrected \(edition)): " + sentence(&editing)
        }
        return [
            "id": id, "newsCode": 500_000 + id, "language": language, "title": title,
            "lead": sentence(&generator), "body": sentences.joined(separator: " "),
            "author": language == "fa" ? "میز خبر" : "News Desk", "source": "Folio Desk",
            "publishedAt": "2026-01-01T00:00:00Z", "updatedAt": edition > 0 ? "2026-02-01T00:00:00Z" : "2026-01-01T00:00:00Z",
            "regions": [Self.regions[Int(id % 6)]], "topics": [Self.topics[Int(id % 4)], Self.topics[Int((id / 4) % 4)]].uniqued(),
            "kind": Self.kinds[Int(id % 4)], "readingMinutes": 3, "related": [id - 1, id + 1].filter { $0 > 0 },
        ]
    }

    /// Writes articles `ids` (at `edition`) as JSON lines, in files of at
    /// most 2,000 articles (the importer reads one file into memory).
    func write(_ ids: ClosedRange<Int64>, edition: Int = 0, to directory: URL, name: String) throws -> [URL] {
        var files: [URL] = []
        for start in stride(from: ids.lowerBound, through: ids.upperBound, by: 2_000) {
            let end = min(ids.upperBound, start + 1_999)
            let lines = try (start...end).map {
                String(decoding: try JSONSerialization.data(withJSONObject: article(id: $0, edition: edition)), as: UTF8.self)
            }
            let url = directory.appendingPathComponent("\(name)-\(start).jsonl")
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
            files.append(url)
        }
        return files
    }
}

extension NewsArchive {
    /// Writes `perArticle` approved comments on each article of `ids`.
    func writeComments(_ ids: ClosedRange<Int64>, perArticle: Int, to directory: URL, name: String) throws -> URL {
        var lines: [String] = []
        for id in ids {
            for index in 0..<perArticle {
                let object: [String: Any] = [
                    "articleId": id, "name": "Reader \(index)", "email": "reader\(id)-\(index)@example.org",
                    "text": "Comment \(index) on \(id): the figures matter.", "createdAt": "2026-01-05T12:00:00Z",
                    "status": "approved",
                ]
                lines.append(String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
            }
        }
        let url = directory.appendingPathComponent("\(name).jsonl")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
        return url
    }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
