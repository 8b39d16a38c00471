import GRDB

extension FolioStore {
    /// The latest articles that match `filter`, now and after every change:
    /// the stream yields the current list at once, then a new list each time a
    /// committed transaction changes it (GRDB `ValueObservation`). Cancel the
    /// task that iterates it to stop observing.
    ///
    /// ```swift
    /// for try await latest in store.observeLatestArticles(ArticleFilter(language: "fa"), limit: 5) {
    ///     render(latest)
    /// }
    /// ```
    public func observeLatestArticles(_ filter: ArticleFilter = .all, limit: Int = 20)
        -> AsyncThrowingStream<[ArticleSummary], any Error>
    {
        let (conditions, filterArguments) = filter.sqlConditions()
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        var arguments = filterArguments
        arguments += [min(max(limit, 1), 1000)]
        let sql = """
            SELECT \(ArticleSummary.columns) FROM article a \(whereClause)
            ORDER BY a.published_at DESC, a.id DESC LIMIT ?
            """
        let observation = ValueObservation.tracking { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map(ArticleSummary.init(row:))
        }.removeDuplicates()
        let values = observation.values(in: writer)
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    for try await value in values { continuation.yield(value) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: Self.storeError(error))
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
