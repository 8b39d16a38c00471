import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import FolioTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The fault-injecting proxy, between URLSession (or a raw socket) and a tiny
/// loopback server that answers fixed bodies.
@Suite struct FaultProxyTests {
    /// A tiny server, a proxy in front of it and a URLSession, for one test.
    struct Rig {
        let server: TinyServer
        let proxy: FaultProxy
        let session: URLSession

        func url(_ path: String) throws -> URL { try #require(URL(string: proxy.url + path)) }

        /// Runs `body` on a raw client socket connected to the proxy, off the cooperative pool.
        func raw<T: Sendable>(_ body: @escaping @Sendable (TestSocket) throws -> T) async throws -> T {
            let port = proxy.port
            return try await Binaries.offload { try body(try TestSocket(port: port)) }
        }
    }

    /// Runs `body` with a fresh rig, and stops it afterwards.
    static func withRig(_ faults: FaultProxy.Faults, seed: UInt64 = 1, _ body: (Rig) async throws -> Void) async throws {
        let server = try TinyServer()
        defer { server.stop() }
        let proxy = try FaultProxy(upstreamPort: server.port, faults: faults, seed: seed)
        defer { proxy.stop() }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 20
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        try await body(Rig(server: server, proxy: proxy, session: session))
    }

    @Test func withoutFaultsTwentyRequestsPassUnchangedOverOneKeepAliveConnection() async throws {
        try await Self.withRig(.none) { rig in
            let mismatches = try await rig.raw { socket in
                try (0..<20).filter { index in
                    let upload = index.isMultiple(of: 2) ? [] : TinyServer.pattern(index * 101)
                    let path = index.isMultiple(of: 2) ? "/bytes/\(1_000 + index * 997)" : "/echo"
                    let (head, body) = try socket.exchange(path, body: upload)
                    return head + body != TinyServer.response(path: path, requestBody: upload)
                }
            }
            #expect(mismatches.isEmpty)
            #expect(rig.proxy.stats.connections == 1)
            #expect(rig.proxy.stats.requests == 20)
            #expect(rig.server.counts.connections == 1, "the upstream connection was kept too")
        }
    }

    @Test func flipBitChangesExactlyOneBitOfEachBodyAndNoHeader() async throws {
        try await Self.withRig(.init(flipBit: 1)) { rig in
            let results = try await rig.raw { socket in
                try (0..<10).map { index in
                    let path = "/bytes/\(500 + index * 50)"
                    let (head, body) = try socket.exchange(path)
                    let expected = TinyServer.response(path: path, requestBody: [])
                    let bits = body.count == expected.count - head.count
                        ? zip(body, expected.suffix(body.count)).reduce(0) { $0 + ($1.0 ^ $1.1).nonzeroBitCount } : -1
                    return (head == Array(expected.prefix(head.count)), bits)
                }
            }
            #expect(results.allSatisfy { $0.0 }, "headers unchanged")
            #expect(results.map(\.1) == Array(repeating: 1, count: 10))
            #expect(rig.proxy.stats.bitsFlipped == 10)
        }
    }

    @Test func truncateDeliversFewerBodyBytesThanContentLengthAndCloses() async throws {
        try await Self.withRig(.init(truncate: 1)) { rig in
            let (head, rest) = try await rig.raw { socket in
                try socket.write(TestSocket.request("/bytes/5000", body: []))
                return (try socket.readHead() ?? [], try socket.readToEnd())   // readToEnd returns only at a close
            }
            #expect(head == Array(TinyServer.response(path: "/bytes/5000", requestBody: []).prefix(head.count)))
            #expect(TestSocket.contentLength(head) == 5_000)
            #expect(rest.count < 5_000)
            #expect(rest == Array(TinyServer.pattern(5_000).prefix(rest.count)))
            #expect(rig.proxy.stats.truncations == 1)
        }
    }

    @Test func resetMakesURLSessionFailWithANetworkError() async throws {
        try await Self.withRig(.init(reset: 1)) { rig in
            do {
                let (data, _) = try await rig.session.data(from: try rig.url("/bytes/1000"))
                Issue.record("a reset connection answered \(data.count) bytes")
            } catch {
                #expect(error is URLError || (error as NSError).domain == NSURLErrorDomain, "\(error)")
            }
            let code = try await rig.raw { socket in
                try socket.write(TestSocket.request("/bytes/10", body: []))
                return socket.receiveError()
            }
            #expect(code == ECONNRESET, "a TCP RST, not a FIN")
            #expect(rig.proxy.stats.resets >= 2)
        }
    }

    @Test func twentyThousandBytesPerSecondMakeSixtyKilobytesTakeAtLeastTwoSeconds() async throws {
        try await Self.withRig(.init(bytesPerSecond: 20_000)) { rig in
            let clock = ContinuousClock()
            let start = clock.now
            let (data, _) = try await rig.session.data(from: try rig.url("/bytes/60000"))
            #expect(clock.now - start >= .seconds(2))
            #expect(Array(data) == TinyServer.pattern(60_000))
        }
    }

    @Test func duplicateRequestMakesTheServerSeeEachRequestTwice() async throws {
        try await Self.withRig(.init(duplicateRequest: 1)) { rig in
            for index in 0..<5 {
                var request = URLRequest(url: try rig.url("/echo"))
                request.httpMethod = "POST"
                request.httpBody = Data(TinyServer.pattern(100 + index))
                let (data, _) = try await rig.session.data(for: request)
                #expect(Array(data) == TinyServer.pattern(100 + index))
            }
            #expect(rig.server.counts.requests == 10)
            #expect(rig.proxy.stats.duplicates == 5)
        }
    }

    @Test func setFaultsNoneStopsTheFaultsForLaterRequests() async throws {
        try await Self.withRig(.init(flipBit: 1)) { rig in
            let url = try rig.url("/bytes/2000")
            for _ in 0..<3 {
                #expect(Array(try await rig.session.data(from: url).0) != TinyServer.pattern(2_000))
            }
            rig.proxy.setFaults(.none)
            for _ in 0..<3 {
                #expect(Array(try await rig.session.data(from: url).0) == TinyServer.pattern(2_000))
            }
            #expect(rig.proxy.stats.bitsFlipped == 3)
        }
    }

    @Test func stallHoldsTheRequestUnansweredThenCloses() async throws {
        try await Self.withRig(.init(stall: 1, stallSeconds: 1)) { rig in
            let clock = ContinuousClock()
            let start = clock.now
            let answer = try await rig.raw { socket in
                try socket.write(TestSocket.request("/bytes/10", body: []))
                return try socket.readToEnd()
            }
            #expect(answer.isEmpty)
            #expect(clock.now - start >= .milliseconds(900))
            #expect(rig.server.counts.requests == 0)
            #expect(rig.proxy.stats.stalls == 1)
        }
    }

    @Test func chunkedResponsesPassByteForByteDespiteBodyFaults() async throws {
        try await Self.withRig(.init(flipBit: 1, truncate: 1)) { rig in
            let expected = TinyServer.response(path: "/chunked", requestBody: [])
            let received = try await rig.raw { socket in
                try socket.write(TestSocket.request("/chunked", body: []))
                return try socket.read(count: expected.count)
            }
            #expect(received == expected)
            #expect(rig.proxy.stats.bitsFlipped == 0)
            #expect(rig.proxy.stats.truncations == 0)
        }
    }

    @Test func aHeldResponsePassesThrough() async throws {
        try await Self.withRig(.none) { rig in
            let (data, response) = try await rig.session.data(from: try rig.url("/hold/2500"))
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
            #expect(data.isEmpty)
        }
    }

    @Test func theSameSeedDrawsTheSameFaults() async throws {
        var runs: [[[UInt8]]] = []
        for _ in 0..<2 {
            try await Self.withRig(.init(flipBit: 0.5), seed: 42) { rig in
                runs.append(try await rig.raw { socket in try (0..<12).map { _ in try socket.exchange("/bytes/300").body } })
            }
        }
        #expect(runs[0] == runs[1])
        let flipped = runs[0].filter { $0 != TinyServer.pattern(300) }.count
        #expect(flipped > 0 && flipped < 12, "a coin per request")
    }
}

/// A loopback HTTP/1.1 server on threads, with keep-alive and Content-Length:
/// `/bytes/N` answers N bytes of ``pattern(_:)``, `/echo` the request body,
/// `/hold/MS` an empty body after MS milliseconds, `/chunked` three chunks.
///
/// `@unchecked Sendable`: the counts are guarded by `lock`; the rest is immutable.
final class TinyServer: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var served = (connections: 0, requests: 0)

    /// Connections accepted and requests answered.
    var counts: (connections: Int, requests: Int) {
        lock.lock()
        defer { lock.unlock() }
        return served
    }

    init() throws {
        let socket = try TestSocket.listening()
        listener = socket.fd
        port = socket.port
        Thread { [self] in
            for _ in 0..<10_000 {
                let fd = accept(listener, nil, nil)
                guard fd >= 0 else { break }
                count(\.connections)
                Thread { [self] in serve(TestSocket(fd: fd)) }.start()
            }
            close(listener)
        }.start()
    }

    func stop() { shutdown(listener, Int32(SHUT_RDWR)) }

    private func count(_ counter: WritableKeyPath<(connections: Int, requests: Int), Int>) {
        lock.lock()
        served[keyPath: counter] += 1
        lock.unlock()
    }

    private func serve(_ socket: TestSocket) {
        for _ in 0..<10_000 {
            guard let head = try? socket.readHead(),
                  let body = try? socket.read(count: TestSocket.contentLength(head) ?? 0) else { return }
            count(\.requests)
            let path = String(decoding: head, as: UTF8.self).split(separator: " ").dropFirst().first.map(String.init) ?? ""
            if path.hasPrefix("/hold/"), let milliseconds = Int(path.dropFirst(6)) {
                Thread.sleep(forTimeInterval: Double(milliseconds) / 1_000)
            }
            guard (try? socket.write(Self.response(path: path, requestBody: body))) != nil else { return }
        }
    }

    /// N bytes of a fixed pattern.
    static func pattern(_ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) } }

    /// The exact bytes the server answers to `path`.
    static func response(path: String, requestBody: [UInt8]) -> [UInt8] {
        if path == "/chunked" {
            return Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n7\r\n, world\r\n1\r\n!\r\n0\r\n\r\n".utf8)
        }
        let body = path == "/echo" ? requestBody
            : path.hasPrefix("/bytes/") ? pattern(Int(path.dropFirst(7)) ?? 0) : []
        return Array("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: \(body.count)\r\n\r\n".utf8)
            + body
    }
}

/// A blocking loopback socket with a read buffer and a 15 s receive timeout.
final class TestSocket {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(fd: Int32) {
        self.fd = fd
        var timeout = timeval(tv_sec: 15, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// A client connected to 127.0.0.1:`port`.
    convenience init(port: Int) throws {
        self.init(fd: socket(AF_INET, Self.stream, 0))
        var address = Self.loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw EndToEndError("cannot connect to port \(port)") }
    }

    deinit { close(fd) }

    static let stream = Socket.stream

    static func loopback(port: Int) -> sockaddr_in { Socket.loopback(port: port) }

    /// A listening socket on a free loopback port.
    static func listening() throws -> (fd: Int32, port: Int) {
        let fd = socket(AF_INET, stream, 0)
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ready = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && listen(fd, 64) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard ready else {
            close(fd)
            throw EndToEndError("cannot listen on loopback")
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// A request for `path`: GET without a body, POST with one.
    static func request(_ path: String, body: [UInt8]) -> [UInt8] {
        let method = body.isEmpty ? "GET" : "POST"
        return Array("\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body
    }

    static func contentLength(_ head: [UInt8]) -> Int? {
        String(decoding: head, as: UTF8.self).split(separator: "\r\n")
            .first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.dropFirst(15).trimmingCharacters(in: .whitespaces)) }
    }

    /// Sends a request and reads its Content-Length response.
    func exchange(_ path: String, body: [UInt8] = []) throws -> (head: [UInt8], body: [UInt8]) {
        try write(Self.request(path, body: body))
        guard let head = try readHead() else { throw EndToEndError("closed before answering \(path)") }
        return (head, try read(count: Self.contentLength(head) ?? 0))
    }

    func write(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw EndToEndError("send failed") }
            sent += count
        }
    }

    /// Receives more bytes; false at the end of the stream, throws on a timeout.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = recv(fd, &chunk, chunk.count, 0)
        guard count >= 0 else { throw EndToEndError("recv failed, errno \(errno)") }
        buffer += chunk.prefix(count)
        return count > 0
    }

    /// A head through CRLFCRLF, or nil if the peer closed first.
    func readHead() throws -> [UInt8]? {
        for _ in 0..<100_000 {
            if let end = (0..<max(0, buffer.count - 3)).first(where: { buffer[$0..<$0 + 4].elementsEqual([13, 10, 13, 10]) }) {
                defer { buffer.removeFirst(end + 4) }
                return Array(buffer[..<(end + 4)])
            }
            guard try fill() else { return nil }
        }
        return nil
    }

    func read(count: Int) throws -> [UInt8] {
        while buffer.count < count {
            guard try fill() else { throw EndToEndError("closed after \(buffer.count) of \(count) bytes") }
        }
        defer { buffer.removeFirst(count) }
        return Array(buffer[..<count])
    }

    /// The errno of the first failed receive once the buffer is drained; 0 if the peer closed cleanly.
    func receiveError() -> Int32 {
        var chunk = [UInt8](repeating: 0, count: 4_096)
        for _ in 0..<10_000 {
            let count = recv(fd, &chunk, chunk.count, 0)
            if count <= 0 { return count < 0 ? errno : 0 }
        }
        return 0
    }

    /// Everything until the peer closes.
    func readToEnd() throws -> [UInt8] {
        for _ in 0..<1_000_000 {
            guard try fill() else { break }
        }
        defer { buffer.removeAll() }
        return buffer
    }
}
