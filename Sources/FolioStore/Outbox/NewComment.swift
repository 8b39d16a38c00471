import FolioWire
import Foundation

/// A comment that a reader writes, before it enters the outbox.
///
/// Limits (SPEC.md §10.2): a name of 1 to 100 and a text of 1 to 4,000
/// Unicode scalar values, a well-formed email address of at most 254 bytes
/// (``CommentRules/isWellFormedEmail(_:)``), and no control characters
/// (line feeds and tabs are allowed in the text).
public struct NewComment: Sendable, Hashable {
    /// The article the comment is about.
    public var articleID: Int64
    /// The name to show with the comment.
    public var name: String
    /// The commenter's email address. The server shows it to editors only.
    public var email: String
    /// The comment.
    public var text: String

    /// Creates a comment.
    public init(articleID: Int64, name: String, email: String, text: String) {
        self.articleID = articleID
        self.name = name
        self.email = email
        self.text = text
    }

    /// The most Unicode scalar values in a name.
    public static let maxNameLength = CommentRules.maxNameScalars
    /// The most bytes in an email address.
    public static let maxEmailBytes = CommentRules.maxEmailBytes
    /// The most Unicode scalar values in a text.
    public static let maxTextLength = CommentRules.maxTextScalars

    /// Checks the limits.
    ///
    /// - throws: ``FolioStoreError`` with code `invalidInput`, naming the field.
    public func validate() throws {
        func invalid(_ reason: String) -> FolioStoreError { FolioStoreError(.invalidInput, reason) }
        guard articleID > 0 else { throw invalid("articleID must be positive") }
        guard !CommentRules.isBlank(name), name.unicodeScalars.count <= Self.maxNameLength else {
            throw invalid("name must have 1 to \(Self.maxNameLength) characters")
        }
        guard email.utf8.count <= Self.maxEmailBytes, CommentRules.isWellFormedEmail(email) else {
            throw invalid("email must be an address like name@example.org, at most \(Self.maxEmailBytes) bytes")
        }
        guard !CommentRules.isBlank(text), text.unicodeScalars.count <= Self.maxTextLength else {
            throw invalid("text must have 1 to \(Self.maxTextLength) characters")
        }
        guard !CommentRules.containsControl(name, allowsLineBreaks: false),
              !CommentRules.containsControl(email, allowsLineBreaks: false),
              !CommentRules.containsControl(text, allowsLineBreaks: true)
        else {
            throw invalid("a comment must not contain control characters (only line breaks and tabs in the text)")
        }
    }
}
