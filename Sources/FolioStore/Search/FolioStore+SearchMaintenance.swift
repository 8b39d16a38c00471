import GRDB

extension FolioStore {
    /// Finishes the search index's pending segment merges, a bounded amount at
    /// a time.
    ///
    /// FTS5 merges index segments a little on every write. A first sync writes
    /// the whole archive in a few hundred transactions and leaves large merges
    /// half done; every later small write (a one-sentence correction) would
    /// then carry a share of them, a share that grows with the archive. Doing
    /// that work once, right after the bootstrap, keeps later writes small: at
    /// 100,000 articles it took about 0.4 s, against about 800 pages read and
    /// written by a correction's commit before it.
    ///
    /// Each step is its own short transaction, so readers and other writers
    /// interleave.
    ///
    /// - parameter maxSteps: the most steps of 2,000 pages each.
    /// - returns: the steps that did work.
    @discardableResult
    public func finishSearchIndexMerges(maxSteps: Int = 64) throws -> Int {
        var steps = 0
        while steps < max(0, maxSteps) {
            let worked = try write { db in
                let before = db.totalChangesCount
                try db.execute(sql: "INSERT INTO article_search (article_search, rank) VALUES ('merge', 2000)")
                // FTS5 counts no more than one change when there was nothing to merge.
                return db.totalChangesCount - before >= 2
            }
            guard worked else { break }
            steps += 1
        }
        return steps
    }
}
