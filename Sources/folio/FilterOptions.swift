import ArgumentParser
import Foundation
import FolioStore

/// Filters shared by `list` and `search`.
struct FilterOptions: ParsableArguments {
    @Option(help: "Only this language (en, fa).")
    var language: String?

    @Option(help: "Only this region slug, such as central-asia.")
    var region: String?

    @Option(help: "Only this topic slug, such as security.")
    var topic: String?

    @Option(help: "Only this kind: article, report, interview, special-report.")
    var kind: String?

    @Option(help: "How many at most (1 to 200).")
    var limit: Int = 20

    func validate() throws {
        if let kind, ArticleKind(rawValue: kind) == nil {
            throw ValidationError("--kind must be one of: \(ArticleKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard (1...200).contains(limit) else { throw ValidationError("--limit must be between 1 and 200") }
    }

    var filter: ArticleFilter {
        ArticleFilter(language: language, region: region, topic: topic, kind: kind.flatMap(ArticleKind.init(rawValue:)))
    }
}
