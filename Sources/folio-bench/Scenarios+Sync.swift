import FolioBenchKit
import Foundation

extension Scenarios {
    /// Scenarios 1 (first sync) and 2 (one day of changes).
    func firstSyncAndDay(_ report: inout BenchReport) async throws {
        let n = archive.count
        log("generating \(n) articles (seed \(seed)) and computing the first-sync baselines")
        let (written, generateSeconds) = try Self.timed { try ArchiveFiles.write(archive, to: directory) }
        self.written = written
        report.notes["generate and baseline seconds"] = generateSeconds
        report.data["articles"] = Double(written.articles)
        report.data["persian share"] = Double(written.persian) / Double(max(1, written.articles))
        report.data["mean body bytes"] = Double(written.bodyBytes) / Double(max(1, written.articles))
        report.data["comments"] = Double(written.comments)
        report.data["archive JSON bytes"] = Double(written.baselines.jsonBytes)
        log("importing into folio-server (\(written.articleFiles.count) files)")
        let (_, importSeconds) = try Self.timed {
            for file in written.articleFiles { try importFile(file, db: serverDB) }
            try importFile(written.commentsFile, comments: true, db: serverDB)
        }
        report.notes["server import seconds"] = importSeconds
        let token = try Child.run(try Child.executable("folio-server"),
                                  ["token", "create", "--role", "editor", "--db", serverDB])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        editorToken = token

        var server = try startServer()
        let snapshotSeconds = try await Self.waitForSnapshot(server: server.url)
        report.notes["1 first sync: seconds the server took to build its snapshot (before the client starts)"] = snapshotSeconds
        log(String(format: "scenario 1: first sync of %d articles from %@ (snapshot built in %.1f s)", n, server.url,
                   snapshotSeconds))
        let first = try clientSync(server.url, db: clientDB)
        firstSyncSeconds = first.seconds
        // The reader of scenario 7c: this store, put aside before the first day of changes.
        try Self.copyStore(clientDB, to: absentClientDB)
        report.checks["1 first sync: client holds every article"] = first.articleCount == n
        report.checks["1 first sync: client holds every approved comment"] = first.commentCount == written.comments
        report.notes["1 first sync pages"] = Double(first.pages)
        report.notes["1 first sync: dictionary bytes (included)"] = Double(first.dictionaryBytes)
        let s1 = "1 first sync"
        report.rows.append(BenchRow(scenario: s1, metric: "bytes on the wire", unit: "B", folio: Double(first.bytes),
                                    baselineName: "gzip -6 JSON", baseline: Double(written.baselines.gzipJSONBytes),
                                    maxRatio: 0.95))
        report.rows.append(BenchRow(scenario: s1, metric: "bytes on the wire", unit: "B", folio: Double(first.bytes),
                                    baselineName: "floor (zlib -9 of all rows)", baseline: Double(written.baselines.floorBytes)))
        report.rows.append(BenchRow(scenario: s1, metric: "wall time", unit: "s", folio: first.seconds))
        report.rows.append(BenchRow(scenario: s1, metric: "articles per second", unit: "/s",
                                    folio: Double(n) / max(first.seconds, 1e-9)))
        report.rows.append(BenchRow(scenario: s1, metric: "client peak memory (VmHWM)", unit: "MB",
                                    folio: Double(first.peakRSSBytes) / 1_048_576, maxValue: 100))
        log(String(format: "first sync: %.1f s, %d bytes, %d pages, peak %.1f MB", first.seconds, first.bytes,
                   first.pages, Double(first.peakRSSBytes) / 1_048_576))

        log("scenario 2: one day of changes (30 new, 60 corrected, 3 unpublished, 300 comments)")
        let day = DayOfChanges(archive: archive)
        let files = try ArchiveFiles.write(day, to: directory)
        let port = server.port
        stopServer()
        try importFile(files.articles, db: serverDB)
        try importFile(files.comments, comments: true, db: serverDB)
        server = try startServer(port: port)
        for id in day.unpublished { try await Self.unpublish(id, server: server.url, token: token) }
        let catchUp = try clientSync(server.url, db: clientDB)
        let baselines = try FeedBaselines.day(day)
        let expected = n + day.added.count - day.unpublished.count
        report.checks["2 day: client holds \(expected) articles"] = catchUp.articleCount == expected
        report.checks["2 day: 30 inserted, 60 updated, 3 removed"] =
            catchUp.inserted == day.added.count && catchUp.updated == day.corrected.count
            && catchUp.removed == day.unpublished.count
        report.notes["2 day: bodies sent as deltas"] = Double(catchUp.deltaBodies)
        report.notes["2 day: comment changes received"] = Double(catchUp.comments)
        report.data["day JSON bytes"] = Double(baselines.jsonBytes)
        report.data["day floor raw bytes"] = Double(baselines.floorRawBytes)
        let s2 = "2 one day"
        report.rows.append(BenchRow(scenario: s2, metric: "bytes on the wire", unit: "B", folio: Double(catchUp.bytes),
                                    baselineName: "floor (zlib -9 of what changed)", baseline: Double(baselines.floorBytes),
                                    maxRatio: 1.1))
        report.rows.append(BenchRow(scenario: s2, metric: "bytes on the wire", unit: "B", folio: Double(catchUp.bytes),
                                    baselineName: "gzip -6 JSON of changed rows", baseline: Double(baselines.gzipJSONBytes),
                                    maxRatio: 0.5))
        if catchUp.dictionaryBytes > 0 {
            // A long-lived client holds the dictionaries already (SPEC.md §9.2).
            let withoutDictionaries = Double(catchUp.bytes - catchUp.dictionaryBytes)
            report.rows.append(BenchRow(scenario: s2, metric: "bytes without the dictionary download", unit: "B",
                                        folio: withoutDictionaries, baselineName: "floor (zlib -9 of what changed)",
                                        baseline: Double(baselines.floorBytes), maxRatio: 1.1))
            report.rows.append(BenchRow(scenario: s2, metric: "bytes without the dictionary download", unit: "B",
                                        folio: withoutDictionaries, baselineName: "gzip -6 JSON of changed rows",
                                        baseline: Double(baselines.gzipJSONBytes), maxRatio: 0.5))
        }
        report.notes["2 day: dictionary bytes downloaded again"] = Double(catchUp.dictionaryBytes)
        report.rows.append(BenchRow(scenario: s2, metric: "wall time to catch up", unit: "s", folio: catchUp.seconds))
        log(String(format: "day: %.2f s, %d bytes (%d inserted, %d updated, %d removed, %d deltas)", catchUp.seconds,
                   catchUp.bytes, catchUp.inserted, catchUp.updated, catchUp.removed, catchUp.deltaBodies))
    }

    /// Scenario 5: 1,000 comments queued offline, then one sync sends them.
    func commentFlush(_ report: inout BenchReport) async throws {
        // folio-server serve accepts 30 comments per client (120 per address)
        // in 10 minutes by default; restart it on the same database with the
        // limits raised, so that the flush measures the path, not the policy.
        let port = server?.port ?? 0
        stopServer()
        let server = try ServerProcess(database: serverDB, port: port, extra: serverArguments
                                       + ["--comments-per-client", "5000", "--comments-per-address", "5000"])
        self.server = server
        let article = ArchiveGenerator.id(of: archive.count - 1)
        log("scenario 5: 1000 queued comments on article \(article) (rate limits raised)")
        let flush = try clientSync(server.url, db: clientDB, enqueue: 1_000, articleID: article)
        let listed = try Child.run(try Child.executable("folio-server"),
                                   ["comments", "list", "--db", serverDB, "--status", "pending", "--limit", "5000", "--json"])
        let stored = listed.split(separator: "\n").filter { $0.contains("Queued offline comment number") }.count
        report.checks["5 flush: all 1000 accepted"] = flush.commentsAccepted == 1_000 && flush.commentsWaiting == 0
        report.checks["5 flush: exactly 1000 stored on the server"] = stored == 1_000
        report.notes["5 flush: comments stored on the server"] = Double(stored)
        report.rows.append(BenchRow(scenario: "5 comment flush", metric: "time until 1000 accepted", unit: "s",
                                    folio: flush.seconds, maxValue: 2))
        log(String(format: "flush: %.2f s, %d accepted, %d stored", flush.seconds, flush.commentsAccepted, stored))
    }
}
