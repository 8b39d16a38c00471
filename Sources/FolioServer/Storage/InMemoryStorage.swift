import FolioWire

/// A ``ServerStorage`` that keeps everything in memory, for tests and
/// previews. An actor: every method runs without suspension, so each one is
/// atomic just as a database transaction is.
public actor InMemoryStorage: ServerStorage {
    private let epochValue: UInt64
    private var head: UInt64 = 0
    private var horizon: UInt64 = 0
    /// The maintained sums, by facet and bucket (SPEC.md §7.3).
    private var sums = ChecksumState()
    private var articles: [Int64: StoredArticle] = [:]
    private var revisions: [Int64: [ArticleRevision]] = [:]
    private var commentRows: [Int64: StoredComment] = [:]
    private var nextCommentID: Int64 = 1
    /// First replies by idempotency key (SPEC.md §10.3: keys are global).
    private var pushRecords: [[UInt8]: (bodyHash: [UInt8], receipt: CommentReceipt)] = [:]
    private var importRecords: [String: CommentReceipt] = [:]
    private var rejections: [[UInt8]: PushRecord] = [:]
    private var tokens: [[UInt8]: TokenRecord] = [:]

    /// Creates an empty store with a random epoch (or the given one).
    public init(epoch: UInt64 = UInt64.random(in: 1...UInt64.max)) {
        epochValue = epoch
    }

    /// The epoch.
    public func epoch() -> UInt64 { epochValue }

    private func nextSequence() -> UInt64 {
        head += 1
        return head
    }

    /// See ``ServerStorage/writeArticle(_:keepRevisions:)``.
    public func writeArticle(_ content: ArticleContent, keepRevisions: Int) throws -> ArticleWriteOutcome {
        try content.validate()
        let existing = articles[content.id]
        if let existing, !existing.isRemoved, existing.content == content {
            return .unchanged(existing)
        }
        let stored = StoredArticle(
            content: content, revision: (existing?.revision ?? 0) + 1, sequence: nextSequence(), removedAt: nil)
        let facet = ChecksumFacet(content)
        let bucket = ChecksumLayout.bucket(of: content.id)
        if let existing, !existing.isRemoved {
            let oldFacet = ChecksumFacet(existing.content)
            var leaving = ArchiveChecksum.article(existing.checksumItem)
            var entering = ArchiveChecksum.article(stored.checksumItem)
            if oldFacet != facet {
                let comments = approvedCommentSums(articleID: content.id)
                leaving = leaving + comments
                entering = entering + comments
            }
            sums.add(leaving.negated, facet: oldFacet, bucket: bucket)
            sums.add(entering, facet: facet, bucket: bucket)
        } else {
            // SPEC.md §8.4: a republished article's approved comments count
            // again, and every comment of it comes again after the article.
            sums.add(.article(stored.checksumItem) + approvedCommentSums(articleID: content.id), facet: facet, bucket: bucket)
            for id in commentRows.values.filter({ $0.articleID == content.id }).map(\.id).sorted() {
                commentRows[id]?.sequence = nextSequence()
            }
        }
        articles[content.id] = stored
        var kept = existing?.isRemoved == true ? [] : revisions[content.id, default: []]
        kept.append(ArticleRevision(content: content, revision: stored.revision, sequence: stored.sequence))
        revisions[content.id] = Array(kept.suffix(max(1, keepRevisions)))
        return existing == nil || existing?.isRemoved == true ? .published(stored) : .corrected(stored)
    }

    /// See ``ServerStorage/unpublishArticle(id:at:)``.
    public func unpublishArticle(id: Int64, at time: Int64) -> ArticleWriteOutcome? {
        guard var article = articles[id] else { return nil }
        guard !article.isRemoved else { return .unchanged(article) }
        let leaving = ArchiveChecksum.article(article.checksumItem) + approvedCommentSums(articleID: id)
        sums.add(leaving.negated, facet: ChecksumFacet(article.content), bucket: ChecksumLayout.bucket(of: id))
        article.revision += 1
        article.sequence = nextSequence()
        article.removedAt = time
        articles[id] = article
        return .unpublished(article)
    }

    /// See ``ServerStorage/article(id:)``.
    public func article(id: Int64) -> StoredArticle? { articles[id] }

    /// See ``ServerStorage/revision(articleID:atOrBefore:)``.
    public func revision(articleID: Int64, atOrBefore sequence: UInt64) -> ArticleRevision? {
        revisions[articleID]?.last { $0.sequence <= sequence }
    }

    /// See ``ServerStorage/revisionSequence(articleID:after:)``.
    public func revisionSequence(articleID: Int64, after sequence: UInt64) -> UInt64? {
        revisions[articleID]?.first { $0.sequence > sequence }?.sequence
    }

    /// The checksum of the approved comments of an article.
    private func approvedCommentSums(articleID: Int64) -> ArchiveChecksum {
        var total = ArchiveChecksum.empty
        for comment in commentRows.values where comment.articleID == articleID && comment.status == .approved {
            total.addComment(comment.checksumItem)
        }
        return total
    }

    /// Adds or removes one comment's item, if its article is live.
    private func count(_ comment: StoredComment, adding: Bool) {
        guard let article = articles[comment.articleID], !article.isRemoved else { return }
        let delta = ArchiveChecksum.comment(comment.checksumItem)
        sums.add(
            adding ? delta : delta.negated, facet: ChecksumFacet(article.content),
            bucket: ChecksumLayout.bucket(of: comment.articleID))
    }

    /// See ``ServerStorage/withConsistentRead(_:)``: the reader holds a copy
    /// of the state (copy-on-write, so it costs nothing).
    public func withConsistentRead<T: Sendable>(_ body: @escaping @Sendable (any ArchiveReader) throws -> T) throws -> T {
        try body(InMemoryArchiveReader(
            headValue: head, horizon: horizon, articles: articles, comments: commentRows, sums: sums))
    }

    /// See ``ServerStorage/checksumAudit()``.
    public func checksumAudit() -> ChecksumAudit {
        var recomputed = ChecksumState()
        for article in articles.values where !article.isRemoved {
            recomputed.add(
                .article(ChecksumItem.article(article.content.wire(revision: article.revision))),
                facet: ChecksumFacet(article.content), bucket: ChecksumLayout.bucket(of: article.id))
        }
        for comment in commentRows.values where comment.status == .approved {
            guard let article = articles[comment.articleID], !article.isRemoved else { continue }
            recomputed.add(
                .comment(comment.checksumItem), facet: ChecksumFacet(article.content),
                bucket: ChecksumLayout.bucket(of: comment.articleID))
        }
        return ChecksumAudit(maintained: sums, recomputed: recomputed)
    }

    /// See ``ServerStorage/insertComment(_:)``.
    public func insertComment(_ record: NewCommentRecord) -> CommentInsertOutcome {
        switch record.origin {
        case .push(let clientKeyHash, let key, let bodyHash):
            let pushKey = key
            if let existing = pushRecords[pushKey] {
                return existing.bodyHash == bodyHash ? .replayed(existing.receipt) : .keyReused
            }
            if rejections[pushKey] != nil { return .keyReused }
            guard let receipt = store(record, clientKeyHash: clientKeyHash, idempotencyKey: key) else {
                return .unknownArticle
            }
            pushRecords[pushKey] = (bodyHash, receipt)
            return .stored(receipt)
        case .imported(let importKey):
            if let receipt = importRecords[importKey] { return .replayed(receipt) }
            guard let receipt = store(record, clientKeyHash: nil, idempotencyKey: nil) else { return .unknownArticle }
            importRecords[importKey] = receipt
            return .stored(receipt)
        }
    }

    private func store(_ record: NewCommentRecord, clientKeyHash: [UInt8]?, idempotencyKey: [UInt8]?) -> CommentReceipt? {
        guard let article = articles[record.articleID], !article.isRemoved else { return nil }
        let comment = StoredComment(
            id: nextCommentID, articleID: record.articleID, name: record.name, email: record.email, text: record.text,
            createdAt: record.createdAt, receivedAt: record.receivedAt, status: record.status,
            sequence: nextSequence(), wasApproved: record.status == .approved, clientKeyHash: clientKeyHash,
            idempotencyKey: idempotencyKey)
        nextCommentID += 1
        commentRows[comment.id] = comment
        if comment.status == .approved { count(comment, adding: true) }
        return CommentReceipt(commentID: comment.id, status: comment.status)
    }

    /// See ``ServerStorage/pushRecord(idempotencyKey:)``.
    public func pushRecord(idempotencyKey: [UInt8]) -> PushRecord? {
        if let accepted = pushRecords[idempotencyKey] {
            return PushRecord(bodyHash: accepted.bodyHash, reply: .accepted(accepted.receipt))
        }
        return rejections[idempotencyKey]
    }

    /// See ``ServerStorage/recordRejection(_:clientKeyHash:idempotencyKey:bodyHash:at:)``.
    public func recordRejection(
        _ rejection: PushRejection, clientKeyHash: [UInt8], idempotencyKey: [UInt8], bodyHash: [UInt8], at time: Int64
    ) -> PushRecord {
        if let existing = pushRecord(idempotencyKey: idempotencyKey) { return existing }
        let record = PushRecord(bodyHash: bodyHash, reply: .rejected(rejection))
        rejections[idempotencyKey] = record
        return record
    }

    /// See ``ServerStorage/comment(id:)``.
    public func comment(id: Int64) -> StoredComment? { commentRows[id] }

    /// See ``ServerStorage/comments(status:afterID:limit:)``.
    public func comments(status: ModerationStatus?, afterID: Int64, limit: Int) -> [StoredComment] {
        Array(commentRows.values.filter { $0.id > afterID && (status == nil || $0.status == status) }
            .sorted { $0.id < $1.id }.prefix(max(0, limit)))
    }

    /// See ``ServerStorage/setCommentStatus(id:to:)``.
    public func setCommentStatus(id: Int64, to status: ModerationStatus) -> StoredComment? {
        guard var comment = commentRows[id] else { return nil }
        guard comment.status != status else { return comment }
        if comment.status == .approved { count(comment, adding: false) }
        if status == .approved { count(comment, adding: true) }
        comment.status = status
        comment.wasApproved = comment.wasApproved || status == .approved
        comment.sequence = nextSequence()
        commentRows[id] = comment
        return comment
    }

    /// See ``ServerStorage/storeToken(_:)``.
    public func storeToken(_ record: TokenRecord) { tokens[record.hash] = record }

    /// See ``ServerStorage/token(hash:)``.
    public func token(hash: [UInt8]) -> TokenRecord? { tokens[hash] }

    /// See ``ServerStorage/purgeTombstones(before:)``.
    public func purgeTombstones(before sequence: UInt64) -> Int {
        let doomed = articles.values.filter { $0.isRemoved && $0.sequence < sequence }.map(\.id)
        for id in doomed {
            articles[id] = nil
            revisions[id] = nil
        }
        horizon = max(horizon, sequence)
        return doomed.count
    }

    /// See ``ServerStorage/newestTombstoneSequence(removedBefore:)``.
    public func newestTombstoneSequence(removedBefore time: Int64) -> UInt64? {
        articles.values.filter { ($0.removedAt ?? .max) < time }.map(\.sequence).max()
    }

    /// See ``ServerStorage/statistics()``.
    public func statistics() -> StorageStatistics {
        var byStatus: [ModerationStatus: Int] = [:]
        for status in ModerationStatus.allCases { byStatus[status] = 0 }
        for comment in commentRows.values { byStatus[comment.status, default: 0] += 1 }
        let live = articles.values.filter { !$0.isRemoved }.count
        return StorageStatistics(
            commentsByStatus: byStatus, liveArticles: live, tombstones: articles.count - live,
            changeLogRows: articles.count + commentRows.count,
            retainedRevisions: revisions.values.reduce(0) { $0 + $1.count }, head: head)
    }
}
