import FolioWire
import Testing

/// `search-normalisation.json` (SPEC.md §13, §16.6).
@Test func searchFoldingReproducesEveryVector() throws {
    let cases = try Vectors.list("search-normalisation.json")
    for entry in cases {
        let input = entry["input"] as? String ?? "", output = entry["output"] as? String
        // Byte for byte: Swift's `==` on strings would accept any canonically equivalent text.
        #expect(output.map { Array($0.utf8) } == Array(SearchFolding.fold(input).utf8), "fold(\(input.debugDescription))")
        #expect(output.map { Array($0.utf8) } == Array(SearchFolding.referenceFold(input).utf8),
                "referenceFold(\(input.debugDescription))")
    }
}

/// `search-token-characters.json` (SPEC.md §13.2, §16 item 8): the tokens of
/// this implementation come from exactly the listed ranges.
@Test func tokensFollowTheListedTokenCharacters() throws {
    let vector = try Vectors.object("search-token-characters.json")
    #expect(vector["version"] as? Int == SearchFolding.version)
    let ranges = try #require(vector["ranges"] as? [[Int]])
    #expect(ranges.map { [$0[0], $0[1]] } == SearchFolding.tokenCharacterRanges.map { [Int($0.0), Int($0.1)] })
    // Each range's edges, and the scalars just outside them, tokenize as listed.
    for range in ranges {
        for value in [range[0] - 1, range[0], range[1], range[1] + 1] {
            guard let scalar = Unicode.Scalar(UInt32(clamping: value)), value >= 0x21,
                  Array(SearchFolding.fold("a\(scalar)a").unicodeScalars) == ["a", scalar, "a"] else { continue }
            let listed = ranges.contains { $0[0] <= value && value <= $0[1] }
            #expect(SearchFolding.tokens("a\(scalar)a").count == (listed ? 1 : 2), "U+\(String(value, radix: 16))")
        }
    }
}
