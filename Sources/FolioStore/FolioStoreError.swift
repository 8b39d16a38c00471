/// The one error type of `FolioStore`.
///
/// Match an error by its ``code``; the ``message`` explains it for a person and
/// never quotes user content (article text, comment text, email addresses).
///
/// ```swift
/// do { try store.cancelQueuedComment(key: key) }
/// catch let error as FolioStoreError where error.code == .outboxNotEditable { … }
/// ```
public struct FolioStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A failure category. The raw values are stable and appear in logs and in
    /// the CLI's JSON output.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The file is not a SQLite database, or is damaged.
        case notADatabase = "store.not_a_database"
        /// The file is a SQLite database of another application.
        case foreignDatabase = "store.foreign_database"
        /// The file was written by a newer version of Folio.
        case newerSchema = "store.newer_schema"
        /// A value given to the store breaks a rule (empty title, bad language…).
        case invalidInput = "store.invalid_input"
        /// A search query holds no searchable word.
        case emptyQuery = "store.empty_query"
        /// No article, comment or outbox entry has that identifier.
        case notFound = "store.not_found"
        /// The outbox entry was already sent, so it can no longer change.
        case outboxNotEditable = "store.outbox_not_editable"
        /// A sync batch does not fit the store's state (wrong epoch, cursor order).
        case batchRejected = "store.batch_rejected"
        /// SQLite reported an error (I/O, full disk, constraint).
        case database = "store.database"
    }

    /// What went wrong.
    public let code: Code
    /// A human-readable explanation without user content.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `store.code: message`.
    public var description: String { "\(code.rawValue): \(message)" }
}
