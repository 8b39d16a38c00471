import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The real `folio-server` binary, built next to the tests.
enum ServerBinary {
    static func url() throws -> URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
        ].map { $0.appendingPathComponent("folio-server") }
        guard let url = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw E2EError(message: "folio-server is not built next to the tests")
        }
        return url
    }

    /// Runs a short command to completion; returns its status and standard output.
    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String) {
        let process = Process()
        process.executableURL = try url()
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// `folio-server serve` on a free loopback port (it binds port 0 and prints the port).
///
/// `@unchecked Sendable`: after `init` the only state is the immutable port
/// and the `Process`, whose kill/terminate/wait may be called from any thread.
final class ServerProcess: @unchecked Sendable {
    let process = Process()
    let port: Int

    init(database: String) throws {
        process.executableURL = try ServerBinary.url()
        process.arguments = ["serve", "--db", database, "--host", "127.0.0.1", "--port", "0"]
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
            if let range = text.range(of: "listening on http://127.0.0.1:") {
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                if text[range.upperBound...].contains("\n") { found = Int(digits) }
            }
        }
        guard let found, found > 0 else {
            process.terminate()
            throw E2EError(message: "folio-server did not report a port")
        }
        port = found
    }

    /// Sends SIGTERM and waits; returns the exit status.
    func stop() -> Int32 {
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Sends SIGKILL (a crash) and waits.
    func crash() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// One HTTP exchange with the server.
    func request(_ method: String, _ path: String, body: Data? = nil, headers: [String: String] = [:]) async throws
        -> (status: Int, headers: [String: String], body: Data)
    {
        guard let url = URL(string: "http://127.0.0.1:\(port)\(path)") else { throw E2EError(message: "bad path") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.httpBody = body
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw E2EError(message: "not HTTP") }
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { fields[name.lowercased()] = value }
        }
        return (http.statusCode, fields, data)
    }
}

struct E2EError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
