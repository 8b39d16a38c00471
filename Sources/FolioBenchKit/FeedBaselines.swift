import Foundation

/// A comment as a public JSON feed would send it to readers: no e-mail.
public struct PublicComment: Sendable, Hashable, Codable {
    /// The article.
    public var articleId: Int64
    /// Display name.
    public var name: String
    /// Text.
    public var text: String
    /// Time written.
    public var createdAt: String

    /// The public fields of `comment`.
    public init(_ comment: BenchComment) {
        articleId = comment.articleId
        name = comment.name
        text = comment.text
        createdAt = comment.createdAt
    }
}

/// A removal in a JSON feed.
public struct FeedRemoval: Sendable, Hashable, Codable {
    /// The article removed.
    public var id: Int64
    /// Always true.
    public var deleted = true

    /// A removal of `id`.
    public init(id: Int64) { self.id = id }
}

/// The sizes of the baselines for one scenario, computed in the run.
public struct BaselineSizes: Sendable, Hashable, Codable {
    /// Uncompressed JSON-lines bytes of the feed.
    public var jsonBytes: Int
    /// The JSON feed through gzip -6 (RFC 1952, level 6): a plain REST API.
    public var gzipJSONBytes: Int
    /// Uncompressed bytes of only what changed.
    public var floorRawBytes: Int
    /// Only what changed, through zlib level 9: the floor.
    public var floorBytes: Int
}

/// Feeds rows to the two baselines of issue 6 at once:
/// - **gzip JSON**: every changed row in full, as JSON lines, gzip level 6;
/// - **floor**: only what changed (new rows, the changed text of corrections,
///   removals, new comments), as compact JSON lines, zlib level 9.
public final class FeedBaselines {
    private let gzip: ZlibCounter
    private let floor: ZlibCounter

    /// Starts both streams.
    public init() throws {
        gzip = try ZlibCounter(format: .gzip, level: 6)
        floor = try ZlibCounter(format: .zlib, level: 9)
    }

    /// A new row: it goes to both, whole.
    public func added<T: Encodable>(_ row: T) throws {
        let line = try BenchJSON.line(row) + Data([0x0A])
        try gzip.write(line)
        try floor.write(line)
    }

    /// A changed row: the whole row to gzip JSON, only `change` to the floor.
    public func changed<T: Encodable, C: Encodable>(_ row: T, change: C) throws {
        try gzip.write(try BenchJSON.line(row) + Data([0x0A]))
        try floor.write(try BenchJSON.line(change) + Data([0x0A]))
    }

    /// Ends both streams.
    public func finish() throws -> BaselineSizes {
        let gzipBytes = try gzip.finish()
        let floorBytes = try floor.finish()
        return BaselineSizes(jsonBytes: gzip.inputBytes, gzipJSONBytes: gzipBytes,
                             floorRawBytes: floor.inputBytes, floorBytes: floorBytes)
    }

    /// The baselines of a day of changes.
    public static func day(_ day: DayOfChanges) throws -> BaselineSizes {
        let baselines = try FeedBaselines()
        for row in day.added { try baselines.added(row) }
        for (row, edit) in zip(day.corrected, day.edits) { try baselines.changed(row, change: edit) }
        for id in day.unpublished { try baselines.added(FeedRemoval(id: id)) }
        for comment in day.comments { try baselines.added(PublicComment(comment)) }
        return try baselines.finish()
    }
}

extension FeedBaselines {
    /// What an archive went through while a reader was away, in order.
    public enum AbsenceEvent: Sendable {
        /// A day's new and corrected articles and its comments, imported.
        case imported(DayOfChanges)
        /// Articles unpublished.
        case unpublished([Int64])
    }

    /// The baselines of a long absence: what a reader who holds the
    /// generated archive as it was needs to hold the archive after `events`.
    /// Only the end state counts: an article corrected on several days is
    /// sent once with its last edit (every correction rewrites a base
    /// article), an unpublished one as one removal whatever came before, a
    /// comment only if its article is live at the end.
    ///
    /// - returns: the sizes, and the articles added and removed at the end.
    public static func absence(_ events: [AbsenceEvent]) throws -> (sizes: BaselineSizes, added: Int, removed: Int) {
        enum End {
            case added(BenchArticle)
            case corrected(BenchArticle, BenchEdit)
            case removed
        }
        var end: [Int64: End] = [:]
        var comments: [BenchComment] = []
        for event in events {
            switch event {
            case .imported(let day):
                for row in day.added { end[row.id] = .added(row) }
                for (row, edit) in zip(day.corrected, day.edits) { end[row.id] = .corrected(row, edit) }
                comments += day.comments
            case .unpublished(let ids):
                for id in ids { end[id] = .removed }
            }
        }
        let baselines = try FeedBaselines()
        var added = 0
        var removed = 0
        for id in end.keys.sorted() {
            switch end[id] {
            case .added(let row)?:
                try baselines.added(row)
                added += 1
            case .corrected(let row, let edit)?:
                try baselines.changed(row, change: edit)
            case .removed?:
                try baselines.added(FeedRemoval(id: id))
                removed += 1
            case nil:
                break
            }
        }
        for comment in comments {
            if case .removed? = end[comment.articleId] { continue }
            try baselines.added(PublicComment(comment))
        }
        return (try baselines.finish(), added, removed)
    }
}
