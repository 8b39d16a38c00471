import Foundation

/// Preset dictionaries for the benchmark (SPEC.md §9.2): text in one language
/// generated from another seed than the archive's (so the dictionary has seen
/// the style, not the articles), at most 32 KiB, the most recent text last
/// (deflate reaches the end of a dictionary with the shortest distances).
public enum DictionaryText {
    /// The largest dictionary, in bytes.
    public static let maxBytes = 32 * 1_024

    /// The dictionary bytes for `language` (`en` or `fa`).
    public static func bytes(language: String, archiveSeed: UInt64, size: Int = maxBytes) -> [UInt8] {
        let generator = ArchiveGenerator(seed: archiveSeed ^ 0xD1C7_0000_5EED, count: 200)
        var text: [UInt8] = []
        var index = 0
        while text.count < size * 2, index < generator.count {
            let article = generator.article(index)
            index += 1
            guard article.language == language else { continue }
            text += Array((article.title + "\n" + article.lead + "\n" + article.body + "\n").utf8)
        }
        return Array(text.suffix(min(size, maxBytes)))
    }
}
