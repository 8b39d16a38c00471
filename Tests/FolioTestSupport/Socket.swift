import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a socket read or write stopped.
enum SocketError: Error {
    /// The peer closed the stream in the middle of a message.
    case closed
    /// A receive or send timeout expired.
    case timedOut
    /// The bytes are not HTTP/1.1 this proxy can frame.
    case malformed
    /// A system call failed with this errno.
    case system(Int32)

    /// Whether the error shows a kept connection that the peer had already closed.
    var isStale: Bool {
        switch self {
        case .closed: true
        case .system(let code): code == ECONNRESET || code == EPIPE
        case .timedOut, .malformed: false
        }
    }
}

/// The socket calls that differ between Glibc and Darwin.
public enum Socket {
    #if canImport(Glibc)
    /// `SOCK_STREAM` as `socket(2)` takes it.
    public static let stream = Int32(SOCK_STREAM.rawValue)
    static let sendFlags = Int32(MSG_NOSIGNAL)
    #else
    /// `SOCK_STREAM` as `socket(2)` takes it.
    public static let stream = SOCK_STREAM
    static let sendFlags: Int32 = 0
    #endif
    /// Bytes asked of one `recv`.
    static let chunk = 1 << 16

    /// The address 127.0.0.1:`port`.
    public static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(clamping: port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    /// A socket connected to 127.0.0.1:`port` (on loopback, refused or accepted at once).
    static func dial(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, stream, 0)
        guard fd >= 0 else { throw SocketError.system(errno) }
        var address = loopback(port: port)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            let code = errno
            closeSocket(fd)
            throw SocketError.system(code)
        }
        return fd
    }
}

/// `close(2)`, out of reach of `Connection.close()`.
func closeSocket(_ fd: Int32) { close(fd) }
