import FolioStore
import FolioWire
import Foundation

/// Reads the parts of a snapshot one after another and hands out groups of
/// whole chunks, converted, validated and folded (``PreparedBatch``), for the
/// store to apply one transaction each (SPEC.md §11).
///
/// Each group records how far into its part it reaches (the end of its last
/// frame), so that an interrupted part resumes from there with `Range`; a
/// part begun before is asked for from its recorded offset. Only the articles
/// that match the subscription are kept, with their comments (SPEC.md §6.4).
///
/// The bootstrap asks for the next group while the store writes the current
/// one, so downloading, decoding and folding run beside the writer; at most
/// two groups and one part's compressed bytes are held at a time.
actor SnapshotFeed {
    /// One group of chunks, ready for ``FolioStore/apply(_:now:)-(PreparedBatch,_)``.
    struct Group: Sendable {
        var prepared: PreparedBatch
        /// Whether the group ends its part (the batch then records the part).
        var completesPart: Bool
        /// The articles the group read from its part, matching or not.
        var articlesRead: Int
    }

    private let transport: any SyncTransport
    private let parts: [WireSnapshotPart]
    private let started: [String: BootstrapPartProgress]
    private let cursor: Data?
    private let heldLanguages: HeldLanguages?
    private let filter: SubscriptionFilter
    private let groupSize: Int
    private var position = 0
    private var reader: SnapshotChunkReader?
    private var etag: String?
    /// Why the current part's bytes stopped short, thrown once its complete
    /// frames are handed out.
    private var cut: TransportFailure?
    private var codecs: [UInt32: FrameCodec] = [0: FrameCodec()]

    /// - parameters:
    ///   - parts: the parts to apply, in order; none of them applied completely.
    ///   - started: how far earlier attempts applied some of them, by path.
    ///   - cursor: stored with the last group of the last part, if any.
    ///   - heldLanguages: stored with the last group of the last part, if any.
    ///   - filter: which articles to keep (SPEC.md §6.4).
    ///   - groupSize: articles per group, at least; groups hold whole chunks.
    init(transport: any SyncTransport, parts: [WireSnapshotPart], started: [String: BootstrapPartProgress] = [:],
         cursor: Data?, heldLanguages: HeldLanguages? = nil, filter: SubscriptionFilter = SubscriptionFilter(nil),
         groupSize: Int) {
        self.transport = transport
        self.parts = parts
        self.started = started
        self.cursor = cursor
        self.heldLanguages = heldLanguages
        self.filter = filter
        self.groupSize = max(1, groupSize)
    }

    /// The next group, or `nil` after the last part.
    ///
    /// - throws: ``TransportFailure`` when a part cannot be fetched or its
    ///   bytes break SPEC.md §5.2 (after the groups of the frames before the
    ///   damage or the cut), ``FolioClientError`` for rows the store refuses.
    func next() async throws -> Group? {
        if let cut {
            self.cut = nil
            throw cut
        }
        guard position < parts.count else { return nil }
        let part = parts[position]
        var current = try await open(part)
        var batch = SyncBatch(cursor: nil)
        var read = 0
        while read < groupSize, let chunk = try current.next() {
            read += chunk.articles.count
            let articles = try chunk.articles.map(Article.init)
            let kept = articles.filter(filter.matches)
            let keptIDs = Set(kept.map(\.id))
            batch.articles += kept
            batch.comments += try chunk.comments.filter { keptIDs.contains($0.articleID) }.map(Comment.init)
        }
        let size = Int64(part.size)
        guard current.offset <= size, current.endOffset <= size else {
            reader = nil
            throw TransportFailure.malformed("snapshot part \(part.path) is longer than its manifest says")
        }
        batch.bootstrapProgress = BootstrapPartProgress(path: part.path, appliedBytes: current.offset, etag: etag)
        let ended = current.isAtEnd && current.offset == size
        if ended {
            reader = nil
            position += 1
            batch.bootstrapPart = part.path
            if position == parts.count {
                batch.cursor = cursor
                batch.heldLanguages = heldLanguages
            }
        } else if read < groupSize {
            // The bytes stopped before the part's end (SPEC.md §11: resume
            // from the last frame applied).
            reader = nil
            let failure = TransportFailure.undecodable(
                code: UInt32(FolioWireError.Code.frameTruncated.rawValue),
                reason: "snapshot part \(part.path) was cut at byte \(current.endOffset) of \(size)")
            guard read > 0 else { throw failure }
            cut = failure
        } else {
            reader = current
        }
        do {
            return Group(prepared: try PreparedBatch(batch), completesPart: ended, articlesRead: read)
        } catch let error as FolioStoreError where error.code == .invalidInput {
            // A row that breaks the store's rules came from the server.
            throw FolioClientError(.malformedResponse, "snapshot part \(part.path): \(error.description)")
        } catch {
            throw FolioClientError(.store, "\(error)")
        }
    }

    /// The reader of the current part, fetching it (from where an earlier
    /// attempt stopped) when it is not open yet.
    private func open(_ part: WireSnapshotPart) async throws -> SnapshotChunkReader {
        if let reader { return reader }
        let codec = try await codec(for: part)
        let resume = started[part.path].flatMap { $0.appliedBytes > 0 && $0.appliedBytes < Int64(part.size) ? $0 : nil }
        let body = try await transport.snapshotPart(part, from: resume?.appliedBytes ?? 0, ifRange: resume?.etag)
        etag = body.etag ?? resume?.etag
        return SnapshotChunkReader(bytes: body.bytes, offset: body.offset, codec: codec)
    }

    /// A codec holding the part's dictionary (SPEC.md §11: each part names
    /// its own; 0 = none), fetched once.
    private func codec(for part: WireSnapshotPart) async throws -> FrameCodec {
        if let codec = codecs[part.dictionary] { return codec }
        let dictionary = try await transport.presetDictionary(id: part.dictionary, language: part.language)
        let codec = FrameCodec(dictionaries: [dictionary])
        codecs[part.dictionary] = codec
        return codec
    }
}
