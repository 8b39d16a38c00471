import FolioWire

/// Field limits of articles and comments, enforced before anything is stored.
public enum FieldLimits {
    /// Largest title, lead, author or source, in UTF-8 bytes.
    public static let maxShortTextBytes = 4 * 1024
    /// Largest article body, in UTF-8 bytes (SPEC.md delta target default: 4 MiB).
    public static let maxBodyBytes = 1 << 20
    /// Most regions, topics or related ids of one article.
    public static let maxListCount = 64
    /// Largest slug, in bytes.
    public static let maxSlugBytes = 64
    /// Largest commenter name, in Unicode scalars (SPEC.md §10.2: 100 characters).
    public static let maxNameCharacters = CommentRules.maxNameScalars
    /// Largest commenter e-mail address, in bytes.
    public static let maxEmailBytes = CommentRules.maxEmailBytes
    /// Largest comment text, in Unicode scalars (SPEC.md §10.2: 4000 characters).
    public static let maxCommentCharacters = CommentRules.maxTextScalars

    /// True if `text` holds a NUL character (rejected everywhere).
    static func containsNUL(_ text: String) -> Bool {
        text.utf8.contains(0)
    }

    /// True for lowercase ASCII slugs: `[a-z0-9]+(-[a-z0-9]+)*`.
    static func isSlug(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= maxSlugBytes, bytes.first != 0x2D, bytes.last != 0x2D else { return false }
        return bytes.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
    }
}

extension ArticleContent {
    /// Throws ``FolioServerError/Code/articleInvalid`` naming the first bad field.
    public func validate() throws {
        func fail(_ message: String) -> FolioServerError {
            FolioServerError(.articleInvalid, "article \(id): \(message)")
        }
        guard id > 0 else { throw fail("id must be positive") }
        guard newsCode >= 0 else { throw fail("newsCode must not be negative") }
        guard related.allSatisfy({ $0 > 0 }) else { throw fail("related ids must be positive") }
        guard language == "en" || language == "fa" else { throw fail("language must be \"en\" or \"fa\"") }
        guard !title.isEmpty else { throw fail("title is empty") }
        guard !body.isEmpty else { throw fail("body is empty") }
        for (name, value) in [("title", title), ("lead", lead), ("author", author), ("source", source)] {
            guard !FieldLimits.containsNUL(value) else { throw fail("\(name) contains NUL") }
            guard value.utf8.count <= FieldLimits.maxShortTextBytes else {
                throw fail("\(name) exceeds \(FieldLimits.maxShortTextBytes) bytes")
            }
        }
        guard !FieldLimits.containsNUL(body) else { throw fail("body contains NUL") }
        guard body.utf8.count <= FieldLimits.maxBodyBytes else { throw fail("body exceeds \(FieldLimits.maxBodyBytes) bytes") }
        guard publishedAt >= 0, updatedAt >= publishedAt else { throw fail("updatedAt must not precede publishedAt") }
        for (name, list) in [("regions", regions), ("topics", topics)] {
            guard list.count <= FieldLimits.maxListCount else { throw fail("too many \(name)") }
            guard list.allSatisfy(FieldLimits.isSlug) else { throw fail("\(name) must be lowercase slugs") }
            guard Set(list).count == list.count else { throw fail("\(name) has duplicates") }
        }
        guard related.count <= FieldLimits.maxListCount, related.allSatisfy({ $0 > 0 && $0 != id }) else {
            throw fail("related must be other positive article ids")
        }
    }
}
