import FolioWire

/// Checks pushed comments field by field (SPEC.md §10.2 reasons).
enum CommentValidator {
    /// Why a comment is refused.
    struct Problem: Sendable, Hashable {
        var reason: WireCommentRejectReason
        var message: String
    }

    /// True for a 16-byte UUIDv7 (version nibble 7, RFC 9562 variant).
    static func isUUIDv7(_ key: [UInt8]) -> Bool {
        key.count == 16 && key[6] >> 4 == 7 && key[8] & 0xC0 == 0x80
    }

    /// The first problem of a comment's fields, or nil.
    static func problem(name: String, email: String, text: String) -> Problem? {
        if CommentRules.containsControl(name, allowsLineBreaks: false)
            || CommentRules.containsControl(text, allowsLineBreaks: true)
            || CommentRules.containsControl(email, allowsLineBreaks: false) {
            return Problem(reason: .invalid, message: "fields must not contain control characters (only line feeds and tabs in the text)")
        }
        if CommentRules.isBlank(name) { return Problem(reason: .invalid, message: "name is empty") }
        if CommentRules.isBlank(text) { return Problem(reason: .invalid, message: "text is empty") }
        if name.unicodeScalars.count > FieldLimits.maxNameCharacters {
            return Problem(reason: .tooLong, message: "name exceeds \(FieldLimits.maxNameCharacters) characters")
        }
        if text.unicodeScalars.count > FieldLimits.maxCommentCharacters {
            return Problem(reason: .tooLong, message: "text exceeds \(FieldLimits.maxCommentCharacters) characters")
        }
        if email.utf8.count > FieldLimits.maxEmailBytes {
            return Problem(reason: .tooLong, message: "e-mail address exceeds \(FieldLimits.maxEmailBytes) bytes")
        }
        if !CommentRules.isWellFormedEmail(email) {
            return Problem(reason: .invalid, message: "e-mail address is not valid")
        }
        return nil
    }
}
