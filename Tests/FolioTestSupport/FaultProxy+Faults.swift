import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension FaultProxy {
    /// The faults to inject, each a probability per request from 0 to 1
    /// (values outside count as the nearest bound).
    ///
    /// At most one of ``stall``, ``reset`` and the body faults hits a
    /// response, in that order of precedence; ``truncate`` takes precedence
    /// over ``flipBit``. Body faults skip empty and chunked bodies (chunks
    /// pass byte for byte). ``duplicateRequest`` combines with any of them,
    /// and ``bytesPerSecond`` paces every response.
    ///
    /// ```swift
    /// let flaky = FaultProxy.Faults(flipBit: 0.05, truncate: 0.05, reset: 0.05)
    /// ```
    public struct Faults: Sendable, Equatable {
        /// Flip one random bit of the response body, after the head, so `Content-Length` stays valid.
        public var flipBit: Double
        /// Send the head and a random prefix of the body (possibly empty), then close.
        public var truncate: Double
        /// Forward the request, then close the client connection with `SO_LINGER` 0 (a TCP RST)
        /// instead of answering: the server did the work, the client never hears.
        public var reset: Double
        /// Never forward the request nor answer, until the client closes or ``stallSeconds`` pass.
        public var stall: Double
        /// How long a stalled connection is held before the proxy closes it.
        public var stallSeconds: Double
        /// Send the request upstream twice and answer with the second response (idempotency tests).
        public var duplicateRequest: Double
        /// The pace of every response, head included; 0 is unthrottled.
        public var bytesPerSecond: Int

        /// Faults with the given probabilities; all default to none.
        public init(flipBit: Double = 0, truncate: Double = 0, reset: Double = 0, stall: Double = 0,
                    stallSeconds: Double = 30, duplicateRequest: Double = 0, bytesPerSecond: Int = 0) {
            self.flipBit = flipBit
            self.truncate = truncate
            self.reset = reset
            self.stall = stall
            self.stallSeconds = stallSeconds
            self.duplicateRequest = duplicateRequest
            self.bytesPerSecond = bytesPerSecond
        }

        /// No faults: bytes pass unchanged, at full speed.
        public static let none = Faults()

        /// Draws the faults of one request. Every request takes seven draws,
        /// whatever the probabilities, so a seed replays the same faults.
        func plan(using generator: inout SplitMix64) -> Plan {
            let draws = (0..<7).map { _ in generator.next() }
            func hit(_ draw: UInt64, _ probability: Double) -> Bool {
                Double(draw >> 11) / 9_007_199_254_740_992 < probability  // uniform in [0, 1) over 2^53
            }
            return Plan(stall: hit(draws[0], stall), reset: hit(draws[1], reset),
                        duplicate: hit(draws[2], duplicateRequest), truncate: hit(draws[3], truncate),
                        flipBit: hit(draws[4], flipBit), truncateDraw: draws[5], flipDraw: draws[6],
                        bytesPerSecond: max(0, bytesPerSecond), stallSeconds: max(0, stallSeconds))
        }
    }

    /// What a proxy has done since it started.
    public struct Stats: Sendable, Equatable {
        /// Client connections accepted.
        public var connections = 0
        /// Client requests read whole.
        public var requests = 0
        /// Bytes written to either side: requests upstream (duplicates included) and responses to clients.
        public var bytesForwarded = 0
        /// Response bodies with one bit flipped.
        public var bitsFlipped = 0
        /// Client connections reset instead of answered.
        public var resets = 0
        /// Responses cut short.
        public var truncations = 0
        /// Requests held unanswered.
        public var stalls = 0
        /// Requests sent upstream twice.
        public var duplicates = 0
    }

    /// The faults drawn for one request.
    struct Plan {
        var stall, reset, duplicate, truncate, flipBit: Bool
        var truncateDraw, flipDraw: UInt64
        var bytesPerSecond: Int
        var stallSeconds: Double
    }

    /// What a connection does after an exchange.
    enum Outcome { case keepAlive, close }

    /// Reads one request, forwards it and answers it, faults included.
    func exchange(_ client: Connection, _ upstream: inout Connection?) throws -> Outcome {
        guard let raw = try client.readHead() else { return .close }
        guard var request = Head(raw) else { throw SocketError.malformed }
        if request.value(of: "expect")?.lowercased() == "100-continue" {
            // Answered here, so that the client sends its body at once.
            request = request.removing("expect")
            try client.write(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)[...])
        }
        var message = request.raw
        switch request.requestFraming {
        case .chunked: try relayChunked(from: client) { message += $0 }
        case .length(let length): message += try client.read(count: length)
        case .empty, .untilClose: break
        }
        let plan = nextPlan()
        if plan.stall {
            count(\.stalls)
            stall(client, seconds: plan.stallSeconds)
            return .close
        }
        if plan.duplicate {
            let (first, connection) = try send(message, on: &upstream)
            try relayBody(of: first, answering: request.method, from: connection) { _ in }
            if first.closes || first.responseFraming(answering: request.method) == .untilClose {
                connection.close()
                upstream = nil
            }
            count(\.duplicates)
        }
        let (response, connection) = try send(message, on: &upstream)
        let framing = response.responseFraming(answering: request.method)
        defer { if response.closes || framing == .untilClose { connection.close(); upstream = nil } }
        if plan.reset {
            try relayBody(of: response, answering: request.method, from: connection) { _ in }
            count(\.resets)
            client.reset()
            return .close
        }
        var throttle = Throttle(bytesPerSecond: plan.bytesPerSecond)
        let deliver: ([UInt8]) throws -> Void = { [self] bytes in
            try throttle.write(bytes[...], to: client)
            count(\.bytesForwarded, bytes.count)
        }
        if case .length(let length) = framing {
            var body = try connection.read(count: length)
            if plan.truncate, length > 0 {
                try deliver(response.raw + body.prefix(Int(plan.truncateDraw % UInt64(length))))
                count(\.truncations)
                return .close
            }
            if plan.flipBit, length > 0 {
                let bit = Int(plan.flipDraw % UInt64(length * 8))
                body[bit / 8] ^= UInt8(1) << UInt8(bit % 8)
                count(\.bitsFlipped)
            }
            try deliver(response.raw + body)
        } else {
            try deliver(response.raw)
            try relayBody(of: response, answering: request.method, from: connection, to: deliver)
        }
        return request.closes || response.closes || framing == .untilClose ? .close : .keepAlive
    }

    /// Sends `message` on the kept upstream connection, or on a fresh one when
    /// there is none or the kept one turns out closed, and reads the final
    /// response head (informational 1xx answers are skipped).
    func send(_ message: [UInt8], on upstream: inout Connection?) throws -> (Head, Connection) {
        for _ in 0..<2 {
            let reused = upstream != nil
            guard let connection = try upstream ?? connectUpstream() else { throw SocketError.closed }
            upstream = connection
            do {
                try connection.write(message[...])
                count(\.bytesForwarded, message.count)
                for _ in 0..<16 {
                    guard let raw = try connection.readHead() else { throw SocketError.closed }
                    guard let head = Head(raw) else { throw SocketError.malformed }
                    if let status = head.status, (100..<200).contains(status), status != 101 { continue }
                    return (head, connection)
                }
                throw SocketError.malformed
            } catch let error as SocketError where reused && error.isStale {
                // The server closed an idle keep-alive connection: retry on a fresh one.
                connection.close()
                upstream = nil
            }
        }
        throw SocketError.closed
    }

    /// Passes the body of `response` (whatever its framing) to `sink` as it arrives.
    func relayBody(of response: Head, answering method: String, from connection: Connection,
                   to sink: ([UInt8]) throws -> Void) throws {
        switch response.responseFraming(answering: method) {
        case .empty: break
        case .length(let length): try sink(try connection.read(count: length))
        case .chunked: try relayChunked(from: connection, to: sink)
        case .untilClose:
            for _ in 0..<Int.max {
                guard let piece = try connection.readSome() else { return }
                try sink(piece)
            }
        }
    }

    /// Relays one chunked body (RFC 9112 §7.1) byte for byte: size lines,
    /// chunks, the last chunk and the trailer section.
    func relayChunked(from connection: Connection, to sink: ([UInt8]) throws -> Void) throws {
        for _ in 0..<Int.max {
            let line = try connection.readLine()
            try sink(line)
            let digits = line.prefix { $0 != UInt8(ascii: ";") && $0 != UInt8(ascii: "\r") }
            let text = String(decoding: digits, as: UTF8.self).trimmingCharacters(in: .whitespaces)
            guard let size = Int(text, radix: 16), size >= 0 else { throw SocketError.malformed }
            if size > 0 {
                try sink(try connection.read(count: size + 2))
                continue
            }
            for _ in 0..<256 {
                let trailer = try connection.readLine()
                try sink(trailer)
                if trailer.count == 2 { return }
            }
            throw SocketError.malformed
        }
    }

    /// Holds `client` unanswered until it closes, the proxy stops or `seconds` pass.
    func stall(_ client: Connection, seconds: Double) {
        let deadline = Date().addingTimeInterval(seconds)
        while !isStopped, deadline.timeIntervalSinceNow > 0 {
            var ready = pollfd(fd: client.fd, events: Int16(POLLIN), revents: 0)
            let result = poll(&ready, 1, Int32(min(250, max(1, deadline.timeIntervalSinceNow * 1000))))
            if result > 0, (try? client.readSome()) == nil { return }  // the client gave up
            if result < 0, errno != EINTR { return }
        }
    }
}
