import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import FolioTestSupport
import FolioWire
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The server's header read timeout, against a real socket.
@Suite struct SlowClientTests {
    /// Connects to 127.0.0.1:port, sends `bytes`, and returns how long the
    /// server took to close the connection (nil if it was still open after `limit`).
    static func closeDelay(port: Int, sending bytes: String, limit: Double) throws -> Double? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw EndToEndError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw EndToEndError("connect() failed") }
        _ = bytes.withCString { send(fd, $0, strlen($0), 0) }
        var timeout = timeval(tv_sec: Int(limit), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let start = Date()
        var buffer = [UInt8](repeating: 0, count: 512)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count == 0 { return Date().timeIntervalSince(start) }      // closed by the server
            if count < 0 { return nil }                                   // still open at the limit
        }
    }

    @Test func clientThatNeverFinishesItsHeadersIsCutOff() async throws {
        let directory = try Binaries.temporaryDirectory()
        let server = try await ServerProcess.start(database: directory.appendingPathComponent("s.sqlite").path,
                                                   arguments: ["--header-timeout-seconds", "1"])
        defer { server.stop() }
        let delay = try await Binaries.offload {
            try Self.closeDelay(port: server.port, sending: "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ", limit: 15)
        }
        let closed = try #require(delay, "the server kept a half-sent request open")
        #expect(closed < 10)
    }

    @Test func longPollLongerThanTheHeaderTimeoutIsNotCut() async throws {
        let directory = try Binaries.temporaryDirectory()
        let server = try await ServerProcess.start(database: directory.appendingPathComponent("s.sqlite").path,
                                                   demo: true, arguments: ["--header-timeout-seconds", "1"])
        defer { server.stop() }
        let session = URLSession(configuration: .ephemeral)
        func pull(_ message: WirePullRequest) async throws -> (Data, Int) {
            var request = URLRequest(url: try #require(URL(string: "\(server.url)/v2/pull")))
            request.httpMethod = "POST"
            request.setValue("2", forHTTPHeaderField: "Folio-Protocol")
            request.setValue("application/vnd.folio.frame", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(try FrameCodec().encode(message))
            request.timeoutInterval = 30
            let (data, response) = try await session.data(for: request)
            return (data, (response as? HTTPURLResponse)?.statusCode ?? 0)
        }
        var first = WirePullRequest()
        first.maxChanges = 500
        let (body, status) = try await pull(first)
        #expect(status == 200)
        var wait = WirePullRequest()
        wait.cursor = try FrameCodec().decode(WirePullResponse.self, fromBody: Array(body)).cursor
        wait.waitSeconds = 3
        let started = Date()
        let (_, waited) = try await pull(wait)
        #expect(waited == 200)
        #expect(Date().timeIntervalSince(started) >= 2.5, "the long poll was held, not cut")
    }
}
