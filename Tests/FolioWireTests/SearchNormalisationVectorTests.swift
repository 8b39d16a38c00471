import FolioWire
import Testing

/// `search-normalisation.json` (SPEC.md §13, §16.6).
@Test func searchFoldingReproducesEveryVector() throws {
    let cases = try Vectors.list("search-normalisation.json")
    for entry in cases {
        let input = entry["input"] as? String ?? "", output = entry["output"] as? String
        #expect(SearchFolding.fold(input) == output, "fold(\(input.debugDescription))")
    }
}
