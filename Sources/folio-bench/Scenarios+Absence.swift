import FolioBenchKit
import Foundation

extension Scenarios {
    /// Scenario 7c (issue 10): a reader back after `days` days. The store of
    /// scenario 1, put aside before day 1 of scenario 2, syncs once after
    /// days 2…`days` of changes are imported too (each day: 30 new articles,
    /// 60 corrected, 3 unpublished, 300 comments); its bytes sit next to the
    /// floor of those changes (zlib -9 of what a reader needs at the end:
    /// each changed article once, with its last edit; see
    /// ``FeedBaselines/absence(_:)``).
    func longAbsence(_ report: inout BenchReport, days: Int) async throws {
        guard let token = editorToken, let port = server?.port,
              FileManager.default.fileExists(atPath: absentClientDB) else {
            report.skipped["7c absence"] = "needs scenario 1 in the same run"
            return
        }
        let scenario = "7 long absence"
        log("scenario 7c: \(days - 1) more days of changes while a reader of day 0 is away")
        let first = DayOfChanges(archive: archive, day: 1)
        var later = (2...max(2, days)).map { DayOfChanges(archive: archive, day: $0) }
        // A day's comments go to articles live when they are imported: the
        // unpublished ones of day 1 stay so unless a later correction
        // publishes them again.
        var unpublished = Set(first.unpublished)
        for index in later.indices {
            for row in later[index].corrected { unpublished.remove(row.id) }
            later[index].comments.removeAll { unpublished.contains($0.articleId) }
        }
        stopServer()
        for day in later {
            let folder = directory.appendingPathComponent("absence-day")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let files = try ArchiveFiles.write(day, to: folder)
            try importFile(files.articles, db: serverDB)
            try importFile(files.comments, comments: true, db: serverDB)
        }
        let server = try startServer(port: port)
        _ = try await Self.waitForSnapshot(server: server.url)
        // Unpublished after every import, as the model below says.
        var removed: Set<Int64> = Set(first.unpublished)
        for id in later.flatMap(\.unpublished) where removed.insert(id).inserted {
            try await Self.unpublish(id, server: server.url, token: token)
        }
        let events: [FeedBaselines.AbsenceEvent] = [.imported(first), .unpublished(first.unpublished)]
            + later.map { .imported($0) } + [.unpublished(later.flatMap(\.unpublished))]
        let floor = try FeedBaselines.absence(events)
        let back = try clientSync(server.url, db: absentClientDB)
        let expected = archive.count + floor.added - floor.removed
        report.checks["7c: the returning reader holds the \(expected) live articles"] = back.articleCount == expected
        report.data["7c: changes floor raw bytes"] = Double(floor.sizes.floorRawBytes)
        report.rows.append(BenchRow(scenario: scenario, metric: "(c) back after \(days) days: bytes", unit: "B",
                                    folio: Double(back.bytes - back.dictionaryBytes),
                                    baselineName: "floor (zlib -9 of what changed)",
                                    baseline: Double(floor.sizes.floorBytes), maxRatio: 1.1))
        report.rows.append(BenchRow(scenario: scenario, metric: "(c) back after \(days) days: bytes", unit: "B",
                                    folio: Double(back.bytes - back.dictionaryBytes),
                                    baselineName: "gzip -6 JSON of changed rows",
                                    baseline: Double(floor.sizes.gzipJSONBytes)))
        report.rows.append(BenchRow(scenario: scenario, metric: "(c) back after \(days) days: wall time", unit: "s",
                                    folio: back.seconds))
        log(String(format: "back after %d days: %.1f s, %d bytes (floor %d), %d inserted, %d updated, %d removed, %d pages, %d repairs",
                   days, back.seconds, back.bytes, floor.sizes.floorBytes, back.inserted, back.updated, back.removed,
                   back.pages, back.repairs))
    }
}
