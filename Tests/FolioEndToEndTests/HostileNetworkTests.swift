import Foundation
import FolioStore
import FolioTestSupport
import FolioWire
import Testing

/// A reader syncing through a network that damages, cuts and resets
/// responses (issue 10, defect 7: a flipped bit in a small page was stored
/// for good): every fault is caught before anything is stored, no sync hangs,
/// and once the faults stop the reader holds exactly the server's archive.
@Suite(.serialized) struct HostileNetworkTests {
    static let articles: Int64 = 600
    static let correctedPerRound: Int64 = 20
    static let rounds = 6

    /// The edition of article `id` after `rounds` rounds of corrections.
    static func edition(of id: Int64, after rounds: Int) -> Int {
        let round = Int((id - 1) / correctedPerRound)
        return round < rounds ? round + 1 : 0
    }

    @Test func damagedCutAndResetResponsesAreCaughtAndTheReaderConvergesOnceTheFaultsStop() async throws {
        let directory = try Binaries.temporaryDirectory()
        let serverDB = directory.appendingPathComponent("server.sqlite").path
        let archive = NewsArchive(bodyBytes: 1_500)
        for file in try archive.write(1...Self.articles, to: directory, name: "archive") {
            #expect(try await Binaries.run("folio-server", ["import", file.path, "--db", serverDB]).status == 0)
        }
        let comments = try archive.writeComments(1...Self.articles, perArticle: 1, to: directory, name: "comments")
        #expect(try await Binaries.run("folio-server", ["import", "--comments", comments.path, "--db", serverDB]).status == 0)
        let server = try await ServerProcess.start(database: serverDB)
        defer { server.stop() }
        let faults = FaultProxy.Faults(flipBit: 0.3, truncate: 0.1, reset: 0.05)
        let proxy = try FaultProxy(upstreamPort: server.port, faults: faults, seed: 10)
        defer { proxy.stop() }
        let db = directory.appendingPathComponent("reader.sqlite").path

        var failures = 0
        for round in 0..<Self.rounds {
            // Corrections make small pages, the ones version 1 sent unchecked.
            let first = Int64(round) * Self.correctedPerRound + 1
            let last = first + Self.correctedPerRound - 1
            for file in try archive.write(first...last, edition: round + 1, to: directory, name: "round-\(round)") {
                #expect(try await Binaries.run("folio-server", ["import", file.path, "--db", serverDB]).status == 0)
            }
            let result = try await Binaries.run("folio", ["sync", "--server", proxy.url, "--db", db], timeout: 180)
            #expect(!result.timedOut, "a sync through the faulty proxy hung (round \(round))")
            if result.status != 0 { failures += 1 }
        }
        let stats = proxy.stats
        #expect(stats.bitsFlipped > 0, "the proxy flipped bits")

        proxy.setFaults(.none)
        let clean = try await Binaries.run("folio", ["sync", "--server", proxy.url, "--db", db, "--json"], timeout: 300)
        #expect(clean.status == 0, "\(clean.stderr)")
        let store = try FolioStore(path: db)
        #expect(try store.articleCount() == Int(Self.articles))
        #expect(try store.syncState().checksum == (try await ArchiveScaleTests.serverChecksum(server)))
        var wrong: [Int64] = []
        for id in 1...Self.articles {
            let expected = archive.article(id: id, edition: Self.edition(of: id, after: Self.rounds))
            let held = try store.article(id: id)
            if held?.title != expected["title"] as? String || held?.body != expected["body"] as? String { wrong.append(id) }
        }
        #expect(wrong.isEmpty, "articles whose title or body differ from the server's: \(wrong.prefix(10))")
        print("hostile network: \(stats.bitsFlipped) bits flipped, \(stats.truncations) cut, \(stats.resets) reset, "
              + "\(failures) of \(Self.rounds) syncs failed during the faults")
    }
}
