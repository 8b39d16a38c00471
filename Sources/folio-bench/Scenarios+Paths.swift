import FolioBenchKit
import Foundation

extension Scenarios {
    /// Scenario 7 (issue 10): the paths a filtered reader takes, on the
    /// server of scenario 1. (a) a first sync that carries only Persian, next
    /// to a plain REST API's Persian rows and to the unfiltered first sync's
    /// time per article; (b) the same store then taking everything, next to a
    /// first sync of only the articles it lacked (English), measured on a
    /// fresh store in the same run.
    func filteredReader(_ report: inout BenchReport) async throws {
        guard let server, let written, let firstSyncSeconds else {
            report.skipped["7 filtered reader"] = "needs scenario 1 in the same run"
            return
        }
        let scenario = "7 filtered reader"
        let persianDB = directory.appendingPathComponent("client-fa.sqlite").path
        let englishDB = directory.appendingPathComponent("client-en.sqlite").path
        // As before scenario 1: a running server has its snapshot ready
        // before a reader arrives (the restart of scenario 2 rebuilds it).
        _ = try await Self.waitForSnapshot(server: server.url)
        log("scenario 7a: first sync of a reader who carries only Persian")
        let persian = try clientSync(server.url, db: persianDB, subscription: ["--language", "fa"])
        let persianRows = written.languageBaselines["fa"]?.gzipJSONBytes ?? 0
        report.rows.append(BenchRow(scenario: scenario, metric: "(a) fa-only first sync: bytes", unit: "B",
                                    folio: Double(persian.bytes - persian.dictionaryBytes),
                                    baselineName: "gzip -6 JSON of the Persian rows", baseline: Double(persianRows),
                                    maxRatio: 1.1))
        let perArticle = persian.seconds / Double(max(1, persian.articleCount))
        let unfilteredPerArticle = firstSyncSeconds / Double(max(1, archive.count))
        report.rows.append(BenchRow(scenario: scenario, metric: "(a) fa-only first sync: seconds per article", unit: "s",
                                    folio: perArticle, baselineName: "unfiltered first sync (scenario 1)",
                                    baseline: unfilteredPerArticle, maxRatio: 1.3))
        // (That it holds exactly the Persian articles is checked in 7b: Persian plus English is everything.)
        log(String(format: "fa-only first sync: %d articles, %.1f s, %d bytes", persian.articleCount, persian.seconds,
                   persian.bytes))

        log("scenario 7b: the Persian reader takes everything; baseline: a fresh English-only first sync")
        let english = try clientSync(server.url, db: englishDB, subscription: ["--language", "en"])
        let widened = try clientSync(server.url, db: persianDB, subscription: ["--everything"])
        report.rows.append(BenchRow(scenario: scenario, metric: "(b) fa → everything: bytes", unit: "B",
                                    folio: Double(widened.bytes - widened.dictionaryBytes),
                                    baselineName: "first sync of the missing (English) articles",
                                    baseline: Double(english.bytes - english.dictionaryBytes), maxRatio: 1.1))
        report.rows.append(BenchRow(scenario: scenario, metric: "(b) fa → everything: wall time", unit: "s",
                                    folio: widened.seconds, baselineName: "first sync of the missing (English) articles",
                                    baseline: english.seconds))
        report.checks["7b: after taking everything the reader holds every article, none downloaded twice"] =
            widened.articleCount == persian.articleCount + english.articleCount && widened.updated == 0
        log(String(format: "fa → everything: %d inserted, %.1f s, %d bytes (English-only first sync: %.1f s, %d bytes)",
                   widened.inserted, widened.seconds, widened.bytes, english.seconds, english.bytes))
        try? FileManager.default.removeItem(atPath: englishDB)
    }
}
