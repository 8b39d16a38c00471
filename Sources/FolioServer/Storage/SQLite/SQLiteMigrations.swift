import GRDB

/// The schema of the server database: plain SQL under string identifiers.
/// A migration that has shipped is never edited; changes are new migrations.
enum SQLiteMigrations {
    /// `PRAGMA application_id` of a folio-server database: ASCII "FolS".
    static let applicationID: Int32 = 0x466F_6C53

    /// The migrator holding every migration, in order.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for (identifier, sql) in all {
            migrator.registerMigration(identifier) { db in
                try db.execute(sql: sql)
            }
        }
        return migrator
    }

    /// Every migration, oldest first.
    static let all: [(String, String)] = [
        ("2026-11-29.1-server-core", core),
        ("2026-11-29.2-push-rejections", pushRejections),
        ("2026-12-01.1-maintained-checksums", maintainedChecksums),
        ("2026-12-02.1-checksum-all", checksumAll),
        ("2026-12-03.1-checksum-bucket-index", checksumBucketIndex),
        ("2026-12-04.1-global-idempotency-keys", globalIdempotencyKeys),
    ]

    // SPEC.md §10.3 (version 2.2): an idempotency key is looked up whatever
    // client key sent it, so a reader who reinstalls the app and resends a
    // restored outbox with a new client key stores nothing twice. Rows keep
    // the client key that sent them first.
    static let globalIdempotencyKeys = """
        CREATE INDEX push_record_by_key ON push_record(idempotency_key);
        CREATE INDEX push_rejection_by_key ON push_rejection(idempotency_key);
        """

    // SPEC.md §7.2-§7.3 (protocol 2): content checksums kept per facet (a
    // distinct language, regions and topics combination) and per bucket of
    // 1024 ids, in the same transaction as every change. `item` columns hold
    // each row's checksum item (NULL: not yet computed, or a tombstone);
    // sums are unsigned 64-bit values stored as their signed bit pattern.
    // The items of existing rows are filled by the server right after this
    // migration (they need CRC-32 and Adler-32), while `checksums_filled` is 0.
    static let maintainedChecksums = """
        CREATE TABLE facet (
            id       INTEGER PRIMARY KEY,
            language TEXT NOT NULL,
            regions  TEXT NOT NULL,
            topics   TEXT NOT NULL,
            UNIQUE (language, regions, topics)
        );
        ALTER TABLE article ADD COLUMN facet INTEGER REFERENCES facet(id);
        ALTER TABLE article ADD COLUMN item INTEGER;
        ALTER TABLE comment ADD COLUMN item INTEGER;
        CREATE TABLE checksum_bucket (
            facet    INTEGER NOT NULL REFERENCES facet(id),
            bucket   INTEGER NOT NULL,
            count    INTEGER NOT NULL,
            sum      INTEGER NOT NULL,
            comments INTEGER NOT NULL,
            PRIMARY KEY (facet, bucket)
        ) WITHOUT ROWID;
        CREATE TABLE checksum_facet (
            facet    INTEGER PRIMARY KEY REFERENCES facet(id),
            count    INTEGER NOT NULL,
            sum      INTEGER NOT NULL,
            comments INTEGER NOT NULL
        );
        CREATE INDEX comment_by_article_status ON comment(article_id, status);
        DELETE FROM server_meta WHERE key IN ('archive_count', 'archive_sum');
        INSERT INTO server_meta (key, value) VALUES ('checksums_filled', 0);
        """

    // SPEC.md §10.3: refusals are remembered too, with the body hash.
    // SPEC.md §7.3, §15: the sums of all facets together, per bucket, with
    // the archive total in bucket -1, kept with `checksum_bucket` in the same
    // transaction, so that an unfiltered checkpoint reads one row and an
    // unfiltered checksum request one row per bucket. The fill after
    // migrating runs again to compute them.
    static let checksumAll = """
        CREATE TABLE checksum_all (
            bucket   INTEGER PRIMARY KEY,
            count    INTEGER NOT NULL,
            sum      INTEGER NOT NULL,
            comments INTEGER NOT NULL
        );
        UPDATE server_meta SET value = 0 WHERE key = 'checksums_filled';
        """

    // SPEC.md §15: a filtered request reads again only the buckets whose
    // sums changed since it was cached, one bucket's facets at a time.
    static let checksumBucketIndex = """
        CREATE INDEX checksum_bucket_by_bucket ON checksum_bucket(bucket);
        """

    static let pushRejections = """
        CREATE TABLE push_rejection (
            client_key_hash BLOB    NOT NULL,
            idempotency_key BLOB    NOT NULL,
            body_hash       BLOB    NOT NULL,
            reason          INTEGER NOT NULL,
            message         TEXT    NOT NULL,
            created_at      INTEGER NOT NULL,
            PRIMARY KEY (client_key_hash, idempotency_key)
        ) WITHOUT ROWID;
        """

    // Sequence numbers, epochs and checksum sums are unsigned 64-bit values
    // stored as their signed bit pattern.
    static let core = """
        PRAGMA application_id = 1181707347;

        -- epoch: random, made once; head: last sequence used; horizon:
        -- tombstones below it may be purged; archive_count/archive_sum: the
        -- SPEC.md §7.2 checksum of all live articles, kept in O(1) per change.
        CREATE TABLE server_meta (
            key   TEXT PRIMARY KEY,
            value INTEGER NOT NULL
        ) WITHOUT ROWID;
        INSERT INTO server_meta (key, value) VALUES
            ('epoch', (random() & 9223372036854775807) | 1),
            ('head', 0), ('horizon', 0), ('archive_count', 0), ('archive_sum', 0);

        -- One row per article: its latest revision (content as JSON) and the
        -- sequence of its latest change. A tombstone keeps its row with removed_at.
        CREATE TABLE article (
            id           INTEGER PRIMARY KEY CHECK (id > 0),
            revision     INTEGER NOT NULL CHECK (revision > 0),
            sequence     INTEGER NOT NULL UNIQUE,
            removed_at   INTEGER,
            language     TEXT    NOT NULL,
            published_at INTEGER NOT NULL,
            content      TEXT    NOT NULL
        );
        CREATE INDEX article_by_language ON article(language, published_at);

        -- The newest revisions of each article, kept for deltas.
        CREATE TABLE article_revision (
            article_id INTEGER NOT NULL,
            revision   INTEGER NOT NULL,
            sequence   INTEGER NOT NULL,
            content    TEXT    NOT NULL,
            PRIMARY KEY (article_id, revision)
        ) WITHOUT ROWID;

        CREATE TABLE comment (
            id              INTEGER PRIMARY KEY AUTOINCREMENT,
            article_id      INTEGER NOT NULL,
            name            TEXT    NOT NULL,
            email           TEXT    NOT NULL,
            text            TEXT    NOT NULL,
            created_at      INTEGER NOT NULL,
            received_at     INTEGER NOT NULL,
            status          TEXT    NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
            sequence        INTEGER NOT NULL UNIQUE,
            was_approved    INTEGER NOT NULL CHECK (was_approved IN (0, 1)),
            client_key_hash BLOB,
            idempotency_key BLOB,
            import_key      TEXT UNIQUE
        );
        CREATE INDEX comment_by_status ON comment(status, id);
        CREATE INDEX comment_by_article ON comment(article_id);

        -- The idempotency record of a pushed comment, committed with it.
        CREATE TABLE push_record (
            client_key_hash BLOB    NOT NULL,
            idempotency_key BLOB    NOT NULL,
            body_hash       BLOB    NOT NULL,
            comment_id      INTEGER NOT NULL REFERENCES comment(id),
            reply_status    TEXT    NOT NULL,
            created_at      INTEGER NOT NULL,
            PRIMARY KEY (client_key_hash, idempotency_key)
        ) WITHOUT ROWID;

        -- Bearer tokens: only the SHA-256 of the secret.
        CREATE TABLE token (
            hash       BLOB PRIMARY KEY,
            role       TEXT NOT NULL CHECK (role IN ('editor', 'reader')),
            label      TEXT NOT NULL,
            created_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        """
}
