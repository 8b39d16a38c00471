import FolioStore
import FolioWire
import Foundation

/// Turns a page of the protocol into one atomic store batch (SPEC.md §6.2).
///
/// A change whose revision is at or below the one the store holds is already
/// applied (a repair or an earlier page brought it) and is ignored. Full
/// articles are taken as they are; a patch is applied only to exactly its
/// base revision, with its body delta; a tombstone removes the article and its
/// comments. A change that cannot be applied (the store does not hold the base
/// revision, or the delta does not fit) is skipped, and the page is still
/// applied: the checkpoint then differs, and the sync repairs that bucket
/// before its next pull. Comments follow the article changes.
public struct PageApplier: Sendable {
    /// What applying a page did.
    public struct Outcome: Sendable, Hashable {
        /// The counts from the store's change log.
        public var summary: SyncBatchSummary
        /// Ids of the changes that could not be applied.
        public var skipped: [Int64]
        /// Whether the store's checksum (count, sum and comments) equals the
        /// page's checkpoint; always true on a page with more to come, which
        /// carries none (SPEC.md §6.2).
        public var checkpointMatches: Bool
        /// Bytes of body text that arrived as deltas rather than whole.
        public var deltaBodies: Int
    }

    /// The store the pages go to.
    public let store: FolioStore

    /// Creates an applier for a store.
    public init(store: FolioStore) {
        self.store = store
    }

    /// Builds the batch of a page and applies it with its cursor, atomically.
    ///
    /// - parameter storingCursor: false for the pages of a catch-up that
    ///   runs beside the store's own cursor (the languages a wider
    ///   subscription added, SPEC.md §6.4): the store keeps its cursor.
    /// - throws: ``FolioClientError`` `malformedResponse` for a page that
    ///   breaks the protocol, `store` when the store fails; the store is then
    ///   unchanged.
    public func apply(_ page: WirePullResponse, now: Int64, storingCursor: Bool = true) throws -> Outcome {
        var batch = SyncBatch(cursor: storingCursor ? page.cursor : nil)
        var skipped: [Int64] = []
        var deltas = 0
        var pending: [Int64: Article] = [:]   // patches may follow a full article in the same page
        do {
            for change in page.articles {
                switch change.change {
                case .full(let wire)?:
                    let article = try Article(wire)
                    pending[article.id] = article
                    batch.articles.append(article)
                case .patch(let patch)?:
                    let base = try pending[change.id] ?? store.article(id: change.id)
                    // SPEC.md §6.2: already applied, not a failure.
                    if let base, base.revision >= change.revision { continue }
                    guard let base, base.revision == change.baseRevision else {
                        skipped.append(change.id)
                        continue
                    }
                    do {
                        let article = try base.patched(by: patch, revision: change.revision)
                        if case .bodyDelta? = patch.bodyChange { deltas += 1 }
                        pending[article.id] = article
                        batch.articles.append(article)
                    } catch is FolioWireError {
                        skipped.append(change.id)
                    }
                case .tombstone(let tombstone)?:
                    pending[change.id] = nil
                    batch.articles.removeAll { $0.id == change.id }
                    batch.removals.append(ArticleRemoval(id: change.id, revision: change.revision, sequence: 0,
                                                         removedAt: tombstone.unpublishedAt))
                case nil:
                    throw FolioClientError(.malformedResponse, "article change \(change.id) carries no change")
                }
            }
            for wire in page.comments {
                if wire.removed {
                    batch.removedCommentIDs.append(wire.id)
                } else {
                    batch.comments.append(try Comment(wire))
                }
            }
            let summary = try store.apply(batch, now: now)
            let checksum = try store.syncState().checksum
            // SPEC.md §6.2: only the last page of a catch-up describes an exact state.
            let matches = page.moreAvailable || !page.hasCheckpoint || checksum == ArchiveChecksum(page.checkpoint.articles)
            return Outcome(summary: summary, skipped: skipped, checkpointMatches: matches && skipped.isEmpty,
                           deltaBodies: deltas)
        } catch let error as FolioClientError {
            throw error
        } catch let error as FolioStoreError {
            throw FolioClientError(error.code == .invalidInput ? .malformedResponse : .store, error.description)
        }
    }
}

extension Comment {
    /// The store's comment for a wire comment (SPEC.md §10.4).
    init(_ wire: WireComment) throws {
        var key: UUID?
        if !wire.idempotencyKey.isEmpty {
            guard wire.idempotencyKey.count == 16 else {
                throw FolioClientError(.malformedResponse, "comment \(wire.id) has a key of \(wire.idempotencyKey.count) bytes")
            }
            let b = Array(wire.idempotencyKey)
            key = UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
        }
        self.init(id: wire.id, articleID: wire.articleID, name: wire.name, text: wire.text, createdAt: wire.createdAt,
                  status: ModerationStatus(wire.status), idempotencyKey: key)
    }
}
