import Foundation

/// One article in the import format of `Examples/demo/articles.jsonl` (the
/// format `folio-server import` reads), with every field set.
public struct BenchArticle: Sendable, Hashable, Codable {
    /// Article id (positive).
    public var id: Int64
    /// The publisher's news code.
    public var newsCode: Int64
    /// `en` or `fa`.
    public var language: String
    /// Headline.
    public var title: String
    /// Lead paragraph.
    public var lead: String
    /// Body text, paragraphs separated by blank lines.
    public var body: String
    /// Author.
    public var author: String
    /// Source desk.
    public var source: String
    /// Publication time, ISO-8601 UTC.
    public var publishedAt: String
    /// Last update time, ISO-8601 UTC.
    public var updatedAt: String
    /// Region slugs.
    public var regions: [String]
    /// Topic slugs.
    public var topics: [String]
    /// `article`, `report`, `interview` or `special-report`.
    public var kind: String
    /// Estimated reading time.
    public var readingMinutes: Int
    /// Related article ids.
    public var related: [Int64]
}

/// One comment in the import format of `Examples/demo/comments.jsonl`.
public struct BenchComment: Sendable, Hashable, Codable {
    /// The article commented on.
    public var articleId: Int64
    /// Display name.
    public var name: String
    /// E-mail (private on the server; never sent to other readers).
    public var email: String
    /// Text.
    public var text: String
    /// Time written, ISO-8601 UTC.
    public var createdAt: String
    /// `approved` (every generated comment is approved, so readers receive it).
    public var status: String
}

/// JSON-lines encoding of generated rows.
public enum BenchJSON {
    /// One compact JSON line (no trailing newline), keys sorted so output is stable.
    public static func line<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    /// ISO-8601 UTC text of a Unix time in seconds, such as `2026-01-05T07:30:00Z`.
    public static func iso8601(seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        // Civil-from-days (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day))T\(two(rest / 3_600)):\(two(rest % 3_600 / 60)):\(two(rest % 60))Z"
    }
}
