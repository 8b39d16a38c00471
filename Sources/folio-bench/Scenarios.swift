import FolioBenchKit
import FolioWire
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The scenarios of issue 6 on one generated archive, one server database and
/// one client store, in order: first sync, one day of changes, comment flush
/// (same server), apply throughput (in process), cost growth and idle polling
/// (their own servers).
final class Scenarios {
    let directory: URL
    let seed: UInt64
    let archive: ArchiveGenerator
    let serverDB: String
    let clientDB: String
    /// The store of scenario 1 as it was before the first day of changes (scenario 7c).
    let absentClientDB: String
    /// An editor token of the server of scenario 1.
    var editorToken: String?
    var server: ServerProcess?
    /// Extra `folio-server serve` arguments for every server of the run (dictionaries).
    var serverArguments: [String] = []
    private let started = ContinuousClock.now
    /// Articles one first sync delivered per second (for the apply comparison).
    var firstSyncSeconds: Double?
    /// The generated archive's files and baselines (scenario 1).
    var written: ArchiveFiles.Written?
    /// True with `--keep`: scenarios that build databases of their own (7d)
    /// leave them in ``directory`` and reuse them in a later run.
    var keepsFiles = false

    init(directory: URL, seed: UInt64, articles: Int) {
        self.directory = directory
        self.seed = seed
        archive = ArchiveGenerator(seed: seed, count: articles)
        serverDB = directory.appendingPathComponent("server.sqlite").path
        clientDB = directory.appendingPathComponent("client.sqlite").path
        absentClientDB = directory.appendingPathComponent("client-absent.sqlite").path
    }

    /// Copies a closed store with its WAL and shared-memory files, if any.
    static func copyStore(_ source: String, to destination: String) throws {
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: source + suffix) {
            try? FileManager.default.removeItem(atPath: destination + suffix)
            try FileManager.default.copyItem(atPath: source + suffix, toPath: destination + suffix)
        }
    }

    /// Prints a progress line with the time since the start.
    func log(_ line: String) {
        let elapsed = ContinuousClock.now - started
        FileHandle.standardOutput.write(Data((String(format: "[%7.1f s] ", Self.seconds(elapsed)) + line + "\n").utf8))
    }

    static func seconds(_ duration: Duration) -> Double { durationSeconds(duration) }

    /// Runs `body` and returns how long it took, in seconds.
    static func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = ContinuousClock.now
        let value = try body()
        return (value, seconds(ContinuousClock.now - start))
    }

    /// `folio-server import` of one file into `db`.
    func importFile(_ url: URL, comments: Bool = false, db: String) throws {
        let folioServer = try Child.executable("folio-server")
        _ = try Child.run(folioServer, ["import", url.path, "--db", db] + (comments ? ["--comments"] : []))
    }

    /// One measured client sync in a child process (see ``ClientSyncCommand``).
    func clientSync(_ url: String, db: String, enqueue: Int = 0, articleID: Int64 = 0,
                    subscription: [String] = []) throws -> ClientSyncResult {
        try Self.clientSync(url, db: db, enqueue: enqueue, articleID: articleID, subscription: subscription)
    }

    /// One measured client sync in a child process (see ``ClientSyncCommand``).
    static func clientSync(_ url: String, db: String, enqueue: Int = 0, articleID: Int64 = 0,
                           subscription: [String] = []) throws -> ClientSyncResult {
        var arguments = ["client-sync", "--server", url, "--db", db] + subscription
        if enqueue > 0 { arguments += ["--enqueue", String(enqueue), "--article-id", String(articleID)] }
        let out = try Child.run(Child.selfURL, arguments, timeout: 1_800)
        guard let line = out.split(separator: "\n").last(where: { $0.hasPrefix("{") }) else {
            throw BenchError("client-sync printed no result: \(out.suffix(400))")
        }
        return try JSONDecoder().decode(ClientSyncResult.self, from: Data(line.utf8))
    }

    func startServer(port: Int = 0) throws -> ServerProcess {
        let process = try ServerProcess(database: serverDB, port: port, extra: serverArguments)
        server = process
        return process
    }

    func stopServer() {
        server?.stop()
        server = nil
    }

    /// Writes an English and a Persian preset dictionary and makes every
    /// server of the run offer them (`folio-server serve --dictionary`).
    func useDictionaries() throws {
        for language in ["en", "fa"] {
            let url = directory.appendingPathComponent("\(language).dict")
            try Data(DictionaryText.bytes(language: language, archiveSeed: seed)).write(to: url)
            serverArguments += ["--dictionary", "\(language):1:\(url.path)"]
        }
    }

    /// An editor call: `DELETE /v1/editor/articles/{id}` with a bearer token.
    /// Waits until the server's bootstrap snapshot is built (folio-server
    /// builds it at start, SPEC.md §11) and returns the seconds waited: a
    /// running server has it ready before clients arrive.
    static func waitForSnapshot(server: String) async throws -> Double {
        guard let url = URL(string: "\(server)\(FolioProtocol.Path.snapshotManifest)") else { throw BenchError("bad URL") }
        let start = ContinuousClock.now
        // URLSession.shared gives up after 60 s; a snapshot of 100,000 articles can take longer.
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 1_800
        configuration.timeoutIntervalForResource = 1_800
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        let (data, response) = try await session.data(for: URLRequest(url: url, timeoutInterval: 1_800))
        guard let http = response as? HTTPURLResponse, http.statusCode == 200 else {
            throw BenchError("the snapshot manifest failed: \(String(decoding: data, as: UTF8.self))")
        }
        return durationSeconds(ContinuousClock.now - start)
    }

    static func unpublish(_ id: Int64, server: String, token: String) async throws {
        guard let url = URL(string: "\(server)/v1/editor/articles/\(id)") else { throw BenchError("bad URL") }
        var request = URLRequest(url: url, timeoutInterval: 30)
        request.httpMethod = "DELETE"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse, http.statusCode == 200 else {
            throw BenchError("unpublishing \(id) failed: \(String(decoding: data, as: UTF8.self))")
        }
    }
}

/// A duration in seconds.
func durationSeconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
