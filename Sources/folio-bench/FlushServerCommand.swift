import ArgumentParser
import FolioHTTPServer
import FolioServer
import Foundation
import Hummingbird
import Logging

/// `folio-bench flush-server`: the reference HTTP server (the same
/// `FolioHTTPServer.router` and `FolioSyncService` on `SQLiteStorage` that
/// `folio-server serve` runs) with the per-client and per-address comment rate
/// limits raised, for the comment-flush scenario: `folio-server serve` allows
/// 30 comments per client and 120 per address in 10 minutes and has no option
/// to change that, so 1,000 queued comments from one loopback client are
/// refused (E-rate-limited) by design there.
struct FlushServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flush-server", abstract: "(internal) The reference server with comment rate limits raised.",
        shouldDisplay: false)

    @Option(help: "The server database.") var db: String
    @Option(help: "The loopback port (0: any).") var port = 0
    @Option(help: "Comments allowed per client and per address in the window.") var commentLimit = 5_000

    func run() async throws {
        let service = FolioSyncService(storage: try SQLiteStorage(path: db))
        var configuration = HTTPServerConfiguration()
        configuration.commentsPerClient = commentLimit
        configuration.commentsPerAddress = commentLimit
        let router = FolioHTTPServer.router(service: service, configuration: configuration)
        var logger = Logger(label: "folio-bench-flush-server")
        logger.logLevel = .error
        let app = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: port),
                                                    serverName: "folio-bench-flush-server"),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? 0
                FileHandle.standardOutput.write(Data("folio-server listening on http://127.0.0.1:\(bound)\n".utf8))
            },
            logger: logger)
        try await app.runService()
    }
}
