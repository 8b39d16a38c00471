import FolioWire

/// A ``SyncBatch`` made ready outside the store's writer: every article and
/// comment validated, the text of every article folded for the search index
/// (SPEC.md §13), and the checksum item of every article computed (SPEC.md
/// §7.2). Folding and checking take about a third of applying
/// a page; a sync prepares the next page on another core while the store
/// writes the current one.
///
/// ```swift
/// let prepared = try PreparedBatch(batch)   // any thread, no database
/// try store.apply(prepared)                 // the writer
/// ```
public struct PreparedBatch: Sendable {
    /// The batch, unchanged.
    public let batch: SyncBatch
    /// The folded text of `batch.articles`, in the same order.
    let folded: [FoldedText]
    /// The checksum items of `batch.articles`, in the same order.
    let items: [UInt64]

    /// Validates and folds a batch.
    ///
    /// - throws: ``FolioStoreError`` `invalidInput` naming the first row that
    ///   breaks a rule.
    public init(_ batch: SyncBatch) throws {
        for article in batch.articles { try article.validate() }
        for comment in batch.comments { try comment.validate() }
        self.batch = batch
        folded = batch.articles.map { FoldedText(title: $0.title, lead: $0.lead, body: $0.body) }
        items = batch.articles.map(\.checksumItem)
    }
}

/// The folded text an article is indexed by.
struct FoldedText: Sendable {
    var title: String
    var lead: String
    var body: String

    /// Folds each field (SPEC.md §13.1).
    init(title: String, lead: String, body: String) {
        self.title = SearchFolding.fold(title)
        self.lead = SearchFolding.fold(lead)
        self.body = SearchFolding.fold(body)
    }
}
