import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `folio-server serve` on a loopback port: a free one on first start (it
/// binds port 0 and prints the port), the same one on a restart.
///
/// `@unchecked Sendable`: after `init` the state is the immutable port and the
/// `Process`, whose kill and wait may be called from any thread.
public final class ServerProcess: @unchecked Sendable {
    /// The server process.
    public let process = Process()
    /// The port it listens on.
    public let port: Int
    /// Its base URL.
    public var url: String { "http://127.0.0.1:\(port)" }

    /// Starts `folio-server serve` on `database`, seeding the demo archive when asked.
    public init(database: String, port: Int = 0, demo: Bool = false, arguments extra: [String] = []) throws {
        process.executableURL = try Binaries.url("folio-server")
        process.arguments = ["serve", "--db", database, "--host", "127.0.0.1", "--port", String(port)]
            + (demo ? ["--demo", "--demo-dir", Binaries.repository.appendingPathComponent("Examples/demo").path] : [])
            + extra
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var buffer = Data()
        var found: Int?
        while found == nil {
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
            throw EndToEndError("folio-server did not report a port")
        }
        self.port = found
    }

    /// Starts a server without blocking Swift's cooperative pool while it boots.
    public static func start(database: String, port: Int = 0, demo: Bool = false,
                             arguments: [String] = []) async throws -> ServerProcess {
        try await Binaries.offload { try ServerProcess(database: database, port: port, demo: demo, arguments: arguments) }
    }

    /// Sends SIGTERM and waits; returns the exit status.
    @discardableResult
    public func stop() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// One HTTP exchange with the server; header names come back lowercased.
    public func request(_ method: String, _ path: String, body: Data? = nil, headers: [String: String] = [:])
        async throws -> (status: Int, headers: [String: String], body: Data)
    {
        guard let url = URL(string: url + path) else { throw EndToEndError("bad path \(path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.httpBody = body
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw EndToEndError("not an HTTP response") }
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { fields[name.lowercased()] = value }
        }
        return (http.statusCode, fields, data)
    }

    /// Sends SIGKILL and waits.
    public func crash() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}
