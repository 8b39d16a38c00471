import GRDB

/// One row of the change log: what a sync batch did to one entity.
public struct ChangeLogEntry: Sendable, Hashable {
    /// What kind of thing changed.
    public enum Entity: String, Sendable, Hashable, CaseIterable, Codable {
        /// An article; the id is the article id.
        case article
        /// A published comment; the id is the server's comment id.
        case comment
        /// An outbox comment; the id is its idempotency key.
        case outbox
    }

    /// What happened to it.
    public enum Operation: String, Sendable, Hashable, CaseIterable, Codable {
        /// It appeared.
        case insert
        /// It changed.
        case update
        /// It went away.
        case delete
    }

    /// The batch that made the change.
    public var batchID: Int64
    /// What kind of thing changed.
    public var entity: Entity
    /// Its identifier, as text.
    public var entityID: String
    /// What happened to it.
    public var operation: Operation

    /// Creates an entry.
    public init(batchID: Int64, entity: Entity, entityID: String, operation: Operation) {
        self.batchID = batchID
        self.entity = entity
        self.entityID = entityID
        self.operation = operation
    }

    /// Writes one entry, inside the transaction of the change it records.
    static func record(_ db: Database, batch: Int64, entity: Entity, id: String, operation: Operation) throws {
        try db.cachedStatement(sql: "INSERT INTO change_log (batch_id, entity, entity_id, operation) VALUES (?, ?, ?, ?)")
            .execute(arguments: [batch, entity.rawValue, id, operation.rawValue])
    }
}
