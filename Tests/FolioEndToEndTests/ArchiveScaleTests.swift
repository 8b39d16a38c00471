import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import FolioStore
import FolioTestSupport
import FolioWire
import Testing

/// The sync paths a reader takes beyond the first sync, on generated archives
/// with real `folio-server` processes and stores on disk (issue 10). The size
/// is `FOLIO_SCALE_ARTICLES` (default 2,500: two full buckets of 1,024 dense
/// ids and a part of a third; 20,000 for the figures of the issue).
@Suite(.serialized) struct ArchiveScaleTests {
    static let articles = Int64(ProcessInfo.processInfo.environment["FOLIO_SCALE_ARTICLES"] ?? "") ?? 2_500

    /// A server database filled with the archive (and comments), in `directory`.
    static func importArchive(_ archive: NewsArchive, into serverDB: String, in directory: URL,
                              commentsPerArticle: Int = 0) async throws {
        for file in try archive.write(1...articles, to: directory, name: "archive") {
            let result = try await Binaries.run("folio-server", ["import", file.path, "--db", serverDB])
            guard result.status == 0 else { throw EndToEndError("import failed: \(result.stderr)") }
        }
        if commentsPerArticle > 0 {
            let file = try archive.writeComments(1...articles, perArticle: commentsPerArticle, to: directory, name: "comments")
            let result = try await Binaries.run("folio-server", ["import", "--comments", file.path, "--db", serverDB])
            guard result.status == 0 else { throw EndToEndError("comment import failed: \(result.stderr)") }
        }
    }

    /// The server's checksum of what a reader of `subscription` holds, through
    /// the protocol (SPEC.md §7.3): the sum of its bucket checksums.
    static func serverChecksum(_ server: ServerProcess, languages: [String] = []) async throws -> ArchiveChecksum {
        var request = WireChecksumRequest()
        request.subscription.languages = languages
        let (status, _, body) = try await server.request(
            "POST", FolioProtocol.Path.checksums, body: Data(try FrameCodec().encode(request)),
            headers: ["Content-Type": FolioProtocol.frameContentType, "Folio-Protocol": "\(FolioProtocol.version)"])
        guard status == 200 else { throw EndToEndError("checksums answered \(status)") }
        let response = try FrameCodec(limits: FrameLimits(maxFrameBytes: 64 << 20, inflate: .default))
            .decode(WireChecksumResponse.self, fromBody: Array(body))
        return BucketedChecksum.buckets(from: response.buckets).values.reduce(ArchiveChecksum.empty, +)
    }

    static func sync(_ server: ServerProcess, db: String, _ extra: [String] = []) async throws -> EndToEndTests.Report {
        try await EndToEndTests.sync(server.url, db: db, extra)
    }

    /// Copies a stopped server's database files aside, or back.
    static func copyDatabase(_ from: String, to: String) throws {
        let files = FileManager.default
        for suffix in ["", "-wal", "-shm"] {
            if files.fileExists(atPath: to + suffix) { try files.removeItem(atPath: to + suffix) }
            if files.fileExists(atPath: from + suffix) { try files.copyItem(atPath: from + suffix, toPath: to + suffix) }
        }
    }

    @Test func aReaderAheadOfAServerRestoredFromABackupRepairsWholeBucketsAndConverges() async throws {
        let directory = try Binaries.temporaryDirectory()
        let serverDB = directory.appendingPathComponent("server.sqlite").path
        let backup = directory.appendingPathComponent("backup.sqlite").path
        let archive = NewsArchive()
        try await Self.importArchive(archive, into: serverDB, in: directory)
        try Self.copyDatabase(serverDB, to: backup)

        // Every article of bucket 1 (ids 1024...2047) is corrected after the backup.
        var server = try await ServerProcess.start(database: serverDB)
        for file in try archive.write(1024...2047, edition: 1, to: directory, name: "corrections") {
            #expect(try await Binaries.run("folio-server", ["import", file.path, "--db", serverDB]).status == 0)
        }
        let db = directory.appendingPathComponent("reader.sqlite").path
        _ = try await Self.sync(server, db: db)
        #expect(try FolioStore(path: db).article(id: 1500)?.title.contains("corrected 1") == true)
        let port = server.port
        server.stop()

        // The operator restores the backup: the reader now holds 1,024 revisions the server no longer has.
        try Self.copyDatabase(backup, to: serverDB)
        server = try await ServerProcess.start(database: serverDB, port: port)
        defer { server.stop() }
        let report = try await Self.sync(server, db: db)
        #expect(report.repairs >= 1)
        let store = try FolioStore(path: db)
        #expect(try store.syncState().checksum == (try await Self.serverChecksum(server)))
        #expect(try store.article(id: 1500)?.title.contains("corrected") == false)
        #expect(try store.articleCount() == Int(Self.articles))
        // Nothing is left to repair: the next sync only pulls.
        let again = try await Self.sync(server, db: db)
        #expect(again.repairs == 0 && again.inserted == 0 && again.updated == 0)
    }

    @Test func aPersianReaderWhoTakesEverythingDownloadsOnlyTheMissingArticles() async throws {
        let directory = try Binaries.temporaryDirectory()
        let serverDB = directory.appendingPathComponent("server.sqlite").path
        try await Self.importArchive(NewsArchive(), into: serverDB, in: directory, commentsPerArticle: 1)
        let server = try await ServerProcess.start(database: serverDB)
        defer { server.stop() }
        let db = directory.appendingPathComponent("reader.sqlite").path

        let persian = try await Self.sync(server, db: db, ["--language", "fa"])
        let persianCount = (1...Self.articles).filter { NewsArchive.language(of: $0) == "fa" }.count
        #expect(persian.inserted == persianCount)
        #expect(try FolioStore(path: db).syncState().checksum == (try await Self.serverChecksum(server, languages: ["fa"])))

        let everything = try await Self.sync(server, db: db, ["--everything"])
        #expect(everything.inserted == Int(Self.articles) - persianCount, "only the English articles are downloaded")
        #expect(everything.updated == 0, "no Persian article is downloaded again")
        #expect(everything.repairs == 0, "the English articles arrive in the English snapshot parts, not by repair")
        let store = try FolioStore(path: db)
        #expect(try store.articleCount() == Int(Self.articles))
        let checksum = try store.syncState().checksum
        #expect(checksum == (try await Self.serverChecksum(server)))
        #expect(checksum.comments == UInt64(Self.articles), "every approved comment arrived with its article")
    }

    @Test func commentsOfAnArticleUnpublishedAndPublishedAgainComeBack() async throws {
        let directory = try Binaries.temporaryDirectory()
        let serverDB = directory.appendingPathComponent("server.sqlite").path
        let archive = NewsArchive(bodyBytes: 1_500)
        try await Self.importArchive(archive, into: serverDB, in: directory, commentsPerArticle: 4)
        let token = try await Binaries.run("folio-server", ["token", "create", "--role", "editor", "--db", serverDB])
        let bearer = "Bearer " + token.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let server = try await ServerProcess.start(database: serverDB)
        defer { server.stop() }
        let db = directory.appendingPathComponent("reader.sqlite").path
        _ = try await Self.sync(server, db: db)
        #expect(try FolioStore(path: db).comments(articleID: 42).count == 4)

        let unpublished = try await server.request("DELETE", "/v1/editor/articles/42", headers: ["Authorization": bearer])
        #expect(unpublished.status / 100 == 2)
        _ = try await Self.sync(server, db: db)
        #expect(try FolioStore(path: db).article(id: 42) == nil)

        let body = try JSONSerialization.data(withJSONObject: archive.article(id: 42))
        let republished = try await server.request(
            "PUT", "/v1/editor/articles/42", body: body,
            headers: ["Authorization": bearer, "Content-Type": "application/json"])
        #expect(republished.status / 100 == 2)
        _ = try await Self.sync(server, db: db)
        let store = try FolioStore(path: db)
        #expect(try store.article(id: 42) != nil)
        #expect(try store.comments(articleID: 42).count == 4, "the approved comments came back with the article")
        #expect(try store.syncState().checksum == (try await Self.serverChecksum(server)))
    }
}
