import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Paces writes to a rate, measured from the first byte of a response.
struct Throttle {
    let bytesPerSecond: Int
    private var started: Date?
    private var sent = 0

    init(bytesPerSecond: Int) { self.bytesPerSecond = bytesPerSecond }

    /// Writes `bytes` in twentieths of a second's worth, sleeping to keep the pace.
    mutating func write(_ bytes: ArraySlice<UInt8>, to connection: Connection) throws {
        guard bytesPerSecond > 0 else { return try connection.write(bytes) }
        let begin = started ?? Date()
        started = begin
        let piece = max(1, bytesPerSecond / 20)
        var rest = bytes
        while !rest.isEmpty {
            try connection.write(rest.prefix(piece))
            sent += min(piece, rest.count)
            rest = rest.dropFirst(piece)
            let ahead = Double(sent) / Double(bytesPerSecond) - Date().timeIntervalSince(begin)
            if ahead > 0 { Thread.sleep(forTimeInterval: ahead) }
        }
    }
}
