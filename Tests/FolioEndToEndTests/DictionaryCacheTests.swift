import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import FolioStore
import FolioTestSupport
import Testing

/// Preset dictionaries (SPEC.md §9.2) are kept in the client's store: a store
/// downloads each one once, however many `folio sync` processes follow.
@Suite(.serialized) struct DictionaryCacheTests {
    /// Requests the server answered on `/v2/dictionaries/:id`, from `/metrics`.
    static func dictionaryRequests(_ server: String) async throws -> Int {
        let url = try #require(URL(string: "\(server)/metrics"))
        let (data, _) = try await URLSession.shared.data(from: url)
        return String(decoding: data, as: UTF8.self).split(separator: "\n")
            .filter { $0.hasPrefix("folio_http_requests_total") && $0.contains("/v2/dictionaries/") }
            .compactMap { $0.split(separator: " ").last.flatMap { Int($0) } }
            .reduce(0, +)
    }

    @Test func aStoreDownloadsTheServersDictionaryOnceAcrossSyncs() async throws {
        let directory = try Binaries.temporaryDirectory()
        // Any text makes a dictionary; the demo articles are at hand.
        let demo = try Data(contentsOf: Binaries.repository.appendingPathComponent("Examples/demo/articles.jsonl"))
        let dictionary = directory.appendingPathComponent("en.dict")
        try demo.prefix(16_384).write(to: dictionary)
        let server = try await ServerProcess.start(
            database: directory.appendingPathComponent("server.sqlite").path, demo: true,
            arguments: ["--dictionary", "en:1:\(dictionary.path)"])
        defer { server.stop() }
        let db = directory.appendingPathComponent("reader.sqlite").path

        let first = try await EndToEndTests.sync(server.url, db: db)
        #expect(first.inserted == 32)
        #expect(try await Self.dictionaryRequests(server.url) == 1)
        #expect(try FolioStore(path: db).syncState().dictionaries.count == 1)

        let second = try await EndToEndTests.sync(server.url, db: db)
        #expect(second.inserted == 0)
        #expect(try await Self.dictionaryRequests(server.url) == 1, "the second process used the kept dictionary")

        // Another store downloads it for itself.
        _ = try await EndToEndTests.sync(server.url, db: directory.appendingPathComponent("other.sqlite").path)
        #expect(try await Self.dictionaryRequests(server.url) == 2)
    }
}
