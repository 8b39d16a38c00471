import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A loopback HTTP/1.1 server that answers from a script, for CLI tests that
/// need answers no real server gives (a captive portal's page, a damaged
/// zlib stream, the frozen 426 of SPEC.md §5.3). Each connection carries one
/// request and is closed after the answer.
///
/// `@unchecked Sendable`: `requests` is read and written only under `lock`;
/// the socket is closed once, by ``stop()``.
final class ScriptedServer: @unchecked Sendable {
    struct Answer {
        var status: Int
        var headers: [String: String] = [:]
        var body: [UInt8] = []
    }

    /// `METHOD /path` of each request, in arrival order.
    var requests: [String] { lock.withLock { recorded } }
    let port: UInt16
    var url: String { "http://127.0.0.1:\(port)" }

    private let listener: Int32
    private let lock = NSLock()
    private var recorded: [String] = []
    private let script: @Sendable (_ request: String, _ index: Int) -> Answer

    /// Starts listening; `script` gets `METHOD /path` and how many earlier
    /// requests had the same method and path.
    init(script: @escaping @Sendable (_ request: String, _ index: Int) -> Answer) throws {
        self.script = script
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) }
        }
        guard bound == 0, listen(listener, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        self.listener = listener
        port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            serve(connection)
            close(connection)
        }
    }

    private func serve(_ connection: Int32) {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var headEnd: Int?
        var bodyLength = 0
        while true {
            if let end = headEnd, received.count >= end + bodyLength { break }
            let count = read(connection, &buffer, buffer.count)
            guard count > 0 else { return }
            received.append(contentsOf: buffer[0..<count])
            if headEnd == nil, let range = String(decoding: received, as: UTF8.self).range(of: "\r\n\r\n") {
                let head = String(decoding: received, as: UTF8.self)[..<range.lowerBound]
                headEnd = head.utf8.count + 4
                for line in head.split(separator: "\r\n") where line.lowercased().hasPrefix("content-length:") {
                    bodyLength = Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
        }
        let requestLine = String(decoding: received, as: UTF8.self).split(separator: "\r\n").first ?? ""
        let request = requestLine.split(separator: " ").prefix(2).joined(separator: " ")
        let index = lock.withLock {
            defer { recorded.append(request) }
            return recorded.filter { $0 == request }.count
        }
        let answer = script(request, index)
        var head = "HTTP/1.1 \(answer.status) Scripted\r\nContent-Length: \(answer.body.count)\r\nConnection: close\r\n"
        for (name, value) in answer.headers { head += "\(name): \(value)\r\n" }
        let bytes = Array((head + "\r\n").utf8) + answer.body
        _ = bytes.withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
    }
}

/// Frame bytes for scripted answers (SPEC.md §5.2), built by hand so that the
/// CLI tests need nothing but the binary.
enum ScriptedFrames {
    /// A version 2 frame of `type` around `payload`.
    static func frame(type: UInt8, compressed: Bool = false, payload: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [0x46, 0x4F, 0x4C, 0x57, 2, type, compressed ? 1 : 0, 0, 0, 0, 0, 0]
        bytes += bigEndian(UInt32(payload.count)) + bigEndian(crc32(payload)) + payload
        return bytes
    }

    /// The frozen version 1 E501 answer of SPEC.md §5.3 (vector `error-version-unsupported`).
    static let versionUnsupported: [UInt8] = {
        let hex = """
            46 4f 4c 57 01 0c 00 00 00 00 00 00 00 00 00 42 08 f5 03 12 39 70 72 6f 74 6f 63 6f 6c 20 76 65
            72 73 69 6f 6e 20 31 20 69 73 20 6e 6f 20 6c 6f 6e 67 65 72 20 73 75 70 70 6f 72 74 65 64 3b 20
            75 70 64 61 74 65 20 74 68 65 20 61 70 70 22 02 02 03
            """
        return hex.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { UInt8($0, radix: 16) }
    }()

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    /// CRC-32 (ISO-HDLC), bit by bit.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
