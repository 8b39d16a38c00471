import ArgumentParser
import FolioBenchKit
import Foundation

/// `folio-bench run` (the default): generates the archive, starts the real
/// `folio-server`, and runs the scenarios of issues 6 and 10 with their baselines.
struct RunCommand: AsyncParsableCommand {
    /// The scenarios `--scenarios` can name.
    enum Scenario: String, CaseIterable {
        /// 1 and 2: first sync and one day of changes (the others' server and store).
        case firstSync = "first-sync"
        /// 4: idle long-polling clients.
        case polling
        /// 5: 1,000 comments queued offline.
        case flush
        /// 7a, 7b: a Persian-only reader, then everything.
        case filtered
        /// 7c: a reader back after 30 days.
        case absence
        /// 7f: the server's CPU for the snapshot after one correction.
        case snapshot
        /// 7e: a throttled first sync while an editor publishes.
        case busy
        /// 6: the store's apply throughput.
        case apply
        /// 3: one correction at growing archive sizes.
        case growth
        /// 7d: the server's CPU per request at growing archive sizes.
        case cost
    }

    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run the scenarios and print Folio next to its baselines.")

    @Option(help: "Articles in the generated archive (issue 6 default: 20000).")
    var articles = 20_000

    @Option(help: "Write every figure to this JSON file.")
    var json: String?

    @Option(help: "The generator seed.")
    var seed: UInt64 = 20_260_105

    @Option(help: "Rows for the apply-throughput scenario (default: every article up to 20000, so that the first sync's local limit is measured on the same rows).")
    var applyRows: Int?

    @Option(help: "Archive sizes for the cost-growth scenario (comma separated; empty skips it).")
    var growthSizes = "1000,10000"

    @Option(help: "Archive sizes for the server-cost scenario 7d (comma separated; empty skips it).")
    var costSizes = "1000,100000"

    @Option(help: "Articles of the archive a throttled first sync (scenario 7e) downloads (about 2 minutes each way at 10,000).")
    var throttledArticles = 10_000

    @Option(help: "The scenarios to run, comma separated: \(Scenario.allCases.map(\.rawValue).joined(separator: ", ")) (default: all). Scenarios that need the first sync's server skip without it.")
    var scenarios = Scenario.allCases.map(\.rawValue).joined(separator: ",")

    @Option(help: "Concurrent clients for idle polling.")
    var pollClients = 64

    @Option(help: "Seconds of idle polling.")
    var pollSeconds = 5.0

    @Flag(help: "Serve English and Persian preset dictionaries (generated from another seed) on every server.")
    var dictionaries = false

    @Option(parsing: .unconditionalSingleValue,
            help: "An extra argument for every `folio-server serve` of the run, e.g. --server-argument=--max-page-kib=960 (repeatable).")
    var serverArgument: [String] = []

    @Option(help: "Keep the temporary directory (databases and generated files) here instead of deleting it.")
    var keep: String?

    func validate() throws {
        guard (10...200_000).contains(articles) else { throw ValidationError("--articles must be 10...200000") }
        guard (1...256).contains(pollClients) else { throw ValidationError("--poll-clients must be 1...256") }
        guard (0.5...60).contains(pollSeconds) else { throw ValidationError("--poll-seconds must be 0.5...60") }
        guard (100...200_000).contains(throttledArticles) else {
            throw ValidationError("--throttled-articles must be 100...200000")
        }
        _ = try selected()
    }

    /// The scenarios `--scenarios` names.
    func selected() throws -> Set<Scenario> {
        var result: Set<Scenario> = []
        for name in scenarios.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            guard let scenario = Scenario(rawValue: name) else {
                throw ValidationError("unknown scenario \(name); known: \(Scenario.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            result.insert(scenario)
        }
        return result
    }

    func run() async throws {
        let directory: URL
        if let keep {
            directory = URL(fileURLWithPath: keep)
        } else {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("folio-bench-\(UUID().uuidString)")
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { if keep == nil { try? FileManager.default.removeItem(at: directory) } }

        var report = BenchReport(startedAt: BenchJSON.iso8601(seconds: Int64(Date().timeIntervalSince1970)),
                                 articles: articles, seed: seed, cores: ProcessInfo.processInfo.activeProcessorCount)
        let bench = Scenarios(directory: directory, seed: seed, articles: articles)
        bench.keepsFiles = keep != nil
        if dictionaries { try bench.useDictionaries() }
        // The bench measures throughput: 64 polling clients share one loopback
        // address, far over the per-address request budgets a server keeps in
        // production (SPEC.md §5.4), which are policy, not what is measured.
        bench.serverArguments += ["--pulls-per-minute", "100000000", "--checksums-per-minute", "100000000",
                                  "--repairs-per-minute", "100000000"]
        report.notes["preset dictionaries served"] = dictionaries ? 2 : 0
        bench.serverArguments += serverArgument
        let run = try selected()
        if run.contains(.firstSync) { try await bench.firstSyncAndDay(&report) }
        if bench.server == nil {
            for scenario in run.intersection([.polling, .flush, .filtered, .absence, .snapshot]) {
                report.skipped[scenario.rawValue] = "needs the first-sync scenario in the same run"
            }
        } else {
            // In this order: polling needs the store of scenario 2 at the
            // server's head; 7c and 7f change the archive.
            if run.contains(.polling) { try await bench.idlePolling(&report, clients: pollClients, seconds: pollSeconds) }
            if run.contains(.flush) { try await bench.commentFlush(&report) }
            if run.contains(.filtered) { try await bench.filteredReader(&report) }
            if run.contains(.absence) { try await bench.longAbsence(&report, days: 30) }
            if run.contains(.snapshot) { try await bench.snapshotAfterCorrection(&report) }
        }
        bench.stopServer()
        if run.contains(.busy) { try await bench.busyFirstSync(&report, articles: throttledArticles) }
        if run.contains(.apply) { try bench.applyThroughput(&report, rows: applyRows ?? min(articles, 20_000)) }
        let sizes = growthSizes.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        if run.contains(.growth), !sizes.isEmpty { try await bench.costGrowth(&report, sizes: sizes) }
        let costs = costSizes.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        if run.contains(.cost), !costs.isEmpty { try await bench.serverCost(&report, sizes: costs) }

        print("")
        print(report.markdownTable())
        for (name, ok) in report.checks.sorted(by: { $0.key < $1.key }) { print("check \(ok ? "ok  " : "FAIL") \(name)") }
        for (name, why) in report.skipped.sorted(by: { $0.key < $1.key }) { print("skipped \(name): \(why)") }
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(report).write(to: URL(fileURLWithPath: json))
            print("wrote \(json)")
        }
        if report.checks.values.contains(false) { throw ExitCode(2) }
    }
}
