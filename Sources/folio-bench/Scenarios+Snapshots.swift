import FolioBenchKit
import FolioTestSupport
import FolioWire
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension Scenarios {
    /// Scenario 7f (issue 10): the server's CPU from one correction until
    /// its snapshot names the corrected part, on the archive of scenario 1
    /// (the server restarted with a 1-second snapshot interval, so that the
    /// wait is the rebuild and not the interval).
    func snapshotAfterCorrection(_ report: inout BenchReport) async throws {
        guard let token = editorToken, let port = server?.port else {
            report.skipped["7f snapshot"] = "needs scenario 1 in the same run"
            return
        }
        stopServer()
        let server = try ServerProcess(database: serverDB, port: port,
                                       extra: serverArguments + ["--snapshot-interval-seconds", "1"])
        self.server = server
        _ = try await Self.waitForSnapshot(server: server.url)
        let before = try await Self.manifest(server.url)
        log("scenario 7f: one correction, then the server's CPU until its snapshot shows it")
        let cpuBefore = try ServerCost.cpuSeconds(pid: server.process.processIdentifier)
        let corrected = DayOfChanges.sentenceCorrection(of: archive.article(archive.count / 2), seed: seed, number: 99)
        try await Self.put(corrected, server: server.url, token: token)
        let deadline = ContinuousClock.now + .seconds(300)
        var after = before
        while after == before, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            after = try await Self.manifest(server.url)
        }
        let cpu = try ServerCost.cpuSeconds(pid: server.process.processIdentifier) - cpuBefore
        report.checks["7f: the snapshot changed after the correction"] = after != before
        report.rows.append(BenchRow(scenario: "7 snapshots", metric: "(f) server CPU for the snapshot after one correction at \(archive.count)",
                                    unit: "s", folio: cpu, maxValue: 1))
        log(String(format: "snapshot after one correction: %.3f s of server CPU", cpu))
    }

    /// Scenario 7e (issue 10): a first sync of `count` articles through a
    /// 1 Mbit/s link (``FaultProxy`` pacing every response) while an editor
    /// publishes an article every 30 seconds and the server refreshes its
    /// snapshot every 5, next to the same first sync on a quiet server.
    func busyFirstSync(_ report: inout BenchReport, articles count: Int) async throws {
        let folder = directory.appendingPathComponent("busy")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let generator = ArchiveGenerator(seed: seed, count: count)
        log("scenario 7e: archive of \(count) for a first sync at 1 Mbit/s")
        let written = try ArchiveFiles.write(generator, to: folder)
        let db = folder.appendingPathComponent("server.sqlite").path
        for file in written.articleFiles { try importFile(file, db: db) }
        try importFile(written.commentsFile, comments: true, db: db)
        let token = try Child.run(try Child.executable("folio-server"), ["token", "create", "--role", "editor", "--db", db])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let server = try ServerProcess(database: db, extra: serverArguments + ["--snapshot-interval-seconds", "5"])
        defer { server.stop() }
        _ = try await Self.waitForSnapshot(server: server.url)
        let proxy = try FaultProxy(upstreamPort: server.port, faults: FaultProxy.Faults(bytesPerSecond: 125_000), seed: 7)
        defer { proxy.stop() }
        let proxyURL = proxy.url

        log("scenario 7e: quiet server")
        let quietDB = folder.appendingPathComponent("client-quiet.sqlite").path
        let quiet = try await Self.detached { try Self.clientSync(proxyURL, db: quietDB) }
        log(String(format: "quiet: %.1f s, %d bytes", quiet.seconds, quiet.bytes))

        log("scenario 7e: an article published every 30 s")
        let busyDB = folder.appendingPathComponent("client-busy.sqlite").path
        let (busy, published) = try await Self.syncWhilePublishing(
            proxyURL, db: busyDB, generator: generator, from: count, server: server.url, token: token)
        report.checks["7e: the busy first sync completes with every article of its start"] = busy.articleCount >= count
        report.notes["7e: articles published during the busy first sync"] = Double(published)
        let scenario = "7 snapshots"
        report.rows.append(BenchRow(scenario: scenario, metric: "(e) first sync of \(count) at 1 Mbit/s, publishing every 30 s: bytes",
                                    unit: "B", folio: Double(busy.bytes), baselineName: "same on a quiet server",
                                    baseline: Double(quiet.bytes), maxRatio: 1.05))
        report.rows.append(BenchRow(scenario: scenario, metric: "(e) first sync of \(count) at 1 Mbit/s, publishing every 30 s: wall time",
                                    unit: "s", folio: busy.seconds, baselineName: "same on a quiet server",
                                    baseline: quiet.seconds))
        log(String(format: "busy: %.1f s, %d bytes, %d published meanwhile", busy.seconds, busy.bytes, published))
    }

    /// A first sync into `db` through `url` while ``publishEvery(seconds:_:from:server:token:)`` runs.
    static func syncWhilePublishing(_ url: String, db: String, generator: ArchiveGenerator, from first: Int,
                                    server: String, token: String) async throws -> (ClientSyncResult, Int) {
        let publisher = Task.detached {
            try await publishEvery(seconds: 30, generator, from: first, server: server, token: token)
        }
        let result = try await detached { try clientSync(url, db: db) }
        publisher.cancel()
        return (result, try await publisher.value)
    }

    /// Publishes articles `first`, `first + 1`… of `generator`, one every
    /// `seconds`, dated now, until cancelled; returns how many.
    static func publishEvery(seconds: Int, _ generator: ArchiveGenerator, from first: Int, server: String,
                             token: String) async throws -> Int {
        var published = 0
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: .seconds(seconds))
            } catch {
                break
            }
            var article = generator.article(first + published)
            article.publishedAt = BenchJSON.iso8601(seconds: Int64(Date().timeIntervalSince1970))
            article.updatedAt = article.publishedAt
            try await put(article, server: server, token: token)
            published += 1
        }
        return published
    }

    /// Runs blocking work (a child process) off the cooperative pool, so
    /// that tasks such as the publisher of 7e keep running meanwhile.
    static func detached<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
        }
    }

    /// The snapshot manifest's bytes.
    static func manifest(_ server: String) async throws -> Data {
        guard let url = URL(string: "\(server)\(FolioProtocol.Path.snapshotManifest)") else { throw BenchError("bad URL") }
        let (data, response) = try await URLSession.shared.data(for: URLRequest(url: url, timeoutInterval: 60))
        guard (response as? HTTPURLResponse)?.statusCode == 200 else { throw BenchError("no snapshot manifest") }
        return data
    }

    /// An editor call: `PUT /v1/editor/articles/{id}` with the article's JSON.
    static func put(_ article: BenchArticle, server: String, token: String) async throws {
        guard let url = URL(string: "\(server)/v1/editor/articles/\(article.id)") else { throw BenchError("bad URL") }
        var request = URLRequest(url: url, timeoutInterval: 30)
        request.httpMethod = "PUT"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try BenchJSON.line(article)
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse, http.statusCode == 200 || http.statusCode == 201 else {
            throw BenchError("publishing \(article.id) failed: \(String(decoding: data, as: UTF8.self))")
        }
    }
}
