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
    ]

    func cases() -> [[String: Any]] {
        Self.inputs.map { ["input": $0, "output": SearchFolding.fold($0)] }
    }
}
