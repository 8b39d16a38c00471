import Foundation

/// A comment as a reader sees it under an article: published comments, and
/// the reader's own comments with their state.
public struct ArticleComment: Sendable, Hashable {
    /// Where the comment comes from.
    public enum Origin: Sendable, Hashable {
        /// A comment the server has stored, with its server id.
        case server(Int64)
        /// A comment still in this device's outbox, with its key.
        case outbox(UUID)
    }

    /// What the reader is shown about the comment.
    public enum Display: String, Sendable, Hashable, Codable {
        /// Published for every reader.
        case published
        /// The reader's own comment: queued, being sent, or awaiting moderation.
        case pending
        /// The reader's own comment, refused by the server or by an editor.
        case rejected
    }

    /// Where it comes from.
    public var origin: Origin
    /// The commenter's name.
    public var name: String
    /// The comment.
    public var text: String
    /// When it was written, in Unix milliseconds (UTC).
    public var createdAt: Int64
    /// What the reader is shown.
    public var display: Display
    /// Whether the reader wrote it on this device.
    public var isOwn: Bool

    /// Creates a displayed comment.
    public init(origin: Origin, name: String, text: String, createdAt: Int64, display: Display, isOwn: Bool) {
        self.origin = origin
        self.name = name
        self.text = text
        self.createdAt = createdAt
        self.display = display
        self.isOwn = isOwn
    }
}
