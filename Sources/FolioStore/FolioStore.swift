import FolioWire
import Foundation
import GRDB
import Synchronization

/// The client's store: a reader's whole archive, their comments, and the state
/// of their sync, in one SQLite database.
///
/// A store on disk is a GRDB `DatabasePool` in WAL mode, so that the reader's
/// interface reads while a sync writes. Every change runs in one transaction:
/// a sync batch commits its rows, its change log and its cursor together, or
/// not at all. Outbox writes (comments written offline) are committed with
/// `synchronous = FULL`, so that a comment the store reported as saved survives
/// a power loss, while the rest of the store uses `synchronous = NORMAL`.
///
/// ```swift
/// let store = try FolioStore(path: "folio.sqlite")
/// let latest = try store.latestArticles(ArticleFilter(region: "afghanistan"), limit: 10)
/// let queued = try store.enqueueComment(NewComment(articleID: latest[0].id,
///     name: "Nilufar", email: "n@example.org", text: "Thank you."))
/// ```
///
/// ## Topics
/// - Opening: ``init(path:)``, ``inMemory()``
/// - Reading: ``article(id:)``, ``latestArticles(_:limit:)``, ``search(_:filter:limit:)``
/// - Comments: ``comments(articleID:)``, ``enqueueComment(_:now:)``
/// - Sync: ``apply(_:now:)``, ``syncState()``
public final class FolioStore: Sendable {
    /// The database connection or pool. GRDB's writers are `Sendable`.
    let writer: any DatabaseWriter
    /// The file of the store, or `nil` for an in-memory store.
    public let path: String?
    /// Whether a sync holds an in-memory store (``tryLockForSync()``).
    let inMemorySyncFlag = Mutex(false)

    /// Opens the store at `path`, creating the file and its schema when missing.
    ///
    /// - throws: ``FolioStoreError`` with code `notADatabase` for a file that is
    ///   not SQLite, `foreignDatabase` for another application's database, and
    ///   `newerSchema` for a store written by a newer Folio.
    public init(path: String) throws {
        self.path = path
        writer = try Self.openPool(path: path)
        try Self.migrate(writer)
    }

    /// Opens the pool. Switching a new file to WAL takes a lock that another
    /// connection opening the same new file at that moment may hold: such a
    /// busy open is tried again a few times.
    static func openPool(path: String) throws -> DatabasePool {
        var attempts = 0
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration())
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && attempts < 20 {
                attempts += 1
                Thread.sleep(forTimeInterval: 0.01 * Double(attempts))
            } catch {
                throw storeError(error)
            }
        }
    }

    /// Creates a store in memory, for tests and previews.
    public static func inMemory() throws -> FolioStore {
        try FolioStore(inMemoryQueue: ())
    }

    private init(inMemoryQueue: Void) throws {
        path = nil
        do {
            writer = try DatabaseQueue(configuration: Self.configuration())
        } catch {
            throw Self.storeError(error)
        }
        try Self.migrate(writer)
    }

    static func configuration() -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        config.label = "FolioStore"
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        return config
    }

    /// Checks that the file is a Folio store (or empty) and applies the
    /// migrations it lacks, all in one `IMMEDIATE` transaction: another
    /// connection or process opening the same new store at the same moment
    /// waits for the write lock, then finds everything applied. (GRDB's
    /// migrator reads what is applied before it takes the lock, so two such
    /// openers could both run the first migration.) The identifiers go to
    /// GRDB's `grdb_migrations` table, as its migrator would write them.
    static func migrate(_ writer: any DatabaseWriter) throws {
        do {
            try writer.barrierWriteWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    try applyMigrations(db)
                    return .commit
                }
            }
            try writer.write { db in
                try rebuildSearchIndexIfNeeded(db)
                try fillChecksumItemsIfNeeded(db)
            }
        } catch {
            throw storeError(error)
        }
    }

    private static func applyMigrations(_ db: Database) throws {
        let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        let tables = try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
            """)
        if !tables.isEmpty && applicationID != StoreMigrations.applicationID {
            throw FolioStoreError(.foreignDatabase, "the file is a SQLite database of another application")
        }
        try db.execute(sql: "CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
        let applied = Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
        let known = Set(StoreMigrations.all.map(\.0))
        if !applied.isSubset(of: known) {
            throw FolioStoreError(.newerSchema, "the store was written by a newer version of Folio")
        }
        for (identifier, sql) in StoreMigrations.all where !applied.contains(identifier) {
            try db.execute(sql: sql)
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [identifier])
        }
    }

    /// Rebuilds the search index when it was built with other folding rules
    /// than this version's (SPEC.md §13.4).
    static func rebuildSearchIndexIfNeeded(_ db: Database) throws {
        let indexed = try Int.fetchOne(db, sql: "SELECT folding_version FROM search_meta WHERE id = 1")
        guard indexed != SearchFolding.version else { return }
        try db.execute(sql: "INSERT INTO article_search (article_search) VALUES ('delete-all')")
        let rows = try Row.fetchCursor(db, sql: "SELECT id, title, lead, body FROM article")
        while let row = try rows.next() {
            try Article.index(db, id: row["id"], folded: FoldedText(title: row["title"], lead: row["lead"], body: row["body"]))
        }
        try db.execute(sql: "UPDATE search_meta SET folding_version = ? WHERE id = 1", arguments: [SearchFolding.version])
    }

    /// Runs `body` in one write transaction, mapping SQLite errors to ``FolioStoreError``.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.write(body)
        } catch {
            throw Self.storeError(error)
        }
    }

    /// Runs `body` in one write transaction committed with `synchronous = FULL`,
    /// so that the commit survives a power loss.
    func durableWrite<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                defer { try? db.execute(sql: "PRAGMA synchronous = NORMAL") }
                var result: T?
                try db.inTransaction {
                    result = try body(db)
                    return .commit
                }
                guard let result else {
                    throw FolioStoreError(.database, "the transaction produced no result")
                }
                return result
            }
        } catch {
            throw Self.storeError(error)
        }
    }

    /// Runs `body` on a read-only snapshot, mapping SQLite errors to ``FolioStoreError``.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.read(body)
        } catch {
            throw Self.storeError(error)
        }
    }

    /// Maps any error to ``FolioStoreError``, keeping user content out of the message.
    static func storeError(_ error: any Error) -> FolioStoreError {
        if let error = error as? FolioStoreError { return error }
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_NOTADB, .SQLITE_CORRUPT:
                return FolioStoreError(.notADatabase, "the file is not a Folio store or is damaged (\(error.resultCode))")
            default:
                return FolioStoreError(.database, "SQLite: \(error.message ?? "\(error.resultCode)")")
            }
        }
        return FolioStoreError(.database, "\(error)")
    }
}
