import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One socket and its read buffer, used by one thread at a time.
final class Connection {
    let fd: Int32
    private let untrack: (Int32) -> Void
    private var buffer: [UInt8] = []
    private var start = 0
    private var closed = false

    /// Takes `fd`, with `timeout` seconds for each receive and 30 s for each send.
    init(fd: Int32, timeout: Int, untrack: @escaping (Int32) -> Void) {
        self.fd = fd
        self.untrack = untrack
        var receive = timeval(tv_sec: timeout, tv_usec: 0)
        var send = timeval(tv_sec: 30, tv_usec: 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &receive, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &send, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        #if canImport(Darwin)
        setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
    }

    private var available: Int { buffer.count - start }

    /// Receives more bytes into the buffer; false at the end of the stream.
    private func fill() throws -> Bool {
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start >= Socket.chunk {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        var chunk = [UInt8](repeating: 0, count: Socket.chunk)
        for _ in 0..<64 {
            let count = recv(fd, &chunk, chunk.count, 0)
            if count > 0 {
                buffer.append(contentsOf: chunk[..<count])
                return true
            }
            if count == 0 { return false }
            if errno == EINTR { continue }
            throw errno == EAGAIN || errno == EWOULDBLOCK ? SocketError.timedOut : SocketError.system(errno)
        }
        throw SocketError.timedOut
    }

    /// Removes and returns the next `count` buffered bytes.
    private func take(_ count: Int) -> [UInt8] {
        defer { start += count }
        return Array(buffer[start..<start + count])
    }

    /// Reads through the first `terminator`, or nil at a clean end of stream before any byte.
    private func read(through terminator: [UInt8], limit: Int) throws -> [UInt8]? {
        var scanned = 0
        for _ in 0..<Int.max {
            var index = start + scanned
            while index + terminator.count <= buffer.count {
                if buffer[index..<index + terminator.count].elementsEqual(terminator) {
                    return take(index + terminator.count - start)
                }
                index += 1
            }
            scanned = max(0, available - terminator.count + 1)
            guard available <= limit else { throw SocketError.malformed }
            guard try fill() else {
                if available == 0 { return nil }
                throw SocketError.closed
            }
        }
        throw SocketError.malformed
    }

    /// The next message head through its blank line, or nil if the peer closed between messages.
    func readHead() throws -> [UInt8]? { try read(through: [13, 10, 13, 10], limit: 1 << 16) }

    /// The next line through its CRLF.
    func readLine() throws -> [UInt8] {
        guard let line = try read(through: [13, 10], limit: 1 << 14) else { throw SocketError.closed }
        return line
    }

    /// Exactly `count` bytes.
    func read(count: Int) throws -> [UInt8] {
        while available < count {
            guard try fill() else { throw SocketError.closed }
        }
        return take(count)
    }

    /// Whatever is buffered or arrives next; nil at the end of the stream.
    func readSome() throws -> [UInt8]? {
        if available == 0, try !fill() { return nil }
        return take(available)
    }

    /// Sends all of `bytes`.
    func write(_ bytes: ArraySlice<UInt8>) throws {
        var rest = bytes
        while !rest.isEmpty {
            let sent = rest.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Socket.sendFlags) }
            if sent > 0 {
                rest = rest.dropFirst(sent)
            } else if sent < 0, errno == EINTR {
                continue
            } else {
                throw sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) ? SocketError.timedOut
                    : SocketError.system(sent < 0 ? errno : EPIPE)
            }
        }
    }

    /// Closes the socket (a FIN to the peer). Idempotent.
    func close() {
        guard !closed else { return }
        closed = true
        untrack(fd)
        closeSocket(fd)
    }

    /// Closes with `SO_LINGER` 0, so the peer gets a TCP RST instead of a FIN.
    func reset() {
        var option = linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
        close()
    }
}
