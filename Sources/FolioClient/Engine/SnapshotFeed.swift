import FolioStore
import FolioWire
import Foundation

/// Reads the parts of a snapshot one after another and hands out groups of
/// whole chunks, converted, validated and folded (``PreparedBatch``), for the
/// store to apply one transaction each (SPEC.md §11).
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
    }

    private let transport: any SyncTransport
    private let parts: [(index: Int, part: WireSnapshotPart)]
    private let lastIndex: Int
    private let cursor: Data
    private let dictionary: UInt32
    private let groupSize: Int
    private var position = 0
    private var reader: SnapshotChunkReader?

    /// - parameters:
    ///   - parts: the parts to apply, with their indexes in the manifest.
    ///   - lastIndex: the index of the manifest's last part, whose last group
    ///     carries the snapshot's cursor.
    ///   - groupSize: articles per group, at least; groups hold whole chunks.
    init(transport: any SyncTransport, parts: [(index: Int, part: WireSnapshotPart)], lastIndex: Int, cursor: Data,
         dictionary: UInt32, groupSize: Int) {
        self.transport = transport
        self.parts = parts
        self.lastIndex = lastIndex
        self.cursor = cursor
        self.dictionary = dictionary
        self.groupSize = max(1, groupSize)
    }

    /// The next group, or `nil` after the last part.
    func next() async throws -> Group? {
        guard position < parts.count else { return nil }
        let (index, part) = parts[position]
        var current: SnapshotChunkReader
        if let reader {
            current = reader
        } else {
            current = try await transport.snapshotPart(part, dictionary: dictionary)
        }
        var batch = SyncBatch(cursor: nil)
        while batch.articles.count < groupSize, let chunk = try current.next() {
            batch.articles += try chunk.articles.map(Article.init)
            batch.comments += try chunk.comments.map(Comment.init)
        }
        let ended = current.isAtEnd
        if ended {
            reader = nil
            position += 1
            batch.bootstrapPart = part.path
            if index == lastIndex { batch.cursor = cursor }
        } else {
            reader = current
        }
        do {
            return Group(prepared: try PreparedBatch(batch), completesPart: ended)
        } catch let error as FolioStoreError where error.code == .invalidInput {
            // A row that breaks the store's rules came from the server.
            throw FolioClientError(.malformedResponse, "snapshot part \(part.path): \(error.description)")
        } catch {
            throw FolioClientError(.store, "\(error)")
        }
    }
}
