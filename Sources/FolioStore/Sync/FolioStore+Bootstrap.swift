import GRDB

extension FolioStore {
    /// The snapshot parts applied completely by a first sync that has not
    /// stored its cursor yet (SPEC.md §11). Such a part is not fetched again,
    /// also when a later manifest lists the same path.
    public func appliedBootstrapParts() throws -> Set<String> {
        try read { db in
            Set(try String.fetchAll(db, sql: "SELECT path FROM bootstrap_part WHERE complete = 1"))
        }
    }

    /// The snapshot parts a first sync has applied in part, by path: where
    /// each resumes (SPEC.md §11).
    public func bootstrapPartsInProgress() throws -> [String: BootstrapPartProgress] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT path, applied_bytes, etag FROM bootstrap_part WHERE complete = 0 AND applied_bytes > 0
                """)
            var progress: [String: BootstrapPartProgress] = [:]
            for row in rows {
                let path: String = row["path"]
                progress[path] = BootstrapPartProgress(path: path, appliedBytes: row["applied_bytes"], etag: row["etag"])
            }
            return progress
        }
    }

    /// Records, inside the transaction that applies `batch`, the snapshot
    /// part it completes or how far into its part it reaches; a stored cursor
    /// or held languages end the bootstrap and forget every part (SPEC.md §11).
    static func recordBootstrapPart(_ db: Database, _ batch: SyncBatch, now: Int64) throws {
        if let path = batch.bootstrapPart {
            let progress = batch.bootstrapProgress.flatMap { $0.path == path ? $0 : nil }
            try db.execute(sql: """
                INSERT INTO bootstrap_part (path, applied_at, applied_bytes, complete, etag) VALUES (?, ?, ?, 1, ?)
                ON CONFLICT (path) DO UPDATE SET applied_at = excluded.applied_at, complete = 1,
                    applied_bytes = max(bootstrap_part.applied_bytes, excluded.applied_bytes),
                    etag = coalesce(excluded.etag, bootstrap_part.etag)
                """, arguments: [path, now, progress?.appliedBytes ?? 0, progress?.etag])
        } else if let progress = batch.bootstrapProgress {
            try db.execute(sql: """
                INSERT INTO bootstrap_part (path, applied_at, applied_bytes, complete, etag) VALUES (?, ?, ?, 0, ?)
                ON CONFLICT (path) DO UPDATE SET applied_at = excluded.applied_at,
                    applied_bytes = excluded.applied_bytes, etag = excluded.etag
                WHERE bootstrap_part.complete = 0
                """, arguments: [progress.path, now, progress.appliedBytes, progress.etag])
        }
        if batch.cursor != nil || batch.heldLanguages != nil {
            // The snapshot is complete once a cursor is stored (SPEC.md §11),
            // and so are a wider subscription's parts once they are held.
            try db.execute(sql: "DELETE FROM bootstrap_part")
        }
    }
}
