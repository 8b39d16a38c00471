import FolioWire
import ArgumentParser
import Foundation
import FolioStore

/// `folio search`: offline full-text search in English and Persian.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Search the archive offline.",
        discussion: "Persian and Arabic letter variants, the zero-width non-joiner, diacritics and digits are folded (SPEC.md, Search normalisation).")

    @OptionGroup var store: StoreOptions
    @OptionGroup var filters: FilterOptions

    @Argument(help: "The words to find.")
    var query: [String]

    func run() throws {
        let results = try store.openExisting().search(query.joined(separator: " "), filter: filters.filter, limit: filters.limit)
        if store.json { return try store.printJSON(results) }
        if results.isEmpty { return print("No matches.") }
        for result in results {
            print(Formatting.line(result.article))
            print("        \(TerminalText.escaped(result.snippet))")
        }
    }
}
