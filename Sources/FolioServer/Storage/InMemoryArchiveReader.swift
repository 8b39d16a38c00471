import FolioWire

/// The ``ArchiveReader`` of ``InMemoryStorage``: a copy of its state at one
/// moment (copy-on-write).
struct InMemoryArchiveReader: ArchiveReader {
    let headValue: UInt64
    let horizon: UInt64
    let articles: [Int64: StoredArticle]
    let comments: [Int64: StoredComment]
    let sums: ChecksumState

    func head() -> UInt64 { headValue }

    func tombstoneHorizon() -> UInt64 { horizon }

    func changes(after sequence: UInt64, limit: Int) -> ChangeBatch {
        let articleRows = articles.values.filter { $0.sequence > sequence }.map(ChangeRow.article)
        let commentRows = comments.values.filter { $0.sequence > sequence }.map(ChangeRow.comment)
        let all = (articleRows + commentRows).sorted { $0.sequence < $1.sequence }
        let page = Array(all.prefix(max(1, limit)))
        return ChangeBatch(rows: page, hasMore: all.count > page.count, head: headValue, tombstoneHorizon: horizon)
    }

    func checksumTotal(matching subscription: Subscription) -> ArchiveChecksum {
        sums.totals.filter { $0.key.matches(subscription) }.values.reduce(.empty, +)
    }

    func checksumBuckets(matching subscription: Subscription) -> [Int64: ArchiveChecksum] {
        var buckets: [Int64: ArchiveChecksum] = [:]
        for (key, sum) in sums.buckets where key.facet.matches(subscription) {
            buckets[key.bucket, default: .empty] = buckets[key.bucket, default: .empty] + sum
        }
        return buckets.filter { !$0.value.isEmpty }
    }

    func checksumBucketsByLanguage() -> [String: [Int64: ArchiveChecksum]] {
        var result: [String: [Int64: ArchiveChecksum]] = [:]
        for (key, sum) in sums.buckets {
            result[key.facet.language, default: [:]][key.bucket, default: .empty] =
                result[key.facet.language, default: [:]][key.bucket, default: .empty] + sum
        }
        return result.mapValues { $0.filter { !$0.value.isEmpty } }.filter { !$0.value.isEmpty }
    }

    func liveArticles(language: String, from first: Int64, through last: Int64)
        -> (articles: [StoredArticle], approvedComments: [StoredComment])
    {
        let selected = articles.values.filter {
            !$0.isRemoved && $0.content.language == language && $0.id >= first && $0.id <= last
        }.sorted { $0.id < $1.id }
        let ids = Set(selected.map(\.id))
        let approved = comments.values.filter { $0.status == .approved && ids.contains($0.articleID) }
            .sorted { ($0.articleID, $0.id) < ($1.articleID, $1.id) }
        return (selected, approved)
    }

    func articleHeaders(from first: Int64, through last: Int64, limit: Int) -> [ArticleHeader] {
        guard first <= last, limit > 0 else { return [] }
        return articles.values.filter { $0.id >= first && $0.id <= last }.sorted { $0.id < $1.id }.prefix(limit).map {
            ArticleHeader(id: $0.id, isLive: !$0.isRemoved, facet: ChecksumFacet($0.content))
        }
    }

    func article(id: Int64) -> StoredArticle? { articles[id] }

    func comments(ofArticle articleID: Int64) -> [StoredComment] {
        comments.values.filter { $0.articleID == articleID }.sorted { $0.id < $1.id }
    }
}
