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

    /// A plausible address: one `@`, non-empty parts, a dot in the domain, no spaces or controls.
    static func isEmail(_ email: String) -> Bool {
        let bytes = Array(email.utf8)
        guard bytes.count <= FieldLimits.maxEmailBytes, bytes.allSatisfy({ $0 > 0x20 && $0 != 0x7F }) else { return false }
        let parts = bytes.split(separator: 0x40, omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last else { return false }
        return !local.isEmpty && domain.count >= 3 && domain.contains(0x2E) && domain.first != 0x2E && domain.last != 0x2E
    }

    /// The first problem of a comment's fields, or nil.
    static func problem(name: String, email: String, text: String) -> Problem? {
        if FieldLimits.containsNUL(name) || FieldLimits.containsNUL(text) || FieldLimits.containsNUL(email) {
            return Problem(reason: .invalid, message: "fields must not contain NUL")
        }
        if name.allSatisfy(\.isWhitespace) { return Problem(reason: .invalid, message: "name is empty") }
        if text.allSatisfy(\.isWhitespace) { return Problem(reason: .invalid, message: "text is empty") }
        if name.unicodeScalars.count > FieldLimits.maxNameCharacters {
            return Problem(reason: .tooLong, message: "name exceeds \(FieldLimits.maxNameCharacters) characters")
        }
        if text.unicodeScalars.count > FieldLimits.maxCommentCharacters {
            return Problem(reason: .tooLong, message: "text exceeds \(FieldLimits.maxCommentCharacters) characters")
        }
        if !isEmail(email) { return Problem(reason: .invalid, message: "e-mail address is not valid") }
        return nil
    }
}
