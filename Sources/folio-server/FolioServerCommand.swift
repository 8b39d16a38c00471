import ArgumentParser
import FolioServer
import Foundation

/// `folio-server`: runs the reference sync server and administers its database.
@main
struct FolioServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "folio-server",
        abstract: "The Folio reference sync server (protocol version 2) on embedded SQLite.",
        subcommands: [Serve.self, Import.self, Token.self, Comments.self])
}

/// The option every subcommand shares: the database file.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "The SQLite database file (created when missing).")
    var db = "folio-server.sqlite"

    /// The service on the database; snapshot parts live in `<db>.snapshots/`.
    func service(configuration: SyncServiceConfiguration = SyncServiceConfiguration()) throws -> FolioSyncService {
        FolioSyncService(storage: try SQLiteStorage(path: db), configuration: configuration)
    }
}
