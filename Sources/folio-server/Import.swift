import ArgumentParser
import FolioServer
import Foundation

/// `folio-server import FILE.jsonl`: loads or updates articles (or comments).
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load or update articles from a JSON-lines file; re-importing the same file changes nothing.")

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The JSON-lines file (one article per line, as in Examples/demo/articles.jsonl).")
    var file: String

    @Flag(help: "The file holds comments (as in Examples/demo/comments.jsonl) instead of articles.")
    var comments = false

    func run() async throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw ValidationError("cannot read \(file)")
        }
        let service = try database.service()
        let summary = comments
            ? try await service.importComments(jsonLines: data)
            : try await service.importArticles(jsonLines: data)
        print("read \(summary.read), added \(summary.added), corrected \(summary.corrected), unchanged \(summary.unchanged)")
    }
}
