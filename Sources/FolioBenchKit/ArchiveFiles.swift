import Foundation

/// Writes an archive (or a day of changes) as the JSON-lines files
/// `folio-server import` reads, split so that no file nears the importer's
/// 256 MiB limit, and computes the first-sync baselines on the way.
public enum ArchiveFiles {
    /// Articles per import file.
    public static let articlesPerFile = 2_000

    /// What ``write(_:to:)`` produced.
    public struct Written: Sendable {
        /// The article files, in order.
        public var articleFiles: [URL]
        /// The comments file.
        public var commentsFile: URL
        /// Articles written.
        public var articles: Int
        /// Comments written.
        public var comments: Int
        /// UTF-8 bytes of all bodies.
        public var bodyBytes: Int
        /// Articles in Persian.
        public var persian: Int
        /// The first-sync baselines: the whole archive (articles and public
        /// comments) as JSON with gzip -6; the floor is the same rows with zlib -9
        /// (on a first sync every row is new).
        public var baselines: BaselineSizes
        /// The same baselines over the articles of one language and their
        /// comments: what a reader who carries only that language would get
        /// from a plain REST API (SPEC.md §6.4).
        public var languageBaselines: [String: BaselineSizes]
    }

    /// Writes `archive` into `directory`.
    public static func write(_ archive: ArchiveGenerator, to directory: URL) throws -> Written {
        let baselines = try FeedBaselines()
        var byLanguage: [String: FeedBaselines] = [:]
        var languageOf: [Int64: String] = [:]
        var files: [URL] = []
        var bodyBytes = 0
        var persian = 0
        var comments: [BenchComment] = []
        var start = 0
        while start < archive.count {
            let end = min(archive.count, start + articlesPerFile)
            var data = Data()
            for index in start..<end {
                let article = archive.article(index)
                bodyBytes += article.body.utf8.count
                if article.language == "fa" { persian += 1 }
                let line = try BenchJSON.line(article)
                data.append(line)
                data.append(0x0A)
                try baselines.added(article)
                if byLanguage[article.language] == nil { byLanguage[article.language] = try FeedBaselines() }
                try byLanguage[article.language]?.added(article)
                languageOf[article.id] = article.language
                comments.append(contentsOf: archive.comments(index, of: article))
            }
            let url = directory.appendingPathComponent("articles-\(files.count + 1).jsonl")
            try data.write(to: url)
            files.append(url)
            start = end
        }
        var commentData = Data()
        for comment in comments {
            commentData.append(try BenchJSON.line(comment))
            commentData.append(0x0A)
            try baselines.added(PublicComment(comment))
            if let language = languageOf[comment.articleId] { try byLanguage[language]?.added(PublicComment(comment)) }
        }
        let commentsURL = directory.appendingPathComponent("comments.jsonl")
        try commentData.write(to: commentsURL)
        return Written(articleFiles: files, commentsFile: commentsURL, articles: archive.count,
                       comments: comments.count, bodyBytes: bodyBytes, persian: persian,
                       baselines: try baselines.finish(),
                       languageBaselines: try byLanguage.mapValues { try $0.finish() })
    }

    /// Writes the articles of a day (new and corrected) and its comments.
    public static func write(_ day: DayOfChanges, to directory: URL) throws -> (articles: URL, comments: URL) {
        var articles = Data()
        for row in day.added + day.corrected {
            articles.append(try BenchJSON.line(row))
            articles.append(0x0A)
        }
        var comments = Data()
        for comment in day.comments {
            comments.append(try BenchJSON.line(comment))
            comments.append(0x0A)
        }
        let articlesURL = directory.appendingPathComponent("day-articles.jsonl")
        let commentsURL = directory.appendingPathComponent("day-comments.jsonl")
        try articles.write(to: articlesURL)
        try comments.write(to: commentsURL)
        return (articlesURL, commentsURL)
    }
}
