import FolioWire

/// Builds preset dictionaries from a training corpus that is generated from
/// a different seed than the text they compress (SPEC.md §9.2, §15).
public enum TrainingDictionaries {
    /// A dictionary of about `size` bytes for `language`: sentences first,
    /// then field values, so that the most common strings sit at the end
    /// where deflate reaches them with the shortest distances.
    public static func make(language: String, size: Int, version: UInt32 = 1) throws -> PresetDictionary {
        var corpus = Corpus(seed: language == "fa" ? 0xFA : 0xE7)
        let tail = (Phrasebook.regions + Phrasebook.topics + Phrasebook.sources
            + (language == "fa" ? Phrasebook.persianAuthors : Phrasebook.authors)).joined(separator: " ")
        var text: [UInt8] = []
        let budget = max(1, size - tail.utf8.count)
        while text.count < budget {
            text += Array((corpus.sentence(language: language) + " ").utf8)
        }
        let bytes = Array(text.prefix(budget)) + Array(tail.utf8)
        return try PresetDictionary(bytes: Array(bytes.suffix(size)), language: language, version: version)
    }
}
