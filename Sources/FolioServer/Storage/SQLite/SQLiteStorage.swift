import FolioWire
import Foundation
import GRDB

/// The ``ServerStorage`` driver on embedded SQLite (GRDB).
///
/// On disk it is a `DatabasePool` in WAL mode with `synchronous = FULL`, so a
/// committed comment survives a crash or power loss; in memory (tests) a
/// `DatabaseQueue`. Every write is one transaction; SQL is always parameterised.
///
/// ```swift
/// let storage = try SQLiteStorage(path: "folio-server.sqlite")
/// let service = FolioSyncService(storage: storage)
/// ```
public final class SQLiteStorage: ServerStorage {
    /// The GRDB writer (`Sendable`).
    let writer: any DatabaseWriter
    /// The database file, or nil in memory.
    public let path: String?
    /// Facets and the sums of recent subscriptions, shared by every read.
    let sumsCache = SubscriptionSumsCache()

    /// Opens (creating and migrating when needed) the database at `path`.
    ///
    /// - Throws: ``FolioServerError/Code/databaseIncompatible`` for another
    ///   application's database or one written by a newer server,
    ///   ``FolioServerError/Code/storageFailure`` if it cannot be opened.
    public init(path: String) throws {
        self.path = path
        do {
            writer = try DatabasePool(path: path, configuration: Self.configuration())
        } catch {
            throw Self.storageError(error)
        }
        try Self.migrate(writer)
    }

    /// Creates a database in memory (for tests).
    public init() throws {
        path = nil
        do {
            writer = try DatabaseQueue(configuration: Self.configuration())
        } catch {
            throw Self.storageError(error)
        }
        try Self.migrate(writer)
    }

    private static func configuration() -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        config.label = "FolioServer"
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Reads through a memory map of up to 1 GiB (shared with the OS
            // page cache, not per connection): at 100,000 articles the tables
            // outgrow SQLite's own 2 MiB cache, and every request paid for
            // read(2) copies (SPEC.md §15).
            try db.execute(sql: "PRAGMA mmap_size = 1073741824")
        }
        return config
    }

    private static func migrate(_ writer: any DatabaseWriter) throws {
        let migrator = SQLiteMigrations.migrator
        do {
            let (applicationID, tables, foreign) = try writer.read { db in
                let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                let tables = try Int.fetchOne(db, sql: """
                    SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                    """) ?? 0
                let foreign = try migrator.hasBeenSuperseded(db)
                return (applicationID, tables, foreign)
            }
            guard applicationID == SQLiteMigrations.applicationID || (applicationID == 0 && tables == 0) else {
                throw FolioServerError(.databaseIncompatible, "the file is not a folio-server database")
            }
            guard !foreign else {
                throw FolioServerError(.databaseIncompatible, "the database was written by a newer folio-server")
            }
            try migrator.migrate(writer)
            try fillChecksumsIfNeeded(writer)
        } catch let error as FolioServerError {
            throw error
        } catch {
            throw storageError(error)
        }
    }

    /// Maps any error to a ``FolioServerError`` without leaking bound values.
    static func storageError(_ error: any Error) -> FolioServerError {
        if let error = error as? FolioServerError { return error }
        if let error = error as? DatabaseError {
            return FolioServerError(.storageFailure, "SQLite \(error.resultCode): \(error.message ?? "")")
        }
        return FolioServerError(.storageFailure, String(describing: type(of: error)))
    }

    /// Runs `body` in one write transaction.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.write(body)
        } catch {
            throw Self.storageError(error)
        }
    }

    /// Runs `body` in one read snapshot.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.read(body)
        } catch {
            throw Self.storageError(error)
        }
    }

    // MARK: - Meta values

    static func meta(_ db: Database, _ key: String) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT value FROM server_meta WHERE key = ?", arguments: [key]) ?? 0
    }

    static func setMeta(_ db: Database, _ key: String, _ value: Int64) throws {
        try db.execute(sql: "UPDATE server_meta SET value = ? WHERE key = ?", arguments: [value, key])
    }

    /// Takes the next value of the global sequence (inside the caller's transaction).
    static func nextSequence(_ db: Database) throws -> UInt64 {
        let next = try meta(db, "head") + 1
        try setMeta(db, "head", next)
        return UInt64(bitPattern: next)
    }

    /// See ``ServerStorage/epoch()``.
    public func epoch() async throws -> UInt64 {
        try await read { db in UInt64(bitPattern: try Self.meta(db, "epoch")) }
    }

    /// See ``ServerStorage/storeToken(_:)``.
    public func storeToken(_ record: TokenRecord) async throws {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO token (hash, role, label, created_at) VALUES (?, ?, ?, ?)",
                arguments: [Data(record.hash), record.role.rawValue, record.label, record.createdAt])
        }
    }

    /// See ``ServerStorage/token(hash:)``.
    public func token(hash: [UInt8]) async throws -> TokenRecord? {
        try await read { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT role, label, created_at FROM token WHERE hash = ?", arguments: [Data(hash)])
            else { return nil }
            let roleText: String = try row.decode(forColumn: "role")
            guard let role = TokenRole(rawValue: roleText) else {
                throw FolioServerError(.storageFailure, "token row has unknown role")
            }
            return TokenRecord(
                hash: hash, role: role, label: try row.decode(forColumn: "label"),
                createdAt: try row.decode(forColumn: "created_at"))
        }
    }

    /// See ``ServerStorage/statistics()``.
    public func statistics() async throws -> StorageStatistics {
        try await read { db in
            var byStatus: [ModerationStatus: Int] = [:]
            for status in ModerationStatus.allCases {
                byStatus[status] = try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM comment WHERE status = ?", arguments: [status.rawValue]) ?? 0
            }
            let live = try Int.fetchOne(db, sql: "SELECT count(*) FROM article WHERE removed_at IS NULL") ?? 0
            let all = try Int.fetchOne(db, sql: "SELECT count(*) FROM article") ?? 0
            let comments = try Int.fetchOne(db, sql: "SELECT count(*) FROM comment") ?? 0
            let revisions = try Int.fetchOne(db, sql: "SELECT count(*) FROM article_revision") ?? 0
            return StorageStatistics(
                commentsByStatus: byStatus, liveArticles: live, tombstones: all - live, changeLogRows: all + comments,
                retainedRevisions: revisions, head: UInt64(bitPattern: try Self.meta(db, "head")))
        }
    }
}
