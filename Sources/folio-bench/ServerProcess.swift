import FolioBenchKit
import Foundation

/// The real `folio-server serve` on a loopback port (port 0 on first start:
/// it prints the port it bound; the same port on a restart).
///
/// `@unchecked Sendable`: after `init` the state is the immutable port and the
/// `Process`, whose terminate and wait may be called from any thread.
final class ServerProcess: @unchecked Sendable {
    let process = Process()
    let port: Int
    var url: String { "http://127.0.0.1:\(port)" }

    /// Starts `folio-server serve` on `database`, with `extra` arguments.
    init(database: String, port: Int = 0, extra: [String] = []) throws {
        process.executableURL = try Child.executable("folio-server")
        process.arguments = ["serve", "--db", database, "--host", "127.0.0.1", "--port", String(port)] + extra
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var buffer = Data()
        var found: Int?
        let deadline = Date().addingTimeInterval(60)
        while found == nil, Date() < deadline {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            let text = String(decoding: buffer, as: UTF8.self)
            if let range = text.range(of: "listening on http://127.0.0.1:"), text[range.upperBound...].contains("\n") {
                found = Int(text[range.upperBound...].prefix { $0.isNumber })
            }
        }
        guard let found, found > 0 else {
            process.terminate()
            process.waitUntilExit()
            throw BenchError("folio-server did not report a port")
        }
        self.port = found
        // Keep draining stdout so that a chatty server never blocks on a full pipe.
        let reader = out.fileHandleForReading
        Thread.detachNewThread {
            while !reader.availableData.isEmpty {}
        }
    }

    /// Sends SIGTERM and waits.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}
