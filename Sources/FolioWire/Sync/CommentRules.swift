/// The field rules of a pushed comment (SPEC.md §10.2), shared by the
/// client, which checks a comment before it enters the outbox, and the
/// server, which refuses what breaks them.
public enum CommentRules {
    /// The most Unicode scalar values in a name (over: `TOO_LONG`).
    public static let maxNameScalars = 100
    /// The most Unicode scalar values in a text (over: `TOO_LONG`).
    public static let maxTextScalars = 4_000
    /// The most UTF-8 bytes in an email address (over: `TOO_LONG`).
    public static let maxEmailBytes = 254

    /// Bytes an address may not hold besides spaces and controls: RFC 5322's
    /// specials, which appear only in quoted or bracketed forms (`<a@b.c>`,
    /// `"a b"@c.d`, `a@[192.0.2.1]`) that a comment form has no use for.
    private static let specials = Set("()<>[]:;,\\\"".utf8)

    /// True for a well-formed address (SPEC.md §10.2): exactly one `@`, a
    /// non-empty local part, a domain of at least 3 bytes that holds a `.`
    /// and neither starts nor ends with one, and no byte up to 0x20, 0x7F or
    /// RFC 5322 special. Its length is checked apart (``maxEmailBytes``).
    public static func isWellFormedEmail(_ email: String) -> Bool {
        let bytes = Array(email.utf8)
        guard bytes.allSatisfy({ $0 > 0x20 && $0 != 0x7F && !specials.contains($0) }) else { return false }
        let parts = bytes.split(separator: 0x40, omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last else { return false }
        return !local.isEmpty && domain.count >= 3 && domain.contains(0x2E) && domain.first != 0x2E
            && domain.last != 0x2E
    }

    /// True when `value` holds nothing but Unicode white space and default
    /// ignorable characters (zero-width and bidi controls), or nothing: such
    /// a name or text shows as empty, and is `INVALID`.
    public static func isBlank(_ value: String) -> Bool {
        value.unicodeScalars.allSatisfy { $0.properties.isWhitespace || $0.properties.isDefaultIgnorableCodePoint }
    }
}

extension CommentRules {
    /// The largest lead of `created_at` over the server's clock (SPEC.md
    /// §10.2): 24 hours, for phones whose clock is wrong.
    public static let maxFutureMilliseconds: Int64 = 86_400_000

    /// True when `value` holds a control character a comment may not carry
    /// (SPEC.md §10.2): C0 controls, DEL and C1 controls, except line feed
    /// and tab where `allowsLineBreaks` (a text, not a name). Such
    /// characters can retitle a terminal window, clear it or hide text.
    public static func containsControl(_ value: String, allowsLineBreaks: Bool) -> Bool {
        value.unicodeScalars.contains { scalar in
            if allowsLineBreaks, scalar == "\n" || scalar == "\t" { return false }
            return isControl(scalar)
        }
    }

    /// C0 controls, DEL and C1 controls.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
