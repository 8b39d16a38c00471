import Foundation
import FolioTestSupport
import Testing

/// `folio sync --watch` against a server that misbehaves (SPEC.md §12.4):
/// damaged answers are retried, a fatal one ends the command at once with one
/// line and a non-zero status.
@Suite struct SyncWatchTests {
    /// Runs `folio` and stops it after `seconds`; `timedOut` says whether it had to.
    struct Outcome: Sendable {
        var status: Int32
        var stderr: String
        var timedOut: Bool
    }

    static func run(_ arguments: [String], seconds: Double) throws -> Outcome {
        let process = Process()
        process.executableURL = try Binaries.url("folio")
        process.arguments = arguments
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("folio-watch-\(UUID().uuidString).err")
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errURL) }
        let outURL = errURL.appendingPathExtension("out")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: outURL) }
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { usleep(50_000) }
        let timedOut = process.isRunning
        if timedOut { process.terminate() }
        process.waitUntilExit()
        let read = { (url: URL) in String(decoding: (try? Data(contentsOf: url)) ?? Data(), as: UTF8.self) }
        return Outcome(status: process.terminationStatus, stderr: read(errURL), timedOut: timedOut)
    }

    @Test func watchRetriesDamagedPagesAndExitsWithOneLineOnUnsupportedVersion() async throws {
        let server = try ScriptedServer { request, index in
            switch request {
            case "GET /v2/info":
                return .init(status: 200, headers: ["Content-Type": "application/vnd.folio.frame"],
                             body: ScriptedFrames.frame(type: 11, payload: []))
            case "POST /v2/pull" where index == 0:
                // A captive portal's page: E102, transient.
                return .init(status: 200, headers: ["Content-Type": "text/html"], body: Array("<html>Sign in</html>".utf8))
            case "POST /v2/pull" where index == 1:
                // A damaged zlib stream with a correct CRC-32: E201, transient.
                return .init(status: 200, headers: ["Content-Type": "application/vnd.folio.frame"],
                             body: ScriptedFrames.frame(type: 2, compressed: true, payload: [0x78, 0x9C, 0xFF, 0x00, 0x13]))
            case "POST /v2/pull":
                return .init(status: 426, headers: ["Folio-Error": "501", "Folio-Protocol": "1",
                                                    "Content-Type": "application/vnd.folio.frame"],
                             body: ScriptedFrames.versionUnsupported)
            default:
                return .init(status: 404, headers: ["Folio-Error": "503"])
            }
        }
        defer { server.stop() }
        let db = FileManager.default.temporaryDirectory.appendingPathComponent("watch-\(UUID().uuidString).sqlite").path
        let result = try await Binaries.offload {
            try Self.run(["sync", "--watch", "--server", server.url, "--db", db], seconds: 40)
        }
        #expect(!result.timedOut, "folio sync --watch is still running after a fatal error")
        #expect(result.status != 0)
        #expect(result.stderr == "Error: client.unsupported_version: \(server.url) no longer speaks this version of the protocol; update folio. Nothing was sent; queued comments stay in the outbox\n")
        let requests = server.requests
        #expect(requests.filter { $0 == "POST /v2/pull" }.count == 3, "two retries, then E501: \(requests)")
        #expect(requests.last == "POST /v2/pull", "nothing is sent after E501: \(requests)")
        #expect(!requests.contains { $0.contains("/v1/") })
    }
}
