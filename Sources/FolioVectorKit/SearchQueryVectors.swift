import FolioWire

/// Builds `search-queries.json` (SPEC.md §13.3, §16 item 9): a small corpus
/// of articles and whole queries with the ids of the articles that match,
/// computed by the rules of §13 alone (fold, tokens, prefix match). Several
/// queries are those on which an implementation with other Unicode data or
/// without the case folding of §13.1 step 4 found other articles.
struct SearchQueryVectors {
    struct Entry {
        let id: Int64
        let title: String
        let lead: String
        let body: String
    }

    static let corpus: [Entry] = [
        Entry(id: 1, title: "Kabul water talks resume", lead: "Officials from Afghanistan and Tajikistan meet in Dushanbe.",
              body: "The Amu Darya talks, paused since 2024, resume with a budget of 1405 million."),
        Entry(id: 2, title: "مذاکرات آب کابل از سر گرفته می‌شود", lead: "مقام‌های افغانستان و تاجیکستان در دوشنبه دیدار می‌کنند.",
              body: "بودجه ۱۴۰۵ برای آمودریا تصویب شد."),
        Entry(id: 3, title: "ΟΔΟΣ Σταδίου: a café in Athens", lead: "Η οδός Σταδίου, near the Café Tashkent.",
              body: "Greek σ and ς are one letter to a reader."),
        Entry(id: 4, title: "Straſse names in old print", lead: "The long s of Straſse.",
              body: "Modern print writes Strasse; a dose of 5 µg."),
        Entry(id: 5, title: "Cold🥶 nights in Herat", lead: "Floods 🌊 and frost in the west.",
              body: "A one-letter word: a. Symbols: ϐ ϑ ϕ ϖ ϰ ϱ ϵ."),
        Entry(id: 6, title: "علي و كتاب‌ها", lead: "خانۀ کتاب در هرات", body: "اَمنیّت و امـــنیت در ١٤٠٥."),
    ]

    static let queries = [
        "kabul", "KABUL water", "کابل", "كابل", "میشود", "می‌شود", "1405", "۱۴۰۵", "١٤٠٥",
        "cafe", "CAFÉ", "οδος", "οδοσ", "ΟΔΟΣ", "σταδιου", "strasse", "straſse", "μg", "µg",
        "cold", "cold🥶", "🥶", "🌊 floods", "a", "a word", "ϐ", "β", "θ φ π κ ρ ε",
        "علی", "علي", "کتابها", "خانه", "امنیت", "afg taj", "tajikistan dushanbe", "kab wat", "x",
    ]

    /// The whole-query vectors.
    func cases() -> [String: Any] {
        let indexed = Self.corpus.map { entry in
            (entry.id, SearchFolding.tokens(entry.title) + SearchFolding.tokens(entry.lead) + SearchFolding.tokens(entry.body))
        }
        let queries: [[String: Any]] = Self.queries.map { query in
            let terms = Array(SearchFolding.tokens(query).prefix(16))
            let ids = indexed.filter { _, tokens in
                terms.allSatisfy { term in tokens.contains { Self.matches($0, term) } }
            }.map { Int($0.0) }
            return ["query": query, "tokens": terms, "ids": ids]
        }
        return [
            "version": SearchFolding.version,
            "articles": Self.corpus.map { ["id": Int($0.id), "title": $0.title, "lead": $0.lead, "body": $0.body] },
            "queries": queries,
        ]
    }

    /// SPEC.md §13.3: a one-character query token must equal a token; a
    /// longer one must be a prefix of it (scalar by scalar).
    static func matches(_ token: String, _ term: String) -> Bool {
        if term.count <= 1 { return Array(token.unicodeScalars) == Array(term.unicodeScalars) }
        return token.unicodeScalars.starts(with: term.unicodeScalars)
    }
}
