import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a message's body is delimited (RFC 9112 §6.3).
enum Framing: Equatable { case empty, length(Int), chunked, untilClose }

/// An HTTP/1.1 message head (RFC 9112 §2.1), kept as the bytes that were read.
struct Head {
    /// The start line, the fields and the blank line, as received.
    let raw: [UInt8]
    private let lines: [String]

    init?(_ raw: [UInt8]) {
        let lines = Self.split(raw).map { String(decoding: $0, as: UTF8.self) }
        guard let first = lines.first, !first.isEmpty else { return nil }
        self.raw = raw
        self.lines = lines
    }

    /// The lines of a head without their CRLF or the blank line.
    private static func split(_ raw: [UInt8]) -> [ArraySlice<UInt8>] {
        raw.dropLast(4).split(separator: 10, omittingEmptySubsequences: false)
            .map { $0.last == 13 ? $0.dropLast() : $0 }
    }

    /// The value of the first field called `name` (lowercase), trimmed.
    func value(of name: String) -> String? {
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":"),
                  line[..<colon].trimmingCharacters(in: .whitespaces).lowercased() == name else { continue }
            return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    /// The same head without the fields called `name` (lowercase).
    func removing(_ name: String) -> Head {
        let kept = Self.split(raw).enumerated().filter { index, line in
            index == 0 || String(decoding: line, as: UTF8.self).split(separator: ":").first?
                .trimmingCharacters(in: .whitespaces).lowercased() != name
        }
        let bytes = kept.map { Array($0.element) }.joined(separator: [13, 10]) + [13, 10, 13, 10]
        return Head(Array(bytes)) ?? self
    }

    var method: String { lines[0].split(separator: " ").first.map(String.init) ?? "" }
    var status: Int? { lines[0].split(separator: " ").dropFirst().first.flatMap { Int($0) } }
    var isChunked: Bool { value(of: "transfer-encoding")?.lowercased().contains("chunked") == true }
    var contentLength: Int? { value(of: "content-length").flatMap { Int($0) }.flatMap { $0 >= 0 ? $0 : nil } }

    /// Whether the connection closes after this message (RFC 9112 §9.3).
    var closes: Bool {
        let connection = value(of: "connection")?.lowercased() ?? ""
        if connection.contains("close") { return true }
        let old = lines[0].hasPrefix("HTTP/1.0") || lines[0].hasSuffix("HTTP/1.0")
        return old && !connection.contains("keep-alive")
    }

    var requestFraming: Framing { isChunked ? .chunked : contentLength.map { .length($0) } ?? .empty }

    func responseFraming(answering method: String) -> Framing {
        if method == "HEAD" { return .empty }
        if let status, (100..<200).contains(status) || status == 204 || status == 304 { return .empty }
        if isChunked { return .chunked }
        return contentLength.map { .length($0) } ?? .untilClose
    }
}
