/// Text from readers and editors made safe to print to a terminal: control
/// characters and bidi overrides could retitle the window, clear the screen,
/// move the cursor or reorder what is shown (SPEC.md §10.2). Each such
/// scalar is written as a visible escape, `\u{1B}`, instead.
///
/// ```swift
/// TerminalText.escaped("a\u{1B}]0;x\u{07}b")   // "a\\u{1B}]0;x\\u{7}b"
/// ```
public enum TerminalText {
    /// `text` with every C0 and C1 control, DEL and bidi embedding, override
    /// and isolate control escaped; line feeds and tabs are kept when
    /// `keepsLineBreaks` (for bodies and comment texts printed on their own
    /// lines), escaped otherwise.
    public static func escaped(_ text: String, keepsLineBreaks: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0, keepsLineBreaks) }) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if needsEscape(scalar, keepsLineBreaks) {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func needsEscape(_ scalar: Unicode.Scalar, _ keepsLineBreaks: Bool) -> Bool {
        if keepsLineBreaks, scalar == "\n" || scalar == "\t" { return false }
        return CommentRules.isControl(scalar) || (0x202A...0x202E).contains(scalar.value)
            || (0x2066...0x2069).contains(scalar.value)
    }
}
