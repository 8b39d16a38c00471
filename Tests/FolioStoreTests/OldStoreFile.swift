import Foundation
import GRDB
@testable import FolioStore

/// A store file as an older version of Folio left it: only the first
/// `migrations` of ``StoreMigrations/all`` applied, three articles (ids 1...3),
/// and whatever `extra` writes, so that tests can check what opening it with
/// today's code fills in.
enum OldStoreFile {
    static func make(migrations: Int, body: String = "", extra: (Database) throws -> Void = { _ in }) throws -> String {
        let path = try TemporaryDirectory.make().appendingPathComponent("old.sqlite").path
        let queue = try DatabaseQueue(path: path)
        var migrator = DatabaseMigrator()
        for (identifier, sql) in StoreMigrations.all.prefix(migrations) {
            migrator.registerMigration(identifier) { db in try db.execute(sql: sql) }
        }
        try migrator.migrate(queue)
        try queue.write { db in
            try db.execute(sql: "PRAGMA application_id = \(StoreMigrations.applicationID)")
            for id in 1...3 {
                try db.execute(sql: """
                    INSERT INTO article (id, news_code, language, title, lead, body, author, source, published_at,
                        updated_at, kind, reading_minutes, revision) VALUES (?, ?, 'en', 't', '', ?, '', '', 0, 0, 'report', 1, 1)
                    """, arguments: [id, id, body])
            }
            try extra(db)
        }
        try queue.close()
        return path
    }
}
