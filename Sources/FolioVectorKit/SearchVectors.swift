import FolioWire

/// Builds `search-normalisation.json` (SPEC.md §13, §16.6) from the store's
/// ``SearchFolding/fold(_:)``.
struct SearchVectors {
    static let inputs = [
        "Kabul", "KABUL", "Central-Asia",
        "كتاب", "کتاب", "كتاب‌ها", "کتابها", "علي", "علی", "ى",
        "ة", "ۀ", "أ", "إ", "آ", "ؤ", "ئ",
        "مُحَمَّد", "سلاـــم", "می‌روم", "می روم",
        "۱۴۰۵", "١٤٠٥", "1405", "٬", "٫",
        "\u{200F}کابل\u{200E}", "café", "",
        "ٱلله", "خانە", "\u{2066}Herat\u{2069}", "\u{FEFF}Kabul", "İstanbul", "ÉCOLE", "Tashkent 2026",
        "رئیس‌جمهور", "آمودریا", "پاکستان و افغانستان", "قرآنۖ",
        // Search rules version 2: case folding after lowercasing, and tokens by the fixed list.
        "ΟΔΟΣ", "οδός", "Straſse", "µg", "ϐϑϕϖϰϱϵ",
    ]

    func cases() -> [[String: Any]] {
        Self.inputs.map { ["input": $0, "output": SearchFolding.fold($0)] }
    }

    /// `search-token-characters.json` (SPEC.md §13.2, §16 item 8).
    func tokenCharacters() -> [String: Any] {
        ["version": SearchFolding.version,
         "ranges": SearchFolding.tokenCharacterRanges.map { [Int($0.0), Int($0.1)] }]
    }
}
