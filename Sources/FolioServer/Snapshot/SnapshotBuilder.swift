import FolioWire
import Foundation

/// Builds a ``Snapshot`` of every live article at one sequence, with the
/// approved comments of each, public fields only (SPEC.md §11).
///
/// The archive is read part by part in one consistent read
/// (``ServerStorage/readLiveArchive(batchSize:_:)``) and each part is
/// compressed as soon as it is read, so the builder holds the compressed
/// snapshot and one part's articles, never the whole archive.
enum SnapshotBuilder {
    /// One compressed part, before it is named.
    struct EncodedPart: Sendable {
        var bytes: [UInt8]
        var firstID: Int64
        var lastID: Int64
        var count: Int
    }

    /// Reads the live archive from `storage` and builds its snapshot.
    static func build(
        storage: any ServerStorage, configuration: SyncServiceConfiguration, dictionary: PresetDictionary?
    ) async throws -> Snapshot {
        let epoch = try await storage.epoch()
        let perChunk = max(1, configuration.snapshotArticlesPerChunk)
        let (head, checksum, parts) = try await storage.readLiveArchive(batchSize: max(1, configuration.snapshotArticlesPerPart)) {
            articles, comments in
            try encode(articles, comments: comments, perChunk: perChunk, dictionary: dictionary)
        }
        return assemble(
            epoch: epoch, head: head, checksum: checksum, parts: parts, configuration: configuration,
            dictionary: dictionary)
    }

    /// Compresses one part: `SnapshotChunk` frames of at most `perChunk`
    /// articles with their approved comments.
    static func encode(
        _ articles: [StoredArticle], comments: [StoredComment], perChunk: Int, dictionary: PresetDictionary?
    ) throws -> EncodedPart {
        // Chunks go by language, then id (SPEC.md §11, step 3): deflate's
        // window is 32 KiB, and English next to English (Persian next to
        // Persian) compresses about a fifth smaller than the two interleaved.
        let ordered = articles.sorted { ($0.content.language, $0.id) < ($1.content.language, $1.id) }
        let byArticle = Dictionary(grouping: comments, by: \.articleID)
        let codec = FrameCodec()
        var bytes: [UInt8] = []
        for start in stride(from: 0, to: ordered.count, by: max(1, perChunk)) {
            let members = ordered[start..<min(start + max(1, perChunk), ordered.count)]
            var chunk = WireSnapshotChunk()
            chunk.articles = members.map { $0.content.wire(revision: $0.revision) }
            chunk.comments = members.flatMap { byArticle[$0.id] ?? [] }.map(\.publicWire)
            do {
                bytes += try codec.encode(chunk, compression: .deflate(dictionary: dictionary))
            } catch let error as FolioWireError {
                throw FolioServerError(wire: error)
            }
        }
        return EncodedPart(
            bytes: bytes, firstID: articles.first?.id ?? 0, lastID: articles.last?.id ?? 0, count: articles.count)
    }

    /// Names the parts and writes the manifest, whose checkpoint is the
    /// maintained checksum read with the archive (SPEC.md §11).
    static func assemble(
        epoch: UInt64, head: UInt64, checksum: ArchiveChecksum, parts encoded: [EncodedPart], configuration: SyncServiceConfiguration,
        dictionary: PresetDictionary?
    ) -> Snapshot {
        var manifest = WireSnapshotManifest()
        manifest.cursor = Data(SyncCursor(epoch: epoch, sequence: head).encoded)
        manifest.dictionary = dictionary?.id ?? 0
        var parts: [String: Snapshot.Part] = [:]
        for (index, encoded) in encoded.enumerated() {
            let number = String(index + 1)
            let path = "\(epoch)/\(head)/part-\(String(repeating: "0", count: max(0, 4 - number.count)))\(number).folio"
            let part = Snapshot.Part(path: path, bytes: encoded.bytes, sha256: Hashing.sha256(encoded.bytes))
            parts[path] = part
            var info = WireSnapshotPart()
            info.path = path
            info.size = UInt64(encoded.bytes.count)
            info.firstID = encoded.firstID
            info.lastID = encoded.lastID
            info.articleCount = UInt32(encoded.count)
            info.sha256 = Data(part.sha256)
            manifest.parts.append(info)
        }
        var checkpoint = WireCheckpoint()
        checkpoint.articles = checksum.message
        checkpoint.bucketWidth = configuration.bucketWidth
        manifest.checkpoint = checkpoint
        return Snapshot(manifest: manifest, parts: parts, sequence: head)
    }
}
