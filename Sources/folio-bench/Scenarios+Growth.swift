import FolioBenchKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension Scenarios {
    /// Scenario 3: the time and bytes to sync one correction (one sentence of a
    /// body) on archives of each size, each on its own server database and
    /// client store. The figure is the largest over the smallest; issue 6 wants
    /// it within 1.2.
    func costGrowth(_ report: inout BenchReport, sizes: [Int]) async throws {
        var results: [(size: Int, result: ClientSyncResult)] = []
        for size in sizes.sorted() where size > 1 {
            let folder = directory.appendingPathComponent("growth-\(size)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let generator = ArchiveGenerator(seed: seed, count: size)
            log("scenario 3: archive of \(size): generate, import, first sync")
            let written = try ArchiveFiles.write(generator, to: folder)
            let db = folder.appendingPathComponent("server.sqlite").path
            for file in written.articleFiles { try importFile(file, db: db) }
            let client = folder.appendingPathComponent("client.sqlite").path
            var server = try ServerProcess(database: db, extra: serverArguments)
            _ = try await Self.waitForSnapshot(server: server.url)
            let first = try clientSync(server.url, db: client)
            report.rows.append(BenchRow(scenario: "3 growth", metric: "first sync of \(size): client peak memory",
                                        unit: "MB", folio: Double(first.peakRSSBytes) / 1_048_576, maxValue: 100))
            let port = server.port
            server.stop()
            // A first sync of 100,000 articles leaves about 2.5 GB of dirty
            // pages that the kernel writes back over the next half minute;
            // flush them first, so that the corrections measure the sync and
            // not that writeback.
            sync()
            // One correction (one sentence of one body), five times on five
            // articles; the median run counts (single runs of ~20 ms are noisy).
            // Article i depends only on the seed and i, and so does its
            // correction: every size gets the same three edits.
            var runs: [ClientSyncResult] = []
            for (number, index) in [1, 4, 7, 10, 13].enumerated() {
                let corrected = DayOfChanges.sentenceCorrection(of: generator.article(index), seed: seed, number: number)
                var data = try BenchJSON.line(corrected)
                data.append(0x0A)
                let file = folder.appendingPathComponent("correction-\(number).jsonl")
                try data.write(to: file)
                try importFile(file, db: db)
                server = try ServerProcess(database: db, port: port, extra: serverArguments)
                // A running server has built its snapshot long before (folio-server builds it at start).
                _ = try await Self.waitForSnapshot(server: server.url)
                runs.append(try clientSync(server.url, db: client))
                server.stop()
            }
            // Median time and median bytes, each on its own.
            var result = runs.sorted { $0.seconds < $1.seconds }[runs.count / 2]
            let bytes = runs.map { ($0.bytes, $0.dictionaryBytes) }.sorted { $0.0 - $0.1 < $1.0 - $1.1 }[runs.count / 2]
            (result.bytes, result.dictionaryBytes) = bytes
            report.checks["3 growth \(size): each correction updates one article"] =
                runs.allSatisfy { $0.updated == 1 && $0.articleCount == size }
            results.append((size, result))
            log(String(format: "one correction at %d (medians of 5): %.3f s, %d bytes (%d without dictionaries)", size,
                       result.seconds, result.bytes, result.bytes - result.dictionaryBytes))
            try? FileManager.default.removeItem(at: folder)
        }
        guard let small = results.first, let large = results.last else { return }
        for (size, result) in results {
            report.rows.append(BenchRow(scenario: "3 growth", metric: "one correction at \(size): bytes without dictionaries (median of 5)",
                                        unit: "B", folio: Double(result.bytes - result.dictionaryBytes)))
            report.rows.append(BenchRow(scenario: "3 growth", metric: "one correction at \(size): wall time (median of 5)",
                                        unit: "s", folio: result.seconds))
        }
        if large.size != small.size {
            report.rows.append(BenchRow(
                scenario: "3 growth", metric: "bytes at \(large.size) vs \(small.size)", unit: "B",
                folio: Double(large.result.bytes - large.result.dictionaryBytes), baselineName: "same at \(small.size)",
                baseline: Double(small.result.bytes - small.result.dictionaryBytes), maxRatio: 1.2))
            report.rows.append(BenchRow(
                scenario: "3 growth", metric: "time at \(large.size) vs \(small.size)", unit: "s",
                folio: large.result.seconds, baselineName: "same at \(small.size)", baseline: small.result.seconds,
                maxRatio: 1.2))
        }
    }
}
