import ArgumentParser
import Foundation
import FolioStore

/// The options every command shares: which store, and how to print.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "The store file.")
    var db: String = "folio.sqlite"

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    /// Opens the existing store; a missing file is an error, not a new store.
    func openExisting() throws -> FolioStore {
        guard FileManager.default.fileExists(atPath: db) else {
            throw CLIError("no store at \(db); run `folio sync --server URL` first, or pass --db")
        }
        return try FolioStore(path: db)
    }

    /// Prints a value as pretty JSON with sorted keys.
    func printJSON<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}

/// A runtime error of the CLI: printed as one line, exit status 1.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
