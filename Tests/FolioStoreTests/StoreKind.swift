import Testing
import Foundation
import FolioStore

/// The kinds of database every store test runs on.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case inMemory
    case onDisk

    var testDescription: String { rawValue }

    /// Opens a new, empty store of this kind.
    func makeStore() throws -> FolioStore {
        switch self {
        case .inMemory:
            return try FolioStore.inMemory()
        case .onDisk:
            return try FolioStore(path: TemporaryDirectory.make().appendingPathComponent("store.sqlite").path)
        }
    }
}

/// A fresh temporary directory per call, removed at process exit by the OS's tmp cleaning.
enum TemporaryDirectory {
    static func make() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("folio-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

