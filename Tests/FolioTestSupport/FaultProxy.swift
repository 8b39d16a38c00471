import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An HTTP/1.1 proxy on loopback that damages responses on purpose, between a
/// real client (URLSession, the `folio` CLI) and a real server.
///
/// Each request a client sends is read whole (its head up to CRLFCRLF and its
/// `Content-Length` or chunked body), forwarded on an upstream connection kept
/// for that client connection, and its response is read and written back,
/// after the proxy has drawn the faults of ``Faults`` for it. Keep-alive
/// connections carry any number of requests in sequence, and a response held
/// by the server (a long poll of up to 60 s) passes through.
///
/// Faults are drawn from a SplitMix64 generator seeded at `init`, always the
/// same number of draws per request, so the same seed and request sequence
/// replay the same faults. Every socket has receive and send timeouts, and
/// ``stop()`` shuts all of them down, so a stuck peer never hangs a test.
/// When the server cannot be reached, the client connection is closed unanswered.
///
/// ```swift
/// let proxy = try FaultProxy(upstreamPort: server.port, faults: .init(flipBit: 0.2), seed: 7)
/// defer { proxy.stop() }
/// let result = try await Binaries.run("folio", ["sync", "--server", proxy.url, "--db", db])
/// proxy.setFaults(.none)   // the faults stop; later requests pass unchanged
/// print(proxy.stats.bitsFlipped)
/// ```
///
/// `@unchecked Sendable`: the mutable state (faults, generator, counters, the
/// set of open sockets, the stopped flag) is read and written only under
/// `lock`; everything else is immutable after `init`, and each connection's
/// sockets and buffers belong to the one thread that serves it.
///
/// ## Topics
/// - ``Faults``
/// - ``Stats``
/// - ``setFaults(_:)``
/// - ``stop()``
public final class FaultProxy: @unchecked Sendable {
    /// The loopback port the proxy listens on.
    public let port: Int
    /// The proxy's base URL, to give to a client in place of the server's.
    public var url: String { "http://127.0.0.1:\(port)" }
    /// The loopback port of the server behind the proxy.
    public let upstreamPort: Int

    /// Seconds an upstream read may wait: above the server's 60 s long polls.
    static let upstreamTimeout = 90
    /// Seconds a client connection may stay idle between requests.
    static let clientTimeout = 120

    private let listener: Int32
    private let lock = NSLock()
    private var faults: Faults
    private var generator: SplitMix64
    private var counters = Stats()
    private var sockets: Set<Int32> = []
    private var stopped = false

    /// Starts a proxy on a free loopback port in front of `127.0.0.1:upstreamPort`.
    ///
    /// - parameters:
    ///   - upstreamPort: The port of the server to forward to.
    ///   - faults: The faults to inject; ``Faults/none`` forwards bytes unchanged.
    ///   - seed: The seed of the fault generator, for reproducible runs.
    /// - throws: ``EndToEndError`` when the listening socket cannot be set up.
    public init(upstreamPort: Int, faults: Faults, seed: UInt64) throws {
        self.upstreamPort = upstreamPort
        self.faults = faults
        self.generator = SplitMix64(seed: seed)
        let fd = socket(AF_INET, Socket.stream, 0)
        guard fd >= 0 else { throw EndToEndError("FaultProxy: socket() failed, errno \(errno)") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = Socket.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && listen(fd, 128) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else {
            let code = errno
            close(fd)
            throw EndToEndError("FaultProxy: cannot listen on 127.0.0.1, errno \(code)")
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "FaultProxy.accept"
        thread.start()
    }

    /// What the proxy has done so far.
    public var stats: Stats { locked { counters } }

    /// Replaces the faults; requests read from now on use the new ones.
    ///
    /// `setFaults(.none)` makes the faults stop, for a test that checks a client
    /// recovers once the network does.
    public func setFaults(_ faults: Faults) { locked { self.faults = faults } }

    /// Stops listening and shuts down every open connection. Idempotent.
    public func stop() {
        locked {
            guard !stopped else { return }
            stopped = true
            shutdown(listener, Int32(SHUT_RDWR))
            for fd in sockets { shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }

    // MARK: - Bookkeeping

    func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    var isStopped: Bool { locked { stopped } }

    func count(_ counter: WritableKeyPath<Stats, Int>, _ amount: Int = 1) {
        locked { counters[keyPath: counter] += amount }
    }

    /// Wraps `fd` in a tracked connection, or closes it if the proxy has stopped.
    private func track(_ fd: Int32, timeout: Int) -> Connection? {
        let kept = locked { stopped ? false : sockets.insert(fd).inserted }
        guard kept else { close(fd); return nil }
        return Connection(fd: fd, timeout: timeout) { [self] fd in locked { _ = sockets.remove(fd) } }
    }

    /// Draws the faults of the next request.
    func nextPlan() -> Plan {
        locked {
            counters.requests += 1
            return faults.plan(using: &generator)
        }
    }

    // MARK: - Connections

    private func acceptLoop() {
        defer { close(listener) }
        while !isStopped {
            var ready = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&ready, 1, 250) > 0 else { continue }
            let fd = accept(listener, nil, nil)
            guard fd >= 0 else { continue }
            count(\.connections)
            let thread = Thread { [self] in
                guard let client = track(fd, timeout: Self.clientTimeout) else { return }
                serve(client)
            }
            thread.name = "FaultProxy.connection"
            thread.start()
        }
    }

    /// Serves one client connection, request after request, until either side closes.
    private func serve(_ client: Connection) {
        var upstream: Connection?
        defer {
            upstream?.close()
            client.close()
        }
        for _ in 0..<1_000_000 {
            guard !isStopped, let outcome = try? exchange(client, &upstream), outcome == .keepAlive else { return }
        }
    }

    func connectUpstream() throws -> Connection? {
        track(try Socket.dial(port: upstreamPort), timeout: Self.upstreamTimeout)
    }

}
