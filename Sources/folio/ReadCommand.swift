import FolioWire
import ArgumentParser
import Foundation
import FolioStore

/// `folio read`: one article with its comments.
struct ReadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "read", abstract: "Print an article and its comments.")

    @OptionGroup var store: StoreOptions

    @Argument(help: "The article id.")
    var id: Int64?

    @Option(name: .customLong("news-code"), help: "Find the article by its news code instead.")
    var newsCode: Int64?

    func validate() throws {
        guard (id == nil) != (newsCode == nil) else { throw ValidationError("give an article id or --news-code, not both") }
    }

    struct Output: Encodable {
        var article: Article
        var related: [ArticleSummary]
        var comments: [CommentOutput]
    }

    struct CommentOutput: Encodable {
        var serverID: Int64?
        var outboxKey: String?
        var name: String
        var text: String
        var createdAt: Int64
        var display: ArticleComment.Display
        var isOwn: Bool
    }

    func run() throws {
        let folio = try store.openExisting()
        let found = try id.map { try folio.article(id: $0) } ?? newsCode.map { try folio.article(newsCode: $0) } ?? nil
        guard let article = found else {
            throw CLIError(id.map { "no article \($0) in the store" } ?? "no article with news code \(newsCode ?? 0) in the store")
        }
        let related = try folio.relatedArticles(of: article.id)
        let comments = try folio.comments(articleID: article.id).map { comment in
            var output = CommentOutput(serverID: nil, outboxKey: nil, name: comment.name, text: comment.text,
                                       createdAt: comment.createdAt, display: comment.display, isOwn: comment.isOwn)
            switch comment.origin {
            case .server(let id): output.serverID = id
            case .outbox(let key): output.outboxKey = key.uuidString.lowercased()
            }
            return output
        }
        if store.json { return try store.printJSON(Output(article: article, related: related, comments: comments)) }

        print(TerminalText.escaped(article.title))
        print(String(repeating: "=", count: min(72, article.title.count)))
        print(TerminalText.escaped(article.lead, keepsLineBreaks: true))
        print("")
        print("By \(TerminalText.escaped(article.author)) · \(TerminalText.escaped(article.source)) · \(Formatting.time(article.publishedAt)) · \(article.kind.rawValue) · \(article.readingMinutes) min · news code \(article.newsCode)")
        print("Regions: \(article.regions.joined(separator: ", ")) · Topics: \(article.topics.joined(separator: ", "))")
        if article.updatedAt != article.publishedAt { print("Updated \(Formatting.time(article.updatedAt))") }
        print("")
        print(TerminalText.escaped(article.body, keepsLineBreaks: true))
        if !related.isEmpty {
            print("")
            print("Related:")
            for summary in related { print(Formatting.line(summary)) }
        }
        print("")
        print("Comments (\(comments.count)):")
        for comment in comments {
            let mark = comment.display == .published ? "" : " [\(comment.display.rawValue)]"
            print("  \(TerminalText.escaped(comment.name)) · \(Formatting.time(comment.createdAt))\(mark)")
            print("    \(TerminalText.escaped(comment.text, keepsLineBreaks: true))")
        }
    }
}
