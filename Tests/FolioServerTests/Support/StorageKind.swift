import FolioServer
import Foundation

/// The storage drivers every storage and service test runs against.
enum StorageKind: String, CaseIterable {
    case memory
    case sqliteInMemory
    case sqliteOnDisk

    /// A fresh, empty storage of this kind.
    func make() throws -> any ServerStorage {
        switch self {
        case .memory: InMemoryStorage()
        case .sqliteInMemory: try SQLiteStorage()
        case .sqliteOnDisk: try SQLiteStorage(path: TemporaryDirectory.make().appendingPathComponent("server.sqlite").path)
        }
    }

}


/// Temporary directories removed at process exit are not needed: the OS
/// cleans /tmp; each test gets its own directory.
enum TemporaryDirectory {
    static func make() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("folio-server-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
