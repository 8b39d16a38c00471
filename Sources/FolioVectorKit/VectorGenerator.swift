import FolioWire

/// Writes every file of `Protocol/vectors/` (SPEC.md §16). The output is a
/// pure function of this code: the tests regenerate and compare.
public enum VectorGenerator {
    /// The small dictionaries used by the vectors (the measurement uses 32 KiB).
    public static func vectorDictionaries() throws -> [PresetDictionary] {
        [try TrainingDictionaries.make(language: "en", size: 2048), try TrainingDictionaries.make(language: "fa", size: 2048)]
    }

    /// Every vector file, by name.
    public static func files() throws -> [VectorFile] {
        let dictionaries = try vectorDictionaries()
        let frames = FrameVectors(english: dictionaries[0], persian: dictionaries[1])
        let checks = ChecksumVectors()
        return [
            try VectorFile(name: "dictionaries.json", json: dictionaries.map {
                ["id": Int($0.id), "language": $0.language, "version": Int($0.version), "hex": Hex.encode($0.bytes)]
            }),
            try VectorFile(name: "frames.json", json: try frames.valid()),
            try VectorFile(name: "frames-invalid.json", json: try frames.invalid()),
            try VectorFile(name: "deltas.json", json: DeltaVectors().valid()),
            try VectorFile(name: "deltas-invalid.json", json: DeltaVectors().invalid()),
            try VectorFile(name: "checksums.json", json: try checks.checksums()),
            try VectorFile(name: "cursors.json", json: checks.cursors()),
            try VectorFile(name: "search-normalisation.json", json: SearchVectors().cases()),
            try VectorFile(name: "search-token-characters.json", json: SearchVectors().tokenCharacters()),
            try VectorFile(name: "search-queries.json", json: SearchQueryVectors().cases()),
        ]
    }
}
