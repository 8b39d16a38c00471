import ArgumentParser
import FolioBenchKit
import Foundation

/// `folio-bench run` (the default): generates the archive, starts the real
/// `folio-server`, and runs the scenarios of issue 6 with their baselines.
struct RunCommand: AsyncParsableCommand {
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

    @Option(help: "Concurrent clients for idle polling.")
    var pollClients = 64

    @Option(help: "Seconds of idle polling.")
    var pollSeconds = 5.0

    @Flag(help: "Serve English and Persian preset dictionaries (generated from another seed) on every server.")
    var dictionaries = false

    @Option(help: "Keep the temporary directory (databases and generated files) here instead of deleting it.")
    var keep: String?

    func validate() throws {
        guard (10...200_000).contains(articles) else { throw ValidationError("--articles must be 10...200000") }
        guard (1...256).contains(pollClients) else { throw ValidationError("--poll-clients must be 1...256") }
        guard (0.5...60).contains(pollSeconds) else { throw ValidationError("--poll-seconds must be 0.5...60") }
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
        if dictionaries { try bench.useDictionaries() }
        // The bench measures throughput: 64 polling clients share one loopback
        // address, far over the per-address request budgets a server keeps in
        // production (SPEC.md §5.4), which are policy, not what is measured.
        bench.serverArguments += ["--pulls-per-minute", "100000000", "--checksums-per-minute", "100000000",
                                  "--repairs-per-minute", "100000000"]
        report.notes["preset dictionaries served"] = dictionaries ? 2 : 0
        try await bench.firstSyncAndDay(&report)
        try await bench.idlePolling(&report, clients: pollClients, seconds: pollSeconds)
        try await bench.commentFlush(&report)
        try await bench.filteredReader(&report)
        bench.stopServer()
        try bench.applyThroughput(&report, rows: applyRows ?? min(articles, 20_000))
        let sizes = growthSizes.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        if !sizes.isEmpty { try await bench.costGrowth(&report, sizes: sizes) }

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
