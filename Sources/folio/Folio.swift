import ArgumentParser
import Foundation

/// `folio`: a reader's offline archive on the command line.
@main
struct Folio: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "folio",
        abstract: "Read, search and comment on an offline Folio archive.",
        discussion: """
            Every command works on the store file given by --db (default ./folio.sqlite). \
            Commands that print data take --json for scripts.
            """,
        subcommands: [
            SyncCommand.self, ListCommand.self, ReadCommand.self, SearchCommand.self, CommentCommand.self,
            OutboxCommand.self, StatusCommand.self,
        ]
    )
}
