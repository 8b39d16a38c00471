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
