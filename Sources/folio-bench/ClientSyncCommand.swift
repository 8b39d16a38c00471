import ArgumentParser
import FolioBenchKit
import FolioClient
import FolioStore
import FolioURLSessionTransport
import FolioWire
import Foundation

/// `folio-bench client-sync`: the measured client, run as a child process so
/// that its peak memory (VmHWM) is the client's alone and not the generator's.
/// Runs one `SyncEngine.sync()` over `URLSessionTransport` on a store on disk,
/// and prints one JSON line of ``ClientSyncResult``.
struct ClientSyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client-sync", abstract: "(internal) One measured client sync; prints JSON.",
        shouldDisplay: false)

    @Option(help: "The server URL.") var server: String
    @Option(help: "The client store.") var db: String
    @Option(help: "Queue this many comments before syncing (comment flush).") var enqueue = 0
    @Option(help: "The article the queued comments are on.") var articleId: Int64 = 0
    @Option(name: .customLong("language"), help: "Carry only this language (repeatable; SPEC.md §6.4).")
    var languages: [String] = []
    @Flag(help: "Carry the whole archive again, forgetting --language.") var everything = false

    func run() async throws {
        guard let url = URL(string: server) else { throw ValidationError("--server is not a URL") }
        let store = try FolioStore(path: db)
        try store.setServer(server)
        if everything {
            try store.setSubscription(.all)
        } else if !languages.isEmpty {
            try store.setSubscription(SyncSubscription(languages: languages))
        }
        for number in 0..<max(0, enqueue) {
            _ = try store.enqueueComment(NewComment(
                articleID: articleId, name: "Bench reader \(number % 50)", email: "bench\(number)@example.org",
                text: "Queued offline comment number \(number): the figures on the border crossing match what we see here."))
        }
        let heldDictionaries = Set(try store.syncState().dictionaries)
        let transport = URLSessionTransport(baseURL: url, dictionaryCache: store)
        // The engine carries the store's subscription (SPEC.md §6.4).
        let engine = SyncEngine(store: store, transport: transport,
                                configuration: SyncEngine.Configuration(watch: false, pushBatchSize: 100))
        let start = ContinuousClock.now
        let report = try await engine.sync()
        let elapsed = ContinuousClock.now - start
        // The transport keeps the server's preset dictionaries in the store
        // (SPEC.md §9.2): only a store's first sync downloads them, and counts
        // them in `bytes`. Their sizes, read after the measurement:
        let info = try await transport.info()
        let dictionaryBytes = info.dictionaries.filter { !heldDictionaries.contains(String($0.id)) }
            .reduce(Int64(0)) { $0 + Int64($1.size) }
        let result = ClientSyncResult(
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            bytes: report.bytes, dictionaryBytes: dictionaryBytes, pages: report.pages, inserted: report.inserted, updated: report.updated,
            removed: report.removed, comments: report.comments, deltaBodies: report.deltaBodies,
            commentsAccepted: report.commentsAccepted, commentsRejected: report.commentsRejected,
            commentsWaiting: report.commentsWaiting,
            articleCount: try store.articleCount(), commentCount: try store.commentCount(),
            peakRSSBytes: PeakMemory.peakResidentBytes() ?? -1, repairs: report.repairs)
        print(String(decoding: try BenchJSON.line(result), as: UTF8.self))
    }
}

/// What one measured client sync did, as the child prints it.
struct ClientSyncResult: Codable, Sendable {
    var seconds: Double
    var bytes: Int64
    /// Bytes of preset dictionaries the transport downloaded (included in `bytes`).
    var dictionaryBytes: Int64
    var pages: Int
    var inserted: Int
    var updated: Int
    var removed: Int
    var comments: Int
    var deltaBodies: Int
    var commentsAccepted: Int
    var commentsRejected: Int
    var commentsWaiting: Int
    var articleCount: Int
    var commentCount: Int
    var peakRSSBytes: Int64
    /// Checksum comparisons that found buckets to repair.
    var repairs: Int = 0
}
