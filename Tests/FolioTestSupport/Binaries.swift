import Foundation

/// The package's executables, built next to the tests, run as a user would.
public enum Binaries {
    /// What a finished command left.
    public struct Result: Sendable {
        /// The exit status.
        public var status: Int32
        /// Everything written to standard output.
        public var stdout: String
        /// Everything written to standard error.
        public var stderr: String
        /// True if the command was killed because it ran past its time limit.
        public var timedOut = false
    }

    /// The path of a built executable.
    public static func url(_ name: String) throws -> URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
        ].map { $0.appendingPathComponent(name) }
        guard let url = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw EndToEndError("\(name) is not built next to the tests")
        }
        return url
    }

    /// Runs a command to completion, on a thread outside Swift's cooperative
    /// pool (which has one thread per core), so that a test waiting for a
    /// child never starves the other tests' tasks.
    ///
    /// - parameter timeout: seconds after which the command is killed
    ///   (SIGKILL) and ``Result/timedOut`` is set; nil waits without end.
    public static func run(_ name: String, _ arguments: [String], in directory: URL? = nil,
                           timeout: Double? = nil) async throws -> Result {
        try await offload { try runBlocking(name, arguments, in: directory, timeout: timeout) }
    }

    /// Runs blocking work on a global dispatch queue and awaits its result.
    public static func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Swift.Result { try work() })
            }
        }
    }

    /// Runs a command to completion, blocking the calling thread; stderr goes
    /// through a file so that a chatty child cannot block on a full pipe.
    public static func runBlocking(_ name: String, _ arguments: [String], in directory: URL? = nil,
                                   timeout: Double? = nil) throws -> Result {
        let process = Process()
        process.executableURL = try url(name)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("folio-e2e-\(UUID().uuidString).err")
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errURL) }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        let killer = DispatchWorkItem {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        if let timeout { DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer) }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        killer.cancel()
        var result = Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                            stderr: String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self))
        result.timedOut = process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
        return result
    }

    /// A fresh temporary directory.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("folio-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The repository's root, for Examples/demo.
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
}

/// A failure of the test harness itself.
public struct EndToEndError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String
    /// Creates an error.
    public init(_ description: String) { self.description = description }
}
