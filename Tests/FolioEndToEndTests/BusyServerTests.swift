import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import FolioStore
import FolioTestSupport
import FolioWire
import Testing

/// A first sync over a slow link while the newsroom keeps publishing
/// (issue 10): the server refreshes its snapshot every second, so the
/// manifest the reader started from is replaced many times before it ends.
/// Parts are immutable, content-named and kept after they leave the
/// manifest (SPEC.md §11), so the reader finishes, holds everything, and
/// downloads no part twice.
@Suite struct BusyServerTests {
    @Test func throttledFirstSyncWhileArticlesArePublishedEveryTwoSecondsFinishesWithoutDownloadingPartsTwice() async throws {
        let directory = try Binaries.temporaryDirectory()
        let serverDB = directory.appendingPathComponent("server.sqlite").path
        let archive = NewsArchive(bodyBytes: 3_000)
        let count: Int64 = 600
        for file in try archive.write(1...count, to: directory, name: "archive") {
            #expect(try await Binaries.run("folio-server", ["import", file.path, "--db", serverDB]).status == 0)
        }
        let token = try await Binaries.run("folio-server", ["token", "create", "--role", "editor", "--db", serverDB])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let server = try await ServerProcess.start(database: serverDB, arguments: ["--snapshot-interval-seconds", "1"])
        defer { server.stop() }
        let (status, _, manifestBody) = try await server.request("GET", FolioProtocol.Path.snapshotManifest)
        #expect(status == 200)
        let manifest = try FrameCodec().decode(WireSnapshotManifest.self, fromBody: Array(manifestBody))
        let partBytes = manifest.parts.reduce(0) { $0 + Int64($1.size) }
        // About 20 seconds for the parts alone.
        let proxy = try FaultProxy(upstreamPort: server.port, faults: .init(bytesPerSecond: Int(partBytes / 20)), seed: 3)
        defer { proxy.stop() }

        // Stopped by a flag, not by cancelling the task: cancelling a Swift
        // task cancels its URLSession data task, and corelibs Foundation can
        // crash when a task is cancelled just as it completes.
        let stop = StopFlag()
        let publisher = Task {
            var published: Int64 = 0
            while await !stop.isSet {
                try await Task.sleep(for: .seconds(2))
                var article = archive.article(id: count + 1 + published)
                let now = ISO8601DateFormatter().string(from: Date())
                article["publishedAt"] = now
                article["updatedAt"] = now
                let body = try JSONSerialization.data(withJSONObject: article)
                let (status, _, answer) = try await server.request(
                    "PUT", "/v1/editor/articles/\(count + 1 + published)", body: body,
                    headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"])
                guard status == 200 || status == 201 else {
                    throw EndToEndError("publishing answered \(status): \(String(decoding: answer, as: UTF8.self))")
                }
                published += 1
            }
            return published
        }
        let db = directory.appendingPathComponent("reader.sqlite").path
        let result = try await Binaries.run("folio", ["sync", "--server", proxy.url, "--db", db, "--json"], timeout: 300)
        await stop.set()
        let published = try await publisher.value
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONDecoder().decode(EndToEndTests.Report.self, from: Data(result.stdout.utf8))
        // About 10 in 20 s on a quiet machine; each publication is a PUT to a
        // debug server that shares 2 cores with the whole suite.
        #expect(published >= 3, "the newsroom published while the reader synced")
        #expect(report.bytes < partBytes + partBytes / 10, "no part twice: \(report.bytes) bytes for \(partBytes) of parts")
        let store = try FolioStore(path: db)
        #expect(try store.articleCount() >= Int(count))
        // Once the newsroom stops, one more sync and the reader holds exactly the server's archive.
        _ = try await EndToEndTests.sync(proxy.url, db: db)
        #expect(try FolioStore(path: db).syncState().checksum == (try await ArchiveScaleTests.serverChecksum(server)))
    }
}

/// A flag one task sets and another reads.
actor StopFlag {
    private(set) var isSet = false

    func set() { isSet = true }
}
