/// What a bearer token may do.
public enum TokenRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// Publish, correct, unpublish; list and moderate comments.
    case editor
    /// Pull and push only.
    case reader
}

/// A stored token: only the SHA-256 of the secret is kept.
public struct TokenRecord: Sendable, Hashable {
    /// SHA-256 of the token string's UTF-8 bytes.
    public var hash: [UInt8]
    /// What the token may do.
    public var role: TokenRole
    /// A free label for operators.
    public var label: String
    /// Creation time, Unix ms.
    public var createdAt: Int64

    /// Creates a record.
    public init(hash: [UInt8], role: TokenRole, label: String, createdAt: Int64) {
        self.hash = hash
        self.role = role
        self.label = label
        self.createdAt = createdAt
    }
}
