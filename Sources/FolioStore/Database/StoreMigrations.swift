import GRDB

/// The schema of a Folio client store, as a list of migrations.
///
/// Each migration is plain SQL under a string identifier. A migration that has
/// shipped is never edited: a change to the schema is a new migration appended
/// to the list. Migrations do not depend on the store's Swift types.
enum StoreMigrations {
    /// `PRAGMA application_id` of a Folio store: the ASCII bytes "Foli".
    static let applicationID: Int32 = 0x466F_6C69

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
        ("2026-11-29.1-articles", articles),
        ("2026-11-29.2-comments-outbox", commentsAndOutbox),
        ("2026-11-29.3-sync-state-change-log", syncStateAndChangeLog),
        ("2026-11-29.4-search", search),
        ("2026-11-29.5-bootstrap-parts", bootstrapParts),
        ("2026-11-29.6-client-key", clientKey),
        ("2026-11-29.7-subscription", subscription),
        ("2026-11-29.8-article-count", articleCount),
        ("2026-12-01.1-content-checksums", contentChecksums),
        ("2026-12-02.1-bootstrap-part-progress", bootstrapPartProgress),
        ("2026-12-03.1-held-languages", heldLanguages),
    ]

    static let articles = """
        PRAGMA application_id = 1181707369;

        CREATE TABLE article (
            id              INTEGER PRIMARY KEY,            -- server id
            news_code       INTEGER NOT NULL,
            language        TEXT    NOT NULL,
            title           TEXT    NOT NULL,
            lead            TEXT    NOT NULL,
            body            TEXT    NOT NULL,
            author          TEXT    NOT NULL,
            source          TEXT    NOT NULL,
            published_at    INTEGER NOT NULL,               -- Unix milliseconds, UTC
            updated_at      INTEGER NOT NULL,               -- Unix milliseconds, UTC
            kind            TEXT    NOT NULL
                CHECK (kind IN ('article', 'report', 'interview', 'special-report')),
            reading_minutes INTEGER NOT NULL CHECK (reading_minutes >= 0),
            revision        INTEGER NOT NULL CHECK (revision >= 0)
        );
        CREATE INDEX article_by_news_code ON article(news_code);
        CREATE INDEX article_by_published ON article(published_at DESC, id DESC);
        CREATE INDEX article_by_language ON article(language, published_at DESC);
        CREATE INDEX article_by_kind ON article(kind, published_at DESC);

        CREATE TABLE article_region (
            article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
            position   INTEGER NOT NULL,
            region     TEXT    NOT NULL,
            PRIMARY KEY (article_id, position)
        ) WITHOUT ROWID;
        CREATE INDEX article_region_by_region ON article_region(region, article_id);

        CREATE TABLE article_topic (
            article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
            position   INTEGER NOT NULL,
            topic      TEXT    NOT NULL,
            PRIMARY KEY (article_id, position)
        ) WITHOUT ROWID;
        CREATE INDEX article_topic_by_topic ON article_topic(topic, article_id);

        CREATE TABLE article_related (
            article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
            position   INTEGER NOT NULL,
            related_id INTEGER NOT NULL,
            PRIMARY KEY (article_id, position)
        ) WITHOUT ROWID;

        -- An unpublished article: its row is gone, its tombstone stays until the
        -- sync state's tombstone horizon passes its sequence.
        CREATE TABLE article_tombstone (
            id         INTEGER PRIMARY KEY,
            revision   INTEGER NOT NULL,
            removed_at INTEGER NOT NULL,                    -- Unix milliseconds, UTC
            sequence   INTEGER NOT NULL                     -- server change sequence
        );
        """

    static let commentsAndOutbox = """
        -- Comments the server has published, and the reader's own comments that
        -- the server accepted (those carry their idempotency key).
        CREATE TABLE comment (
            id              INTEGER PRIMARY KEY,            -- server id
            article_id      INTEGER NOT NULL,
            name            TEXT    NOT NULL,
            text            TEXT    NOT NULL,
            created_at      INTEGER NOT NULL,
            status          TEXT    NOT NULL
                CHECK (status IN ('pending', 'approved', 'rejected')),
            idempotency_key TEXT UNIQUE
        );
        CREATE INDEX comment_by_article ON comment(article_id, created_at);

        -- Comments written on this device, until the server has settled them.
        CREATE TABLE outbox (
            key             TEXT    PRIMARY KEY,            -- UUIDv7, lowercase
            article_id      INTEGER NOT NULL,
            name            TEXT    NOT NULL,
            email           TEXT    NOT NULL,
            text            TEXT    NOT NULL,
            created_at      INTEGER NOT NULL,
            state           TEXT    NOT NULL
                CHECK (state IN ('queued', 'sending', 'accepted', 'rejected')),
            attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
            next_attempt_at INTEGER NOT NULL,
            server_id       INTEGER,
            moderation      TEXT CHECK (moderation IN ('pending', 'approved', 'rejected')),
            reject_code     TEXT,
            reject_reason   TEXT,
            updated_at      INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX outbox_by_due ON outbox(state, next_attempt_at);
        CREATE INDEX outbox_by_article ON outbox(article_id, created_at);
        """

    static let syncStateAndChangeLog = """
        CREATE TABLE sync_state (
            id                INTEGER PRIMARY KEY CHECK (id = 1),
            server            TEXT,
            epoch             TEXT,
            cursor            BLOB,
            checksum          INTEGER NOT NULL DEFAULT 0,
            tombstone_horizon INTEGER NOT NULL DEFAULT 0,
            last_sync_at      INTEGER
        );
        INSERT INTO sync_state (id) VALUES (1);

        -- Preset compression dictionaries fetched from the server.
        CREATE TABLE dictionary (
            id       TEXT    PRIMARY KEY,                   -- e.g. "fa-3"
            language TEXT    NOT NULL,
            version  INTEGER NOT NULL,
            bytes    BLOB    NOT NULL
        );

        -- One row per applied sync batch (a pulled page or a push result).
        CREATE TABLE sync_batch (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            kind       TEXT    NOT NULL CHECK (kind IN ('pull', 'push', 'reset')),
            applied_at INTEGER NOT NULL,
            cursor     BLOB
        );

        -- What each batch changed.
        CREATE TABLE change_log (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            batch_id   INTEGER NOT NULL REFERENCES sync_batch(id) ON DELETE CASCADE,
            entity     TEXT    NOT NULL CHECK (entity IN ('article', 'comment', 'outbox')),
            entity_id  TEXT    NOT NULL,
            operation  TEXT    NOT NULL CHECK (operation IN ('insert', 'update', 'delete'))
        );
        CREATE INDEX change_log_by_batch ON change_log(batch_id);
        """

    static let search = """
        -- Full-text index over folded text (SearchFolding, SPEC.md §13). The
        -- table is contentless: the text lives in `article`, the index holds
        -- only tokens. Rows are removed with the FTS5 'delete' command, given
        -- the same folded values that were indexed.
        CREATE VIRTUAL TABLE article_search USING fts5(
            title, lead, body,
            content = '',
            tokenize = 'unicode61 remove_diacritics 2',
            prefix = '2 3'
        );

        CREATE TABLE search_meta (
            id             INTEGER PRIMARY KEY CHECK (id = 1),
            folding_version INTEGER NOT NULL
        );
        INSERT INTO search_meta (id, folding_version) VALUES (1, 1);
        """

    static let bootstrapParts = """
        -- Snapshot parts applied during a first sync that has not stored its
        -- cursor yet (SPEC.md §11), so that an interrupted bootstrap resumes.
        CREATE TABLE bootstrap_part (
            path       TEXT    PRIMARY KEY,
            applied_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        """

    static let clientKey = """
        -- The installation's client key (SPEC.md §10.4): random bytes that
        -- identify this store's own comments to the server.
        ALTER TABLE sync_state ADD COLUMN client_key BLOB;
        """

    static let subscription = """
        -- What the store carries (SPEC.md §6.4): JSON with the lists
        -- "languages", "regions" and "topics"; NULL carries everything.
        ALTER TABLE sync_state ADD COLUMN subscription TEXT;
        """

    static let articleCount = """
        -- The number of articles, kept with the checksum sum (SPEC.md §7.2) so
        -- that reading the archive checksum does not count the table.
        ALTER TABLE sync_state ADD COLUMN article_count INTEGER NOT NULL DEFAULT 0;
        UPDATE sync_state SET article_count = (SELECT count(*) FROM article);
        """

    static let contentChecksums = """
        -- Protocol 2 checksums (SPEC.md §7.2) cover every article field and the
        -- approved comments. Each row keeps its item, computed by the store
        -- from the stored values; `checksum_items = 0` until the store has
        -- filled the items of the rows written before this migration.
        ALTER TABLE article ADD COLUMN item INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE comment ADD COLUMN item INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE sync_state ADD COLUMN comment_count INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE sync_state ADD COLUMN checksum_items INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX comment_by_article_status ON comment(article_id, status);

        -- An article whose content changed without its item (a write that did
        -- not go through the store): its item is computed again before the
        -- next checksum is read or changed.
        CREATE TABLE article_item_stale (article_id INTEGER PRIMARY KEY) WITHOUT ROWID;
        CREATE TRIGGER article_item_stale_on_update
        AFTER UPDATE OF news_code, language, title, lead, body, author, source, published_at, updated_at,
            kind, reading_minutes, revision ON article
        WHEN new.item IS old.item
        BEGIN
            INSERT OR IGNORE INTO article_item_stale (article_id) VALUES (new.id);
        END;
        """

    static let bootstrapPartProgress = """
        -- Protocol 2 bootstrap (SPEC.md §11): how far a first sync has applied
        -- each snapshot part (the end of the last frame applied), and the
        -- part's entity tag, so that an interrupted part resumes with `Range`
        -- and `If-Range`. Rows written before this migration name parts that
        -- were applied completely.
        ALTER TABLE bootstrap_part ADD COLUMN applied_bytes INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE bootstrap_part ADD COLUMN complete INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE bootstrap_part ADD COLUMN etag TEXT;
        """

    static let heldLanguages = """
        -- The languages whose snapshot parts the store has applied (SPEC.md
        -- §11, §6.4): a JSON array, or NULL for every language. A sync
        -- whose subscription needs another language fetches that language's
        -- parts instead of repairing it article by article. A store synced
        -- before this migration holds the languages of its subscription.
        ALTER TABLE sync_state ADD COLUMN held_languages TEXT;
        UPDATE sync_state SET held_languages = CASE
            WHEN subscription IS NULL OR json_array_length(subscription, '$.languages') = 0 THEN NULL
            ELSE json_extract(subscription, '$.languages') END;
        """
}
