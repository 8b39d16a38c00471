import ArgumentParser
import Foundation
import FolioStore

/// `folio list`: the latest articles, newest first.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the latest articles.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var filters: FilterOptions

    func run() throws {
        let articles = try store.openExisting().latestArticles(filters.filter, limit: filters.limit)
        if store.json { return try store.printJSON(articles) }
        if articles.isEmpty { return print("No articles.") }
        for article in articles { print(Formatting.line(article)) }
    }
}
