import ArgumentParser
import FolioHTTPServer
import FolioServer
import FolioWire
import Foundation
import Hummingbird
import HummingbirdCore
import NIOCore
import Logging
import Metrics

/// `folio-server serve`: starts the HTTP server.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start the server (127.0.0.1:8080 unless told otherwise).")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0: any free port, printed at start).")
    var port = 8080

    @Flag(help: "Seed the demo archive (Examples/demo) into an empty database before starting (an archive already there is left as it is).")
    var demo = false

    @Option(help: "Where the demo files are (default: Examples/demo found from the current directory upwards).")
    var demoDir: String?

    @Flag(help: "Require a token (any role) on the sync routes too.")
    var requireToken = false

    @Option(help: "Comments one client may post per window (then 429 with Retry-After).")
    var commentsPerClient = 30

    @Option(help: "Comments one address may post per window (an IPv6 address counts by its /64; every reader behind a carrier NAT shares one IPv4 address).")
    var commentsPerAddress = 600

    @Option(help: "The comment rate-limit window, in seconds.")
    var rateWindowSeconds = 600

    @Option(help: "A reverse proxy's address whose X-Forwarded-For is believed for per-address limits (repeatable).")
    var trustedProxy: [String] = []

    @Option(help: "Seconds a client has to send a complete request head (slow clients are cut off).")
    var headerTimeoutSeconds = 20

    @Option(help: "How often the bootstrap snapshot is refreshed when the archive changed, in seconds.")
    var snapshotIntervalSeconds = 60

    @Option(help: "Hours a snapshot part is still served after the last manifest that listed it.")
    var snapshotRetentionHours = 24

    @Option(help: "Pull requests one address, and one client key, may send per minute (then 429 with Retry-After).")
    var pullsPerMinute = 600

    @Option(help: "Checksum requests one address may send per minute.")
    var checksumsPerMinute = 30

    @Option(help: "Repair requests one address, and one client key, may send per minute.")
    var repairsPerMinute = 1_200

    @Option(help: "Most changes in one pull page, whatever the client asks (SPEC.md §6.1).")
    var maxPageChanges = SyncServiceConfiguration().maxPageChanges

    @Option(name: .customLong("max-page-kib"),
            help: "Encoded bytes of changes after which a pull page is cut, in KiB (at least one change is always sent).")
    var maxPageKiB = SyncServiceConfiguration().maxPageBytes >> 10

    @Option(help: "A preset dictionary to offer (SPEC.md §9.2), as LANGUAGE:VERSION:FILE, e.g. en:1:en.dict (repeatable).")
    var dictionary: [String] = []

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0...65535") }
        guard headerTimeoutSeconds > 0 else { throw ValidationError("--header-timeout-seconds must be positive") }
        guard commentsPerClient > 0, commentsPerAddress > 0, rateWindowSeconds > 0 else {
            throw ValidationError("--comments-per-client, --comments-per-address and --rate-window-seconds must be positive")
        }
        guard snapshotIntervalSeconds > 0, snapshotRetentionHours >= 0 else {
            throw ValidationError("--snapshot-interval-seconds must be positive and --snapshot-retention-hours not negative")
        }
        guard (1...10_000).contains(maxPageChanges) else { throw ValidationError("--max-page-changes must be 1...10000") }
        // A page is cut by its plain bytes; deflate may add a little to
        // incompressible ones, and the response frame limit is 1 MiB.
        guard (16...960).contains(maxPageKiB) else { throw ValidationError("--max-page-kib must be 16...960") }
        guard pullsPerMinute > 0, checksumsPerMinute > 0, repairsPerMinute > 0 else {
            throw ValidationError("--pulls-per-minute, --checksums-per-minute and --repairs-per-minute must be positive")
        }
    }

    /// Reads `LANGUAGE:VERSION:FILE` into a dictionary (at most 32 KiB).
    static func loadDictionary(_ spec: String) throws -> PresetDictionary {
        let parts = spec.split(separator: ":", maxSplits: 2).map(String.init)
        guard parts.count == 3, let version = UInt32(parts[1]) else {
            throw ValidationError("--dictionary must be LANGUAGE:VERSION:FILE")
        }
        guard let data = FileManager.default.contents(atPath: parts[2]) else {
            throw ValidationError("cannot read dictionary \(parts[2])")
        }
        do {
            return try PresetDictionary(bytes: Array(data), language: parts[0], version: version)
        } catch {
            throw ValidationError("dictionary \(parts[2]): \(error)")
        }
    }

    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    func run() async throws {
        let registry = PrometheusRegistry()
        MetricsSystem.bootstrap(registry)
        var serviceConfiguration = SyncServiceConfiguration()
        serviceConfiguration.snapshotMinimumAge = .seconds(snapshotIntervalSeconds)
        serviceConfiguration.snapshotRetention = .seconds(snapshotRetentionHours * 3_600)
        serviceConfiguration.maxPageChanges = maxPageChanges
        serviceConfiguration.maxPageBytes = maxPageKiB << 10
        let service = try database.service(configuration: serviceConfiguration)
        if demo {
            // Only into an empty archive: importing again would revert editors'
            // corrections and publish unpublished articles again.
            if try await service.storage.statistics().head > 0 {
                Self.say("demo: the database already holds an archive; nothing imported")
            } else {
                let directory = try DemoFiles.locate(demoDir)
                let articles = try await service.importArticles(
                    jsonLines: Data(contentsOf: directory.appendingPathComponent("articles.jsonl")))
                let comments = try await service.importComments(
                    jsonLines: Data(contentsOf: directory.appendingPathComponent("comments.jsonl")))
                Self.say("demo: \(articles.added) articles and \(comments.added) comments imported")
            }
        }
        var configuration = HTTPServerConfiguration()
        configuration.requireTokenForSync = requireToken
        configuration.commentsPerClient = commentsPerClient
        configuration.commentsPerAddress = commentsPerAddress
        configuration.trustedProxies = Set(trustedProxy)
        configuration.rateWindow = .seconds(rateWindowSeconds)
        configuration.dictionaries = try dictionary.map(Self.loadDictionary)
        configuration.pullsPerMinute = pullsPerMinute
        configuration.checksumsPerMinute = checksumsPerMinute
        configuration.repairsPerMinute = repairsPerMinute
        let router = FolioHTTPServer.router(service: service, configuration: configuration, registry: registry)
        let host = self.host
        let headerTimeout = headerTimeoutSeconds
        let app = Application(
            router: router,
            // Idle connections (including one that stalls while sending its
            // headers) are closed after 75 s, longer than the longest long poll.
            server: .http1(configuration: HTTP1Channel.Configuration(
                additionalChannelHandlers: [HeaderReadTimeout(timeout: .seconds(Int64(headerTimeout)))],
                idleTimeout: .seconds(75))),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "folio-server"),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? 0
                // Written unbuffered: scripts and tests wait for this line.
                FileHandle.standardOutput.write(Data("folio-server listening on http://\(host):\(bound)\n".utf8))
            },
            logger: Logger(label: "folio-server"))
        // Tombstones older than the 180-day horizon (SPEC.md §8.4) are compacted hourly.
        let compaction = Task {
            while !Task.isCancelled {
                _ = try? await service.compactTombstones()
                try? await Task.sleep(for: .seconds(3_600))
            }
        }
        defer { compaction.cancel() }
        // The bootstrap snapshot (SPEC.md §11) is built at start (only the
        // parts missing from <db>.snapshots/) and refreshed every
        // --snapshot-interval-seconds when the archive changed, so that a new
        // client does not wait for it to be built.
        let snapshotDictionaries = configuration.dictionaries
        let minimumAge = service.configuration.snapshotMinimumAge
        let snapshots = Task {
            let logger = Logger(label: "folio-server.snapshot")
            var built: UInt64?
            while !Task.isCancelled {
                let start = ContinuousClock.now
                do {
                    let snapshot = try await service.latestSnapshot(dictionaries: snapshotDictionaries)
                    if built != snapshot.sequence {
                        built = snapshot.sequence
                        logger.info("snapshot ready", metadata: [
                            "sequence": "\(snapshot.sequence)", "parts": "\(snapshot.manifest.parts.count)", "built": "\(snapshot.partsBuilt)",
                            "seconds": "\(Double(Int((ContinuousClock.now - start) / .milliseconds(100))) / 10)"])
                    }
                } catch {
                    logger.error("snapshot build failed: \(error)")
                }
                try? await Task.sleep(for: minimumAge)
            }
        }
        defer { snapshots.cancel() }
        try await app.runService()
    }
}

/// Finds the demo files.
enum DemoFiles {
    static func locate(_ explicit: String?) throws -> URL {
        if let explicit {
            let url = URL(fileURLWithPath: explicit)
            guard FileManager.default.fileExists(atPath: url.appendingPathComponent("articles.jsonl").path) else {
                throw ValidationError("\(explicit) holds no articles.jsonl")
            }
            return url
        }
        var directory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        for _ in 0..<8 {
            let candidate = directory.appendingPathComponent("Examples/demo")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("articles.jsonl").path) {
                return candidate
            }
            directory.deleteLastPathComponent()
        }
        throw ValidationError("Examples/demo not found from the current directory; pass --demo-dir")
    }
}
