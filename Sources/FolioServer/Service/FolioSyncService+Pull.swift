import FolioWire
import Foundation
import Metrics
import SwiftProtobuf

extension FolioSyncService {
    /// Answers a pull (SPEC.md §6.1): the changes after the request's cursor
    /// that the client needs, paged by count and bytes. Only the last page of
    /// a catch-up (`more_available` false, cursor at the head) carries a
    /// checkpoint: the maintained checksum of the matching articles, read in
    /// the same read as the page, so its cost does not grow with the archive. Waits up to `wait_seconds` (bounded by
    /// ``SyncServiceConfiguration/maxWaitSeconds``) when nothing is new.
    ///
    /// - Parameter subscription: overrides the request's `subscription`
    ///   (SPEC.md §6.4) when given; nil uses the request's.
    /// - Throws: ``FolioServerError`` with `cursorMalformed`,
    ///   `cursorEpochMismatch`, `cursorExpired` or `clientKeyInvalid`.
    public func pull(_ request: WirePullRequest, subscription override: Subscription? = nil) async throws -> WirePullResponse {
        let subscription = override ?? Subscription(request.subscription)
        let clientKeyHash = try Self.clientKeyHash(Array(request.clientKey), required: false)
        let epoch = try await storage.epoch()
        let start = try requestCursor(Array(request.cursor), epoch: epoch)
        let requested = request.maxChanges == 0 ? configuration.defaultPageChanges : Int(request.maxChanges)
        let limit = min(max(requested, 1), configuration.maxPageChanges)
        let wait = Duration.seconds(Int64(min(request.waitSeconds, configuration.maxWaitSeconds)))
        let remainingTime = clock.timer(wait)
        var after = start.sequence
        var settled = start.settled
        var firstHead = start.firstHead
        while true {
            let seen = await notifier.current
            let from = after
            let batch = try await storage.withConsistentRead { reader in
                // Rows the client does not see do not count towards `limit`:
                // others' comments never approved are not even read, and a
                // page reads up to twice as many rows (articles outside its
                // subscription) to fill it.
                let changes = try reader.changes(after: from, limit: limit * 2, commentsVisibleTo: clientKeyHash)
                // The checkpoint is needed only when this read reaches the head.
                let total = changes.hasMore ? nil : try reader.checksumTotal(matching: subscription)
                return PageRead(changes: changes, checkpoint: total)
            }
            if after > batch.changes.head {
                throw FolioServerError(.cursorEpochMismatch, "cursor is ahead of the server")
            }
            if after > 0, after < batch.changes.tombstoneHorizon {
                throw FolioServerError(.cursorExpired, "cursor is older than the tombstone horizon")
            }
            // A cursor at its settled point starts a catch-up: this read is its first.
            if after == settled { firstHead = batch.changes.head }
            let response = try await page(
                batch, position: SyncCursor(epoch: epoch, sequence: after, settled: settled, firstHead: firstHead),
                limit: limit, clientKeyHash: clientKeyHash, subscription: subscription)
            let remaining = remainingTime()
            // SPEC.md §6.3: hold the request until a change visible to this
            // client exists, or the wait is over.
            if !response.articles.isEmpty || !response.comments.isEmpty || response.moreAvailable || remaining <= .zero {
                return response
            }
            let next = try SyncCursor(decoding: Array(response.cursor))
            (after, settled, firstHead) = (next.sequence, next.settled, next.firstHead)
            await notifier.wait(unless: seen, timeout: min(remaining, configuration.pollInterval), clock: clock)
        }
    }

    /// Decodes a cursor into its sequence number; 0 for an empty cursor.
    func cursorSequence(_ bytes: [UInt8], epoch: UInt64) throws -> UInt64 {
        try requestCursor(bytes, epoch: epoch).sequence
    }

    /// Decodes a request's cursor of `epoch`; sequence 0 for an empty cursor.
    func requestCursor(_ bytes: [UInt8], epoch: UInt64) throws -> SyncCursor {
        guard !bytes.isEmpty else { return SyncCursor(epoch: epoch, sequence: 0) }
        do {
            let cursor = try SyncCursor(decoding: bytes)
            try cursor.requireEpoch(epoch)
            return cursor
        } catch let error as FolioWireError {
            throw FolioServerError(wire: error)
        }
    }

    /// SHA-256 of a client key; nil for an empty optional key.
    static func clientKeyHash(_ key: [UInt8], required: Bool) throws -> [UInt8]? {
        if key.isEmpty, !required { return nil }
        guard (16...64).contains(key.count) else {
            throw FolioServerError(.clientKeyInvalid, "client_key must be 16...64 bytes")
        }
        return Hashing.sha256(key)
    }

    /// One read of a page: the changes and, when they reach the head, the
    /// checkpoint at that head.
    struct PageRead: Sendable {
        var changes: ChangeBatch
        var checkpoint: ArchiveChecksum?
    }

    private func page(
        _ read: PageRead, position start: SyncCursor, limit: Int, clientKeyHash: [UInt8]?, subscription: Subscription
    ) async throws -> WirePullResponse {
        let after = start.sequence
        let builder = ArticleChangeBuilder(storage: storage, cursor: start, subscription: subscription)
        var response = WirePullResponse()
        var bytes = 0
        var position = after
        var cut = false
        var saved = 0
        var articleTags: [Int64: Bool] = [:]
        let batch = read.changes
        for row in batch.rows {
            var size = 0
            var article: WireArticleChange?
            var comment: WireComment?
            switch row {
            case .article(let stored):
                if let built = try await builder.build(stored) {
                    article = built.change
                    let encoded: [UInt8] = try built.change.serializedBytes()
                    size = encoded.count
                    saved += built.bytesSavedByDelta
                }
            case .comment(let stored):
                let own = clientKeyHash != nil && stored.clientKeyHash == clientKeyHash
                let visible = try await commentVisible(stored, subscription: subscription, cache: &articleTags)
                if own || visible, let view = Self.view(of: stored, for: clientKeyHash, cursor: after) {
                    comment = view
                    let encoded: [UInt8] = try view.serializedBytes()
                    size = max(1, encoded.count)
                }
            }
            let included = response.articles.count + response.comments.count
            if size > 0, included > 0, bytes + size > configuration.maxPageBytes {
                cut = true
                break
            }
            bytes += size
            if let article { response.articles.append(article) }
            if let comment { response.comments.append(comment) }
            position = row.sequence
            if response.articles.count + response.comments.count >= limit, row.sequence != batch.rows.last?.sequence {
                cut = true
                break
            }
        }
        let more = cut || batch.hasMore
        if !more { position = batch.head }
        // SPEC.md §7.1: a complete catch-up settles the client at the head;
        // the pages of one in progress carry on where it started.
        let next = more
            ? SyncCursor(epoch: start.epoch, sequence: position, settled: start.settled, firstHead: start.firstHead)
            : SyncCursor(epoch: start.epoch, sequence: position)
        response.cursor = Data(next.encoded)
        response.moreAvailable = more
        if !more, let total = read.checkpoint {
            var checkpoint = WireCheckpoint()
            checkpoint.articles = total.message
            checkpoint.bucketWidth = configuration.bucketWidth
            response.checkpoint = checkpoint
        }
        if saved > 0 { deltaBytesSaved.increment(by: saved) }
        return response
    }

    /// Whether others' comments on this article belong to the subscription.
    private func commentVisible(
        _ comment: StoredComment, subscription: Subscription, cache: inout [Int64: Bool]
    ) async throws -> Bool {
        if subscription.isAll { return true }
        if let known = cache[comment.articleID] { return known }
        let article = try await storage.article(id: comment.articleID)
        let visible = article.map { subscription.matches($0.content) } ?? false
        cache[comment.articleID] = visible
        return visible
    }

    /// What a client sees of a comment (SPEC.md §10): its own comments in
    /// full with status; others' approved comments without e-mail; a removal
    /// notice for a once-approved comment that is no longer approved.
    static func view(of comment: StoredComment, for clientKeyHash: [UInt8]?, cursor: UInt64) -> WireComment? {
        if let clientKeyHash, comment.clientKeyHash == clientKeyHash { return comment.ownWire }
        if comment.status == .approved { return comment.publicWire }
        if cursor > 0, comment.wasApproved { return comment.removalWire }
        return nil
    }
}
