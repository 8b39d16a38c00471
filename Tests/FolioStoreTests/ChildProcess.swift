import Foundation
import FolioTestSupport

/// A child process whose standard output a test reads line by line, and kills.
final class ChildProcess {
    let process = Process()
    private let output = Pipe()
    private var buffer = Data()

    /// Starts a binary built next to the test bundle.
    init(builtProduct name: String, arguments: [String]) throws {
        let url = try Binaries.url(name)
        process.executableURL = url
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
    }

    /// Reads lines until `count` have arrived, or the output ends.
    func readLines(_ count: Int) -> [String] {
        var lines: [String] = []
        while lines.count < count {
            if let newline = buffer.firstIndex(of: 0x0A) {
                lines.append(String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self))
                buffer.removeSubrange(buffer.startIndex...newline)
                continue
            }
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
        }
        return lines
    }

    /// Sends SIGKILL, waits for the process, and returns every complete line it
    /// had written before dying.
    func kill() -> [String] {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return readLines(Int.max)
    }
}

/// Runs the `sqlite3` shell on a file, or returns nil when it is not installed.
func sqliteShell(_ path: String, _ sql: String) throws -> String? {
    let shell = "/usr/bin/sqlite3"
    guard FileManager.default.isExecutableFile(atPath: shell) else { return nil }
    let process = Process()
    let output = Pipe()
    process.executableURL = URL(fileURLWithPath: shell)
    process.arguments = [path, sql]
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}
