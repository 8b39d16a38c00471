extension Article {
    /// Checks the rules every stored article follows.
    ///
    /// - throws: ``FolioStoreError`` with code `invalidInput`, naming the field.
    public func validate() throws {
        guard id > 0 else { throw invalid("id must be positive") }
        guard newsCode >= 0 else { throw invalid("newsCode must not be negative") }
        guard Self.isLanguageCode(language) else { throw invalid("language must be a 2 or 3 letter code") }
        guard !title.isEmpty else { throw invalid("title must not be empty") }
        guard publishedAt >= 0, updatedAt >= 0 else { throw invalid("times must not be negative") }
        guard readingMinutes >= 0 else { throw invalid("readingMinutes must not be negative") }
        guard revision >= 0 else { throw invalid("revision must not be negative") }
        for (name, value) in [("title", title), ("lead", lead), ("body", body), ("author", author), ("source", source)]
        where value.utf8.withContiguousStorageIfAvailable({ $0.contains(0) }) ?? value.utf8.contains(0) {
            throw invalid("\(name) must not contain NUL")
        }
        for slug in regions + topics where !Self.isSlug(slug) {
            throw invalid("regions and topics must be lowercase slugs")
        }
        guard related.allSatisfy({ $0 > 0 && $0 != id }) else {
            throw invalid("related ids must be positive and not the article itself")
        }
    }

    private func invalid(_ reason: String) -> FolioStoreError {
        FolioStoreError(.invalidInput, "article \(id): \(reason)")
    }

    static func isLanguageCode(_ code: String) -> Bool {
        (2...3).contains(code.utf8.count) && code.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }
    }

    static func isSlug(_ slug: String) -> Bool {
        !slug.isEmpty && slug.utf8.count <= 64 && slug.utf8.allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                || $0 == UInt8(ascii: "-")
        }
    }
}
