import FolioWire
import ArgumentParser
import FolioHTTPServer
import FolioServer
import Foundation

/// `folio-server comments list|approve|reject`: moderation from a shell.
struct Comments: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List and moderate comments on the server's database.",
        subcommands: [List.self, Approve.self, Reject.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List comments, oldest first.")

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Only comments in this status: pending, approved or rejected.")
        var status: ModerationStatus?

        @Option(help: "At most this many comments.")
        var limit = 1_000

        @Flag(help: "Print JSON lines instead of a table.")
        var json = false

        func run() async throws {
            let comments = try await database.service().comments(status: status, limit: limit)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                for comment in comments {
                    print(String(decoding: try encoder.encode(EditorComment(comment)), as: UTF8.self))
                }
                return
            }
            if comments.isEmpty {
                print("no comments")
                return
            }
            for comment in comments {
                let text = comment.text.replacingOccurrences(of: "\n", with: " ")
                let short = text.count > 60 ? String(text.prefix(59)) + "…" : text
                print("\(comment.id)\t\(comment.status.rawValue)\tarticle \(comment.articleID)\t"
                      + TerminalText.escaped("\(comment.name) <\(comment.email)>") + "\t" + TerminalText.escaped(short))
            }
        }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve a comment: every reader gets it.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The comment id.") var id: Int64

        func run() async throws {
            let comment = try await database.service().moderate(commentID: id, to: .approved)
            print("comment \(comment.id) approved")
        }
    }

    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reject a comment: only its author's client sees it.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The comment id.") var id: Int64

        func run() async throws {
            let comment = try await database.service().moderate(commentID: id, to: .rejected)
            print("comment \(comment.id) rejected")
        }
    }
}
