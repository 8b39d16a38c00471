import FolioBenchKit
import Foundation

extension Scenarios {
    /// Scenario 7d (issue 10): the server's CPU per request of each kind an
    /// unauthenticated client can send (``ServerCost``), on archives of each
    /// size (articles and their comments imported into a database of its
    /// own), and the largest size over the smallest.
    func serverCost(_ report: inout BenchReport, sizes: [Int]) async throws {
        var costs: [(size: Int, perRequest: [String: Double])] = []
        for size in sizes.sorted() where size > 1 {
            let folder = directory.appendingPathComponent("cost-\(size)")
            let db = folder.appendingPathComponent("server.sqlite").path
            // With --keep the database stays for the next run (a 100,000-article
            // archive takes minutes to generate and import); a kept one is
            // complete, because it is renamed into place after its import.
            if keepsFiles, FileManager.default.fileExists(atPath: db) {
                log("scenario 7d: archive of \(size): reusing \(db)")
            } else {
                try? FileManager.default.removeItem(at: folder)
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                log("scenario 7d: archive of \(size): generate and import")
                let written = try ArchiveFiles.write(ArchiveGenerator(seed: seed, count: size), to: folder)
                let importing = folder.appendingPathComponent("importing.sqlite").path
                for file in written.articleFiles { try importFile(file, db: importing) }
                try importFile(written.commentsFile, comments: true, db: importing)
                for suffix in ["-wal", "-shm", ""] where FileManager.default.fileExists(atPath: importing + suffix) {
                    try FileManager.default.moveItem(atPath: importing + suffix, toPath: db + suffix)
                }
                for file in written.articleFiles + [written.commentsFile] { try? FileManager.default.removeItem(at: file) }
            }
            defer { if !keepsFiles { try? FileManager.default.removeItem(at: folder) } }
            let server = try ServerProcess(database: db, extra: serverArguments)
            defer { server.stop() }
            _ = try await Self.waitForSnapshot(server: server.url)
            log("scenario 7d: server CPU per request at \(size) articles")
            let cost = ServerCost(server: server.url, pid: server.process.processIdentifier)
            costs.append((size, try await cost.measure(requestsPerKind: 200, rounds: 3)))
        }
        serverCostRows(&report, costs)
    }

    /// Scenario 7d rows: CPU per request of each kind at every size, and the
    /// largest size over the smallest (issue 10 wants at most 1.5).
    private func serverCostRows(_ report: inout BenchReport, _ costs: [(size: Int, perRequest: [String: Double])]) {
        guard let small = costs.first, let large = costs.last else { return }
        for kind in ServerCost.kinds {
            for (size, perRequest) in costs {
                report.rows.append(BenchRow(scenario: "7 server cost", metric: "(d) \(kind): CPU per request at \(size)",
                                            unit: "ms", folio: (perRequest[kind] ?? 0) * 1_000))
            }
            if large.size != small.size {
                report.rows.append(BenchRow(
                    scenario: "7 server cost", metric: "(d) \(kind): CPU at \(large.size) vs \(small.size)", unit: "ms",
                    folio: (large.perRequest[kind] ?? 0) * 1_000, baselineName: "same at \(small.size)",
                    baseline: (small.perRequest[kind] ?? 0) * 1_000,
                    // A subscription summed afresh reads its facets' rows of
                    // every bucket: its cost follows the buckets, and it is
                    // shown, not held to the ratio of requests at a steady state.
                    maxRatio: kind == "checksums, each a new subscription" ? nil : 1.5))
            }
        }
    }
}
