import FolioBenchKit
import Foundation

/// Runs the package's executables (found next to `folio-bench`) as children.
enum Child {
    /// The directory of this executable, where `swift build` put its siblings.
    static var binDirectory: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    }

    /// The executable `name` next to this one.
    static func executable(_ name: String) throws -> URL {
        let url = binDirectory.appendingPathComponent(name)
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw BenchError("\(name) is not built next to folio-bench (\(url.path)); build it with the same -c and --scratch-path")
        }
        return url
    }

    /// This executable.
    static var selfURL: URL { URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath() }

    /// Runs `url` with `arguments` to completion, at most `timeout` seconds;
    /// returns stdout. Throws with stderr when the exit status is not 0.
    static func run(_ url: URL, _ arguments: [String], timeout: Double = 1_800) throws -> String {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("folio-bench-\(UUID().uuidString).err")
        let outURL = FileManager.default.temporaryDirectory.appendingPathComponent("folio-bench-\(UUID().uuidString).out")
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: errURL)
            try? FileManager.default.removeItem(at: outURL)
        }
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                process.waitUntilExit()
                throw BenchError("\(url.lastPathComponent) \(arguments.first ?? "") ran past \(Int(timeout)) s")
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        let out = String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self)
        guard process.terminationStatus == 0 else {
            let err = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
            throw BenchError("\(url.lastPathComponent) \(arguments.joined(separator: " ")) failed (\(process.terminationStatus)): \(err.suffix(800))")
        }
        return out
    }
}
