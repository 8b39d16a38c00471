import ArgumentParser
import Foundation
import FolioStore

/// `folio comment`: queue a comment, online or not.
struct CommentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "comment", abstract: "Queue a comment on an article; the next sync sends it.")

    @OptionGroup var store: StoreOptions

    @Argument(help: "The article id.")
    var articleID: Int64

    @Option(help: "Your name, shown with the comment.")
    var name: String

    @Option(help: "Your email address; only the publisher's editors see it.")
    var email: String

    @Option(help: "The comment.")
    var text: String

    func run() throws {
        let queued = try store.openExisting().enqueueComment(
            NewComment(articleID: articleID, name: name, email: email, text: text))
        if store.json { return try store.printJSON(queued) }
        print("Queued comment \(queued.key.uuidString.lowercased()) on article \(articleID); it is sent with the next sync.")
    }
}
