import ArgumentParser
import Foundation
import FolioClient
import FolioStore
import FolioURLSessionTransport

/// `folio sync`: bring the archive up to date and send queued comments.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Sync the archive with a server and send queued comments.",
        discussion: "Creates the store on first use. Shows a progress bar on a terminal and a one-line summary at the end.")

    @OptionGroup var store: StoreOptions

    @Option(help: "The server, such as http://127.0.0.1:8080.")
    var server: String

    @Flag(help: "Keep syncing until interrupted: new articles arrive within a second, comments are sent as they are queued.")
    var watch = false

    @Option(name: .customLong("language"), help: "Carry only this language (repeatable). Kept for later syncs.")
    var languages: [String] = []

    @Option(name: .customLong("region"), help: "Carry only articles of this region slug (repeatable). Kept for later syncs.")
    var regions: [String] = []

    @Option(name: .customLong("topic"), help: "Carry only articles of this topic slug (repeatable). Kept for later syncs.")
    var topics: [String] = []

    @Flag(help: "Carry the whole archive again, forgetting any --language, --region or --topic.")
    var everything = false

    func validate() throws {
        guard let url = URL(string: server), let scheme = url.scheme, ["http", "https"].contains(scheme),
              url.host != nil else {
            throw ValidationError("--server must be an http or https URL, such as http://127.0.0.1:8080")
        }
        if everything && !(languages.isEmpty && regions.isEmpty && topics.isEmpty) {
            throw ValidationError("--everything cannot be combined with --language, --region or --topic")
        }
    }

    func run() async throws {
        guard let url = URL(string: server) else { throw ValidationError("--server is not a URL") }
        let folio = try FolioStore(path: store.db)
        try folio.setServer(server)
        var dropped: SyncBatchSummary?
        if everything {
            dropped = try folio.setSubscription(.all)
        } else if !(languages.isEmpty && regions.isEmpty && topics.isEmpty) {
            dropped = try folio.setSubscription(SyncSubscription(languages: languages, regions: regions, topics: topics))
        }
        if let dropped, !store.json {
            // A narrower subscription takes effect at once (SPEC.md §6.4).
            let count = dropped.articlesRemoved
            FileHandle.standardError.write(Data("dropped \(count) article\(count == 1 ? "" : "s") the subscription no longer carries\n".utf8))
        }
        let engine = SyncEngine(store: folio, transport: URLSessionTransport(baseURL: url, dictionaryCache: folio),
                                configuration: SyncEngine.Configuration(watch: watch))
        let bar = ProgressBar(enabled: !store.json && isatty(STDERR_FILENO) == 1)
        let renderer = Task {
            for await event in engine.events {
                switch event {
                case .progress(let progress): bar.show(progress)
                case .applied(let summary) where watch && !summary.isEmpty:
                    bar.clear()
                    print("\(Formatting.time(summary.appliedAt)): \(summary.articlesInserted) new, \(summary.articlesUpdated) updated, \(summary.articlesRemoved) removed")
                case .pushed(let accepted, let rejected, _) where watch && accepted + rejected > 0:
                    bar.clear()
                    print("Comments: \(accepted) accepted, \(rejected) rejected")
                default: break
                }
            }
        }
        defer { renderer.cancel() }
        let report: SyncReport
        do {
            report = try await engine.sync()
        } catch let error as FolioClientError {
            bar.clear()
            throw CLIError(Self.failureLine(error, server: server))
        } catch {
            bar.clear()
            throw error
        }
        bar.clear()
        if store.json { return try store.printJSON(report) }
        print(Self.summary(report))
    }

    /// The one line a failed sync prints before exiting non-zero.
    static func failureLine(_ error: FolioClientError, server: String) -> String {
        switch error.code {
        case .unreachable, .timeout:
            "\(error.code.rawValue): cannot reach \(server); queued comments stay in the outbox"
        case .unsupportedVersion:
            "\(error.code.rawValue): \(server) no longer speaks this version of the protocol; update folio. Nothing was sent; queued comments stay in the outbox"
        default:
            "\(error.description); queued comments stay in the outbox"
        }
    }

    /// The one-line summary of a sync.
    static func summary(_ report: SyncReport) -> String {
        var line = "Synced: \(report.inserted) new, \(report.updated) updated, \(report.removed) removed"
        if report.comments > 0 { line += ", \(report.comments) comment changes" }
        line += "; \(report.pages) pages, \(Formatting.bytes(report.bytes))"
        if report.deltaBodies > 0 { line += ", \(report.deltaBodies) bodies as deltas" }
        if report.repairs > 0 { line += ", \(report.repairs) repairs" }
        let sent = report.commentsAccepted + report.commentsRejected
        if sent > 0 || report.commentsWaiting > 0 {
            line += ". Comments: \(report.commentsAccepted) accepted, \(report.commentsRejected) rejected, \(report.commentsWaiting) waiting"
        }
        return line + "."
    }
}
