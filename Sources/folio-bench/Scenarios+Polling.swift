import FolioBenchKit
import FolioClient
import FolioStore
import FolioURLSessionTransport
import FolioWire
import Foundation

extension Scenarios {
    /// Scenario 4: `clients` concurrent clients pull "nothing new" (their cursor
    /// is the server's head, `wait_seconds` 0) for `seconds`, each on its own
    /// URLSession transport; requests per second and p50/p99 latency. Bounded
    /// in time and in count (at most 200,000 requests).
    func idlePolling(_ report: inout BenchReport, clients: Int, seconds: Double) async throws {
        guard let server, let url = URL(string: server.url) else { throw BenchError("no server") }
        let state = try FolioStore(path: clientDB).syncState()
        guard let cursor = state.cursor else { throw BenchError("the client store has no cursor") }
        log("scenario 4: idle polling, \(clients) clients for \(seconds) s")
        var request = WirePullRequest()
        request.cursor = cursor
        request.waitSeconds = 0
        let pull = request
        let transports = (0..<clients).map { _ in URLSessionTransport(baseURL: url) }
        // Warm up: each transport fetches the dictionaries and opens its connection.
        for transport in transports {
            let warm = try await transport.pull(request)
            guard warm.articles.isEmpty, warm.comments.isEmpty else {
                throw BenchError("the idle pull was not empty: the server changed since the client synced")
            }
        }
        let limit = 200_000 / max(clients, 1)
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1_000))
        let start = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for transport in transports {
                group.addTask {
                    var own: [Double] = []
                    while ContinuousClock.now < deadline, own.count < limit {
                        let begin = ContinuousClock.now
                        let response = try await transport.pull(pull)
                        own.append(durationSeconds(ContinuousClock.now - begin))
                        if !response.articles.isEmpty { throw BenchError("an idle pull returned articles") }
                    }
                    return own
                }
            }
            var all: [Double] = []
            for try await own in group { all += own }
            return all.sorted()
        }
        let elapsed = Self.seconds(ContinuousClock.now - start)
        guard !latencies.isEmpty else { throw BenchError("no idle pull finished") }
        func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        let s4 = "4 idle polling"
        report.notes["4 idle: requests"] = Double(latencies.count)
        report.rows.append(BenchRow(scenario: s4, metric: "requests per second, \(clients) clients", unit: "/s",
                                    folio: Double(latencies.count) / elapsed))
        report.rows.append(BenchRow(scenario: s4, metric: "p50 latency", unit: "ms", folio: percentile(0.5) * 1_000))
        report.rows.append(BenchRow(scenario: s4, metric: "p99 latency", unit: "ms", folio: percentile(0.99) * 1_000))
        log(String(format: "idle: %d requests, %.0f/s, p50 %.2f ms, p99 %.2f ms", latencies.count,
                   Double(latencies.count) / elapsed, percentile(0.5) * 1_000, percentile(0.99) * 1_000))
    }
}
