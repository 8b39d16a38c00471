import FolioWire
import Foundation

/// Builds a snapshot incrementally (SPEC.md §11) from one consistent read:
/// the maintained checksums per language and bucket decide, through
/// ``SnapshotPlanner``, which previous parts are listed again; only the
/// other ranges are read and compressed, one part at a time, each written
/// to the ``SnapshotPartStore`` as soon as it is compressed.
enum SnapshotBuilder {
    /// What a build read and made.
    struct Result: Sendable {
        /// The head of the read: the manifest's cursor.
        var head: UInt64
        /// The maintained checksum of the whole archive at that head.
        var checksum: ArchiveChecksum
        /// Every part of the new manifest, kept and built.
        var parts: [SnapshotPartRecord]
        /// How many parts were read and compressed.
        var built: Int
    }

    /// Reads what changed since `previous` (the parts of the last manifest)
    /// and builds the parts that are missing.
    static func build(
        storage: any ServerStorage, configuration: SyncServiceConfiguration, dictionaries: [String: PresetDictionary],
        previous: [SnapshotPartRecord], store: SnapshotPartStore
    ) async throws -> Result {
        let target = max(1, configuration.snapshotArticlesPerPart)
        let perChunk = max(1, configuration.snapshotArticlesPerChunk)
        let width = ChecksumLayout.maintainedBucketWidth
        return try await storage.withConsistentRead { reader in
            let head = try reader.head()
            let total = try reader.checksumTotal(matching: .all)
            let plan = SnapshotPlanner.plan(
                previous: previous, buckets: try reader.checksumBucketsByLanguage(),
                dictionaries: dictionaries.mapValues(\.id), target: target)
            var parts = plan.kept
            for group in plan.build {
                let (articles, comments) = try reader.liveArticles(
                    language: group.language, from: group.buckets.lowerBound * width,
                    through: group.buckets.upperBound * width + (width - 1))
                guard let first = articles.first, let last = articles.last else { continue }
                let dictionary = dictionaries[group.language]
                let bytes = try encode(articles, comments: comments, perChunk: perChunk, dictionary: dictionary)
                let digest = Hashing.hex(Hashing.sha256(bytes))
                let path = "parts/\(digest).folio"
                try store.write(bytes, path: path)
                parts.append(SnapshotPartRecord(
                    path: path, sha256: digest, size: bytes.count, language: group.language,
                    firstBucket: group.buckets.lowerBound, lastBucket: group.buckets.upperBound,
                    count: group.checksum.count, sum: group.checksum.sum, comments: group.checksum.comments,
                    dictionary: dictionary?.id ?? 0, firstID: first.id, lastID: last.id, articleCount: articles.count,
                    unlistedAt: nil))
            }
            return Result(head: head, checksum: total, parts: parts, built: parts.count - plan.kept.count)
        }
    }

    /// Compresses one part: `SnapshotChunk` frames of at most `perChunk`
    /// articles (ascending by id) with their approved comments, public fields only.
    static func encode(
        _ articles: [StoredArticle], comments: [StoredComment], perChunk: Int, dictionary: PresetDictionary?
    ) throws -> [UInt8] {
        let byArticle = Dictionary(grouping: comments, by: \.articleID)
        let codec = FrameCodec()
        var bytes: [UInt8] = []
        for start in stride(from: 0, to: articles.count, by: max(1, perChunk)) {
            let members = articles[start..<min(start + max(1, perChunk), articles.count)]
            var chunk = WireSnapshotChunk()
            chunk.articles = members.map { $0.content.wire(revision: $0.revision) }
            chunk.comments = members.flatMap { byArticle[$0.id] ?? [] }.map(\.publicWire)
            do {
                bytes += try codec.encode(chunk, compression: .deflate(dictionary: dictionary))
            } catch let error as FolioWireError {
                throw FolioServerError(wire: error)
            }
        }
        return bytes
    }

    /// The manifest of `result` (SPEC.md §11, step 1): parts by language,
    /// then id; the checkpoint is the maintained checksum read with them.
    static func manifest(_ result: Result, epoch: UInt64, bucketWidth: UInt32) -> WireSnapshotManifest {
        var manifest = WireSnapshotManifest()
        manifest.cursor = Data(SyncCursor(epoch: epoch, sequence: result.head).encoded)
        manifest.dictionary = 0
        manifest.parts = result.parts.sorted { ($0.language, $0.firstID) < ($1.language, $1.firstID) }.map(\.wire)
        var checkpoint = WireCheckpoint()
        checkpoint.articles = result.checksum.message
        checkpoint.bucketWidth = bucketWidth
        manifest.checkpoint = checkpoint
        return manifest
    }
}
